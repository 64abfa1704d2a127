import { describe, expect, it } from 'vitest';
import { ACTIONS, isAllowed, STAFF_ROLES } from './access-policy.js';

describe('access policy', () => {
  it('lets an admin do everything', () => {
    for (const action of ACTIONS) expect(isAllowed('admin', action)).toBe(true);
  });

  it('keeps auditors read-only', () => {
    const allowed = ACTIONS.filter((action) => isAllowed('auditor', action));
    expect(allowed).toEqual([
      'request.list',
      'request.read',
      // Reading the Shine the Light suppression list; the export itself is audited.
      'suppression_list.export',
      'console.use',
      'queue.view',
      'queue.search',
      'data_map.view',
      'task.list',
    ]);
  });

  it('lets system owners use the console for their tasks only', () => {
    const allowed = ACTIONS.filter((action) => isAllowed('system_owner', action));
    expect(allowed).toEqual(['console.use', 'task.list', 'task.complete']);
  });

  it('lets call-center agents log requests, and verify them on the call (Regs 7062), but not open the queue, documents or act on requests', () => {
    const allowed = ACTIONS.filter((action) => isAllowed('call_center_agent', action));
    expect(allowed).toEqual([
      'request.create',
      'console.use',
      'customer.search',
      'intake.create',
      'intake.list_own',
      'intake.verify_on_call',
    ]);
  });

  it('shows agent documents to officers and admins only', () => {
    const allowed = STAFF_ROLES.filter((role) => isAllowed(role, 'document.view'));
    expect(allowed).toEqual(['admin', 'privacy_officer']);
  });

  it('lets integrations read preferences only', () => {
    const allowed = ACTIONS.filter((action) => isAllowed('integration', action));
    expect(allowed).toEqual(['preferences.read']);
  });

  it('gives every role at least one action', () => {
    for (const role of STAFF_ROLES) expect(ACTIONS.some((action) => isAllowed(role, action))).toBe(true);
  });
});
