// Staff users and console sessions for tests: real argon2 hashes, real TOTP
// secrets (encrypted as the app stores them), real sign-in through the pages.

import { generate, generateSecret } from 'otplib';
import type { App } from '../../src/app.js';
import type { Config } from '../../src/config/index.js';
import type { Database } from '../../src/db/client.js';
import type { ConsoleRole } from '../../src/domain/access-policy.js';
import { hashPassword } from '../../src/services/staff-accounts/staff-accounts.js';
import { encryptSecret } from '../../src/secrets.js';
import { totpKeyFor } from '../../src/services/staff-accounts/staff-two-factor.js';

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

/** A cookie jar over app.inject: keeps what Set-Cookie sets, sends it back. */
export class Browser {
  readonly cookies = new Map<string, string>();
  lastSetCookies: string[] = [];

  constructor(private readonly app: App) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string | string[]>) {
    const response = await this.app.inject({
      method,
      url,
      headers: {
        cookie: this.cookieHeader(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { payload: encodeForm(form) } : {}),
    });
    const setCookie = response.headers['set-cookie'];
    this.lastSetCookies = setCookie === undefined ? [] : [setCookie].flat();
    for (const line of this.lastSetCookies) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index);
      const value = pair!.slice(index + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  get(url: string) {
    return this.request('GET', url);
  }

  /** Posts a form with the CSRF token of the page at `formPage`. */
  async post(url: string, form: Record<string, string | string[]>, formPage = url) {
    const page = await this.get(formPage);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
    if (token === undefined) throw new Error(`No CSRF token on ${formPage} (status ${page.statusCode})`);
    return this.request('POST', url, { ...form, _csrf: token });
  }
}

function encodeForm(form: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    for (const item of [value].flat()) params.append(key, item);
  }
  return params.toString();
}

/** Signs in through the pages, with the second step when the user has TOTP. */
export async function signIn(app: App, user: TestStaffUser, now: Date = new Date()): Promise<Browser> {
  const browser = new Browser(app);
  const response = await browser.post('/staff/sign-in', { email: user.email, password: STAFF_PASSWORD });
  if (response.statusCode !== 303) throw new Error(`sign-in answered ${response.statusCode}`);
  if (user.totpSecret !== null) {
    const second = await browser.post(
      '/staff/two-factor',
      { code: await totpCode(user.totpSecret, now) },
      '/staff/two-factor',
    );
    if (second.statusCode !== 303) throw new Error(`two-factor answered ${second.statusCode}`);
  }
  return browser;
}
