// An access package delivered as the completion email promises: a link, a fresh
// emailed code per download, the ZIP with the HTML and JSON report, a download
// limit, an expiry after which the package is deleted; every step audited.

import { describe, expect, it } from 'vitest';
import { purgeExpiredAccessPackages } from '../src/services/fulfilment-report/purge-expired-access-packages.js';
import { NO_RATE_LIMITS } from './support/app.js';
import { useConsumerTestApp } from './support/consumer.js';
import { CookieClient } from './support/cookie-client.js';
import { completedKnowRequest, unzip } from './support/fulfilment.js';
import { createTestClock, MONDAY_MORNING } from './support/services.js';
import { codeIn, type ReceivedMail } from './support/smtp.js';

const clock = createTestClock(MONDAY_MORNING);
const harness = useConsumerTestApp({
  clock,
  environment: { ...NO_RATE_LIMITS, ACCESS_PACKAGE_DOWNLOAD_LIMIT: '2', ACCESS_PACKAGE_TTL_DAYS: '10' },
});
const JANE = 'jane.roe@example.com';
const ANN = 'ann.lee@example.com';

function linkTokenOf(mail: ReceivedMail): string {
  const match = /\/access-report\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match?.[1]) throw new Error(`no report link in "${mail.subject}"`);
  return match[1];
}

/** Asks for a code on the download page and answers the code the email brings. */
async function freshCode(client: CookieClient, token: string, email = JANE): Promise<string> {
  // A new code may be asked for once the cooldown since the last one has passed.
  clock.set(new Date(clock.now().getTime() + 61_000));
  const before = harness.smtp.messages.length;
  const asked = await client.post('/access-report/code', { token }, `/access-report?token=${token}`);
  expect(asked.status).toBe(200);
  const mail = await harness.mailTo(
    email,
    (candidate) =>
      candidate.subject.includes('download') && harness.smtp.messages.indexOf(candidate) >= before,
  );
  return codeIn(mail);
}

async function download(client: CookieClient, token: string, code: string) {
  return client.post('/access-report/download', { token, code }, `/access-report?token=${token}`);
}

describe('access package delivery', () => {
  it('emails a link; each download needs a fresh code; the ZIP holds the HTML and JSON report; the limit is kept', async () => {
    clock.set(MONDAY_MORNING);
    const requestId = await completedKnowRequest(harness.app.deps);
    const completion = await harness.mailTo(JANE, (mail) => mail.subject.includes('is complete'));
    expect(completion.text).toContain('up to 2 downloads');
    const token = linkTokenOf(completion);

    const client = new CookieClient(harness.app);
    const page = await client.get(`/access-report?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Downloads left: 2');

    const code = await freshCode(client, token);
    const wrong = await download(client, token, code === '000000' ? '111111' : '000000');
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('That code is not right');

    const first = await download(client, token, code);
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/zip');
    expect(first.headers['cache-control']).toBe('no-store');
    const files = await unzip(first.rawPayload);
    expect([...files.keys()].sort()).toEqual(['report.html', 'report.json']);
    const html = files.get('report.html') ?? '';
    expect(html).toContain('jane.roe@example.com');
    expect(html).toContain('streaming-enthusiast');
    expect(html).toContain('Held, not shown for your security');
    expect(html).not.toContain('6789');
    const json = JSON.parse(files.get('report.json') ?? '{}') as { reference: string; pieces: unknown[] };
    expect(json.pieces).toHaveLength(4);
    expect(JSON.stringify(json)).not.toContain('6789');

    // The code is spent by the download.
    expect((await download(client, token, code)).status).toBe(400);

    const second = await download(client, token, await freshCode(client, token));
    expect(second.status).toBe(200);
    const spent = await client.get(`/access-report?token=${token}`);
    expect(spent.status).toBe(410);
    expect(spent.body).toContain('downloaded as many times as allowed');

    const audit = await harness.db.auditEvent.findMany({
      where: { requestId },
      orderBy: { sequence: 'asc' },
    });
    expect(
      audit.filter((event) => event.action === 'access_package.downloaded').map((event) => event.payload),
    ).toEqual([
      expect.objectContaining({ download: 1, downloadLimit: 2 }),
      expect.objectContaining({ download: 2, downloadLimit: 2 }),
    ]);
    // The package is encrypted at rest: the stored bytes hold no value of the report.
    const stored = await harness.db.accessPackage.findUniqueOrThrow({ where: { requestId } });
    expect(Buffer.from(stored.sealed ?? []).toString('latin1')).not.toContain('jane.roe');
  });

  it('refuses the link after expiry, and the purge deletes the package and audits it', async () => {
    clock.set(MONDAY_MORNING);
    const requestId = await completedKnowRequest(harness.app.deps, undefined, { subject: { email: ANN } });
    const completion = await harness.mailTo(ANN, (mail) => mail.subject.includes('is complete'));
    const token = linkTokenOf(completion);
    const client = new CookieClient(harness.app);
    const code = await freshCode(client, token, ANN);

    clock.advanceHours(10 * 24 + 1);
    const expired = await client.get(`/access-report?token=${token}`);
    expect(expired.status).toBe(410);
    expect(expired.body).toContain('This link has expired');
    const late = await client.post('/access-report/download', { token, code }, '/status');
    expect(late.status).toBe(410);

    expect(await purgeExpiredAccessPackages(harness.app.deps)).toBeGreaterThanOrEqual(1);
    const purged = await harness.db.accessPackage.findUniqueOrThrow({ where: { requestId } });
    expect(purged.sealed).toBeNull();
    expect(purged.purgedAt).not.toBeNull();
    const actions = (await harness.db.auditEvent.findMany({ where: { requestId } })).map(
      (event) => event.action,
    );
    expect(actions).toContain('access_package.purged');
  });

  it('switches language on the download page, after a code was asked for too, without losing the link', async () => {
    await completedKnowRequest(harness.app.deps, undefined, {
      subject: { email: 'lang.switch@example.com' },
    });
    const token = linkTokenOf(
      await harness.mailTo('lang.switch@example.com', (mail) => mail.subject.includes('is complete')),
    );
    const client = new CookieClient(harness.app, { 'accept-language': 'en' });
    clock.set(new Date(clock.now().getTime() + 61_000));
    const asked = await client.post('/access-report/code', { token }, `/access-report?token=${token}`);
    const href =
      /class="language-switch" href="([^"]+)"/.exec(asked.body)?.[1]?.replaceAll('&amp;', '&') ?? '';
    const switched = await client.get(href);
    expect(switched.status).toBe(303);
    expect(switched.location).toBe(`/access-report?token=${token}`);
    const spanish = await client.get(switched.location!);
    expect(spanish.body).toContain('<html lang="es">');
    expect(spanish.body).toContain(`name="token" value="${token}"`);
  });

  it('sends the language switch back to a page with any other query to the home page', async () => {
    const client = new CookieClient(harness.app);
    const back = encodeURIComponent('/access-report?token=abc&next=https://evil.example');
    expect((await client.get(`/language/es?back=${back}`)).location).toBe('/');
  });

  it('answers an unknown or malformed link with 404 and never a server error', async () => {
    const client = new CookieClient(harness.app);
    for (const url of [
      '/access-report',
      '/access-report?token=abc',
      `/access-report?token=${'x'.repeat(500)}`,
    ]) {
      expect((await client.get(url)).status).toBe(404);
    }
    const posted = await client.post('/access-report/download', { token: 'nope', code: '12' }, '/status');
    expect(posted.status).toBe(404);
  });
});
