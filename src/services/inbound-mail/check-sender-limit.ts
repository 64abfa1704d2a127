// Per-sender limit on the SMTP listener: a sender (or a forged one) cannot flood
// the privacy mailbox; over the limit, its server is told to try again later.

import type { Dependencies } from '../dependencies.js';
import { countInboundMessagesFrom } from './inbound-mail-repo.js';

const HOUR_MS = 3_600_000;

export async function isSenderOverHourlyLimit(
  deps: Pick<Dependencies, 'db' | 'config' | 'clock'>,
  sender: string,
): Promise<boolean> {
  const limit = deps.config.INBOUND_MESSAGES_PER_SENDER_PER_HOUR;
  if (limit === 0) return false;
  const since = new Date(deps.clock.now().getTime() - HOUR_MS);
  return (await countInboundMessagesFrom(deps.db, { sender, since })) >= limit;
}
