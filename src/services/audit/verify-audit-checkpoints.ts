import { readFile } from 'node:fs/promises';
import {
  checkpointSigningText,
  CheckpointSchema,
  judgeChainAgainstCheckpoints,
  type Checkpoint,
  type CheckpointFinding,
} from '../../domain/audit-checkpoint.js';
import { isSignedBy } from '../../secrets.js';
import type { Dependencies } from '../dependencies.js';
import { readHashesAtPositions } from './audit-chain-repo.js';

/**
 * Checks the chain against a file of checkpoints (one JSON line each, as
 * writeAuditCheckpoint appends them): every line must be signed by `publicKey`,
 * and the chain must still hold each checkpointed hash at its position.
 */
export async function verifyAuditCheckpoints(
  deps: Pick<Dependencies, 'db'>,
  { file, publicKey }: { file: string; publicKey: string },
): Promise<CheckpointFinding> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  const checkpoints: Checkpoint[] = [];
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const checkpoint = parseSignedCheckpoint(line, publicKey);
    if (checkpoint === null) return { kind: 'invalid_checkpoint', line: index + 1 };
    checkpoints.push(checkpoint);
  }
  const hashes = await readHashesAtPositions(
    deps.db,
    checkpoints.map((checkpoint) => BigInt(checkpoint.position)),
  );
  return judgeChainAgainstCheckpoints(checkpoints, (position) => hashes.get(position));
}

function parseSignedCheckpoint(line: string, publicKey: string): Checkpoint | null {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return null;
  }
  const parsed = CheckpointSchema.safeParse(json);
  if (!parsed.success) return null;
  const signed = isSignedBy(publicKey, checkpointSigningText(parsed.data), parsed.data.signature);
  return signed ? parsed.data : null;
}
