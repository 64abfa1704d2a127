import { randomUUID } from 'node:crypto';
// The webhook connector through the real worker: retries with the same webhook-id, a receiver
// down past the retry period, an officer's retry, the callback after a 202, and the request
// that cannot be completed while its tasks are open.

import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import type { DataMap } from '../../src/domain/fulfilment/data-map.js';
import { DataMapSchema } from '../../src/domain/fulfilment/data-map.js';
import { createFulfilmentWorker } from '../../src/jobs/fulfilment-worker.js';
import type { Dependencies } from '../../src/services/dependencies.js';
import { listRequestTasks } from '../../src/services/fulfilment/fulfilment-repo.js';
import { receiveTaskCallback } from '../../src/services/fulfilment/receive-task-callback.js';
import { callbackTokenFor } from '../../src/services/fulfilment/run-task.js';
import { retryTask } from '../../src/services/fulfilment/task-actions.js';
import { prepareMail } from '../../src/jobs/mail-handlers.js';
import { applyRequestCommand } from '../../src/services/requests/apply-request-command.js';
import { submitRequest } from '../../src/services/requests/submit-request.js';
import { createStaffUser } from '../support/staff.js';
import { STAFF, submission, submitted, useServiceHarness, VERIFY_TWO_POINTS } from '../support/services.js';
import { useWebhookReceiver } from '../support/webhook-receiver.js';

const harness = useServiceHarness();
const receiver = useWebhookReceiver();
let deps: Dependencies & { clock: typeof harness.deps.clock };

beforeAll(() => {
  const dataMap: DataMap = DataMapSchema.parse({
    systems: [
      {
        key: 'adtech',
        name: 'Ad partner',
        owner: 'adtech-owner@example.com',
        categories: ['identifiers', 'internet_activity'],
        recipients: ['ad_networks'],
        soldOrShared: true,
        connector: { kind: 'webhook', url: receiver.url, secretEnv: 'ADTECH_WEBHOOK_SECRET' },
      },
    ],
  });
  const config = loadConfig({
    DATABASE_URL: harness.databaseUrl,
    LOG_LEVEL: 'silent',
    ADTECH_WEBHOOK_SECRET: receiver.secret,
    FULFILMENT_RETRY_BASE_MS: '1000',
  });
  deps = { ...harness.deps, config, dataMap };
});

async function startedDeletion(): Promise<string> {
  const requestId = await submitted(harness, 'delete');
  await applyRequestCommand(deps, { requestId, action: VERIFY_TWO_POINTS, actor: STAFF });
  await applyRequestCommand(deps, { requestId, action: { kind: 'start' }, actor: STAFF });
  return requestId;
}

/** Runs worker rounds, an hour apart on the test clock, until the request's tasks settle or `rounds` pass. */
async function runRounds(rounds: number, hoursBetween = 1): Promise<void> {
  const worker = createFulfilmentWorker(deps, { random: () => 0.5 });
  for (let round = 0; round < rounds; round += 1) {
    await worker.runOnce();
    deps.clock.advanceHours(hoursBetween);
  }
  await worker.stop();
}

describe('webhook tasks', () => {
  it('retries a receiver that answers 500 twice with the same webhook-id, and completes on the 200', async () => {
    const requestId = await startedDeletion();
    const [planned] = await listRequestTasks(harness.db, requestId);
    expect(planned).toMatchObject({ systemKey: 'adtech', kind: 'notify_delete', status: 'pending' });
    receiver.script([{ status: 500 }, { status: 500 }, { status: 200, body: { outcome: 'deleted' } }]);

    await runRounds(4);

    const [task] = await listRequestTasks(harness.db, requestId);
    expect(task).toMatchObject({ status: 'done', attempts: 3, result: { outcome: 'deleted' } });
    expect(task?.taskAttempts.map((attempt) => [attempt.outcome, attempt.httpStatus])).toEqual([
      ['failed', 500],
      ['failed', 500],
      ['succeeded', 200],
    ]);
    const deliveries = receiver.deliveries.filter((delivery) => delivery.body.data.taskId === task?.id);
    expect(deliveries.map((delivery) => delivery.answeredWith)).toEqual([500, 500, 200]);
    expect(new Set(deliveries.map((delivery) => delivery.webhookId))).toEqual(new Set([task?.webhookId]));
    expect(deliveries.every((delivery) => delivery.signatureValid)).toBe(true);
    expect(deliveries[0]?.body).toMatchObject({
      type: 'privacy_request.delete',
      data: { identity: { email: 'Jane.Roe@Example.com', accountNumber: 'AC-1001' } },
    });
  });

  it('fails a task whose receiver stays down past the retry period, alerts, and completes on an officer retry', async () => {
    const requestId = await startedDeletion();
    receiver.script([], () => ({ status: 503 }));

    // 24 hours of retry period, rounds three hours apart.
    await runRounds(10, 3);

    const [failed] = await listRequestTasks(harness.db, requestId);
    expect(failed?.status).toBe('failed');
    expect(failed!.attempts).toBeGreaterThan(3);
    const alerts = await harness.sql(
      `SELECT payload FROM outbox_messages WHERE topic = 'mail.fulfilment_task_failed' AND payload->>'taskId' = $1`,
      [failed!.id],
    );
    expect(alerts.rowCount).toBe(1);
    await expect(
      applyRequestCommand(deps, { requestId, action: { kind: 'complete', summary: 'Done.' }, actor: STAFF }),
    ).rejects.toMatchObject({ code: 'FULFILMENT.TASKS_OPEN' });

    receiver.script([], () => ({ status: 200, body: { outcome: 'no_data' } }));
    await retryTask(deps, { taskId: failed!.id, actor: STAFF });
    await runRounds(1);

    const [retried] = await listRequestTasks(harness.db, requestId);
    expect(retried).toMatchObject({ status: 'done', result: { outcome: 'no_data' } });
    const ids = receiver.deliveries.filter((delivery) => delivery.body.data.taskId === failed!.id);
    expect(new Set(ids.map((delivery) => delivery.webhookId)).size).toBe(1);
    await applyRequestCommand(deps, {
      requestId,
      action: { kind: 'complete', summary: 'Done.' },
      actor: STAFF,
    });
  });

  it('tells the systems that sell or share of a completed opt-out, after commit', async () => {
    harness.deps.clock.set('2025-03-04T18:00:00.000Z');
    const summary = await submitRequest(deps, { input: submission('opt_out'), actor: STAFF });
    expect(summary.status).toBe('completed');
    receiver.script([{ status: 200, body: { outcome: 'done' } }]);
    await runRounds(1);
    const [task] = await listRequestTasks(harness.db, summary.id);
    expect(task).toMatchObject({ systemKey: 'adtech', kind: 'notify_opt_out', status: 'done' });
    const delivery = receiver.deliveries.find((candidate) => candidate.body.data.taskId === task!.id);
    expect(delivery?.body).toMatchObject({
      type: 'privacy_request.opt_out',
      data: { optOut: 'sale_and_sharing' },
    });
    expect(delivery?.signatureValid).toBe(true);
  });

  it('writes the failure alert to the system owner and the assigned officer', async () => {
    const requestId = await startedDeletion();
    const officer = await createStaffUser(harness.db, deps.config, {
      role: 'privacy_officer',
      email: 'officer@example.com',
    });
    await harness.sql(`UPDATE privacy_requests SET assignee_id = $1 WHERE id = $2`, [officer.id, requestId]);
    receiver.script([], () => ({ status: 410 }));
    await runRounds(1);
    const [failed] = await listRequestTasks(harness.db, requestId);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, lastError: 'HTTP 410' });
    const mail = await prepareMail(
      {
        db: harness.db,
        config: deps.config,
        dataMap: deps.dataMap,
        now: deps.clock.now(),
        outboxId: randomUUID(),
      },
      'mail.fulfilment_task_failed',
      { taskId: failed!.id },
    );
    expect(mail).toMatchObject({
      kind: 'send',
      message: {
        to: 'adtech-owner@example.com, officer@example.com',
        subject: expect.stringContaining('failed in Ad partner'),
      },
    });
    expect(JSON.stringify(mail)).not.toContain('Jane');
  });

  it('waits for the callback after a 202 and takes the result only with the task token', async () => {
    const requestId = await startedDeletion();
    receiver.script([{ status: 202 }]);
    await runRounds(1);
    const [waiting] = await listRequestTasks(harness.db, requestId);
    expect(waiting?.status).toBe('waiting_callback');
    const delivery = receiver.deliveries.find((candidate) => candidate.body.data.taskId === waiting!.id)!;
    expect(delivery.body.data.callbackUrl).toBe(
      `http://localhost:3000/api/v1/fulfilment/tasks/${waiting!.id}/result`,
    );

    await expect(
      receiveTaskCallback(deps, {
        taskId: waiting!.id,
        token: 'ab'.repeat(32),
        result: { outcome: 'deleted' },
      }),
    ).rejects.toMatchObject({ code: 'FULFILMENT.TASK_NOT_FOUND' });
    const token = String(delivery.body.data.callbackToken);
    expect(token).toBe(callbackTokenFor(deps.config.SESSION_SECRET, waiting!.id));
    expect(
      await receiveTaskCallback(deps, { taskId: waiting!.id, token, result: { outcome: 'deleted' } }),
    ).toBe(true);
    expect(
      await receiveTaskCallback(deps, { taskId: waiting!.id, token, result: { outcome: 'deleted' } }),
    ).toBe(false);
    const [done] = await listRequestTasks(harness.db, requestId);
    expect(done).toMatchObject({ status: 'done', result: { outcome: 'deleted' } });
  });
});
