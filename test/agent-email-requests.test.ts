// An authorized agent writing to the privacy address with the consumer's
// signed permission attached (Regs 7063): a real SMTP client writes to the
// listener; the message becomes the consumer's request made by the agent, the
// attachment its proof of authority, or waits in the triage inbox, where an
// officer can make it an agent request with the attachment as the proof.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createApiToken } from '../src/services/api-tokens/create-api-token.js';
import { samplePdf } from './support/browser.js';
import { useEmailChannelTestApp } from './support/inbound-mail.js';
import { createStaffUser, signIn } from './support/staff.js';

const harness = useEmailChannelTestApp();
const sha256 = (content: Buffer) => createHash('sha256').update(content).digest('hex');

async function requestFor(consumerEmail: string) {
  return harness.db.privacyRequest.findFirstOrThrow({
    where: { subject: { emailNormalized: consumerEmail } },
    include: { agent: true, agentDocuments: true, subject: true },
  });
}

describe('an authorized agent’s email with an attachment', () => {
  it('becomes the consumer’s request made by the agent: the receipt to the agent in its thread, the confirmation to the consumer', async () => {
    const permission = samplePdf();
    const messageId = await harness.send({
      from: 'Pat Agent <pat.agent@agency.example>',
      subject: 'California Rights Request',
      text:
        'I am an authorized agent. On behalf of my client, Chris Consumer (chris.consumer@example.com), ' +
        'please delete the personal information you hold about them. Their signed permission is attached.',
      attachments: [{ filename: 'permission.pdf', content: permission }],
    });
    await harness.processInbound();

    const request = await requestFor('chris.consumer@example.com');
    expect(request).toMatchObject({
      type: 'delete',
      channel: 'email',
      submitter: 'authorized_agent',
      agent: { kind: 'person', name: 'Pat Agent', email: 'pat.agent@agency.example' },
      subject: { firstName: 'Chris', lastName: 'Consumer' },
    });
    expect(request.state).toMatchObject({ agentAuthorization: { signedPermission: true } });
    expect(request.agentDocuments).toMatchObject([
      { kind: 'signed_permission', mediaType: 'application/pdf', sha256: sha256(permission) },
    ]);
    expect(Buffer.from(request.agentDocuments[0]?.content ?? []).equals(permission)).toBe(true);
    const stored = await harness.db.inboundMessage.findFirstOrThrow({ where: { messageId } });
    expect(stored).toMatchObject({ classification: 'new_request', requestId: request.id });
    expect(request.receivedAt).toEqual(stored.receivedAt);

    const receipt = await harness.mailTo('pat.agent@agency.example', (mail) =>
      mail.subject.includes(request.reference),
    );
    expect(receipt.subject).toBe(`We received your privacy request ${request.reference}`);
    expect(receipt.inReplyTo).toBe(messageId);
    expect(receipt.references).toContain(messageId);
    expect(receipt.text).toContain('authorized agent of Chris Consumer');
    expect(receipt.text).toContain('delete the personal information of Chris Consumer');

    // Regs 7063(a)(2): the consumer confirms directly that they gave the agent permission.
    expect(request.status).toBe('awaiting_agent_authorization');
    const challenges = await harness.db.emailChallenge.findMany({ where: { requestId: request.id } });
    expect(challenges.map((challenge) => challenge.purpose)).toEqual(['agent_authorization_confirmation']);
    const [confirmation] = await harness.mailsTo('chris.consumer@example.com', 1);
    expect(confirmation?.subject).toBe(
      `Did you authorize an agent to make privacy request ${request.reference}?`,
    );
    expect(confirmation?.text).toContain('Pat Agent');
  });

  it('makes a Spanish agent’s opt-out with a power of attorney, applied at once', async () => {
    await harness.send({
      from: 'agencia@agency.example',
      subject: 'Solicitud de derechos de California',
      text:
        'Soy agente autorizado. En nombre de mi clienta Lucía Gómez (lucia.gomez@example.com): ' +
        'no vendan ni compartan sus datos personales. Adjunto el poder notarial.',
      attachments: [{ filename: 'poder.pdf', content: samplePdf() }],
    });
    await harness.processInbound();
    const request = await requestFor('lucia.gomez@example.com');
    expect(request).toMatchObject({
      type: 'opt_out',
      language: 'es',
      submitter: 'authorized_agent',
      status: 'completed',
    });
    expect(request.agentDocuments).toMatchObject([{ kind: 'power_of_attorney' }]);
  });

  it('waits in the triage inbox, saying why, when the consumer cannot be told from the message', async () => {
    const messageId = await harness.send({
      from: 'Pat Agent <pat.agent@agency.example>',
      subject: 'California Rights Request',
      text: 'I am an authorized agent acting on behalf of my client. Please delete their data. Permission attached.',
      attachments: [{ filename: 'permission.pdf', content: samplePdf() }],
    });
    const requestsBefore = await harness.db.privacyRequest.count();
    await harness.processInbound();
    const stored = await harness.db.inboundMessage.findFirstOrThrow({ where: { messageId } });
    expect(stored).toMatchObject({ classification: 'triage', requestId: null });
    expect(stored.classificationReason).toContain('no email address of the consumer');
    expect(await harness.db.privacyRequest.count()).toBe(requestsBefore);
  });
});

describe('an officer makes an agent request from the triage inbox', () => {
  async function inboxItemId(subject: string, token: string): Promise<string> {
    const response = await harness.app.inject({
      method: 'GET',
      url: '/api/v1/staff/inbox',
      headers: { authorization: `Bearer ${token}` },
    });
    const items = response.json<{ items: { id: string; subject: string }[] }>().items;
    const item = items.find((candidate) => candidate.subject === subject);
    expect(item).toBeDefined();
    return item?.id ?? '';
  }

  it('through the API: the sender becomes the agent and the chosen attachment their signed permission, audited', async () => {
    const permission = samplePdf();
    const messageId = await harness.send({
      from: 'Pat Agent <pat.agent@agency.example>',
      subject: 'Request for my client',
      text: 'I am an authorized agent acting for my client. Please delete their data. Permission attached.',
      attachments: [{ filename: 'permission.pdf', content: permission }],
    });
    await harness.processInbound();
    const { token } = await createApiToken(harness.app.deps, {
      input: { name: 'inbox tool', role: 'privacy_officer' },
      actor: { type: 'system', id: 'agent-email-test' },
    });
    const id = await inboxItemId('Request for my client', token);
    const created = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/staff/inbox/${id}/request`,
      headers: { authorization: `Bearer ${token}` },
      payload: {
        type: 'delete',
        agent: {
          attachment: 0,
          documentKind: 'signed_permission',
          consumer: { firstName: 'Robin', lastName: 'Client', email: 'robin.client@example.com' },
        },
      },
    });
    expect(created.statusCode, created.body).toBe(201);

    const request = await requestFor('robin.client@example.com');
    expect(request.id).toBe(created.json<{ requestId: string }>().requestId);
    expect(request).toMatchObject({
      submitter: 'authorized_agent',
      status: 'awaiting_agent_authorization',
      agent: { email: 'pat.agent@agency.example', name: 'Pat Agent' },
    });
    expect(request.agentDocuments).toMatchObject([{ kind: 'signed_permission', sha256: sha256(permission) }]);
    const audit = await harness.db.auditEvent.findFirstOrThrow({
      where: { action: 'inbound.triaged', requestId: request.id },
    });
    expect(audit.payload).toMatchObject({
      inboundMessageId: id,
      resolution: 'request_created',
      agentDocument: { index: 0, kind: 'signed_permission', sha256: sha256(permission) },
    });

    const receipt = await harness.mailTo('pat.agent@agency.example', (mail) =>
      mail.subject.includes(request.reference),
    );
    expect(receipt.inReplyTo).toBe(messageId);
    expect(receipt.text).toContain('authorized agent of Robin Client');
    const [confirmation] = await harness.mailsTo('robin.client@example.com', 1);
    expect(confirmation?.subject).toBe(
      `Did you authorize an agent to make privacy request ${request.reference}?`,
    );
  });

  it('from the console: refuses an attachment that is no document, and takes the chosen one as a power of attorney', async () => {
    await harness.send({
      from: 'Sam Agent <sam@agency.example>',
      subject: 'Two files',
      text: 'As authorized agent I send my notes and the power of attorney. Please delete the data of my client.',
      attachments: [
        { filename: 'notes.txt', content: Buffer.from('Call the client on Monday.') },
        { filename: 'poa.pdf', content: samplePdf() },
      ],
    });
    await harness.processInbound();
    const officer = await createStaffUser(harness.db, harness.config, { role: 'privacy_officer' });
    const browser = await signIn(harness.app, officer, new Date());
    const page = await browser.get('/staff/inbox');
    const id = new RegExp(
      `id="message-([0-9a-f-]{36})" aria-labelledby="subject-[0-9a-f-]{36}">\\s*<h3[^>]*>Two files<`,
    ).exec(page.body)?.[1];
    expect(id).toBeDefined();
    expect(page.body).toContain(`id="as-agent-${id}"`);
    const fields = {
      type: 'delete',
      asAgent: 'yes',
      agentDocumentKind: 'power_of_attorney',
      consumerFirstName: 'Alex',
      consumerLastName: 'Client',
      consumerEmail: 'alex.client@example.com',
    };

    const refused = await browser.post(
      `/staff/inbox/${id}/create-request`,
      { ...fields, agentAttachment: '0' },
      '/staff/inbox',
    );
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('PDF, PNG or JPEG');
    expect(refused.body).toContain('value="alex.client@example.com"');

    const created = await browser.post(
      `/staff/inbox/${id}/create-request`,
      { ...fields, agentAttachment: '1' },
      '/staff/inbox',
    );
    expect(created.status, created.body).toBe(303);
    const request = await requestFor('alex.client@example.com');
    expect(request).toMatchObject({ submitter: 'authorized_agent', agent: { email: 'sam@agency.example' } });
    expect(request.agentDocuments).toMatchObject([
      { kind: 'power_of_attorney', mediaType: 'application/pdf' },
    ]);
    expect(request.state).toMatchObject({ agentAuthorization: { powerOfAttorney: true } });
  });
});
