import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STAFF_ROLES } from '../src/domain/access-policy.js';
import { linkPendingAuditEvents } from '../src/services/audit/audit-chain-repo.js';
import { PROCESS_TEST_TIMEOUT_MS } from './support/server-process.js';
import { describe, expect, it } from 'vitest';
import { authenticateApiToken } from '../src/services/api-tokens/authenticate-api-token.js';
import { submitRequest } from '../src/services/requests/submit-request.js';
import { runCli } from './support/cli.js';
import { STAFF, useServiceHarness, submission } from './support/services.js';

const harness = useServiceHarness();

const cli = (...args: string[]) => runCli(harness.databaseUrl, ...args);

describe('the command line', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('token:create prints a working token as its last line', async () => {
    const { code, lines } = await cli(
      'token:create',
      '--name',
      'Call center tablet',
      '--role',
      'call_center_agent',
    );
    expect(code).toBe(0);
    const principal = await authenticateApiToken(harness.deps, lines.at(-1) ?? '');
    expect(principal).toMatchObject({ name: 'Call center tablet', role: 'call_center_agent' });
    expect(lines.slice(0, -1).join('\n')).toContain(principal?.tokenId);
  });

  it('token:create refuses an unknown role with a usage message', async () => {
    const { code, errors } = await cli('token:create', '--name', 'x', '--role', 'root');
    expect(code).toBe(2);
    expect(errors).toContain(`--role <${STAFF_ROLES.join('|')}>`);
  });

  it('audit:verify reports an intact chain, then the first broken link with exit code 1', async () => {
    // Events committed a day ago and still unsealed: no server is running the linker.
    await submitRequest(harness.deps, { input: submission('know'), actor: STAFF });
    await harness.sql('SET session_replication_role = replica');
    await harness.sql(`UPDATE audit_events SET occurred_at = occurred_at - interval '1 day'`);
    await harness.sql('SET session_replication_role = DEFAULT');
    const stale = await cli('audit:verify');
    expect(stale.code).toBe(1);
    expect(stale.lines.at(-1)).toMatch(
      /^UNSEALED: \d+ audit events wait for their link, the oldest for \d+ s/,
    );

    const sealed = await linkPendingAuditEvents(harness.db);
    for (const type of ['opt_out', 'delete'] as const) {
      await submitRequest(harness.deps, { input: submission(type), actor: STAFF });
    }
    const justCommitted = await harness.db.auditEvent.count({ where: { chainPosition: null } });
    const unsealed = await cli('audit:verify');
    expect(unsealed).toMatchObject({
      code: 0,
      lines: [
        `OK: ${sealed} audit events, hash chain intact; ${justCommitted} just committed, awaiting their link.`,
      ],
    });
    await linkPendingAuditEvents(harness.db);
    const total = await harness.db.auditEvent.count();
    const intact = await cli('audit:verify');
    expect(intact).toMatchObject({ code: 0, lines: [`OK: ${total} audit events, hash chain intact.`] });

    const { rows } = await harness.sql('SELECT sequence FROM audit_events ORDER BY sequence DESC LIMIT 1');
    await harness.sql('SET session_replication_role = replica');
    await harness.sql(
      `UPDATE audit_events SET occurred_at = occurred_at + interval '1 day' WHERE sequence = $1`,
      [rows[0].sequence],
    );
    await harness.sql('SET session_replication_role = DEFAULT');
    const broken = await cli('audit:verify');
    expect(broken.code).toBe(1);
    expect(broken.lines.at(-1)).toBe(
      `BROKEN at sequence ${rows[0].sequence} (hash_mismatch); ${total - 1} events before it are intact.`,
    );
  });

  it('suppression:export writes the Shine the Light suppression list as CSV, to stdout or a file, audited', async () => {
    await submitRequest(harness.deps, { input: submission('stl_suppression'), actor: STAFF });
    const otherOptOut = submission('opt_out', { subject: { email: 'sale.only@example.com', state: 'CA' } });
    await submitRequest(harness.deps, { input: otherOptOut, actor: STAFF });

    const printed = await cli('suppression:export');
    expect(printed.code).toBe(0);
    // Added on the harness clock's morning, all three by one request; the identity kinds in their declared order.
    expect(printed.lines.map((line) => line.trimEnd())).toEqual([
      '"identity_kind","identity_value","added_at"',
      '"email","jane.roe@example.com","2025-03-03T18:00:00.000Z"',
      '"phone","+14155550134","2025-03-03T18:00:00.000Z"',
      '"account_number","AC1001","2025-03-03T18:00:00.000Z"',
    ]);

    const file = join(await mkdtemp(join(tmpdir(), 'suppression-')), 'list.csv');
    const written = await cli('suppression:export', '--out', file);
    expect(written).toMatchObject({ code: 0, lines: [`Wrote 3 identities to ${file}.`] });
    expect((await readFile(file, 'utf8')).trimEnd().split('\r\n')).toEqual(
      printed.lines.map((line) => line.trimEnd()),
    );
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const exports = await harness.db.auditEvent.findMany({ where: { action: 'suppression_list.exported' } });
    expect(exports).toMatchObject([
      { actorType: 'system', actorId: 'cli', payload: { identities: 3 } },
      { actorType: 'system', actorId: 'cli', payload: { identities: 3 } },
    ]);
  });
});
