// Who may do what: the one place that decides, for the staff API and the staff
// console alike. Roles follow the product: officers work requests, call-center
// agents log phone requests, auditors read, integrations read preferences.

export const STAFF_ROLES = [
  'admin',
  'privacy_officer',
  'call_center_agent',
  'auditor',
  'system_owner',
  'integration',
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** The roles a person signs in to the console with; integrations only hold API tokens. */
export const CONSOLE_ROLES = [
  'admin',
  'privacy_officer',
  'call_center_agent',
  'auditor',
  'system_owner',
] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

/**
 * Every action, with the roles that may take it. Admins may take them all.
 * Call-center agents log requests received by phone, checking the caller against
 * the customer record; they do not see the queue, other requests or documents.
 * Auditors inspect requests and their trail but change nothing. System owners do the
 * fulfilment tasks of the systems the data map names them owner of, and see nothing else.
 */
const PERMISSIONS = {
  // Working on requests, through the staff API or the console.
  'request.create': ['admin', 'privacy_officer', 'call_center_agent'],
  'request.list': ['admin', 'privacy_officer', 'auditor'],
  'request.read': ['admin', 'privacy_officer', 'auditor'],
  'request.verify': ['admin', 'privacy_officer'],
  'request.start': ['admin', 'privacy_officer'],
  'request.complete': ['admin', 'privacy_officer'],
  'request.deny': ['admin', 'privacy_officer'],
  'request.extend': ['admin', 'privacy_officer'],
  'request.withdraw': ['admin', 'privacy_officer'],
  'request.assign': ['admin', 'privacy_officer'],
  'request.request_information': ['admin', 'privacy_officer'],
  // Downstream systems honour opt-outs; they see nothing else.
  'preferences.read': ['admin', 'privacy_officer', 'integration'],
  // The Shine the Light suppression list as CSV (Civ. 1798.83(c)(2)): officers export it, auditors check it.
  'suppression_list.export': ['admin', 'privacy_officer', 'auditor'],
  // A minor's opt-in to sale or sharing, with the parent's verification (Regs 7070, 7071).
  'minor_consent.record': ['admin', 'privacy_officer'],
  // The console: its own pages and what they show.
  'console.use': ['admin', 'privacy_officer', 'call_center_agent', 'auditor', 'system_owner'],
  'queue.view': ['admin', 'privacy_officer', 'auditor'],
  'queue.search': ['admin', 'privacy_officer', 'auditor'],
  // Agents' signed permissions and powers of attorney: officers only (docs/legal-rules.md#authorized-agents).
  'document.view': ['admin', 'privacy_officer'],
  'note.create': ['admin', 'privacy_officer'],
  'customer.search': ['admin', 'privacy_officer', 'call_center_agent'],
  'intake.create': ['admin', 'privacy_officer', 'call_center_agent'],
  'intake.list_own': ['admin', 'privacy_officer', 'call_center_agent'],
  // A request verified on the call by the data points the caller stated and the record matches
  // (Regs 7062), with no officer verifying it again; without it the ticks are only a note.
  'intake.verify_on_call': ['admin', 'privacy_officer', 'call_center_agent'],
  // Receipt confirmations by post for consumers with no email (Regs 7021(a)): officers print and post them.
  'letters.view': ['admin', 'privacy_officer'],
  'letters.mark_sent': ['admin', 'privacy_officer'],
  // Mail that failed for good (ids, topics and error codes only), and sending it again.
  'mail.view': ['admin'],
  'mail.resend': ['admin'],
  // Messages to the privacy addresses that are not yet a request, nor a reply, nor automatic:
  // officers read them and decide (docs/legal-rules.md#email-requests).
  'inbox.view': ['admin', 'privacy_officer'],
  'inbox.resolve': ['admin', 'privacy_officer'],
  // The access report enclosed with a completion letter: the consumer's own data (Regs 7024).
  'letters.print_access_report': ['admin', 'privacy_officer'],
  // Fulfilment (docs/legal-rules.md#fulfilment): the data map, and each system's tasks.
  'data_map.view': ['admin', 'privacy_officer', 'auditor'],
  'task.list': ['admin', 'privacy_officer', 'auditor', 'system_owner'],
  /** Owners record the outcome of their own systems' manual tasks; officers of any. */
  'task.complete': ['admin', 'privacy_officer', 'system_owner'],
  'task.waive': ['admin', 'privacy_officer'],
  'task.retry': ['admin', 'privacy_officer'],
  // Console accounts: who may sign in, with which role, and resetting a lost second
  // factor. Admins only: whoever holds these can give themselves any power.
  'staff.view': ['admin'],
  'staff.manage': ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Action = keyof typeof PERMISSIONS;
export const ACTIONS = Object.keys(PERMISSIONS) as readonly Action[];

export function isAllowed(role: StaffRole, action: Action): boolean {
  const allowed: readonly StaffRole[] = PERMISSIONS[action];
  return allowed.includes(role);
}

/** Requests are assigned to those who may carry one through to its end. */
export function isAssignable(role: StaffRole): boolean {
  return isAllowed(role, 'request.complete');
}

export const ASSIGNABLE_ROLES = CONSOLE_ROLES.filter(isAssignable);

/**
 * What a console user must do after their password: nothing, give a TOTP code,
 * or enrol one first. Which roles must use a second factor is configured
 * (STAFF_TOTP_REQUIRED_ROLES); anyone who enrolled gives a code.
 */
export function twoFactorStepOf(
  user: { role: ConsoleRole; totpEnabledAt: Date | null },
  totpRequiredRoles: readonly ConsoleRole[],
): 'not_required' | 'verify' | 'enrol' {
  if (user.totpEnabledAt !== null) return 'verify';
  return totpRequiredRoles.includes(user.role) ? 'enrol' : 'not_required';
}
