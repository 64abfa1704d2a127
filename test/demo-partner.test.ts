// The sample telecom's webhook partner: served only in demo mode, it accepts
// only events whose Standard Webhooks signature verifies, answers access with
// what it holds, and after a delete holds nothing more.

import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app.js';

const demo = useTestApp({ environment: { DEMO_MODE: 'true' } });
const plain = useTestApp();

const CUSTOMER = 'maria.lopez.0@example.com';

function event(type: string, email: string) {
  return JSON.stringify({
    type: `privacy_request.${type}`,
    timestamp: new Date().toISOString(),
    data: { taskId: randomUUID(), reference: 'RD-TEST', identity: { email } },
  });
}

async function send(body: string, secret = demo.config.connectorVariable('DEMO_ADTECH_WEBHOOK_SECRET')!) {
  const id = `msg_${randomUUID()}`;
  const timestamp = new Date();
  return demo.app.inject({
    method: 'POST',
    url: '/demo/partner/privacy',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, timestamp, body),
    },
    payload: body,
  });
}

describe('the sample webhook partner', () => {
  it('answers a signed access event with what it holds, and holds nothing after a delete', async () => {
    const access = await send(event('access', CUSTOMER));
    expect(access.statusCode).toBe(200);
    const held = access.json<{ outcome: string; records: { category: string }[] }>();
    expect(held.outcome).toBe('done');
    expect(held.records.map((record) => record.category)).toEqual([
      'identifiers',
      'inferences',
      'internet_activity',
    ]);

    expect((await send(event('delete', CUSTOMER))).json()).toEqual({ outcome: 'done' });
    expect((await send(event('access', CUSTOMER))).json()).toEqual({ outcome: 'no_data' });
  });

  it('refuses an event whose signature does not verify, and a body that is no privacy event', async () => {
    const forged = await send(
      event('access', CUSTOMER),
      `whsec_${Buffer.from('not the partner secret!!').toString('base64')}`,
    );
    expect(forged.statusCode).toBe(401);
    expect((await send(JSON.stringify({ type: 'something.else' }))).statusCode).toBe(400);
  });

  it('is not served outside demo mode', async () => {
    const response = await plain.app.inject({ method: 'POST', url: '/demo/partner/privacy', payload: {} });
    expect(response.statusCode).toBe(404);
  });
});
