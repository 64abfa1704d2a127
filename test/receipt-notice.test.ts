// The receipt confirmation (Regs 7021(a)) promises an emailed code only when one
// is sent: to a consumer's own web submission, never to a request staff logged.

import { describe, expect, it } from 'vitest';
import { noticeContentOf } from '../src/services/notices/notice-content.js';
import { submitRequest } from '../src/services/requests/submit-request.js';
import { STAFF, submission, useServiceHarness } from './support/services.js';

const harness = useServiceHarness();

async function receiptFor(channel: 'web' | 'phone') {
  const { id } = await submitRequest(harness.deps, {
    input: submission('delete', { channel }),
    actor: STAFF,
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
    ['web', 'We are sending you a separate email with a code.'],
    ['phone', 'We will contact you to do so.'],
  ] as const)('for a %s request says: %s', async (channel, promise) => {
    const paragraphs = await receiptFor(channel);
    expect(paragraphs.join('\n')).toContain(promise);
    if (channel === 'phone') expect(paragraphs.join('\n')).not.toContain('code');
  });
});
