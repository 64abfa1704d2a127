// Completing a request carried out in the business's systems writes, in the
// same transaction, what the completion notice reports: the access package of
// a request to know, and for a deletion who was deleted from each system that
// deleted (keyed hashes), and nothing for a system that kept its data.

import { describe, expect, it } from 'vitest';
import type { SystemTaskResult } from '../src/domain/fulfilment/fulfilment-results.js';
import { applyRequestCommand } from '../src/services/requests/apply-request-command.js';
import { DATA_MAP, settleTasks } from './support/fulfilment.js';
import { STAFF, submitted, useServiceHarness, VERIFY_TWO_POINTS } from './support/services.js';

const harness = useServiceHarness();

/** Verified and started with the data map (which plans its tasks), the tasks settled as `results`, then completed. */
async function complete(requestId: string, results: readonly SystemTaskResult[]) {
  const deps = { ...harness.deps, dataMap: DATA_MAP };
  for (const action of [VERIFY_TWO_POINTS, { kind: 'start' } as const]) {
    await applyRequestCommand(deps, { requestId, action, actor: STAFF });
  }
  await settleTasks(harness.db, requestId, results);
  await applyRequestCommand(deps, {
    requestId,
    action: { kind: 'complete', summary: 'Done.' },
    actor: STAFF,
  });
}

describe('completing a request with a data map', () => {
  it('packs the report of a request to know for categories, which sets off no task, audited', async () => {
    const requestId = await submitted(harness, 'know');
    await complete(requestId, []);
    const stored = await harness.db.accessPackage.findUniqueOrThrow({ where: { requestId } });
    expect(stored.recipient).toBe('consumer');
    expect(stored.sealed).not.toBeNull();
    const actions = (await harness.db.auditEvent.findMany({ where: { requestId } })).map(
      (event) => event.action,
    );
    expect(actions).toContain('access_package.created');
  });

  it('remembers who was deleted from the systems that deleted, and not from one that kept its data', async () => {
    const requestId = await submitted(harness, 'delete');
    await complete(requestId, [
      { systemKey: 'crm', kind: 'delete', status: 'done', result: { outcome: 'deleted' } },
      {
        systemKey: 'billing',
        kind: 'delete',
        status: 'done',
        result: { outcome: 'retained', exception: 'legal_obligation' },
      },
      { systemKey: 'adtech', kind: 'notify_delete', status: 'waived', result: null },
    ]);
    const remembered = await harness.db.deletedIdentity.findMany({ where: { requestId } });
    expect(remembered.map((row) => [row.systemKey, row.kind]).sort()).toEqual([
      ['crm', 'account_number'],
      ['crm', 'email'],
      ['crm', 'phone'],
    ]);
  });

  it('writes nothing with an empty data map', async () => {
    const requestId = await submitted(harness, 'know');
    for (const action of [
      VERIFY_TWO_POINTS,
      { kind: 'start' } as const,
      { kind: 'complete', summary: 'Done.' } as const,
    ]) {
      await applyRequestCommand(harness.deps, { requestId, action, actor: STAFF });
    }
    expect(await harness.db.accessPackage.count({ where: { requestId } })).toBe(0);
  });
});
