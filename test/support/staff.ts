// Staff users and console sessions for tests: real argon2 hashes, real TOTP
// secrets (encrypted as the app stores them), real sign-in through the pages.

import { generate, generateSecret } from 'otplib';
import type { App } from '../../src/app.js';
import type { Config } from '../../src/config/index.js';
import type { Database } from '../../src/db/client.js';
import type { ConsoleRole } from '../../src/domain/access-policy.js';
import { createApiToken, type CreateApiTokenInput } from '../../src/services/api-tokens/create-api-token.js';
import { hashPassword } from '../../src/services/staff-accounts/staff-accounts.js';
import { encryptSecret } from '../../src/secrets.js';
import { totpKeyFor } from '../../src/services/staff-accounts/staff-two-factor.js';
import { CookieClient } from './cookie-client.js';

export const STAFF_PASSWORD = 'correct horse battery staple';

export interface TestStaffUser {
  id: string;
  email: string;
  name: string;
  role: ConsoleRole;
  /** Base32 TOTP secret, when enrolled. */
  totpSecret: string | null;
}

let passwordHash: Promise<string> | null = null;

export async function createStaffUser(
  db: Database,
  config: Config,
  { role, email, name, totp }: { role: ConsoleRole; email?: string; name?: string; totp?: boolean },
): Promise<TestStaffUser> {
  passwordHash ??= hashPassword(STAFF_PASSWORD);
  const user = await db.staffUser.create({
    data: {
      email: email ?? `${role}.${Math.random().toString(36).slice(2, 8)}@rightsdesk.test`,
      name: name ?? `Test ${role.replaceAll('_', ' ')}`,
      role,
      passwordHash: await passwordHash,
    },
  });
  let totpSecret: string | null = null;
  if (totp ?? config.STAFF_TOTP_REQUIRED_ROLES.includes(role)) {
    totpSecret = generateSecret();
    await db.staffUser.update({
      where: { id: user.id },
      data: {
        totpSecretEncrypted: encryptSecret(config.SESSION_SECRET, totpKeyFor(user.id), totpSecret),
        totpEnabledAt: new Date(),
      },
    });
  }
  return { id: user.id, email: user.email, name: user.name, role, totpSecret };
}

export function totpCode(secret: string, at: Date = new Date()): Promise<string> {
  return generate({ secret, epoch: Math.floor(at.getTime() / 1000) });
}

/** Signs in through the pages, with the second step when the user has TOTP. */
export async function signIn(app: App, user: TestStaffUser, now: Date = new Date()): Promise<CookieClient> {
  const browser = new CookieClient(app);
  const response = await browser.post('/staff/sign-in', { email: user.email, password: STAFF_PASSWORD });
  if (response.status !== 303) throw new Error(`sign-in answered ${response.status}`);
  if (user.totpSecret !== null) {
    const second = await browser.post('/staff/two-factor', { code: await totpCode(user.totpSecret, now) });
    if (second.status !== 303) throw new Error(`two-factor answered ${second.status}`);
  }
  return browser;
}

/** A bearer token of the staff API for `role`, issued as an operator would issue one. */
export async function createTestApiToken(db: Database, role: CreateApiTokenInput['role']): Promise<string> {
  const { token } = await createApiToken(
    { db, clock: { now: () => new Date() } },
    { input: { name: role, role }, actor: { type: 'system', id: 'test' } },
  );
  return token;
}
