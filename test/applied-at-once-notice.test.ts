// An opt-out, a limit or a Shine the Light suppression is applied as it arrives
// (Regs 7026(f), 7027(g); Civ. 1798.83(c)(2)); its completion notice says what was
// applied in the consumer's own language, not in the audit log's English.

import { describe, expect, it } from 'vitest';
import type { Language } from '../src/i18n/index.js';
import { noticeContentOf } from '../src/services/notices/notice-content.js';
import { submitRequest } from '../src/services/requests/submit-request.js';
import { STAFF, submission, useServiceHarness } from './support/services.js';

const harness = useServiceHarness();

async function completionFor(type: 'opt_out' | 'stl_suppression', language: Language) {
  const { id } = await submitRequest(harness.deps, {
    input: submission(type),
    actor: STAFF,
    extras: { language },
  });
  const request = await harness.db.privacyRequest.findUniqueOrThrow({ where: { id } });
  expect(request.status).toBe('completed');
  const content = noticeContentOf('request_completed', 'email', {
    request,
    payload: { requestId: id },
    publicBaseUrl: 'http://localhost:3000',
    privacyPolicyUrl: 'http://localhost:3000/',
  });
  return content.paragraphs
    .map((paragraph) => (typeof paragraph === 'string' ? paragraph : paragraph.text))
    .join('\n');
}

describe('the completion notice of a request applied at once', () => {
  it.each([
    ['opt_out', 'es', 'Registramos su preferencia; se aplica a partir de hoy.', 'Your preference'],
    ['stl_suppression', 'es', 'Desde hoy está en nuestra lista de supresión', 'suppression list'],
    ['opt_out', 'en', 'Your preference is recorded; it applies from today.', 'Registramos'],
  ] as const)('for %s in %s says %s', async (type, language, applied, otherLanguage) => {
    const text = await completionFor(type, language);
    expect(text).toContain(applied);
    expect(text).not.toContain(otherLanguage);
  });
});
