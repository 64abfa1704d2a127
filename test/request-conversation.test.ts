// The conversation on a request: an officer's question goes out as a threaded
// email in the requester's language, the requester's replies (by email, or
// from the status page after its code) join it and wait, unread, in front of
// the officer; the staff API shows it as `messages`.

import { describe, expect, it } from 'vitest';
import { createApiToken } from '../src/services/api-tokens/create-api-token.js';
import { requestMoreInformation } from '../src/services/requests/request-more-information.js';
import { CookieClient } from './support/cookie-client.js';
import { useEmailChannelTestApp } from './support/inbound-mail.js';
import { codeIn } from './support/smtp.js';
import { createStaffUser } from './support/staff.js';

const harness = useEmailChannelTestApp();
const EMAIL = 'rosa.diaz@example.com';

async function staffApiDetail(requestId: string) {
  const { token } = await createApiToken(
    { db: harness.db, clock: { now: () => new Date() } },
    { input: { name: 'officer tool', role: 'privacy_officer' }, actor: { type: 'system', id: 'test' } },
  );
  const response = await harness.app.inject({
    url: `/api/v1/staff/requests/${requestId}`,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.statusCode).toBe(200);
  return response.json<{
    language: string;
    messages: { direction: string; channel: string; subject: string; text: string }[];
  }>();
}

describe('the conversation on a request', () => {
  it('asks for more information in the requester’s language, threaded, and takes the reply back to the officer', async () => {
    const messageId = await harness.send({
      from: `Rosa Díaz <${EMAIL}>`,
      subject: 'Solicitud de derechos de California',
      text: 'Quiero que eliminen mis datos personales.',
    });
    await harness.processInbound();
    const request = await harness.db.privacyRequest.findFirstOrThrow({
      where: { subject: { emailNormalized: EMAIL } },
    });
    const officer = await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' });
    const actor = { type: 'staff', id: officer.id } as const;

    await expect(
      requestMoreInformation(harness.app.deps, {
        requestId: request.id,
        message: 'Please send us the account number you have with us and your postal address.',
        actor,
      }),
    ).rejects.toThrow(/reads Spanish/);
    await requestMoreInformation(harness.app.deps, {
      requestId: request.id,
      message: 'Por favor envíenos el número de su cuenta y su dirección postal.',
      actor,
    });

    const question = await harness.mailTo(EMAIL, (mail) =>
      mail.subject.startsWith('Necesitamos más información'),
    );
    expect(question.text).toContain('el número de su cuenta');
    expect(question.inReplyTo).toBe(messageId);
    expect(question.subject).toContain(request.reference);

    await harness.send({
      from: `Rosa Díaz <${EMAIL}>`,
      subject: `Re: ${question.subject}`,
      text: 'Mi cuenta es AC-7788.',
      inReplyTo: question.messageId ?? '',
      references: [messageId, question.messageId ?? ''],
    });
    await harness.processInbound();

    const detail = await staffApiDetail(request.id);
    expect(detail.language).toBe('es');
    expect(detail.messages).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          direction: 'in',
          channel: 'email',
          text: expect.stringContaining('eliminen'),
        }),
        expect.objectContaining({
          direction: 'out',
          channel: 'email',
          text: expect.stringContaining('número de su cuenta'),
        }),
        expect.objectContaining({ direction: 'out', subject: expect.stringContaining('Recibimos') }),
        expect.objectContaining({
          direction: 'in',
          channel: 'email',
          text: 'Mi cuenta es AC-7788.',
          unread: true,
        }),
      ]),
    );
    expect(await harness.db.privacyRequest.count({ where: { subject: { emailNormalized: EMAIL } } })).toBe(1);
  });

  it('shows the conversation on the status page after the code, and takes a reply from there', async () => {
    const request = await harness.db.privacyRequest.findFirstOrThrow({
      where: { subject: { emailNormalized: EMAIL } },
    });
    const consumer = new CookieClient(harness.app);
    expect((await consumer.post('/status', { reference: request.reference })).status).toBe(303);
    const code = codeIn(await harness.mailTo(EMAIL, (mail) => mail.subject.includes('estado')));
    const codePage = `/status/${request.reference}/code`;
    expect((await consumer.post(codePage, { code })).status).toBe(303);

    const page = await consumer.get(`/status/${request.reference}`);
    expect(page.body).toContain('Mi cuenta es AC-7788.');
    expect(page.body).toContain('el número de su cuenta');

    const empty = await consumer.post(
      `/status/${request.reference}/reply`,
      { text: '   ' },
      `/status/${request.reference}`,
    );
    expect(empty.status).toBe(400);
    const sent = await consumer.post(
      `/status/${request.reference}/reply`,
      { text: 'También mi dirección: 1 Main St.' },
      `/status/${request.reference}`,
    );
    expect(sent.status).toBe(303);
    const stored = await harness.db.requestMessage.findFirstOrThrow({
      where: { requestId: request.id, channel: 'status_page' },
    });
    expect(stored).toMatchObject({ direction: 'in', text: 'También mi dirección: 1 Main St.', readAt: null });
  });
});
