// An officer opened the request: its requester's replies no longer wait in
// front of them (they are still shown, marked new, on that page view).

import type { Dependencies } from '../dependencies.js';
import { markRepliesRead } from './conversations-repo.js';

export async function markConversationRead(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { requestId }: { requestId: string },
): Promise<void> {
  await markRepliesRead(deps.db, { requestId, now: deps.clock.now() });
}
