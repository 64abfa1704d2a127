// An officer turns a message of the triage inbox into a request of the type
// they chose. It is received when the message arrived, never when it was
// triaged (docs/legal-rules.md#email-requests), and answered as one made by email.
// When the sender is an authorized agent (Regs 7063), the officer names the
// consumer and the attachment that is the agent's proof of authority: it is
// kept as if uploaded on the agent form, after the same checks.

import { z } from 'zod';
import type { Actor } from '../../domain/audit-events.js';
import { InvalidCommandError } from '../../domain/errors.js';
import { REQUEST_TYPES } from '../../domain/request-types.js';
import { guessTextLanguage } from '../../domain/text-language.js';
import { LANGUAGES } from '../../i18n/index.js';
import type { Dependencies } from '../dependencies.js';
import { SubjectSchema } from '../requests/request-schemas.js';
import { createRequestFromEmail, type AgentOnEmail } from './create-request-from-email.js';
import { claimTriageResolution, findWaitingTriageMessage } from './resolve-triage-message.js';
import { agentDocumentsIn, readStoredAttachments } from './stored-attachments.js';

const TriageAgentSchema = z.object({
  attachment: z
    .number()
    .int()
    .min(0)
    .max(99)
    .describe('The attachment that is the agent’s proof: its position in `attachments`, from 0'),
  documentKind: z.enum(['signed_permission', 'power_of_attorney']),
  consumer: SubjectSchema.pick({ firstName: true, lastName: true, email: true })
    .required({ email: true })
    .describe(
      'The consumer the agent acts for; the name is needed unless the request is an opt-out or limit',
    ),
});

export const CreateRequestFromTriageSchema = z.object({
  type: z.enum(REQUEST_TYPES),
  /** The language to write to the requester in; by default the one the message reads as. */
  language: z.enum(LANGUAGES).optional(),
  agent: TriageAgentSchema.optional().describe(
    'The sender is the consumer’s authorized agent (Regs 7063): written to as the agent, the attachment kept as their proof',
  ),
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
  const agent = input.agent === undefined ? undefined : await agentOf(message, input.agent);
  const requestId = await createRequestFromEmail(deps, {
    message,
    type: input.type,
    language,
    actor,
    agent: agent?.onEmail,
    settle: (tx, id) =>
      claimTriageResolution(tx, {
        inboundMessageId,
        resolution: 'request_created',
        requestId: id,
        reason: null,
        actor,
        now,
        agentDocument: agent?.audited,
      }),
  });
  if (requestId === null) {
    throw agent === undefined
      ? new InvalidCommandError(
          'INBOX.SENDER_UNUSABLE',
          'The sender’s address cannot receive the request’s mail: log the request by hand',
          { field: 'type' },
        )
      : new InvalidCommandError(
          'INBOX.AGENT_REQUEST_INCOMPLETE',
          'An agent’s request needs the sender’s address and the consumer’s email, and their first and last name unless it is an opt-out or limit',
          { field: 'agent.consumer' },
        );
  }
  return { requestId };
}

/** The consumer and the chosen attachment, refused unless it passes an agent document's checks. */
async function agentOf(
  message: Parameters<typeof readStoredAttachments>[0],
  agent: NonNullable<CreateRequestFromTriage['agent']>,
): Promise<{
  onEmail: AgentOnEmail;
  audited: { index: number; kind: typeof agent.documentKind; sha256: string };
}> {
  const [document] = await agentDocumentsIn(
    (await readStoredAttachments(message)).filter((file) => file.index === agent.attachment),
  );
  if (document === undefined) {
    throw new InvalidCommandError(
      'INBOX.AGENT_DOCUMENT_UNUSABLE',
      'That attachment cannot be the agent’s proof: it must be a PDF, PNG or JPEG document of at most 5 MB',
      { field: 'agent.attachment' },
    );
  }
  const { consumer, documentKind: kind } = agent;
  return {
    onEmail: {
      consumer: {
        email: consumer.email,
        firstName: consumer.firstName ?? null,
        lastName: consumer.lastName ?? null,
      },
      document: { kind, mediaType: document.mediaType, content: document.content },
    },
    audited: { index: document.index, kind, sha256: document.sha256 },
  };
}
