import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/domain/audit-events.js';
import { authenticateApiToken } from '../src/services/api-tokens/authenticate-api-token.js';
import { createApiToken } from '../src/services/api-tokens/create-api-token.js';
import { revokeApiToken } from '../src/services/api-tokens/revoke-api-token.js';
import { MONDAY_MORNING, useServiceHarness } from './support/services.js';

const ADMIN: Actor = { type: 'system', id: 'cli' };
const harness = useServiceHarness();

async function newToken(role: 'auditor' | 'privacy_officer' = 'auditor') {
  harness.deps.clock.set(MONDAY_MORNING);
  return createApiToken(harness.deps, { input: { name: 'Audit export', role }, actor: ADMIN });
}

describe('API tokens', () => {
  it('are 32 random bytes shown once; only their SHA-256 is stored', async () => {
    const created = await newToken();
    expect(created.token).toMatch(/^rd_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(created.token.slice(3), 'base64url')).toHaveLength(32);
    const row = await harness.db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(Object.values(row)).not.toContain(created.token);
    const audit = await harness.db.auditEvent.findMany({ where: { action: 'api_token.created' } });
    expect(audit.map((event) => event.payload)).toContainEqual({ tokenId: created.id, role: 'auditor' });
  });

  it('authenticate the right token and no other', async () => {
    const created = await newToken('privacy_officer');
    expect(await authenticateApiToken(harness.deps, created.token)).toEqual({
      tokenId: created.id,
      name: 'Audit export',
      role: 'privacy_officer',
      actor: { type: 'api_token', id: created.id },
    });
    const lastSymbol = created.token.at(-1) === 'A' ? 'B' : 'A';
    const wrong = [
      `${created.token.slice(0, -1)}${lastSymbol}`,
      (await newToken()).token.replace(/^rd_/, 'xx_'),
      created.token.slice(3),
      '',
      `${created.token} `,
    ];
    for (const token of wrong) {
      expect(await authenticateApiToken(harness.deps, token)).toBeNull();
    }
  });

  it('stop working once revoked, and are revoked once', async () => {
    const created = await newToken();
    expect(await authenticateApiToken(harness.deps, created.token)).not.toBeNull();
    expect(await revokeApiToken(harness.deps, { tokenId: created.id, actor: ADMIN })).toBe(true);
    expect(await authenticateApiToken(harness.deps, created.token)).toBeNull();
    expect(await revokeApiToken(harness.deps, { tokenId: created.id, actor: ADMIN })).toBe(false);
    const revocations = await harness.db.auditEvent.findMany({ where: { action: 'api_token.revoked' } });
    expect(
      revocations.filter((event) => (event.payload as { tokenId: string }).tokenId === created.id),
    ).toHaveLength(1);
  });

  it('note when they were last used, to the minute', async () => {
    const created = await newToken();
    const lastUsedAt = async () =>
      (await harness.db.apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt?.toISOString();
    expect(await lastUsedAt()).toBeUndefined();
    await authenticateApiToken(harness.deps, created.token);
    expect(await lastUsedAt()).toBe(MONDAY_MORNING);
    harness.deps.clock.set('2025-03-03T18:00:59.000Z');
    await authenticateApiToken(harness.deps, created.token);
    expect(await lastUsedAt()).toBe(MONDAY_MORNING);
    harness.deps.clock.set('2025-03-03T18:01:00.000Z');
    await authenticateApiToken(harness.deps, created.token);
    expect(await lastUsedAt()).toBe('2025-03-03T18:01:00.000Z');
  });
});
