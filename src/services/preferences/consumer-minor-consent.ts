// A consumer known to be under 16 opts in to the sale or sharing of their
// personal information, or withdraws, on the consumer page
// (docs/legal-rules.md#minors). The choice is made, then confirmed with the
// code emailed to the address the request gave (Regs 7071(a): a separate
// confirmation). For a child under 13 the parent's or guardian's opt-in waits
// for an officer to record the parent's verification (Regs 7070(a)-(c));
// a withdrawal takes effect at once, in as few steps as an opt-in (Regs 7004).

import type { Database, Transaction } from '../../db/client.js';
import type { MinorSaleConsent, RequestSubject } from '../../db/generated/client.js';
import { isKnownMinor, mayAskForOptIn } from '../../domain/minor-consent.js';
import { hashCode, sameHash } from '../../secrets.js';
import type { Dependencies } from '../dependencies.js';
import { ageBandOfColumn, findRequestRow, findRequestSubject } from '../requests/requests-repo.js';
import {
  checkChallenge,
  codeInvalid,
  findRequestByTypedReference,
  inTransactionForReference,
  sendCodeUnlessCoolingDown,
} from '../verification/check-challenge.js';
import { lockOpenChallenge } from '../verification/email-challenges-repo.js';
import { findMinorConsent, lockMinorConsents } from './minor-consents-repo.js';
import { identitiesOf } from './preferences-repo.js';
import { ageBandOf, decideMinorConsent, type MinorConsentDecision } from './record-minor-consent.js';

export const CONSUMER_MINOR_CHOICES = ['opt_in', 'withdraw'] as const;
export type ConsumerMinorChoice = (typeof CONSUMER_MINOR_CHOICES)[number];

/** What the confirmed choice did: in force at once, or waiting for the parent's verification. */
export type ConsumerMinorOutcome = 'opted_in' | 'withdrawn' | 'parent_opt_in_pending';

function identitiesOfSubject(subject: RequestSubject) {
  return identitiesOf({
    email: subject.email ?? undefined,
    phone: subject.phone ?? undefined,
    accountNumber: subject.accountNumber ?? undefined,
  });
}

/** The locked consent rows of the identities the request gave; none when it named no minor. */
async function lockConsentsOfRequest(tx: Transaction, requestId: string): Promise<MinorSaleConsent[]> {
  const subject = await findRequestSubject(tx, requestId);
  const identities = subject === null ? [] : identitiesOfSubject(subject);
  return identities.length === 0 ? [] : lockMinorConsents(tx, identities);
}

/**
 * The age band to invite to the consent page in the request's receipt, or
 * null when the business may not ask (Civ. 1798.135(c)(5)) or knows no minor.
 */
export async function minorOptInInvitationFor(
  db: Database,
  subject: RequestSubject,
  { now, timeZone }: { now: Date; timeZone: string },
): Promise<'13_15' | 'under_13' | null> {
  if (subject.ageBand === null || !isKnownMinor(ageBandOfColumn(subject.ageBand))) return null;
  const consents = await Promise.all(
    identitiesOfSubject(subject).map((identity) => findMinorConsent(db, identity)),
  );
  const known = consents.filter((consent) => consent !== null);
  return mayAskForOptIn(known, now, timeZone) ? ageBandOf(known) : null;
}

/**
 * Emails a code to the request's address when the request made its consumer
 * known as under 16. Answers the same whatever the reference, so the page
 * never tells a stranger whether a request exists or is about a minor.
 */
export async function requestMinorConsentCode(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  { reference }: { reference: string },
): Promise<void> {
  await inTransactionForReference(deps, reference, async (tx, requestId, now) => {
    if ((await lockConsentsOfRequest(tx, requestId)).length === 0) return;
    await sendCodeUnlessCoolingDown(deps, tx, { requestId, purpose: 'minor_consent', now });
  });
}

/** Confirms the emailed code and records the choice, in one transaction with its audit event. */
export async function confirmMinorConsent(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  { reference, code, choice }: { reference: string; code: string; choice: ConsumerMinorChoice },
): Promise<ConsumerMinorOutcome> {
  const request = await findRequestByTypedReference(deps, reference);
  if (request === null || !/^\d{6}$/.test(code)) throw codeInvalid();
  let outcome: ConsumerMinorOutcome = 'withdrawn';
  await checkChallenge(deps, {
    find: (tx) => lockOpenChallenge(tx, request.id, ['minor_consent']),
    matches: (challenge) =>
      sameHash(hashCode(deps.config.SESSION_SECRET, challenge.id, code), challenge.codeHash),
    onSuccess: async (tx) => {
      const rows = await lockConsentsOfRequest(tx, request.id);
      // Codes are sent only for a known minor; a code outliving its consumer's rows changes nothing.
      if (rows.length === 0) throw codeInvalid();
      const decision = decisionFor(choice, rows);
      await decideMinorConsent(tx, {
        rows,
        decision,
        actor: { type: 'consumer', id: null },
        now: deps.clock.now(),
      });
      outcome =
        decision.kind === 'opt_in'
          ? 'opted_in'
          : decision.kind === 'parent_opt_in_requested'
            ? 'parent_opt_in_pending'
            : 'withdrawn';
      return findRequestRow(tx, request.id);
    },
  });
  return outcome;
}

function decisionFor(choice: ConsumerMinorChoice, rows: readonly MinorSaleConsent[]): MinorConsentDecision {
  if (choice === 'withdraw') return { kind: 'decline' };
  // Regs 7070(a)(2): a child's opt-in is the parent's, in force once the parent is verified by staff.
  if (ageBandOf(rows) === 'under_13') return { kind: 'parent_opt_in_requested' };
  // Regs 7071(a): the choice on the page, then the code typed: two separate steps.
  return { kind: 'opt_in', by: 'consumer', confirmedSeparately: true, parentVerificationMethod: null };
}
