// An officer marks a message of the triage inbox as not a request, with a
// reason; the audit log keeps the reason's hash (no personal data).

import { z } from 'zod';
import type { Actor } from '../../domain/audit-events.js';
import type { Dependencies } from '../dependencies.js';
import { claimTriageResolution, findWaitingTriageMessage } from './resolve-triage-message.js';
import { storableText } from '../../domain/storable-text.js';

export const DismissTriageMessageSchema = z.object({ reason: storableText().trim().min(3).max(1000) });

export async function dismissTriageMessage(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  {
    inboundMessageId,
    reason,
    actor,
  }: { inboundMessageId: string; reason: string; actor: Actor & { type: 'staff' | 'api_token' } },
): Promise<void> {
  await findWaitingTriageMessage(deps, inboundMessageId);
  const now = deps.clock.now();
  await deps.db.$transaction((tx) =>
    claimTriageResolution(tx, {
      inboundMessageId,
      resolution: 'not_a_request',
      requestId: null,
      reason,
      actor,
      now,
    }),
  );
}
