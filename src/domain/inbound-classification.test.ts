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
    expect(
      given({ text: 'I am the authorized agent of Ana; delete her data.', attachmentCount: 1 }),
    ).toMatchObject({ kind: 'triage', reason: expect.stringContaining('agent') });
  });
});
