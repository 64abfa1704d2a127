// Abuse: a client sending `Sec-GPC: 1` on every call without keeping
// its cookie (or with a fresh made-up one each time) must not add a browser and
// an opt-out request per call. New browsers are limited per client IP; the
// signal itself is honoured on every response all the same.

import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashToken } from '../src/secrets.js';
import { useTestApp } from './support/app.js';

const NEW_BROWSERS_PER_IP = 2;

const harness = useTestApp({
  environment: { RATE_LIMIT_PER_IP: String(NEW_BROWSERS_PER_IP), RATE_LIMIT_PER_EMAIL: '0' },
});

const gpcRequestCount = () => harness.db.privacyRequest.count({ where: { channel: 'gpc' } });
const madeUpCookie = () => `rd_gpc=${randomBytes(32).toString('base64url')}`;

function visit(ip: string, url: string, cookie?: string) {
  return harness.app.inject({
    url,
    remoteAddress: ip,
    headers: { 'sec-gpc': '1', ...(cookie === undefined ? {} : { cookie }) },
  });
}

describe('Global Privacy Control from one IP', () => {
  it('records at most the limit of new browsers, and honours the signal on every page past it', async () => {
    const before = await gpcRequestCount();
    for (let call = 0; call < 5; call += 1) {
      const page = await visit('203.0.113.10', '/');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Opt-Out Request Honored');
      expect(page.cookies.some((cookie) => cookie.name === 'rd_gpc')).toBe(true);
    }
    expect(await gpcRequestCount()).toBe(before + NEW_BROWSERS_PER_IP);
    expect(harness.logLines.some((line) => line.includes('"gpc":"not_recorded"'))).toBe(true);
  });

  it('counts made-up cookies as new browsers, on API calls too', async () => {
    const before = await gpcRequestCount();
    for (let call = 0; call < 4; call += 1) {
      const page = await visit('203.0.113.20', '/', madeUpCookie());
      expect(page.body).toContain('Opt-Out Request Honored');
      const api = await visit('203.0.113.20', '/api/v1/preferences?email=a@example.com', madeUpCookie());
      expect(api.statusCode).toBeLessThan(500);
    }
    expect(await gpcRequestCount()).toBe(before + NEW_BROWSERS_PER_IP);
  });

  it('keeps a recorded browser recorded past the limit, without a second request', async () => {
    const first = await visit('203.0.113.30', '/');
    const cookie = first.cookies.find((candidate) => candidate.name === 'rd_gpc');
    if (cookie === undefined) throw new Error('no rd_gpc cookie');
    for (let call = 0; call < NEW_BROWSERS_PER_IP; call += 1) await visit('203.0.113.30', '/');
    const where = { cookieHash: hashToken(cookie.value) };
    const stored = await harness.db.gpcBrowser.findUniqueOrThrow({ where });
    const before = await gpcRequestCount();
    const again = await visit('203.0.113.30', '/status', `rd_gpc=${cookie.value}`);
    expect(again.body).toContain('Opt-Out Request Honored');
    expect(await gpcRequestCount()).toBe(before);
    const after = await harness.db.gpcBrowser.findUniqueOrThrow({ where });
    expect(after.requestId).toBe(stored.requestId);
    expect(after.lastSignalAt.getTime()).toBeGreaterThan(stored.lastSignalAt.getTime());
  });

  it('records, on a later visit within a limit, a browser whose signal came past it', async () => {
    const limited = await visit('203.0.113.40', '/');
    for (let call = 0; call < NEW_BROWSERS_PER_IP; call += 1) await visit('203.0.113.40', '/');
    const over = await visit('203.0.113.40', '/');
    const cookie = over.cookies.find((candidate) => candidate.name === 'rd_gpc');
    if (cookie === undefined) throw new Error('no rd_gpc cookie');
    expect(limited.body).toContain('Opt-Out Request Honored');
    const before = await gpcRequestCount();
    // From another IP, whose count is untouched: the same cookie is now recorded.
    await visit('203.0.113.41', '/', `rd_gpc=${cookie.value}`);
    expect(await gpcRequestCount()).toBe(before + 1);
  });
});
