// Assigning requests to officers, one or many at once: a state change like any
// other, guarded by each request's version and audited.

import { isAssignable } from '../../domain/access-policy.js';
import type { Actor } from '../../domain/audit-events.js';
import { NotFoundError, RuleConflictError } from '../../domain/errors.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Dependencies } from '../dependencies.js';
import { findStaffUser } from '../staff-accounts/staff-accounts-repo.js';
import { assignRequestsAtVersions, listRequestVersions } from './requests-repo.js';

interface Assignment {
  /**
   * Each request with the version the assigner saw, when known (a page sends
   * it): a request changed since then is not reassigned over that change.
   */
  requests: readonly { id: string; version?: number | undefined }[];
  /** Null to unassign. */
  assigneeId: string | null;
}

/**
 * Bulk or single: every request is assigned, or none is (one transaction).
 * Assignment is a state change like any other: guarded by
 * the request's version and bumping it, so a page showing an older assignment
 * cannot silently overwrite a newer one, and an action decided on the
 * previous assignee's page fails instead of passing unnoticed.
 */
export async function assignRequests(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { requests, assigneeId, actor }: Assignment & { actor: Actor },
): Promise<number> {
  const now = deps.clock.now();
  const expected = new Map<string, number | undefined>();
  for (const { id, version } of requests) expected.set(id, version ?? expected.get(id));
  const ids = [...expected.keys()];
  return deps.db.$transaction(async (tx) => {
    if (assigneeId !== null) {
      // Requests are worked by officers and admins; others cannot be assignees.
      const assignee = await findStaffUser(tx, assigneeId);
      if (assignee === null || assignee.disabledAt !== null || !isAssignable(assignee.role)) {
        throw new RuleConflictError(
          'REQUEST.NOT_ALLOWED',
          'Requests can be assigned to active officers and admins only',
        );
      }
    }
    const current = await listRequestVersions(tx, ids);
    if (current.length !== ids.length) throw new NotFoundError('REQUEST.NOT_FOUND', 'No such request');
    const guards = current.map((row) => ({ ...row, version: expected.get(row.id) ?? row.version }));
    const updated = await assignRequestsAtVersions(tx, { requests: guards, assigneeId, now });
    if (updated.length !== guards.length) {
      const done = new Set(updated);
      const stale = guards.filter((guard) => !done.has(guard.id)).map((guard) => guard.reference);
      throw new RuleConflictError(
        'REQUEST.CONCURRENT_UPDATE',
        `${stale.join(', ')} changed since this page was shown (someone assigned or acted on it); nothing was assigned. Look again and retry.`,
        { references: stale },
      );
    }
    for (const requestId of ids) {
      await appendAuditEvents(tx, {
        actor,
        requestId,
        events: [{ action: 'request.assigned', payload: { assigneeId } }],
      });
    }
    return updated.length;
  });
}
