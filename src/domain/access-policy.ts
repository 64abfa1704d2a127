// Who may do what: the one place that decides, for the staff API and the staff
// console alike. Roles follow the product: officers work requests, call-center
// agents log phone requests, auditors read, integrations read preferences.

export const STAFF_ROLES = [
  'admin',
  'privacy_officer',
  'call_center_agent',
  'auditor',
  'integration',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The roles a person signs in to the console with; integrations only hold API tokens. */
export const CONSOLE_ROLES = ['admin', 'privacy_officer', 'call_center_agent', 'auditor'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/** Working on requests, through the staff API or the console. */
const WORK_ON_REQUESTS = [
  'request.create',
  'request.list',
  'request.read',
  'request.verify',
  'request.start',
  'request.complete',
  'request.deny',
  'request.extend',
  'request.withdraw',
  'request.assign',
  'request.request_information',
] as const;

/** The console: its own pages and what they show. */
const CONSOLE_WORK = [
  'console.use',
  'queue.view',
  'queue.search',
  // Agents' signed permissions and powers of attorney: officers only (issue 5, part 3).
  'document.view',
  'note.create',
  'customer.search',
  'intake.create',
  'intake.list_own',
  // Receipt confirmations by post for consumers with no email (Regs 7021(a)): officers print and post them.
  'letters.view',
  'letters.mark_sent',
] as const;

/**
 * Console accounts: who may sign in, with which role, and resetting a lost
 * second factor. Admins only: whoever holds these can give themselves any power.
 */
const STAFF_ADMINISTRATION = ['staff.view', 'staff.manage'] as const;

export const ACTIONS = [
  ...WORK_ON_REQUESTS,
  'preferences.read',
  ...CONSOLE_WORK,
  ...STAFF_ADMINISTRATION,
] as const;
export type Action = (typeof ACTIONS)[number];

const PERMISSIONS: Readonly<Record<StaffRole, ReadonlySet<Action>>> = {
  admin: new Set(ACTIONS),
  privacy_officer: new Set([...WORK_ON_REQUESTS, ...CONSOLE_WORK, 'preferences.read']),
  // Agents log requests received by phone, checking the caller against the customer
  // record; they do not see the officers' queue, other requests or documents.
  call_center_agent: new Set([
    'request.create',
    'console.use',
    'customer.search',
    'intake.create',
    'intake.list_own',
  ]),
  // Read-only: auditors inspect requests and their trail but change nothing.
  auditor: new Set(['request.list', 'request.read', 'console.use', 'queue.view', 'queue.search']),
  // Downstream systems honour opt-outs; they see nothing else.
  integration: new Set(['preferences.read']),
};

export function isAllowed(role: StaffRole, action: Action): boolean {
  return PERMISSIONS[role].has(action);
}

/** Requests are assigned to those who may carry one through to its end. */
export const ASSIGNABLE_ROLES = CONSOLE_ROLES.filter((role) => isAllowed(role, 'request.complete'));
