import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { createMigratedDatabase, type TestDatabase } from './support/database.js';

let database: TestDatabase;
let first: TestApp;
let second: TestApp;

const limits = {
  RATE_LIMIT_PER_IP: '3',
  RATE_LIMIT_PER_EMAIL: '2',
  RATE_LIMIT_WINDOW_SECONDS: '600',
  SMTP_URL: 'smtp://127.0.0.1:9',
};

beforeAll(async () => {
  database = await createMigratedDatabase();
  // Two instances on one database; closing them must not drop it twice.
  const shared = { ...database, drop: async () => {} };
  first = await startTestApp({ database: shared, environment: limits });
  second = await startTestApp({ database: shared, environment: limits });
});

afterAll(async () => {
  await first.close();
  await second.close();
  await database.drop();
});

const lookup = (app: TestApp, ip: string) =>
  app.app.inject({
    method: 'POST',
    url: '/api/v1/status',
    payload: { reference: 'RD-0000-0000' },
    remoteAddress: ip,
  });

describe('rate limits', () => {
  it('are shared by every instance on the database, per IP, with Retry-After', async () => {
    const statuses = [
      (await lookup(first, '203.0.113.7')).statusCode,
      (await lookup(second, '203.0.113.7')).statusCode,
      (await lookup(first, '203.0.113.7')).statusCode,
    ];
    expect(statuses).toEqual([202, 202, 202]);
    const limited = await lookup(second, '203.0.113.7');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await lookup(first, '198.51.100.1')).statusCode).toBe(202);
    const stored = await first.db.rateLimitCounter.findMany();
    expect(JSON.stringify(stored)).not.toContain('203.0.113.7');
  });

  it('count submissions per email across IPs', async () => {
    const submit = (app: TestApp, ip: string) =>
      app.app.inject({
        method: 'POST',
        url: '/api/v1/requests',
        remoteAddress: ip,
        payload: {
          type: 'limit',
          subject: { firstName: 'A', lastName: 'B', email: 'same@example.com', state: 'CA' },
        },
      });
    expect((await submit(first, '192.0.2.1')).statusCode).toBe(201);
    expect((await submit(second, '192.0.2.2')).statusCode).toBe(200);
    const limited = await submit(first, '192.0.2.3');
    expect(limited.statusCode).toBe(429);
    const stored = await first.db.rateLimitCounter.findMany();
    expect(JSON.stringify(stored)).not.toContain('same@example.com');
  });
});
