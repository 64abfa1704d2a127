// When a system reports a consumer deleted, who it was is remembered as keyed
// hashes, in the transaction that records the result, so that deletions:replay
// can delete them again from that system restored from a backup (Regs 7022(d)).
// The hashes cannot be read back into an email or a phone number.

import type { Transaction } from '../../db/client.js';
import { identityKeys, type IdentityValues } from '../../domain/fulfilment/deleted-identity.js';
import { purposeKeyedHash } from '../../secrets.js';
import type { Dependencies } from '../dependencies.js';
import { insertDeletedIdentities } from './deleted-identities-repo.js';

export const DELETED_IDENTITY_KEY_PURPOSE = 'deleted-identity';

export function deletedIdentityHash(secret: string, key: string): string {
  return purposeKeyedHash(secret, DELETED_IDENTITY_KEY_PURPOSE, key);
}

export async function rememberDeletedIdentity(
  deps: Pick<Dependencies, 'config' | 'clock'>,
  tx: Transaction,
  { requestId, systemKey, identity }: { requestId: string; systemKey: string; identity: IdentityValues },
): Promise<void> {
  const deletedAt = deps.clock.now();
  await insertDeletedIdentities(
    tx,
    identityKeys(identity).map(({ kind, key }) => ({
      systemKey,
      kind,
      identityHash: deletedIdentityHash(deps.config.fulfilmentSecret, key),
      requestId,
      deletedAt,
    })),
  );
}
