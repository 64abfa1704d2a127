// The bodies of the actions staff, agents and the system take on a request
// (`verify: { method, dataPoints }`, `extend: { reason }`, `deny: { reasonCode,
// explanation, exception? }`, ...). Strings are trimmed and bounded, so no
// input is unbounded; the rules themselves are the decider's.

import { z } from 'zod';
import { storableText } from '../../domain/storable-text.js';
import {
  AGENT_AUTHORIZATION_STEPS,
  DELETION_EXCEPTIONS,
  DENIAL_REASON_CODES,
  VERIFICATION_METHODS,
} from '../../domain/lifecycle/index.js';
import { OLDER_DATA_REFUSAL_GROUNDS } from '../../domain/look-back.js';
import { DATA_POINTS } from '../../domain/request-types.js';
import { VERIFICATION_RAISE_BASES } from '../../domain/verification-rules.js';

const text = (max: number) => storableText().trim().min(1).max(max);

/** What matching against the customer records showed (docs/legal-rules.md#matching). */
const VerificationEvidenceSchema = z
  .object({
    method: z.enum(VERIFICATION_METHODS),
    /** Names of the data points that matched the customer record. */
    dataPoints: z.array(z.enum(DATA_POINTS)).max(DATA_POINTS.length).readonly(),
    emailControlProven: z.boolean().default(false),
    /** Regs 7062(c): signed under penalty of perjury. */
    declarationSigned: z.boolean().default(false),
    /** The name the declaration was signed with, kept with the verification record. */
    declarationSignedName: text(200).optional(),
  })
  .refine((evidence) => !evidence.declarationSigned || evidence.declarationSignedName !== undefined, {
    path: ['declarationSignedName'],
    error: 'a signed declaration keeps the name it was signed with (Regs 7062(c))',
  });

/** Regs 7062(c), (d): up to the highest level only, with why; the reason stays with the request. */
const RaiseVerificationLevelInputSchema = z.object({
  level: z.literal('reasonably_high').default('reasonably_high'),
  basis: z.enum(VERIFICATION_RAISE_BASES),
  reason: text(2000),
});
const RecordAgentAuthorizationInputSchema = z.object({ step: z.enum(AGENT_AUTHORIZATION_STEPS) });
const ExtendInputSchema = z.object({ reason: text(2000) });
const CompleteInputSchema = z.object({
  summary: text(5000),
  /**
   * A request to know that asked for more than 12 months: the part before them refused,
   * with the facts that show why (Regs 7024(h)), told to the consumer in the completion.
   */
  olderDataRefusal: z
    .object({ ground: z.enum(OLDER_DATA_REFUSAL_GROUNDS), explanation: text(5000) })
    .optional(),
});
const DenyInputSchema = z.object({
  reasonCode: z.enum(DENIAL_REASON_CODES),
  /** Told to the consumer (Civ. 1798.145). */
  explanation: text(5000),
  /** Deletion denials only (Civ. 1798.105(d)). */
  exception: z.enum(DELETION_EXCEPTIONS).optional(),
});
const NoInputSchema = z.object({});

/** The body of each action, by its name; the HTTP layer routes `/:id/<name>` to these. */
export const REQUEST_ACTION_INPUT_SCHEMAS = {
  record_agent_authorization: RecordAgentAuthorizationInputSchema,
  verify: VerificationEvidenceSchema,
  mark_unverifiable: VerificationEvidenceSchema,
  raise_verification_level: RaiseVerificationLevelInputSchema,
  start: NoInputSchema,
  extend: ExtendInputSchema,
  complete: CompleteInputSchema,
  deny: DenyInputSchema,
  withdraw: NoInputSchema,
  /** Sent by the system once the response deadline has passed. */
  close_unverified: NoInputSchema,
} as const;

export type RequestActionKind = keyof typeof REQUEST_ACTION_INPUT_SCHEMAS;

/** zod reads an empty object as Record<string, never>, which no `kind` could join. */
type Body<Schema extends z.ZodType> =
  z.output<Schema> extends Record<string, never> ? object : z.output<Schema>;

/** An action with its validated body. */
export type RequestAction = {
  [K in RequestActionKind]: { kind: K } & Body<(typeof REQUEST_ACTION_INPUT_SCHEMAS)[K]>;
}[RequestActionKind];
