// Mail that failed for good, for an admin to look into and send again: ids,
// topics, attempts and error codes, never an address.

import type { Dependencies } from '../dependencies.js';
import { countFailedMail, listFailedMail, type FailedMail } from './mail-delivery-repo.js';

const PAGE_SIZE = 100;

export async function listFailedMailForAdmin(
  deps: Pick<Dependencies, 'db'>,
): Promise<{ total: number; messages: FailedMail[] }> {
  const [total, messages] = await Promise.all([countFailedMail(deps.db), listFailedMail(deps.db, PAGE_SIZE)]);
  return { total, messages };
}

export function countFailedMailForAdmin(deps: Pick<Dependencies, 'db'>): Promise<number> {
  return countFailedMail(deps.db);
}
