// The audit log's commands: verify the chain (and its checkpoints), write a
// checkpoint now, make a signing key.

import { verifyAuditChain, type AuditChainVerification } from '../services/audit/audit-chain-repo.js';
import type { CheckpointFinding } from '../domain/audit-checkpoint.js';
import { newSigningKeyPair } from '../secrets.js';
import { verifyAuditCheckpoints } from '../services/audit/verify-audit-checkpoints.js';
import { writeAuditCheckpoint } from '../services/audit/write-audit-checkpoint.js';
import { UsageError, type Command } from './command.js';

/** Every server seals committed audit events within a second (src/jobs/audit-linker.ts); a minute means none does. */
const UNSEALED_TOO_LONG_MS = 60_000;

export const AUDIT_COMMANDS: Record<string, Command> = {
  'audit:verify': {
    usage:
      "audit:verify [--checkpoint <file>]  check the audit log's hash chain (and that it still holds " +
      'every signed checkpoint in the file); exit code 1 at a broken link',
    valueOptions: ['checkpoint'],
    async run({ options, withDependencies }) {
      const file = typeof options.checkpoint === 'string' ? options.checkpoint : undefined;
      await withDependencies(async (deps) => {
        const publicKey = deps.config.auditCheckpointPublicKey;
        if (file !== undefined && publicKey === undefined) {
          throw new UsageError(
            'audit:verify --checkpoint needs AUDIT_CHECKPOINT_PUBLIC_KEY (or the signing key)',
          );
        }
        const chain = describeAuditChain(await verifyAuditChain(deps.db), Date.now());
        console.log(chain.message);
        const checkpoints =
          file === undefined || publicKey === undefined
            ? { ok: true, message: null }
            : describeCheckpointFinding(await verifyAuditCheckpoints(deps, { file, publicKey }));
        if (checkpoints.message !== null) console.log(checkpoints.message);
        if (!chain.ok || !checkpoints.ok) process.exitCode = 1;
      });
    },
  },
  'audit:checkpoint': {
    usage:
      "audit:checkpoint           sign the audit chain's head now and write it where AUDIT_CHECKPOINT_* say",
    async run({ withDependencies }) {
      const written = await withDependencies(async (deps) => {
        if (deps.config.AUDIT_CHECKPOINT_SIGNING_KEY === undefined) {
          throw new UsageError(
            'audit:checkpoint needs AUDIT_CHECKPOINT_SIGNING_KEY (npm run cli -- audit:keygen)',
          );
        }
        return writeAuditCheckpoint(deps);
      });
      console.log(
        written === null
          ? 'The audit chain is empty: nothing to checkpoint.'
          : `Checkpoint at position ${written.position}.`,
      );
    },
  },
  'audit:keygen': {
    usage: 'audit:keygen               print a new Ed25519 key pair for signing audit checkpoints',
    async run() {
      const { privateKey, publicKey } = newSigningKeyPair();
      console.log("Keep the private key secret, in the servers' environment only:");
      console.log(`AUDIT_CHECKPOINT_SIGNING_KEY=${privateKey}`);
      console.log('Give the public key to whoever verifies the checkpoints:');
      console.log(`AUDIT_CHECKPOINT_PUBLIC_KEY=${publicKey}`);
    },
  },
};

/** What audit:verify says, and whether all is well: intact, broken, or waiting too long for a seal. */
function describeAuditChain(result: AuditChainVerification, nowMs: number): { ok: boolean; message: string } {
  if (!result.ok) {
    return {
      ok: false,
      message:
        `BROKEN at sequence ${result.firstBrokenSequence} (${result.reason}); ` +
        `${result.checked} events before it are intact.`,
    };
  }
  const waitedMs = result.oldestPendingAt === null ? 0 : nowMs - result.oldestPendingAt.getTime();
  if (waitedMs > UNSEALED_TOO_LONG_MS) {
    return {
      ok: false,
      message:
        `UNSEALED: ${result.pending} audit events wait for their link, the oldest for ` +
        `${Math.round(waitedMs / 1000)} s: no server is running the audit linker.`,
    };
  }
  const pending = result.pending === 0 ? '' : `; ${result.pending} just committed, awaiting their link`;
  return { ok: true, message: `OK: ${result.checked} audit events, hash chain intact${pending}.` };
}

function describeCheckpointFinding(finding: CheckpointFinding): { ok: boolean; message: string } {
  switch (finding.kind) {
    case 'held':
      return { ok: true, message: `OK: the chain holds all ${finding.checkpoints} signed checkpoints.` };
    case 'truncated':
      return {
        ok: false,
        message: `TRUNCATED: the chain ends before checkpointed position ${finding.position}; its tail was removed.`,
      };
    case 'replaced':
      return {
        ok: false,
        message: `REPLACED: the event at checkpointed position ${finding.position} is not the one signed.`,
      };
    case 'invalid_checkpoint':
      return {
        ok: false,
        message: `INVALID CHECKPOINT at line ${finding.line}: not a checkpoint signed by the configured key.`,
      };
  }
}
