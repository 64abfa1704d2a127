// A parent's opt-in to the sale or sharing of a child under 13 counts only once an
// officer has verified the parent (Regs 7070(c)): the ones waiting are put in front
// of every officer, in the inbox, until one records the verification.

import type { Dependencies } from '../dependencies.js';
import {
  listParentOptInsAwaitingVerification,
  type ParentOptInAwaitingVerification,
} from './minor-consents-repo.js';

const SHOWN = 50;

export function listParentOptIns(deps: Pick<Dependencies, 'db'>): Promise<ParentOptInAwaitingVerification[]> {
  return listParentOptInsAwaitingVerification(deps.db, SHOWN);
}
