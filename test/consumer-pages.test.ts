// The consumer pages through app.inject on the real app and a real PostgreSQL:
// every form re-renders with the values typed and a message on each bad field,
// nothing a visitor sends produces a 5xx, and Global Privacy Control is honoured.

import { describe, expect, it } from 'vitest';
import { CONSUMER_PAGES } from './support/consumer-pages.js';
import { NO_RATE_LIMITS } from './support/app.js';
import { useConsumerTestApp } from './support/consumer.js';
import { CookieClient, toUrlEncoded } from './support/cookie-client.js';

let counter = 0;
const harness = useConsumerTestApp({ environment: NO_RATE_LIMITS });

const uniqueEmail = () => `visitor.${(counter += 1)}.${Date.now()}@example.com`;
const session = (headers: Record<string, string> = {}) => new CookieClient(harness.app, headers);

describe('every consumer page', () => {
  it.each(CONSUMER_PAGES)(
    '%s answers in English and in Spanish, with the language on <html>',
    async (page) => {
      const english = await session({ 'accept-language': 'en-US,en;q=0.9' }).get(page);
      expect(english.status).toBe(200);
      expect(english.body).toContain('<html lang="en">');
      expect(english.body).toContain('Your Privacy Rights');
      const spanish = await session({ 'accept-language': 'es-MX,es;q=0.9,en;q=0.5' }).get(page);
      expect(spanish.status).toBe(200);
      expect(spanish.body).toContain('<html lang="es">');
      expect(spanish.body).toContain('Sus derechos de privacidad');
    },
  );

  it('remembers the language chosen with the switch, whatever Accept-Language says', async () => {
    const visitor = session({ 'accept-language': 'en' });
    const switched = await visitor.get('/language/es?back=%2Frequests%2Fdelete');
    expect(switched.status).toBe(303);
    expect(switched.location).toBe('/requests/delete');
    expect((await visitor.get('/requests/delete')).body).toContain('Solicitud de eliminación');
    expect((await visitor.get('/language/es?back=https%3A%2F%2Fevil.example')).location).toBe('/');
    expect((await visitor.get('/language/es?back=%2F%2Fevil.example')).location).toBe('/');
  });

  it('links "Your Privacy Rights" and "Your California Privacy Rights" and gives the phone and email', async () => {
    const page = await session().get('/');
    expect(page.body).toContain('Your California Privacy Rights');
    expect(page.body).toContain('703-787-0088');
    expect(page.body).toMatch(/write to [^ ]+@/);
  });
});

describe('submitting a request from its form', () => {
  it('creates the request, redirects to a confirmation with the reference and the legal time frame', async () => {
    const visitor = session();
    const email = uniqueEmail();
    const posted = await visitor.post('/requests/delete', {
      firstName: 'Ana',
      lastName: 'García',
      email,
      state: 'CA',
      ageBand: '16_plus',
      accountNumber: 'AC-1001',
    });
    expect(posted.status).toBe(303);
    const reference = /^\/confirmation\/(RD-[0-9A-Z]{4}-[0-9A-Z]{4})$/.exec(posted.location ?? '')?.[1];
    expect(reference).toBeDefined();
    expect(posted.location).not.toContain('@');
    const confirmation = await visitor.get(posted.location ?? '');
    expect(confirmation.status).toBe(200);
    expect(confirmation.body).toContain(reference);
    expect(confirmation.body).toMatch(/We confirm receipt by [A-Z][a-z]+ \d{1,2}, \d{4}/);
    expect(confirmation.body).toMatch(/We respond by [A-Z][a-z]+ \d{1,2}, \d{4}/);
    expect(confirmation.body).not.toContain(email);
    const stored = await harness.db.privacyRequest.findUniqueOrThrow({
      where: { reference: reference ?? '' },
    });
    expect(stored).toMatchObject({ type: 'delete', channel: 'web', status: 'awaiting_verification' });

    // Another browser cannot see the confirmation of a reference it did not submit.
    expect((await session().get(posted.location ?? '')).location).toBe('/status');
  });

  it('takes the one-step opt-out without verification and completes it', async () => {
    const email = uniqueEmail();
    // Regs 7026(c): the form asks for one identifier, nothing more.
    const page = await session().get('/do-not-sell-or-share');
    for (const field of ['firstName', 'lastName', 'state', 'ageBand']) {
      expect(page.body, field).not.toContain(`name="${field}"`);
    }
    const posted = await session().post('/do-not-sell-or-share', { email });
    expect(posted.status).toBe(303);
    const request = await harness.db.privacyRequest.findFirstOrThrow({ where: { subject: { email } } });
    expect(request).toMatchObject({ type: 'opt_out', status: 'completed' });
  });

  it('takes a Shine the Light suppression with one identifier and completes it (Civ. 1798.83(c)(2))', async () => {
    const rights = await session().get('/');
    expect(rights.body).toContain('href="/requests/shine-the-light-suppression"');
    const page = await session().get('/requests/shine-the-light-suppression');
    expect(page.body).toContain('third parties for their direct marketing purposes');
    for (const field of ['firstName', 'lastName', 'state', 'ageBand']) {
      expect(page.body, field).not.toContain(`name="${field}"`);
    }
    const posted = await session().post('/requests/shine-the-light-suppression', {
      accountNumber: 'SL-4242',
    });
    expect(posted.status).toBe(303);
    const preference = await harness.db.consumerPreference.findUniqueOrThrow({
      where: { identityKind_identityValue: { identityKind: 'account_number', identityValue: 'SL4242' } },
    });
    expect(preference).toMatchObject({ directMarketingSuppressed: true, doNotSellOrShare: false });
  });

  it('answers a filled honeypot as if accepted and records nothing', async () => {
    const email = uniqueEmail();
    const posted = await session().post('/requests/delete', {
      firstName: 'Bot',
      lastName: 'Bot',
      email,
      state: 'CA',
      ageBand: '16_plus',
      website: 'http://spam.example',
    });
    expect(posted.status).toBe(303);
    expect(posted.location).toBe('/confirmation');
    expect(await harness.db.requestSubject.count({ where: { email } })).toBe(0);
  });

  it('refuses a post without the CSRF token with a 403 page', async () => {
    const posted = await session().postRaw('/requests/delete', toUrlEncoded({ firstName: 'A' }));
    expect(posted.status).toBe(403);
    expect(posted.body).toContain('This form has expired');
  });
});

describe('forms that fail validation', () => {
  const invalid: [string, Record<string, string | string[]>, string[]][] = [
    ['/requests/know', { firstName: 'Ana', email: 'not-an-email', state: 'CA', ageBand: '16_plus' }, ['lastName', 'email', 'categories']],
    ['/requests/know', { firstName: 'Ana', lastName: 'G', email: 'a@example.com', state: 'CA', ageBand: '16_plus', specificPieces: 'yes' }, ['declaration', 'signature']],
    ['/requests/delete', { firstName: 'Ana', lastName: 'G', email: 'a@example.com', state: 'ZZ', ageBand: 'under_13', addressLine1: '1 Main St' }, ['state', 'parentGuardian', 'addressCity']],
    ['/requests/correct', { firstName: 'Ana', lastName: 'G', email: 'a@example.com', state: 'CA', ageBand: '16_plus', correctionField: 'shoe_size' }, ['correctionField', 'currentValue', 'requestedValue']],
    ['/do-not-sell-or-share', { email: '', phone: '', accountNumber: '' }, ['email']],
    ['/requests/shine-the-light-suppression', { email: '', phone: '', accountNumber: '' }, ['email']],
    ['/limit-sensitive', { email: 'not-an-email', phone: '12' }, ['email', 'phone']],
    ['/requests/nevada-opt-out', { firstName: 'Ana', lastName: 'G', email: 'a@example.com', state: 'NV', ageBand: '16_plus', phone: '12' }, ['phone']],
    ['/requests/shine-the-light', { firstName: 'Ana', lastName: 'G', email: 'a@example.com', state: 'CA', ageBand: '16_plus', addressLine1: '1 Main', addressCity: 'LA', addressState: 'CA', addressPostalCode: '9' }, ['addressPostalCode']],
  ]; // prettier-ignore

  it.each(invalid)(
    '%s keeps the values and ties a message to each bad field',
    async (page, fields, badFields) => {
      const response = await session().post(page, fields);
      expect(response.status).toBe(400);
      expect(response.body).toContain('There is a problem');
      for (const field of badFields) {
        expect(response.body, field).toContain(`href="#field-${field}"`);
        expect(response.body, field).toContain(`id="field-${field}-error"`);
        expect(response.body, field).toMatch(new RegExp(`aria-describedby="[^"]*field-${field}-error`));
      }
      for (const [name, value] of Object.entries(fields)) {
        if (typeof value !== 'string' || value === '' || value === 'yes') continue;
        if (['state', 'addressState', 'ageBand', 'correctionField'].includes(name)) continue;
        expect(response.body, name).toContain(`name="${name}" type`);
        expect(response.body, name).toContain(`value="${value}"`);
      }
    },
  );

  it('words the messages in Spanish on a Spanish page', async () => {
    const response = await session({ 'accept-language': 'es' }).post('/requests/delete', { email: 'x' });
    expect(response.status).toBe(400);
    expect(response.body).toContain('Hay un problema');
    expect(response.body).toContain('Escriba un correo electrónico como nombre@ejemplo.com.');
  });

  it('re-renders the status and verification forms with a field message', async () => {
    const lookup = await session().post('/status', { reference: 'bad!' });
    expect(lookup.status).toBe(400);
    expect(lookup.body).toContain('value="bad!"');
    expect(lookup.body).toContain('id="field-reference-error"');
    const code = await session().post('/verify/RD-0000-0000', { code: '12ab' });
    expect(code.status).toBe(400);
    expect(code.body).toContain('value="12ab"');
    expect(code.body).toContain('id="field-code-error"');
    const wrong = await session().post('/verify/RD-0000-0000', { code: '123456' });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain('That code is not right or has expired');
  });

  it('re-renders the agent form with values and messages, and refuses a file that is not PDF, PNG or JPEG', async () => {
    const visitor = session();
    const token = await visitor.csrfToken('/agents');
    const boundary = '----rightsdesk-test';
    const part = (name: string, value: string) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const body =
      part('_csrf', token) +
      part('agentKind', 'business') +
      part('agentName', 'Acme Privacy Agents') +
      part('requestType', 'delete') +
      part('firstName', 'Ana') +
      part('email', 'ana@example.com') +
      part('state', 'CA') +
      part('documentKind', 'signed_permission') +
      `--${boundary}\r\nContent-Disposition: form-data; name="document"; filename="permission.pdf"\r\n` +
      `Content-Type: application/pdf\r\n\r\n<html>not a pdf</html>\r\n--${boundary}--\r\n`;
    const response = await visitor.postRaw('/agents', body, `multipart/form-data; boundary=${boundary}`);
    expect(response.status).toBe(400);
    expect(response.body).toContain('value="Acme Privacy Agents"');
    for (const field of ['secretaryOfStateNumber', 'lastName', 'document']) {
      expect(response.body, field).toContain(`id="field-${field}-error"`);
    }
    expect(response.body).toContain('This file is not a PDF, PNG or JPEG');
  });
});

describe('hostile input', () => {
  const SCRIPT = '<script>alert(1)</script>';
  const payloads: [string, string, string][] = [
    ['script tags', 'application/x-www-form-urlencoded', toUrlEncoded({ firstName: SCRIPT, lastName: `"><img src=x onerror=alert(1)>`, email: SCRIPT, state: SCRIPT, ageBand: SCRIPT })],
    ['repeated fields', 'application/x-www-form-urlencoded', 'firstName=a&firstName=b&email=a@b.co&email=c&state=CA&state=NV'],
    ['broken percent-encoding', 'application/x-www-form-urlencoded', 'firstName=%FF%FE%E2%28%A1&lastName=%&email=%C3%28&state=%00CA'],
    ['NUL and lone surrogates', 'application/x-www-form-urlencoded', toUrlEncoded({ firstName: 'A\u0000B', lastName: '\uD800x', email: 'a@b.co', state: 'CA', ageBand: '16_plus' })],
    ['a huge string', 'application/x-www-form-urlencoded', toUrlEncoded({ firstName: 'x'.repeat(200_000), email: 'a@b.co' })],
    ['a body over the limit', 'application/x-www-form-urlencoded', toUrlEncoded({ firstName: 'x'.repeat(400_000) })],
    ['JSON with wrong types', 'application/json', JSON.stringify({ firstName: 42, lastName: ['a'], email: { a: 1 }, state: null, ageBand: true })],
    ['malformed JSON', 'application/json', '{"firstName":'],
    ['an unknown content type', 'text/plain', 'hello'],
    ['a broken multipart body', 'multipart/form-data; boundary=xyz', '--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb'],
  ]; // prettier-ignore

  for (const page of ['/requests/delete', '/requests/know', '/requests/correct', '/do-not-sell-or-share', '/agents', '/status', '/verify/RD-0000-0000', '/status/RD-0000-0000/code']) {
    it.each(payloads)(`${page}: %s gives no 5xx and no unescaped markup`, async (_name, contentType, payload) => {
      const visitor = session();
      const token = await visitor.csrfToken(page === '/status/RD-0000-0000/code' ? '/status' : page);
      const withToken = contentType.startsWith('application/x-www-form-urlencoded')
        ? `_csrf=${encodeURIComponent(token)}&${payload}`
        : payload;
      const response = await visitor.postRaw(page, withToken, contentType);
      expect(response.status).toBeLessThan(500);
      expect(response.status).toBeGreaterThanOrEqual(300);
      expect(response.body).not.toContain('<script>alert(1)</script>');
      expect(response.body).not.toContain('<img src=x');
    });
  } // prettier-ignore

  it('GETs with odd paths and queries give no 5xx', async () => {
    for (const url of ['/verify/%FF', '/verify?token=%00', '/verify?token[]=a', '/status/%E2%28/code', '/confirmation/RD-ZZZZ-ZZZZ', '/language/xx', '/requests/nope', `/status/${'A'.repeat(5000)}`]) {
      const response = await session().get(url);
      expect(response.status, url).toBeLessThan(500);
    }
  }); // prettier-ignore
});

describe('Global Privacy Control', () => {
  it('serves /.well-known/gpc.json', async () => {
    const response = await harness.app.inject({ url: '/.well-known/gpc.json' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ gpc: true, lastUpdate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
  });

  it('records one opt-out per browser, says so on every page in both languages, and needs exactly "1"', async () => {
    const before = await harness.db.privacyRequest.count({ where: { channel: 'gpc' } });
    const browser = session({ 'sec-gpc': '1' });
    const first = await browser.get('/');
    expect(first.body).toContain('Opt-Out Request Honored');
    expect(browser.cookies.has('rd_gpc')).toBe(true);
    await browser.get('/requests/delete');
    const spanish = await browser.get('/status', { 'accept-language': 'es' });
    expect(spanish.body).toContain('Solicitud de exclusión respetada');
    expect(await harness.db.privacyRequest.count({ where: { channel: 'gpc' } })).toBe(before + 1);
    const recorded = await harness.db.privacyRequest.findFirstOrThrow({ where: { channel: 'gpc' }, orderBy: { createdAt: 'desc' } });
    expect(recorded).toMatchObject({ type: 'opt_out', status: 'completed' });
    const stored = await harness.db.gpcBrowser.findFirstOrThrow({ where: { requestId: recorded.id } });
    expect(stored.cookieHash).toMatch(/^[0-9a-f]{64}$/);

    for (const value of ['0', '1 ', 'true', '']) {
      const page = await session({ 'sec-gpc': value }).get('/');
      expect(page.body, JSON.stringify(value)).not.toContain('Opt-Out Request Honored');
    }
    expect(await harness.db.privacyRequest.count({ where: { channel: 'gpc' } })).toBe(before + 1);
  }); // prettier-ignore

  it('records one request for one browser even when its requests arrive at once', async () => {
    const browser = session({ 'sec-gpc': '1' });
    await browser.get('/');
    const before = await harness.db.privacyRequest.count({ where: { channel: 'gpc' } });
    await Promise.all(Array.from({ length: 8 }, () => browser.get('/status')));
    expect(await harness.db.privacyRequest.count({ where: { channel: 'gpc' } })).toBe(before);
  });

  it('also honours the signal on API calls', async () => {
    const response = await harness.app.inject({ url: '/api/v1/preferences?email=a@example.com', headers: { 'sec-gpc': '1' } });
    expect(response.statusCode).toBeLessThan(500);
    expect(response.cookies.some((cookie) => cookie.name === 'rd_gpc')).toBe(true);
  }); // prettier-ignore
});
