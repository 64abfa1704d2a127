import { describe, expect, it } from 'vitest';
import { NO_RATE_LIMITS, useTestApp } from './support/app.js';

const METRICS_TOKEN = 'metrics-token-for-tests-only';
const harness = useTestApp({ environment: { ...NO_RATE_LIMITS, METRICS_TOKEN } });

const scrape = (token = METRICS_TOKEN) =>
  harness.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });

/** The value of a sample line, e.g. `rightsdesk_requests_open{status="awaiting_verification"}`. */
function sample(body: string, series: string): number | undefined {
  const line = body.split('\n').find((text) => text.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  it('needs the token when one is configured', async () => {
    expect((await harness.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    expect((await scrape('wrong-token-of-some-length')).statusCode).toBe(401);
  });

  it('reports requests by route pattern, the outbox, the audit lag and open requests, without personal data', async () => {
    const response = await harness.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      payload: {
        type: 'delete',
        subject: { firstName: 'Mia', lastName: 'Sol', email: 'metrics.person@example.com', state: 'CA' },
      },
    });
    expect(response.statusCode).toBe(201);
    const { reference } = response.json();
    await harness.app.inject({ method: 'GET', url: `/confirmation/${reference}` });

    const scraped = await scrape();
    expect(scraped.statusCode).toBe(200);
    expect(scraped.headers['content-type']).toContain('text/plain');
    const body = scraped.body;
    expect(
      sample(
        body,
        'rightsdesk_http_request_duration_seconds_count{method="POST",route="/api/v1/requests",status_code="201"}',
      ),
    ).toBe(1);
    expect(body).toContain('route="/confirmation/:reference"');
    expect(sample(body, 'rightsdesk_outbox_pending_messages')).toBe(2);
    expect(sample(body, 'rightsdesk_outbox_oldest_pending_seconds')).toBeGreaterThanOrEqual(0);
    expect(sample(body, 'rightsdesk_outbox_failed_messages')).toBe(0);
    expect(sample(body, 'rightsdesk_audit_unsealed_events')).toBeGreaterThan(0);
    expect(sample(body, 'rightsdesk_requests_open{status="awaiting_verification"}')).toBe(1);
    expect(sample(body, 'rightsdesk_requests_overdue')).toBe(0);
    // No data map here, so no tasks: every status is reported, at zero.
    expect(sample(body, 'rightsdesk_fulfilment_tasks{status="pending"}')).toBe(0);
    expect(sample(body, 'rightsdesk_fulfilment_tasks{status="failed"}')).toBe(0);
    expect(body).toMatch(/rightsdesk_database_connections\{state="[a-z ]+"\} \d+/);
    expect(body).toContain('rightsdesk_process_resident_memory_bytes');
    expect(body).not.toContain('metrics.person');
    expect(body).not.toContain(reference);
  });
});
