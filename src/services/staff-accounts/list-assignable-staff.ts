import { ASSIGNABLE_ROLES } from '../../domain/access-policy.js';
import type { Dependencies } from '../dependencies.js';
import { listEnabledStaffWithRoles } from './staff-accounts-repo.js';

/** Active staff whose role may be assigned requests, by name: the queue's assignment menu. */
export function listAssignableStaff(deps: Pick<Dependencies, 'db'>): Promise<{ id: string; name: string }[]> {
  return listEnabledStaffWithRoles(deps.db, ASSIGNABLE_ROLES);
}
