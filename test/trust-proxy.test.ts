// Per-IP rate limits count the connection's address: proxy headers are believed only
// from the proxies TRUST_PROXY names, so a client cannot pick a new address per request.

import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { useTestApp, type TestApp } from './support/app.js';

const LIMITS = { RATE_LIMIT_PER_IP: '3', RATE_LIMIT_PER_EMAIL: '0', RATE_LIMIT_WINDOW_SECONDS: '600' };

const lookUp = (harness: TestApp, remoteAddress: string, headers: Record<string, string>) =>
  harness.app.inject({
    method: 'POST',
    url: '/api/v1/status',
    payload: { reference: 'RD-0000-0000' },
    remoteAddress,
    headers,
  });

/** A new made-up client address on every request, in every header a proxy might set. */
const spoofed = (index: number) => ({
  'x-forwarded-for': `192.0.2.${index + 1}`,
  'x-real-ip': `192.0.2.${index + 1}`,
  forwarded: `for=192.0.2.${index + 1}`,
});

async function statusesOf(harness: TestApp, remoteAddress: string, headersOf: (index: number) => object) {
  const statuses: number[] = [];
  for (let index = 0; index < 4; index += 1) {
    statuses.push(
      (await lookUp(harness, remoteAddress, headersOf(index) as Record<string, string>)).statusCode,
    );
  }
  return statuses;
}

describe('without TRUST_PROXY', () => {
  const harness = useTestApp({ environment: LIMITS });

  it('counts a client that spoofs X-Forwarded-For, X-Real-IP and Forwarded under its own address', async () => {
    expect(await statusesOf(harness, '203.0.113.40', spoofed)).toEqual([202, 202, 202, 429]);
  });
});

describe('with TRUST_PROXY naming the proxy', () => {
  const harness = useTestApp({ environment: { ...LIMITS, TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' } });

  it('counts each client behind the proxy under the address the proxy forwards', async () => {
    expect(await statusesOf(harness, '10.1.2.3', spoofed)).toEqual([202, 202, 202, 202]);
    const sameClient = () => ({ 'x-forwarded-for': '198.51.100.77' });
    expect(await statusesOf(harness, '127.0.0.1', sameClient)).toEqual([202, 202, 202, 429]);
  });

  it('still ignores the headers from anyone else', async () => {
    expect(await statusesOf(harness, '203.0.113.41', spoofed)).toEqual([202, 202, 202, 429]);
  });
});

describe('the TRUST_PROXY setting', () => {
  it('takes addresses and CIDR blocks, and names a bad entry', () => {
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8,::1' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '::1']);
    expect(loadConfig({}).TRUST_PROXY).toEqual([]);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.internal' })).toThrow(/TRUST_PROXY/);
  });
});
