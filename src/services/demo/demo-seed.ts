// `demo:seed`: a living queue for a newcomer. A sample business (a US telecom),
// a few thousand customer records, staff accounts, and requests in every status,
// made through the same use cases as real ones so that the audit chain stays
// valid; only the customer directory is written in bulk, through its repository.

import type { Actor } from '../../domain/audit-events.js';
import { compareIdentity } from '../../domain/identity-matching.js';
import { REQUEST_TYPES } from '../../domain/request-types.js';
import { upsertCustomers, type CustomerRecordInput } from '../customers/customers-repo.js';
import type { Dependencies } from '../dependencies.js';
import { applyRequestCommand } from '../requests/apply-request-command.js';
import { SubmitRequestInputSchema } from '../requests/request-schemas.js';
import { submitRequest } from '../requests/submit-request.js';
import { createDemoStaffUsers } from '../staff-accounts/staff-accounts.js';
import { findFirstStaffUserWithRole } from '../staff-accounts/staff-accounts-repo.js';
import { discardPendingMailOf } from './demo-repo.js';

/** The sample business, as staff need to know it. */
export const DEMO_BUSINESS = {
  name: 'Pacific Crest Communications (demo)',
  kind: 'US telecommunications carrier: data networking, internet, cloud and voice',
  /** Regs 7062(d): what the business treats as sensitive for delete and correct requests. */
  sensitiveCategories: [
    'CPNI (customer proprietary network information)',
    'call detail records',
    'payment data',
  ],
  categories: [
    'identifiers and account data',
    'billing and payment',
    'network and usage data',
    'marketing preferences',
  ],
} as const;

const FIRST_NAMES = [
  'Maria',
  'James',
  'Wei',
  'Aisha',
  'Carlos',
  'Olivia',
  'Noah',
  'Priya',
  'Liam',
  'Sofia',
  'Ethan',
  'Mei',
  'Diego',
  'Hana',
  'Lucas',
];
const LAST_NAMES = [
  'Lopez',
  'Smith',
  'Chen',
  'Khan',
  'Garcia',
  'Johnson',
  'Nguyen',
  'Patel',
  'Brown',
  'Rossi',
  'Kim',
  'Silva',
  'Okafor',
  'Müller',
  'Tanaka',
];
const STREETS = [
  'Market St',
  'Mission St',
  'Valencia St',
  'Oak Ave',
  'Pine St',
  'Sunset Blvd',
  'Broadway',
  'Elm Dr',
];
const CITIES: [string, 'CA' | 'NV', string][] = [
  ['San Francisco', 'CA', '94105'],
  ['Los Angeles', 'CA', '90012'],
  ['San Diego', 'CA', '92101'],
  ['Sacramento', 'CA', '95814'],
  ['Las Vegas', 'NV', '89101'],
  ['Reno', 'NV', '89501'],
];

const pick = <T>(items: readonly T[], index: number): T => items[index % items.length]!;

/** The first `count` demo customers, the same on every run. */
export function demoCustomers(count: number): CustomerRecordInput[] {
  return Array.from({ length: count }, (_, index) => demoCustomer(index));
}

function demoCustomer(index: number): CustomerRecordInput {
  const [city, state, postalCode] = pick(CITIES, index * 7);
  const firstName = pick(FIRST_NAMES, index);
  const lastName = pick(LAST_NAMES, Math.floor(index / FIRST_NAMES.length));
  return {
    accountNumber: `PC${String(100000 + index)}`,
    firstName,
    lastName,
    email: `${firstName}.${lastName}.${index}@example.com`.toLowerCase().replace('ü', 'u'),
    phone: `+1415555${String(index % 10000).padStart(4, '0')}`,
    address: { line1: `${1 + (index % 900)} ${pick(STREETS, index * 3)}`, city, state, postalCode },
    lastInteractionDate: `2025-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + (index % 28)).padStart(2, '0')}`,
  };
}

/** Where each seeded request ends up, in rotation, so every status is present. */
const PLAN = [
  'awaiting_verification',
  'verified',
  'in_progress',
  'in_progress_extended',
  'completed',
  'denied',
  'withdrawn',
  'closed_unverified',
] as const;

const DEMO_STAFF = [
  ['privacy_officer', 'Pat Officer'],
  ['call_center_agent', 'Casey Agent'],
  ['auditor', 'Alex Auditor'],
] as const;

interface DemoSeedReport {
  customers: number;
  requests: Record<string, number>;
  staff: { email: string; role: string; password: string }[];
}

export async function seedDemo(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config' | 'dataMap'>,
  { customers = 3000, requests = 1500 }: { customers?: number; requests?: number } = {},
): Promise<DemoSeedReport> {
  const { db, clock } = deps;
  const now = clock.now();
  const rows = demoCustomers(customers);
  for (let start = 0; start < rows.length; start += 1000) {
    await upsertCustomers(db, rows.slice(start, start + 1000), now);
  }

  const staff = await createDemoStaffUsers(
    deps,
    DEMO_STAFF.map(([role, name]) => ({ email: `${role.replaceAll('_', '.')}@rightsdesk.test`, name, role })),
  );
  const officer = await findFirstStaffUserWithRole(db, 'privacy_officer');
  if (officer === null) throw new Error('The demo needs a privacy officer to work its requests');
  const actor: Actor = { type: 'staff', id: officer.id };

  const counts: Record<string, number> = {};
  for (let index = 0; index < requests; index += 1) {
    const customer = rows[(index * 37) % rows.length]!;
    const type = pick(REQUEST_TYPES, index);
    // Every type meets every planned status once in each REQUEST_TYPES.length × PLAN.length requests.
    const plan = pick(PLAN, Math.floor(index / REQUEST_TYPES.length));
    // Spread over the last 80 days, so some requests are overdue and some due this week.
    const receivedAt = new Date(now.getTime() - ((index * 7919) % (80 * 24)) * 3_600_000);
    const input = SubmitRequestInputSchema.parse({
      type,
      channel: pick(['web', 'phone', 'email', 'mail'] as const, index),
      receivedAt: receivedAt.toISOString(),
      subject: {
        firstName: customer.firstName,
        lastName: customer.lastName,
        email: customer.email,
        phone: customer.phone,
        accountNumber: index % 3 === 0 ? undefined : customer.accountNumber,
        address: { ...customer.address!, line2: undefined },
        state: type === 'nv_opt_out' ? 'NV' : 'CA',
      },
      ...(type === 'know' && { know: { categories: true, specificPieces: false } }),
      ...(type === 'correct' && {
        correction: { field: 'billing address', currentValue: 'old address', requestedValue: 'new address' },
      }),
    });
    const summary = await submitRequest(deps, { input, actor: { type: 'consumer', id: null } });
    const matched = compareIdentity(input.subject, { ...customer, address: customer.address }).matched;
    const status = await advance(deps, summary.id, summary.status, plan, matched, actor).catch(
      () => summary.status,
    );
    counts[status] = (counts[status] ?? 0) + 1;
    await discardPendingMailOf(deps.db, summary.id);
  }
  return { customers, requests: counts, staff };
}

/** Moves a request towards its planned status; stops where the rules refuse (the status it reached is reported). */
async function advance(
  deps: Pick<Dependencies, 'db' | 'clock' | 'policy' | 'config' | 'dataMap'>,
  requestId: string,
  initial: string,
  plan: (typeof PLAN)[number],
  matched: ReturnType<typeof compareIdentity>['matched'],
  actor: Actor,
): Promise<string> {
  let status = initial;
  const act = async (action: Parameters<typeof applyRequestCommand>[1]['action']) => {
    status = (await applyRequestCommand(deps, { requestId, action, actor })).status;
  };
  if (plan === 'awaiting_verification') return status;
  if (plan === 'withdrawn') {
    await act({ kind: 'withdraw' });
    return status;
  }
  const evidence = {
    method: 'records_match',
    dataPoints: matched,
    emailControlProven: true,
    declarationSigned: false,
  } as const;
  if (plan === 'closed_unverified') {
    if (status === 'awaiting_verification')
      await act({ kind: 'mark_unverifiable', ...evidence, dataPoints: [] });
    return status;
  }
  if (status === 'awaiting_verification') await act({ kind: 'verify', ...evidence });
  if (plan === 'verified') return status;
  if (status === 'verified') await act({ kind: 'start' });
  if (plan === 'in_progress_extended') {
    await act({ kind: 'extend', reason: 'Collecting call detail records from the archive takes longer.' });
    return status;
  }
  if (plan === 'completed')
    await act({ kind: 'complete', summary: 'We sent you what we hold, as described.' });
  if (plan === 'denied') {
    await act({
      kind: 'deny',
      reasonCode: 'legal_exception',
      explanation: 'Federal CPNI rules oblige us to keep these records.',
    });
  }
  return status;
}
