// Who may do what: the one place that decides, for the staff API and (later) the
// staff console alike. Roles follow the product: officers work requests, call-center
// agents log phone requests, auditors read, integrations read preferences.

export const STAFF_ROLES = [
  'admin',
  'privacy_officer',
  'call_center_agent',
  'auditor',
  'integration',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ACTIONS = [
  'request.create',
  'request.list',
  'request.read',
  'request.verify',
  'request.start',
  'request.complete',
  'request.deny',
  'request.extend',
  'request.withdraw',
  'preferences.read',
] as const;
export type Action = (typeof ACTIONS)[number];

const WORK_ON_REQUESTS: readonly Action[] = [
  'request.create',
  'request.list',
  'request.read',
  'request.verify',
  'request.start',
  'request.complete',
  'request.deny',
  'request.extend',
  'request.withdraw',
];

const PERMISSIONS: Readonly<Record<StaffRole, ReadonlySet<Action>>> = {
  admin: new Set(ACTIONS),
  privacy_officer: new Set([...WORK_ON_REQUESTS, 'preferences.read']),
  // Agents log requests received by phone; they do not see the officers' queue.
  call_center_agent: new Set(['request.create']),
  // Read-only: auditors inspect requests and their trail but change nothing.
  auditor: new Set(['request.list', 'request.read']),
  // Downstream systems honour opt-outs; they see nothing else.
  integration: new Set(['preferences.read']),
};

export function isAllowed(role: StaffRole, action: Action): boolean {
  return PERMISSIONS[role].has(action);
}
