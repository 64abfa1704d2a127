// `deletions:replay --system <key>`: a system restored from a backup gets back
// people who asked to be deleted; this deletes them again (Regs 7022(d)). Who
// the system now holds is read through its `identities` statement; anyone whose
// email, phone or account number matches a remembered keyed hash is deleted
// again with the system's own `delete` statement. Safe to run twice: a second
// run finds nobody left to delete.

import { identityKeys } from '../../domain/fulfilment/deleted-identity.js';
import { bindNamedParameters } from '../../domain/fulfilment/named-parameters.js';
import { appendAuditEvents } from '../audit/audit-log-repo.js';
import type { Dependencies } from '../dependencies.js';
import { listDeletedIdentityHashes, scanAndDelete, type BoundStatement } from './deleted-identities-repo.js';
import { deletedIdentityHash } from './remember-deleted-identity.js';

/** A postgres system of the data map, with its database URL resolved. */
export interface ReplayTarget {
  readonly key: string;
  readonly url: string;
  /** Lists who the system holds: columns email, phone and/or accountNumber. */
  readonly identities: string;
  /** The system's deletion statement, with :email, :phone, :accountNumber, :firstName, :lastName. */
  readonly delete: string;
}

export interface ReplayReport {
  identitiesChecked: number;
  identitiesMatched: number;
  recordsDeleted: number;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export async function replayDeletions(
  deps: Pick<Dependencies, 'db' | 'config' | 'clock'>,
  target: ReplayTarget,
): Promise<ReplayReport> {
  const remembered = await listDeletedIdentityHashes(deps.db, target.key);
  const secret = deps.config.fulfilmentSecret;
  // A system may list a person once per row it holds (an invoice, a call): each is deleted once.
  const seen = new Set<string>();
  const { scanned, deleted } = await scanAndDelete(target.url, target.identities, (rows) =>
    rows.flatMap((row): BoundStatement[] => {
      const identity = {
        email: text(row.email),
        phone: text(row.phone),
        accountNumber: text(row.accountNumber),
      };
      const keys = identityKeys(identity).map(({ key }) => key);
      const person = keys.join('|');
      if (seen.has(person) || !keys.some((key) => remembered.has(deletedIdentityHash(secret, key))))
        return [];
      seen.add(person);
      return [bindNamedParameters(target.delete, { ...identity, firstName: null, lastName: null })];
    }),
  );
  const report = { identitiesChecked: scanned, identitiesMatched: seen.size, recordsDeleted: deleted };
  await deps.db.$transaction((tx) =>
    appendAuditEvents(tx, {
      actor: { type: 'system', id: 'deletions-replay' },
      requestId: null,
      events: [
        {
          action: 'deletions.replayed',
          payload: { systemKey: target.key, identitiesChecked: scanned, recordsDeleted: deleted },
        },
      ],
    }),
  );
  return report;
}
