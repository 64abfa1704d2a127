import { describe, expect, it } from 'vitest';
import { scrubText } from './logger.js';

describe('scrubText', () => {
  it.each([
    ['Key (email)=(maria.lopez+rights@example.co.uk) already exists', 'Key (email)=([email]) already exists'],
    ['call +1 (415) 555-0199 back', 'call [phone] back'],
    ['phone 415.555.0199', 'phone [phone]'],
    ['account 441712345612 is closed', 'account [number] is closed'],
  ])('masks personal data in %j', (text, expected) => {
    expect(scrubText(text)).toBe(expected);
  });

  it.each([
    'at file:///app/node_modules/@prisma/schema-engine-wasm/schema_engine_bg.js:716:17',
    'migration 20261129064608_requests_and_audit_log failed',
    'request 3f2b6c1e-8d4a-4c1b-9e2f-0a1b2c3d4e5f timed out after 30000 ms',
  ])('leaves diagnostics readable: %j', (text) => {
    expect(scrubText(text)).toBe(text);
  });
});
