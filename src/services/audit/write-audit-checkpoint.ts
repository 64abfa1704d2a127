import { appendFile } from 'node:fs/promises';
import { checkpointSigningText, type Checkpoint } from '../../domain/audit-checkpoint.js';
import { signText } from '../../secrets.js';
import type { Dependencies } from '../dependencies.js';
import { readChainHead } from './audit-chain-repo.js';

const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * Signs the chain's head and writes it outside the database: a JSON line
 * appended to AUDIT_CHECKPOINT_FILE and/or a POST to AUDIT_CHECKPOINT_URL
 * (docs/legal-rules.md#audit-trail). Answers null, writing nothing, when the
 * chain is empty, no key is configured, or the head still has `unlessHash`.
 */
export async function writeAuditCheckpoint(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  { unlessHash }: { unlessHash?: string } = {},
): Promise<Checkpoint | null> {
  const { config } = deps;
  const signingKey = config.AUDIT_CHECKPOINT_SIGNING_KEY;
  if (signingKey === undefined) return null;
  const head = await readChainHead(deps.db);
  if (head === null || head.hash === unlessHash) return null;
  const unsigned = {
    position: head.position.toString(),
    hash: head.hash,
    at: deps.clock.now().toISOString(),
  };
  const checkpoint = { ...unsigned, signature: signText(signingKey, checkpointSigningText(unsigned)) };
  const line = JSON.stringify(checkpoint);
  if (config.AUDIT_CHECKPOINT_FILE !== undefined) {
    await appendFile(config.AUDIT_CHECKPOINT_FILE, `${line}\n`, { mode: 0o600 });
  }
  if (config.AUDIT_CHECKPOINT_URL !== undefined) {
    const response = await fetch(config.AUDIT_CHECKPOINT_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: line,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`the checkpoint endpoint answered ${response.status}`);
  }
  return checkpoint;
}
