// Requests whose requester wrote and no officer has read it yet: put back in
// front of the officer who works them (or of every officer, while unassigned).

import type { Dependencies } from '../dependencies.js';
import { listRequestsWithUnreadReplies } from './conversations-repo.js';

const SHOWN = 50;

export async function listUnreadReplies(
  deps: Pick<Dependencies, 'db'>,
  { assigneeId }: { assigneeId: string | null },
): Promise<{ requestId: string; reference: string; firstUnreadAt: Date; unread: number }[]> {
  return listRequestsWithUnreadReplies(deps.db, { assigneeId, limit: SHOWN });
}
