// Checkpoints of the audit chain: the head's position and hash at a moment,
// signed and kept outside the database. Whoever can rewrite the database can
// make a chain that verifies on its own, cut short or with a new tail; it
// cannot make one that still holds the hash a checkpoint recorded at its position.

import canonicalize from 'canonicalize';
import { z } from 'zod';
import { storableText } from './storable-text.js';

export const CheckpointSchema = z.object({
  /** The head's chain position, as a string: positions are 64-bit. */
  position: storableText().regex(/^[1-9]\d{0,18}$/),
  hash: storableText().regex(/^[0-9a-f]{64}$/),
  at: z.iso.datetime(),
  /** Ed25519 over checkpointSigningText, base64. */
  signature: storableText().min(1),
});
export type Checkpoint = z.infer<typeof CheckpointSchema>;

/** What the signature covers: the RFC 8785 canonical JSON of the other fields. */
export function checkpointSigningText(checkpoint: Omit<Checkpoint, 'signature'>): string {
  const text = canonicalize({ position: checkpoint.position, hash: checkpoint.hash, at: checkpoint.at });
  if (text === undefined) throw new Error('A checkpoint has no JSON form');
  return text;
}

export type CheckpointFinding =
  | { kind: 'held'; checkpoints: number }
  /** The chain ends before a checkpointed position: its tail was cut off. */
  | { kind: 'truncated'; position: string }
  /** The event at a checkpointed position hashes differently: the tail was replaced. */
  | { kind: 'replaced'; position: string }
  /** A line that is not a checkpoint signed by the configured key. */
  | { kind: 'invalid_checkpoint'; line: number };

/**
 * Judges the chain against checkpoints already known to be signed: `hashAt`
 * gives the hash the chain holds at a position, undefined past its end.
 */
export function judgeChainAgainstCheckpoints(
  checkpoints: readonly Checkpoint[],
  hashAt: (position: bigint) => string | undefined,
): CheckpointFinding {
  for (const checkpoint of checkpoints) {
    const held = hashAt(BigInt(checkpoint.position));
    if (held === undefined) return { kind: 'truncated', position: checkpoint.position };
    if (held !== checkpoint.hash) return { kind: 'replaced', position: checkpoint.position };
  }
  return { kind: 'held', checkpoints: checkpoints.length };
}
