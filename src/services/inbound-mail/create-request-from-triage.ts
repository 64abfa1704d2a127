// An officer turns a message of the triage inbox into a request of the type
// they chose. It is received when the message arrived, never when it was
// triaged (docs/legal-rules.md#email-requests), and answered as one made by email.

import { z } from 'zod';
import type { Actor } from '../../domain/audit-events.js';
import { InvalidCommandError } from '../../domain/errors.js';
import { REQUEST_TYPES } from '../../domain/request-types.js';
import { guessTextLanguage } from '../../domain/text-language.js';
import { LANGUAGES } from '../../i18n/index.js';
import type { Dependencies } from '../dependencies.js';
import { createRequestFromEmail } from './create-request-from-email.js';
import { claimTriageResolution, findWaitingTriageMessage } from './resolve-triage-message.js';

export const CreateRequestFromTriageSchema = z.object({
  type: z.enum(REQUEST_TYPES),
  /** The language to write to the requester in; by default the one the message reads as. */
  language: z.enum(LANGUAGES).optional(),
});
export type CreateRequestFromTriage = z.output<typeof CreateRequestFromTriageSchema>;

export async function createRequestFromTriage(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config'>,
  {
    inboundMessageId,
    input,
    actor,
  }: {
    inboundMessageId: string;
    input: CreateRequestFromTriage;
    actor: Actor & { type: 'staff' | 'api_token' };
  },
): Promise<{ requestId: string }> {
  const message = await findWaitingTriageMessage(deps, inboundMessageId);
  const language = input.language ?? guessTextLanguage(`${message.subject}\n${message.text}`) ?? 'en';
  const now = deps.clock.now();
  const requestId = await createRequestFromEmail(deps, {
    message,
    type: input.type,
    language,
    actor,
    settle: (tx, id) =>
      claimTriageResolution(tx, {
        inboundMessageId,
        resolution: 'request_created',
        requestId: id,
        reason: null,
        actor,
        now,
      }),
  });
  if (requestId === null) {
    throw new InvalidCommandError(
      'INBOX.SENDER_UNUSABLE',
      'The sender’s address cannot receive the request’s mail: log the request by hand',
      { field: 'type' },
    );
  }
  return { requestId };
}
