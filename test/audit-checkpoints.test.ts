import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { newSigningKeyPair } from '../src/secrets.js';
import { linkPendingAuditEvents, verifyAuditChain } from '../src/services/audit/audit-chain-repo.js';
import { verifyAuditCheckpoints } from '../src/services/audit/verify-audit-checkpoints.js';
import { writeAuditCheckpoint } from '../src/services/audit/write-audit-checkpoint.js';
import { submitRequest } from '../src/services/requests/submit-request.js';
import { runCliWith } from './support/cli.js';
import { PROCESS_TEST_TIMEOUT_MS } from './support/server-process.js';
import { STAFF, submission, useServiceHarness } from './support/services.js';

const harness = useServiceHarness();
const keys = newSigningKeyPair();
let directory: string;
let checkpointFile: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'rightsdesk-checkpoints-'));
  checkpointFile = path.join(directory, 'checkpoints.jsonl');
});

afterAll(() => rm(directory, { recursive: true, force: true }));

function checkpointDeps() {
  const config = loadConfig({
    DATABASE_URL: harness.databaseUrl,
    AUDIT_CHECKPOINT_SIGNING_KEY: keys.privateKey,
    AUDIT_CHECKPOINT_FILE: checkpointFile,
  });
  return { ...harness.deps, config };
}

async function recordRequests(count: number): Promise<void> {
  for (let index = 0; index < count; index += 1) {
    await submitRequest(harness.deps, { input: submission('delete'), actor: STAFF });
  }
  await linkPendingAuditEvents(harness.db);
}

const verify = () =>
  verifyAuditCheckpoints(harness.deps, { file: checkpointFile, publicKey: keys.publicKey });

describe('signed checkpoints of the audit chain', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('writes the signed head as a JSON line, only when it moved', async () => {
    await recordRequests(3);
    const first = await writeAuditCheckpoint(checkpointDeps());
    expect(first).toMatchObject({ position: '3', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await writeAuditCheckpoint(checkpointDeps(), { unlessHash: first?.hash })).toBeNull();
    await recordRequests(2);
    expect(await writeAuditCheckpoint(checkpointDeps(), { unlessHash: first?.hash })).toMatchObject({
      position: '5',
    });
    expect((await readFile(checkpointFile, 'utf8')).trim().split('\n')).toHaveLength(2);
    expect(await verify()).toEqual({ kind: 'held', checkpoints: 2 });
  });

  it('refuses a checkpoint line edited after signing', async () => {
    const original = await readFile(checkpointFile, 'utf8');
    const [line] = original.split('\n');
    const forged = { ...JSON.parse(line ?? '{}'), position: '2' };
    await writeFile(checkpointFile, `${JSON.stringify(forged)}\n`);
    try {
      expect(await verify()).toEqual({ kind: 'invalid_checkpoint', line: 1 });
    } finally {
      await writeFile(checkpointFile, original);
    }
  });

  it('detects a tail the owner truncated, though the shortened chain verifies on its own', async () => {
    await harness.sql('ALTER TABLE audit_events DISABLE TRIGGER audit_events_refuse_update_delete');
    await harness.sql('DELETE FROM audit_events WHERE chain_position > 3');
    await harness.sql('ALTER TABLE audit_events ENABLE TRIGGER audit_events_refuse_update_delete');

    expect(await verifyAuditChain(harness.db)).toMatchObject({ ok: true, checked: 3 });
    expect(await verify()).toEqual({ kind: 'truncated', position: '5' });

    const environment = { DATABASE_URL: harness.databaseUrl, AUDIT_CHECKPOINT_PUBLIC_KEY: keys.publicKey };
    const cli = await runCliWith(environment, 'audit:verify', '--checkpoint', checkpointFile);
    expect(cli.code).toBe(1);
    expect(cli.lines).toEqual([
      'OK: 3 audit events, hash chain intact.',
      'TRUNCATED: the chain ends before checkpointed position 5; its tail was removed.',
    ]);
  });

  it('detects a tail replaced by new events at the checkpointed positions', async () => {
    await recordRequests(2);
    expect(await verifyAuditChain(harness.db)).toMatchObject({ ok: true, checked: 5 });
    expect(await verify()).toEqual({ kind: 'replaced', position: '5' });
  });
});
