// Secrets of the staff console: random tokens stored only as hashes, compared in
// constant time, and the TOTP secret encrypted at rest (AES-256-GCM).

import {
  createCipheriv,
  createDecipheriv,
  createHash,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

const TOKEN_BYTES = 32;

/** 256 random bits, URL-safe: a session cookie or a one-time sign-in link. */
export function newSecretToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Tokens carry 256 random bits, so a fast hash cannot be brute-forced; only the hash is stored. */
export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Equal-length comparison that takes the same time wherever the inputs differ. */
export function constantTimeEqual(left: string, right: string): boolean {
  const a = Buffer.from(left, 'utf8');
  const b = Buffer.from(right, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

const GCM_IV_BYTES = 12;
const KEY_INFO = 'rightsdesk staff totp secret v1';

/** A key of its own for TOTP secrets, derived (HKDF-SHA256) so the session secret is never used directly. */
function totpKey(sessionSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', sessionSecret, 'rightsdesk', KEY_INFO, 32));
}

/** `v1.<iv>.<tag>.<ciphertext>`, each base64url; the user id is bound as associated data. */
export function encryptTotpSecret(sessionSecret: string, userId: string, secret: string): string {
  const iv = randomBytes(GCM_IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', totpKey(sessionSecret), iv);
  cipher.setAAD(Buffer.from(userId, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function decryptTotpSecret(sessionSecret: string, userId: string, sealed: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || iv === undefined || tag === undefined || ciphertext === undefined) {
    throw new Error('Unknown TOTP secret format');
  }
  const decipher = createDecipheriv('aes-256-gcm', totpKey(sessionSecret), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(userId, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
    'utf8',
  );
}
