import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeDeadlines, DEFAULT_DEADLINE_POLICY } from '../domain/deadlines.js';
import { DEFAULT_VERIFICATION_POLICY } from '../domain/verification-rules.js';
import { buildLegalPolicy, loadLegalPolicy } from './legal-policy.js';

describe('buildLegalPolicy', () => {
  it("ships the rule book's values for the sample business in Pacific time", () => {
    const policy = buildLegalPolicy({ BUSINESS_TIMEZONE: 'America/Los_Angeles' });
    expect(policy.deadlines).toEqual(DEFAULT_DEADLINE_POLICY);
    expect(policy.lifecycle.timeZone).toBe('America/Los_Angeles');
    expect(policy.lifecycle.verification).toEqual(DEFAULT_VERIFICATION_POLICY);
  });

  it('counts "today" in the configured zone and receipt dates never later than Pacific time, naming the zone', () => {
    const policy = buildLegalPolicy({ BUSINESS_TIMEZONE: 'America/New_York' });
    expect(policy.lifecycle.timeZone).toBe('America/New_York');
    expect(policy.deadlines.calendar).toMatchObject({
      timeZone: 'America/New_York',
      name: 'US federal holidays (America/New_York)',
    });
    // 05:30 UTC on 4 March is 4 March in New York but still 3 March in Los Angeles: the earlier counts.
    const deadlines = computeDeadlines(
      { type: 'delete', receivedAt: new Date('2025-03-04T05:30:00Z'), extended: false },
      policy.deadlines,
    );
    expect(deadlines.receiptDate).toBe('2025-03-03');
    expect(deadlines.explanations.acknowledgeBy).toContain('America/New_York');
  });

  it('takes overrides for numbers, company closures and agent steps, keeping the rest', () => {
    const policy = buildLegalPolicy(
      { BUSINESS_TIMEZONE: 'America/Los_Angeles' },
      {
        deadlines: { optOutBusinessDays: 10 },
        companyClosures: ['2026-12-24'],
        agentAuthorization: { consumerStep: 'identity_verification' },
      },
    );
    expect(policy.deadlines.optOutBusinessDays).toBe(10);
    expect(policy.deadlines.consumerRightsRespondCalendarDays).toBe(45);
    expect(policy.deadlines.calendar.extraClosures).toEqual(['2026-12-24']);
    expect(policy.lifecycle.agentAuthorization).toMatchObject({
      requireSignedPermission: true,
      consumerStep: 'identity_verification',
    });
  });

  it('refuses a policy file that sets something unknown or out of range, naming it', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'rightsdesk-policy-'));
    const file = path.join(directory, 'policy.json');
    await writeFile(file, JSON.stringify({ deadlines: { optOutBusinessDays: 0 }, colour: 'blue' }));
    await expect(
      loadLegalPolicy({ BUSINESS_TIMEZONE: 'America/Los_Angeles', LEGAL_POLICY_FILE: file }),
    ).rejects.toThrow(/deadlines\.optOutBusinessDays[\s\S]*Unrecognized key/);
  });

  // An override may shorten a clock, never stretch it past the statute.
  it.each([
    ['consumerRightsRespondCalendarDays', 46, 'Civ. 1798.130(a)(2)(A)'],
    ['consumerRightsAcknowledgeBusinessDays', 11, 'Regs 7021(a)'],
    ['optOutBusinessDays', 16, 'Regs 7026(f)'],
    ['nevadaExtensionCalendarDays', 31, 'NRS 603A.345(4)'],
    ['shineTheLightOtherCalendarDays', 151, 'Civ. 1798.83(b)'],
    ['shineTheLightSuppressionBusinessDays', 16, 'Regs 7026(f)'],
  ])('refuses %s of %i days, citing %s', async (key, value, source) => {
    const directory = await mkdtemp(path.join(tmpdir(), 'rightsdesk-policy-'));
    const file = path.join(directory, 'policy.json');
    await writeFile(file, JSON.stringify({ deadlines: { [key]: value } }));
    const loading = loadLegalPolicy({ BUSINESS_TIMEZONE: 'America/Los_Angeles', LEGAL_POLICY_FILE: file });
    await expect(loading).rejects.toThrow(`deadlines.${key}: at most ${value - 1} days (${source})`);
  });

  it('accepts a clock shortened below the statute', () => {
    const policy = buildLegalPolicy(
      { BUSINESS_TIMEZONE: 'America/New_York' },
      { deadlines: { consumerRightsRespondCalendarDays: 30 } },
    );
    expect(policy.deadlines.consumerRightsRespondCalendarDays).toBe(30);
  });
});
