// Secrets: how random tokens and codes are made, how they are kept at rest
// (hashed, or encrypted where the value itself is needed again) and compared.
// Every hash of a token, code or key in the product goes through here.

import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
  randomInt,
  sign as cryptoSign,
  timingSafeEqual,
  verify as cryptoVerify,
} from 'node:crypto';

const TOKEN_BYTES = 32;

/**
 * 256 random bits, URL-safe: session cookies, one-time links, API tokens, the
 * GPC browser cookie. A token this long cannot be guessed, so a fast hash of it
 * (hashToken) is what is stored; a slow password hash would only slow every call.
 */
export function newSecretToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Random text for a password shown once (a demo account, an embedded database). */
export function newPassword(bytes = 12): string {
  return randomBytes(bytes).toString('base64url');
}

/** Lower-case hex SHA-256: how tokens, document contents and request bodies are stored and compared. */
export function hashToken(value: string | Uint8Array): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * HMAC-SHA256 under a server secret: for values with little entropy (a six-digit
 * code, an IP address, an email), whose plain hash is reversed by trying them all.
 */
export function keyedHash(secret: string, value: string): string {
  return createHmac('sha256', secret).update(value).digest('hex');
}

/** Constant-time comparison of two hex digests; false for different lengths or empty ones. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

const CODE_DIGITS = 6;

/** A one-time code to type in: six digits. */
export function generateCode(): string {
  return String(randomInt(0, 10 ** CODE_DIGITS)).padStart(CODE_DIGITS, '0');
}

/** A code is keyed and bound to its challenge, so a leaked table reveals no code. */
export function hashCode(secret: string, challengeId: string, code: string): string {
  return keyedHash(secret, `${challengeId}:${code}`);
}

/** An unguessable stand-in for a hash whose secret is not issued yet. */
export function unusableHash(): string {
  return hashToken(randomBytes(TOKEN_BYTES));
}

const GCM_IV_BYTES = 12;

/**
 * A key of its own per purpose, derived (HKDF-SHA256) from the server secret, so
 * that secret is never used directly and one purpose's key opens nothing else.
 */
function encryptionKey(serverSecret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', serverSecret, 'rightsdesk', purpose, 32));
}

/**
 * AES-256-GCM: `v1.<iv>.<tag>.<ciphertext>`, each base64url. `boundTo` (e.g. the
 * owning row's id) is authenticated as associated data, so a value copied to
 * another row does not decrypt.
 */
export function encryptSecret(
  serverSecret: string,
  { purpose, boundTo }: { purpose: string; boundTo: string },
  plaintext: string,
): string {
  const iv = randomBytes(GCM_IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey(serverSecret, purpose), iv);
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', ...[iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString('base64url'))].join('.');
}

export function decryptSecret(
  serverSecret: string,
  { purpose, boundTo }: { purpose: string; boundTo: string },
  sealed: string,
): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || iv === undefined || tag === undefined || ciphertext === undefined) {
    throw new Error('Unknown encrypted secret format');
  }
  const decipher = createDecipheriv(
    'aes-256-gcm',
    encryptionKey(serverSecret, purpose),
    Buffer.from(iv, 'base64url'),
  );
  decipher.setAAD(Buffer.from(boundTo, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
    'utf8',
  );
}

/**
 * Ed25519 keys travel as one line of base64: the private key as PKCS #8 DER,
 * the public key as SubjectPublicKeyInfo DER (what `audit:keygen` prints).
 */
export function newSigningKeyPair(): { privateKey: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
    publicKey: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
  };
}

/** The public half of a private signing key, in the same one-line form. */
export function publicKeyOf(privateKey: string): string {
  return createPublicKey(signingKey(privateKey)).export({ format: 'der', type: 'spki' }).toString('base64');
}

/** An Ed25519 signature of `text` (UTF-8), in base64. */
export function signText(privateKey: string, text: string): string {
  return cryptoSign(null, Buffer.from(text, 'utf8'), signingKey(privateKey)).toString('base64');
}

/** Whether `signature` is the Ed25519 signature of `text` by the holder of `publicKey`. */
export function isSignedBy(publicKey: string, text: string, signature: string): boolean {
  const key = createPublicKey({ key: Buffer.from(publicKey, 'base64'), format: 'der', type: 'spki' });
  return cryptoVerify(null, Buffer.from(text, 'utf8'), key, Buffer.from(signature, 'base64'));
}

function signingKey(privateKey: string) {
  const key = createPrivateKey({ key: Buffer.from(privateKey, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('expected an Ed25519 private key');
  return key;
}

/**
 * AES-256-GCM for files (an access package's ZIP): iv, tag and ciphertext as one
 * buffer, with `boundTo` authenticated as associated data like encryptSecret.
 */
export function encryptBytes(
  serverSecret: string,
  { purpose, boundTo }: { purpose: string; boundTo: string },
  plaintext: Uint8Array,
): Buffer {
  const iv = randomBytes(GCM_IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', encryptionKey(serverSecret, purpose), iv);
  cipher.setAAD(Buffer.from(boundTo, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]);
}

const GCM_TAG_BYTES = 16;

export function decryptBytes(
  serverSecret: string,
  { purpose, boundTo }: { purpose: string; boundTo: string },
  sealed: Uint8Array,
): Buffer {
  const bytes = Buffer.from(sealed);
  const decipher = createDecipheriv(
    'aes-256-gcm',
    encryptionKey(serverSecret, purpose),
    bytes.subarray(0, GCM_IV_BYTES),
  );
  decipher.setAAD(Buffer.from(boundTo, 'utf8'));
  decipher.setAuthTag(bytes.subarray(GCM_IV_BYTES, GCM_IV_BYTES + GCM_TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(GCM_IV_BYTES + GCM_TAG_BYTES)), decipher.final()]);
}

/**
 * A keyed hash under a key of its own per purpose (HKDF from the server secret),
 * for values that must be recognised later but never read back: the identities
 * of deleted consumers (Regs 7022(d)).
 */
export function purposeKeyedHash(serverSecret: string, purpose: string, value: string): string {
  return createHmac('sha256', encryptionKey(serverSecret, purpose)).update(value).digest('hex');
}
