import { ASSIGNABLE_ROLES } from '../../domain/access-policy.js';
import type { Dependencies } from '../dependencies.js';

/** Active staff whose role may be assigned requests, by name: the queue's assignment menu. */
export async function listAssignableStaff(
  deps: Pick<Dependencies, 'db'>,
): Promise<{ id: string; name: string }[]> {
  return deps.db.staffUser.findMany({
    where: { role: { in: [...ASSIGNABLE_ROLES] }, disabledAt: null },
    orderBy: { name: 'asc' },
    select: { id: true, name: true },
  });
}
