import { describe, expect, it } from 'vitest';
import { classifyInboundMessage, type ReceivedMessageFacts } from './inbound-classification.js';

const plain: ReceivedMessageFacts = {
  subject: 'California Rights Request',
  text: 'Please delete the personal information you hold about me.',
  autoSubmitted: null,
  listId: null,
  precedence: null,
  contentType: 'text/plain; charset=utf-8',
  envelopeFrom: 'ana@example.com',
  fromAddress: 'ana@example.com',
  attachmentCount: 0,
  agentDocumentCount: 0,
  businessDomains: ['rightsdesk.test'],
  threadRequestId: null,
};

const given = (facts: Partial<ReceivedMessageFacts>) => classifyInboundMessage({ ...plain, ...facts });

describe('classifying a received message', () => {
  it.each([
    [
      'California Rights Request',
      'I want to know what personal information you have about me.',
      'know',
      'en',
    ],
    ['California Rights Request', 'Please delete my data.', 'delete', 'en'],
    ['Solicitud de derechos de California', 'Quiero que borren mis datos personales.', 'delete', 'es'],
    [
      'Solicitud de derechos de California',
      'Quiero saber qué información personal tienen sobre mí.',
      'know',
      'es',
    ],
    ['Opt-out', 'Do not sell or share my personal information.', 'opt_out', 'en'],
    ['Nevada', 'I am a Nevada resident: opt me out of the sale of my data.', 'nv_opt_out', 'en'],
    ['Shine the Light', 'Which third parties got my data for direct marketing?', 'stl_disclosure', 'en'],
    ['Suppression', 'Add me to your Shine the Light suppression list.', 'stl_suppression', 'en'],
    [
      'Direct marketing',
      'Please do not disclose my personal information to third parties for their direct marketing ' +
        'purposes: add me to your suppression list.',
      'stl_suppression',
      'en',
    ],
    ['Supresión', 'Inclúyanme en su lista de supresión de marketing directo.', 'stl_suppression', 'es'],
    ['Menor', 'Mi hijo es menor de 16 años; no vendan su información.', 'opt_out', 'es'],
    ['Limit', 'Limit the use of my sensitive personal information.', 'limit', 'en'],
    ['Corrección', 'Quiero corregir mi dirección, es incorrecta.', 'correct', 'es'],
  ])('"%s" / "%s" is a new %s request in %s', (subject, text, type, language) => {
    expect(given({ subject, text })).toMatchObject({ kind: 'new_request', type, language });
  });

  it('reads an Auto-Submitted message as automatic even when its words ask for a request (RFC 3834 §5)', () => {
    expect(given({ autoSubmitted: 'auto-replied' })).toMatchObject({ kind: 'automatic' });
    expect(given({ autoSubmitted: 'auto-generated' })).toMatchObject({ kind: 'automatic' });
    expect(given({ autoSubmitted: 'no' })).toMatchObject({ kind: 'new_request' });
  });

  it('reads a delivery status report or an empty return path as a bounce', () => {
    const report = 'multipart/report; report-type=delivery-status; boundary="x"';
    expect(given({ contentType: report })).toMatchObject({ kind: 'bounce' });
    expect(given({ envelopeFrom: '' })).toMatchObject({ kind: 'bounce' });
  });

  it('reads List-Id or a bulk Precedence as a mailing list', () => {
    expect(given({ listId: '<news.example.com>' })).toMatchObject({ kind: 'mailing_list' });
    expect(given({ precedence: 'bulk' })).toMatchObject({ kind: 'mailing_list' });
  });

  it('reads a message in a request thread as a reply, whatever its words', () => {
    expect(given({ threadRequestId: 'r1' })).toEqual({
      kind: 'reply',
      requestId: 'r1',
      reason: expect.any(String),
    });
  });

  it('sends ambiguous messages to the triage inbox', () => {
    expect(given({ text: 'Hello, can you help me with my privacy?' })).toMatchObject({ kind: 'triage' });
    expect(given({ text: 'Delete my data and do not sell it.' })).toMatchObject({
      kind: 'triage',
      reason: expect.stringContaining('several'),
    });
  });
});

describe('classifying an authorized agent’s message with an attachment (Regs 7063)', () => {
  const fromAgent = (text: string, facts: Partial<ReceivedMessageFacts> = {}) =>
    given({
      subject: 'California Rights Request',
      text,
      fromAddress: 'pat@agency.example',
      attachmentCount: 1,
      agentDocumentCount: 1,
      ...facts,
    });

  it('makes the consumer’s request when it names them, in English or Spanish', () => {
    expect(
      fromAgent(
        'I am writing on behalf of my client, Chris Consumer (chris@example.com). Please delete their data. Signed permission attached.',
      ),
    ).toMatchObject({
      kind: 'new_request',
      type: 'delete',
      language: 'en',
      agent: {
        consumer: { email: 'chris@example.com', firstName: 'Chris', lastName: 'Consumer' },
        documentKind: 'signed_permission',
      },
    });
    expect(
      fromAgent(
        'Soy agente autorizado. En nombre de mi clienta María de la Cruz, correo maria@example.com, pido que borren sus datos personales. Adjunto el poder notarial.',
        { subject: 'Solicitud de derechos de California' },
      ),
    ).toMatchObject({
      kind: 'new_request',
      type: 'delete',
      language: 'es',
      agent: {
        consumer: { email: 'maria@example.com', firstName: 'María', lastName: 'de la Cruz' },
        documentKind: 'power_of_attorney',
      },
    });
  });

  it('needs no name for an opt-out, and reads no address of the business or the agent as the consumer’s', () => {
    expect(
      fromAgent(
        'As authorized agent for chris@example.com, do not sell their data. Copy: privacy@rightsdesk.test, pat@agency.example',
      ),
    ).toMatchObject({
      kind: 'new_request',
      type: 'opt_out',
      agent: { consumer: { email: 'chris@example.com', firstName: null, lastName: null } },
    });
  });

  it.each([
    [
      'no consumer address',
      'On behalf of my client Chris Consumer, delete their data.',
      {},
      'no email address',
    ],
    [
      'two addresses',
      'On behalf of Chris Consumer (chris@example.com, or chris.c@example.org): delete their data.',
      {},
      'several email addresses',
    ],
    ['no name for a deletion', 'On behalf of chris@example.com: delete their data.', {}, 'full name'],
    [
      'an attachment that is no document',
      'On behalf of my client Chris Consumer (chris@example.com): delete their data.',
      { agentDocumentCount: 0 },
      'PDF, PNG or JPEG',
    ],
    [
      'no request type',
      'On behalf of my client Chris Consumer (chris@example.com), see the attached letter.',
      {},
      'no request type',
    ],
  ])('sends it to the triage inbox, saying why, with %s', (_case, text, facts, reason) => {
    expect(fromAgent(text, facts)).toMatchObject({ kind: 'triage', reason: expect.stringContaining(reason) });
  });

  it('reads no name or address from quoted lines', () => {
    expect(
      fromAgent('On behalf of my client, delete their data.\n> From: Chris Consumer <chris@example.com>'),
    ).toMatchObject({ kind: 'triage', reason: expect.stringContaining('no email address') });
  });
});
