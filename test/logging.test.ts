import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useTestApp } from './support/app.js';

const harness = useTestApp();

const EMAIL = 'maria.consumer@example.com';
const PHONE = '+1 415 555 0199';

beforeAll(async () => {
  // A careless route that logs whatever it received, to prove redaction covers it.
  harness.app.post('/api/test/careless', async (request) => {
    request.log.info({ body: request.body, subject: request.body }, 'received');
    throw new Error(`could not process ${EMAIL} / ${PHONE}`);
  });
  harness.app.post(
    '/api/test/strict',
    { schema: { body: z.object({ email: z.email() }) } },
    async () => ({}),
  );
  await harness.app.ready();
});

describe('logging', () => {
  it('never writes an email or phone sent in a request body, headers or error messages', async () => {
    await harness.app.inject({
      method: 'POST',
      url: `/api/test/careless?email=${encodeURIComponent(EMAIL)}`,
      headers: { authorization: 'Bearer secret-token-value', cookie: 'session=secret-cookie' },
      payload: { email: EMAIL, phone: PHONE, subject: { email: EMAIL } },
    });
    await harness.app.inject({ method: 'POST', url: '/api/test/strict', payload: { email: `${EMAIL}x@` } });
    await harness.app.inject({
      method: 'POST',
      url: '/api/test/strict',
      headers: { 'content-type': 'application/json' },
      payload: `{"email":"${EMAIL}",`,
    });

    const output = harness.logLines.join('\n');
    expect(harness.logLines.length).toBeGreaterThan(5);
    expect(output).toContain('request failed');
    expect(output).not.toContain('maria.consumer');
    expect(output).not.toContain('555 0199');
    expect(output).not.toContain('secret-token-value');
    expect(output).not.toContain('secret-cookie');
  });

  it('puts the request id on every request log line', async () => {
    const response = await harness.app.inject({ method: 'GET', url: '/healthz' });
    const requestId = response.headers['x-request-id'];
    const lines = harness.logLines.filter((line) => line.includes(String(requestId)));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(JSON.parse(line).requestId).toBe(requestId);
  });
});
