// API token secrets (issue 3, part 6). A token is 32 random bytes, so SHA-256 is
// the right hash: nothing can be guessed from it, and a slow password hash
// (argon2id, used for staff passwords) would only slow every API call.

import { createHash, randomBytes } from 'node:crypto';

/** The prefix lets secret scanners and people recognise a leaked token. */
const TOKEN_PREFIX = 'rd_';
const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^rd_[A-Za-z0-9_-]{43}$/;

export function generateApiTokenSecret(): string {
  return `${TOKEN_PREFIX}${randomBytes(TOKEN_BYTES).toString('base64url')}`;
}

export function isApiTokenShaped(token: string): boolean {
  return TOKEN_SHAPE.test(token);
}

/** Lower-case hex SHA-256: what api_tokens.token_hash stores. */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
