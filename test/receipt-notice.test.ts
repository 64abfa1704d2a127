// The receipt confirmation (Regs 7021(a)) promises an emailed code only when one
// is sent: to a consumer's own web submission, never to a request staff logged.

import { describe, expect, it } from 'vitest';
import type { Language } from '../src/i18n/index.js';
import { noticeContentOf } from '../src/services/notices/notice-content.js';
import { submitRequest } from '../src/services/requests/submit-request.js';
import { STAFF, submission, useServiceHarness } from './support/services.js';

const harness = useServiceHarness();

async function receiptFor(channel: 'web' | 'phone', language: Language) {
  const { id } = await submitRequest(harness.deps, {
    input: submission('delete', { channel }),
    actor: STAFF,
    extras: { language },
  });
  const request = await harness.db.privacyRequest.findUniqueOrThrow({ where: { id } });
  const content = noticeContentOf('receipt_confirmation', 'email', {
    request,
    payload: { requestId: id },
    publicBaseUrl: 'http://localhost:3000',
    privacyPolicyUrl: 'http://localhost:3000/',
  });
  return content.paragraphs.map((paragraph) => (typeof paragraph === 'string' ? paragraph : paragraph.text));
}

describe('the receipt confirmation', () => {
  it.each([
    ['web', 'en', 'We are sending you a separate email with a code.'],
    ['phone', 'en', 'We will contact you to do so.'],
    ['web', 'es', 'Le enviaremos otro correo electrónico con un código.'],
    ['phone', 'es', 'Nos pondremos en contacto con usted para hacerlo.'],
  ] as const)('for a %s request in %s says: %s', async (channel, language, promise) => {
    const paragraphs = await receiptFor(channel, language);
    expect(paragraphs.join('\n')).toContain(promise);
    if (channel === 'phone') expect(paragraphs.join('\n')).not.toMatch(/code|código/);
  });
});
