// One-time secrets sent by email: how they are made, hashed and compared.

import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export const CODE_DIGITS = 6;

export function generateCode(): string {
  return String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
}

/** 32 random bytes: a link token cannot be guessed, so a plain SHA-256 suffices. */
export function generateLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Keyed and bound to the challenge, so a leaked table reveals no code. */
export function hashCode(secret: string, challengeId: string, code: string): string {
  return createHmac('sha256', secret).update(`${challengeId}:${code}`).digest('hex');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** An unguessable stand-in until the mail worker issues the real secrets. */
export function unusableHash(): string {
  return hashToken(randomBytes(32).toString('hex'));
}

/** Constant-time comparison of two hex digests. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

export function keyedHash(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('hex');
}
