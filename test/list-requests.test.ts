import { beforeAll, describe, expect, it } from 'vitest';
import { applyRequestCommand } from '../src/services/requests/apply-request-command.js';
import { ListRequestsQuerySchema } from '../src/http/api/staff-request-schemas.js';
import { listQueue } from '../src/services/queue/list-queue.js';
import type { RequestSummary } from '../src/services/requests/request-summary.js';
import { submitRequest } from '../src/services/requests/submit-request.js';
import { STAFF, submission, useServiceHarness } from './support/services.js';

const ids: Record<string, string> = {};

/** Monday 2 June 2025, 10:00 in Los Angeles. */
const TODAY = '2025-06-02T17:00:00Z';

const harness = useServiceHarness(TODAY);

beforeAll(async () => {
  const submit = async (
    name: string,
    type: Parameters<typeof submission>[0],
    receivedAt: string,
    overrides: Record<string, unknown> = {},
  ) => {
    ids[name] = (
      await submitRequest(harness.deps, {
        input: submission(type, { receivedAt, ...overrides }),
        actor: STAFF,
      })
    ).id;
  };
  await submit('overdueKnow', 'know', '2025-04-01T17:00:00Z'); // respond by 2025-05-15
  await submit('answeredDelete', 'delete', '2025-04-10T17:00:00Z'); // respond by 2025-05-24
  // 15 business days: 2025-06-17; open while its agent's proof is awaited (else applied on arrival).
  await submit('optOut', 'opt_out', '2025-05-28T17:00:00Z', { agent: { kind: 'person', name: 'Sam Agent' } });
  await submit('nevada', 'nv_opt_out', '2025-05-01T17:00:00Z'); // 60 days: 2025-06-29
  await submit('twinA', 'know', '2025-05-20T17:00:00Z'); // both 2025-07-03
  await submit('twinB', 'know', '2025-05-20T17:00:00Z');
  for (const action of [
    {
      kind: 'verify',
      method: 'records_match',
      dataPoints: ['name', 'email'],
      emailControlProven: false,
      declarationSigned: false,
    },
    { kind: 'start' },
    { kind: 'complete', summary: 'Deleted' },
  ] as const) {
    await applyRequestCommand(harness.deps, { requestId: ids.answeredDelete!, action, actor: STAFF });
  }
});

async function list(query: Record<string, unknown>): Promise<RequestSummary[]> {
  return (await listQueue(harness.deps, ListRequestsQuerySchema.parse(query))).items;
}

const nameOf = (summary: RequestSummary) => Object.keys(ids).find((name) => ids[name] === summary.id);

describe('listing the queue through the staff API query', () => {
  it('orders by response deadline, then id, and pages through everything exactly once', async () => {
    const seen: RequestSummary[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listQueue(harness.deps, ListRequestsQuerySchema.parse({ limit: '2', cursor }));
      seen.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor !== undefined);

    expect(pages).toBe(3);
    const twins = [ids.twinA!, ids.twinB!].sort();
    expect(seen.map((summary) => summary.id)).toEqual([
      ids.overdueKnow,
      ids.answeredDelete,
      ids.optOut,
      ids.nevada,
      ...twins,
    ]);
    expect(seen.map((summary) => summary.deadlines.respondBy)).toEqual([
      '2025-05-15',
      '2025-05-24',
      '2025-06-17',
      '2025-06-29',
      '2025-07-03',
      '2025-07-03',
    ]);
  });

  it('filters by status, type and jurisdiction', async () => {
    expect((await list({ status: 'completed' })).map(nameOf)).toEqual(['answeredDelete']);
    expect((await list({ type: 'know' })).map(nameOf).sort()).toEqual(['overdueKnow', 'twinA', 'twinB']);
    expect((await list({ jurisdiction: 'nv' })).map(nameOf)).toEqual(['nevada']);
    expect((await list({ type: 'know', status: 'in_progress' })).map(nameOf)).toEqual([]);
  });

  it('finds open requests past their deadline in the business time zone, and the others', async () => {
    expect((await list({ overdue: 'true' })).map(nameOf)).toEqual(['overdueKnow']);
    expect((await list({ overdue: false })).map((summary) => summary.id)).toEqual([
      ids.answeredDelete,
      ids.optOut,
      ids.nevada,
      ...[ids.twinA!, ids.twinB!].sort(),
    ]);
    // "Today" is the business's date (Herndon, Eastern time): 16 May at 03:30 UTC is still 15 May there.
    harness.deps.clock.set('2025-05-16T03:30:00Z');
    expect((await list({ overdue: true })).map(nameOf)).toEqual([]);
    harness.deps.clock.set('2025-05-16T04:30:00Z');
    expect((await list({ overdue: true })).map(nameOf)).toEqual(['overdueKnow']);
    harness.deps.clock.set(TODAY);
  });

  it('finds requests due strictly before a date', async () => {
    expect((await list({ dueBefore: '2025-06-17' })).map(nameOf)).toEqual(['overdueKnow', 'answeredDelete']);
  });

  it('refuses a cursor it did not issue and an unbounded page', () => {
    expect(ListRequestsQuerySchema.safeParse({ cursor: 'not-a-cursor' }).success).toBe(false);
    const forged = Buffer.from(JSON.stringify({ respondBy: '2025-01-01', id: "1' OR 1=1" })).toString(
      'base64url',
    );
    expect(ListRequestsQuerySchema.safeParse({ cursor: forged }).success).toBe(false);
    expect(ListRequestsQuerySchema.safeParse({ limit: 101 }).success).toBe(false);
    expect(ListRequestsQuerySchema.parse({}).limit).toBe(25);
  });
});
