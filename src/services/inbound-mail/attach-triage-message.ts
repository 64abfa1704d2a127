// An officer attaches a message of the triage inbox to an existing request:
// it joins that request's conversation as the requester's message.

import { z } from 'zod';
import type { Actor } from '../../domain/audit-events.js';
import { NotFoundError } from '../../domain/errors.js';
import { normalizeReference } from '../../domain/reference.js';
import { recordRequesterMessage } from '../conversations/record-requester-message.js';
import type { Dependencies } from '../dependencies.js';
import { findRequestByReference } from '../requests/requests-repo.js';
import { claimTriageResolution, findWaitingTriageMessage } from './resolve-triage-message.js';
import { storableText } from '../../domain/storable-text.js';

export const AttachTriageMessageSchema = z.object({
  reference: storableText()
    .trim()
    .max(40)
    .transform((typed, context) => {
      const reference = normalizeReference(typed);
      if (reference !== null) return reference;
      context.issues.push({
        code: 'custom',
        input: typed,
        message: 'expected a reference such as RD-7KQ2-M9XW',
      });
      return z.NEVER;
    }),
});

export async function attachTriageMessage(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  {
    inboundMessageId,
    reference,
    actor,
  }: { inboundMessageId: string; reference: string; actor: Actor & { type: 'staff' | 'api_token' } },
): Promise<{ requestId: string }> {
  const message = await findWaitingTriageMessage(deps, inboundMessageId);
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const request = await findRequestByReference(tx, reference);
    if (request === null) {
      throw new NotFoundError('REQUEST.NOT_FOUND', 'No request has this reference', { field: 'reference' });
    }
    await claimTriageResolution(tx, {
      inboundMessageId,
      resolution: 'attached',
      requestId: request.id,
      reason: null,
      actor,
      now,
    });
    await recordRequesterMessage(tx, {
      message: {
        requestId: request.id,
        channel: 'email',
        at: message.receivedAt,
        subject: message.subject,
        text: message.text,
        language: null,
        inboundMessageId,
      },
      actor,
    });
    return { requestId: request.id };
  });
}
