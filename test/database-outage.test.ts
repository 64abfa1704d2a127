// A database that stops or hangs: every request answers 503 with Retry-After within
// the pool's bounds, /readyz within 2 s, /healthz throughout; once the database is
// back the same app serves again, without a restart. The database is the real
// PostgreSQL, reached through a TCP proxy that can cut or freeze the connection.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { createMigratedDatabase, type TestDatabase } from './support/database.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';

let database: TestDatabase;
let proxy: TcpProxy;
let harness: TestApp;

beforeAll(async () => {
  database = await createMigratedDatabase();
  const direct = new URL(database.url);
  proxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
  const proxied = new URL(database.url);
  proxied.hostname = '127.0.0.1';
  proxied.port = String(proxy.port);
  harness = await startTestApp({
    database: { url: proxied.toString(), ownerUrl: database.ownerUrl, drop: async () => {} },
    environment: {
      RATE_LIMIT_PER_IP: '0',
      RATE_LIMIT_PER_EMAIL: '0',
      DATABASE_POOL_TIMEOUT_MS: '1000',
      DATABASE_STATEMENT_TIMEOUT_MS: '1500',
    },
  });
});

afterAll(async () => {
  await harness?.close();
  await proxy?.close();
  await database?.drop();
});

const lookUpStatus = () =>
  harness.app.inject({ method: 'POST', url: '/api/v1/status', payload: { reference: 'RD-0000-0000' } });

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

async function expectUnavailable() {
  const { value: api, ms } = await timed(lookUpStatus);
  expect(api.statusCode).toBe(503);
  expect(api.json().error.code).toBe('UNAVAILABLE');
  expect(Number(api.headers['retry-after'])).toBeGreaterThan(0);
  // Pool wait plus one statement's bound, with room for a busy machine.
  expect(ms).toBeLessThan(6_000);
  const ready = await timed(() => harness.app.inject({ method: 'GET', url: '/readyz' }));
  expect(ready.value.statusCode).toBe(503);
  expect(ready.value.json()).toMatchObject({ status: 'not_ready', database: 'unreachable' });
  expect(ready.ms).toBeLessThan(2_000);
  expect((await harness.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
}

async function expectServingAgain() {
  // The pool drops the broken connections as it meets them; a few tries at most.
  let status = 0;
  for (let attempt = 0; attempt < 10 && status !== 202; attempt += 1) {
    status = (await lookUpStatus()).statusCode;
    if (status !== 202) await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(status).toBe(202);
  expect((await harness.app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
}

describe('when the database goes away', () => {
  it('serves while it is up', async () => {
    expect((await lookUpStatus()).statusCode).toBe(202);
  });

  it('answers 503 with Retry-After while it is stopped, and serves again once it is back', async () => {
    await proxy.stop();
    await expectUnavailable();
    await proxy.restore();
    await expectServingAgain();
  });

  it('answers 503 within its bounds while it hangs, and /readyz within 2 s', async () => {
    proxy.freeze();
    await expectUnavailable();
    await proxy.restore();
    await expectServingAgain();
  });

  it('shows a page that asks them to try again, naming nothing of the database', async () => {
    await proxy.stop();
    // A console visit looks its session up in the database.
    const page = await harness.app.inject({
      method: 'GET',
      url: '/staff',
      cookies: { rd_staff: 'a'.repeat(43) },
    });
    expect(page.statusCode).toBe(503);
    expect(page.headers['retry-after']).toBeDefined();
    expect(page.body).toContain('try again in a few seconds');
    expect(page.body).not.toMatch(/postgres|127\.0\.0\.1|ECONN/i);
    await proxy.restore();
    await expectServingAgain();
  });
});

describe('when queries queue for a connection', () => {
  it('sheds new requests at once with 503 and Retry-After, and /healthz still answers', async () => {
    const direct = new URL(database.url);
    const slowProxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
    const proxied = new URL(database.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(slowProxy.port);
    const small = await startTestApp({
      database: { url: proxied.toString(), ownerUrl: database.ownerUrl, drop: async () => {} },
      environment: {
        RATE_LIMIT_PER_IP: '0',
        RATE_LIMIT_PER_EMAIL: '0',
        DATABASE_POOL_SIZE: '1',
        DATABASE_POOL_TIMEOUT_MS: '5000',
        OVERLOAD_MAX_POOL_WAITING: '2',
      },
    });
    try {
      slowProxy.freeze();
      const stuck = Array.from({ length: 5 }, () =>
        small.app.inject({ method: 'POST', url: '/api/v1/status', payload: { reference: 'RD-0000-0000' } }),
      );
      // The pool is looked at four times a second.
      await new Promise((resolve) => setTimeout(resolve, 600));
      const { value: shed, ms } = await timed(() =>
        small.app.inject({ method: 'POST', url: '/api/v1/status', payload: { reference: 'RD-0000-0000' } }),
      );
      expect(shed.statusCode).toBe(503);
      expect(shed.headers['retry-after']).toBeDefined();
      expect(ms).toBeLessThan(1_000);
      expect((await small.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
      await slowProxy.restore();
      await Promise.all(stuck);
    } finally {
      await small.close();
      await slowProxy.close();
    }
  });
});
