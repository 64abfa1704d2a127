// Staff record a known minor's opt-in to sale or sharing, or its refusal or
// withdrawal (docs/legal-rules.md#minors): the rule decides whether the
// evidence authorises it (Regs 7070, 7071), and every identity the consumer is
// known by changes in one transaction, with its audit event.

import { z } from 'zod';
import { NotFoundError } from '../../domain/errors.js';
import {
  checkOptIn,
  OPT_IN_PARTIES,
  PARENT_VERIFICATION_METHODS,
  saleAllowedFor,
  type OptInParty,
  type ParentVerificationMethod,
} from '../../domain/minor-consent.js';
import type { Transaction } from '../../db/client.js';
import type { MinorSaleConsent } from '../../db/generated/client.js';
import type { Actor } from '../../domain/audit-events.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import { PhoneSchema } from '../requests/request-schemas.js';
import type { Dependencies } from '../dependencies.js';
import { lockMinorConsents, saveMinorConsentDecision } from './minor-consents-repo.js';
import { identitiesOf } from './preferences-repo.js';
import { storableText } from '../../domain/storable-text.js';

export const MinorConsentInputSchema = z
  .object({
    email: storableText().trim().max(254).pipe(z.email()).optional(),
    phone: PhoneSchema.optional(),
    accountNumber: storableText().trim().min(1).max(64).optional(),
    decision: z.enum(['opt_in', 'decline']),
    /** Who gave the opt-in; not given for a refusal. */
    by: z.enum(OPT_IN_PARTIES).optional(),
    /** Regs 7071(a): the 13-to-15-year-old confirmed the opt-in in a separate step. */
    confirmedSeparately: z.boolean().default(false),
    /** Regs 7070(a)(2): how the parent or guardian was verified. */
    parentVerificationMethod: z.enum(PARENT_VERIFICATION_METHODS).optional(),
  })
  .refine((input) => input.email ?? input.phone ?? input.accountNumber, {
    path: ['email'],
    error: 'give the email, phone or account number the consumer is known by',
  })
  .refine((input) => input.decision === 'decline' || input.by !== undefined, {
    path: ['by'],
    error: 'an opt-in names who gave it',
  });
export type MinorConsentInput = z.output<typeof MinorConsentInputSchema>;

export async function recordMinorConsent(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { input, actor }: { input: MinorConsentInput; actor: Actor },
): Promise<{ saleAllowed: boolean }> {
  const now = deps.clock.now();
  const decision: MinorConsentDecision =
    input.decision === 'opt_in'
      ? {
          kind: 'opt_in',
          by: input.by ?? 'consumer',
          confirmedSeparately: input.confirmedSeparately,
          parentVerificationMethod: input.parentVerificationMethod ?? null,
        }
      : { kind: 'decline' };
  return deps.db.$transaction(async (tx) => {
    const rows = await lockMinorConsents(tx, identitiesOf(input));
    if (rows.length === 0) {
      throw new NotFoundError('MINOR.NOT_KNOWN', 'No consumer known to be under 16 has these identifiers');
    }
    await decideMinorConsent(tx, { rows, decision, actor, now });
    return { saleAllowed: saleAllowedFor({ optedInAt: decision.kind === 'opt_in' ? now : null }) };
  });
}

/** An opt-in with its evidence, a refusal or withdrawal, or a parent's opt-in waiting for the parent's verification. */
export type MinorConsentDecision =
  | {
      kind: 'opt_in';
      by: OptInParty;
      confirmedSeparately: boolean;
      parentVerificationMethod: ParentVerificationMethod | null;
    }
  | { kind: 'decline' }
  | { kind: 'parent_opt_in_requested' };

/** The youngest band known for the consumer decides who may consent. */
export function ageBandOf(rows: readonly MinorSaleConsent[]): '13_15' | 'under_13' {
  return rows.some((row) => row.ageBand === 'under_13') ? 'under_13' : '13_15';
}

/**
 * Applies the decision to one consumer's locked rows, with its audit event,
 * in the caller's transaction; an opt-in the evidence does not authorise throws.
 */
export async function decideMinorConsent(
  tx: Transaction,
  {
    rows,
    decision,
    actor,
    now,
  }: { rows: readonly MinorSaleConsent[]; decision: MinorConsentDecision; actor: Actor; now: Date },
): Promise<void> {
  const ids = rows.map((row) => row.id);
  const identityKinds = rows.map((row) => row.identityKind);
  if (decision.kind === 'parent_opt_in_requested') {
    await saveMinorConsentDecision(tx, ids, { kind: 'parent_opt_in_requested', now });
    await appendAuditEvents(tx, {
      actor,
      requestId: null,
      events: [{ action: 'minor.parent_opt_in_requested', payload: { identityKinds } }],
    });
    return;
  }
  if (decision.kind === 'opt_in') {
    checkOptIn({ ageBand: ageBandOf(rows), ...decision });
    await saveMinorConsentDecision(tx, ids, { ...decision, now });
  } else {
    await saveMinorConsentDecision(tx, ids, { kind: 'decline', now });
  }
  await appendAuditEvents(tx, {
    actor,
    requestId: null,
    events: [
      {
        action: 'minor.consent_recorded',
        payload: {
          decision: decision.kind,
          by: decision.kind === 'opt_in' ? decision.by : null,
          parentVerificationMethod: decision.kind === 'opt_in' ? decision.parentVerificationMethod : null,
          identityKinds,
        },
      },
    ],
  });
}
