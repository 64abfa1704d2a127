// Tasks in the console and the API: a system owner sees only their systems' tasks and records a
// manual task with an uploaded export (type checked by content); an officer waives a task with
// a reason; the request page shows every task and says when the request is ready to complete.

import { beforeAll, describe, expect, it } from 'vitest';
import { DataMapSchema } from '../../src/domain/fulfilment/data-map.js';
import { createApiToken } from '../../src/services/api-tokens/create-api-token.js';
import { listRequestTasks } from '../../src/services/fulfilment/fulfilment-repo.js';
import { applyRequestCommand } from '../../src/services/requests/apply-request-command.js';
import { submitRequest } from '../../src/services/requests/submit-request.js';
import { useTestApp } from '../support/app.js';
import type { CookieClient } from '../support/cookie-client.js';
import { STAFF, submission, VERIFY_TWO_POINTS } from '../support/services.js';
import { createStaffUser, signIn } from '../support/staff.js';

const dataMap = DataMapSchema.parse({
  systems: [
    {
      key: 'call_recordings',
      name: 'Call recordings',
      owner: 'recordings-owner@example.com',
      categories: ['sensory_data'],
      connector: { kind: 'manual' },
    },
    {
      key: 'paper_archive',
      name: 'Paper archive',
      owner: 'archive-owner@example.com',
      categories: ['customer_records'],
      connector: { kind: 'manual' },
    },
  ],
});
const harness = useTestApp({ dataMap });
let owner: CookieClient;
let officer: CookieClient;
let requestId: string;
let token: string;

const BOUNDARY = '----rightsdesk-task-test';

async function postOutcome(
  client: CookieClient,
  taskId: string,
  fields: Record<string, string>,
  file?: Buffer,
) {
  const csrf = await client.csrfToken(`/staff/tasks/${taskId}`);
  const parts = Object.entries({ _csrf: csrf, ...fields }).map(
    ([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  const body = Buffer.concat([
    Buffer.from(parts.join('')),
    ...(file
      ? [
          Buffer.from(
            `--${BOUNDARY}\r\nContent-Disposition: form-data; name="export"; filename="x.bin"\r\nContent-Type: application/pdf\r\n\r\n`,
          ),
          file,
          Buffer.from('\r\n'),
        ]
      : []),
    Buffer.from(`--${BOUNDARY}--\r\n`),
  ]);
  return client.postRaw(`/staff/tasks/${taskId}/complete`, body, `multipart/form-data; boundary=${BOUNDARY}`);
}

beforeAll(async () => {
  const deps = harness.app.deps;
  const summary = await submitRequest(deps, { input: submission('delete'), actor: STAFF });
  requestId = summary.id;
  await applyRequestCommand(deps, { requestId, action: VERIFY_TWO_POINTS, actor: STAFF });
  await applyRequestCommand(deps, { requestId, action: { kind: 'start' }, actor: STAFF });
  owner = await signIn(
    harness.app,
    await createStaffUser(harness.db, harness.config, {
      role: 'system_owner',
      email: 'recordings-owner@example.com',
    }),
  );
  officer = await signIn(
    harness.app,
    await createStaffUser(harness.db, harness.config, { role: 'privacy_officer', totp: true }),
  );
  token = (
    await createApiToken(
      { db: harness.db, clock: { now: () => new Date() } },
      { input: { name: 'officer tool', role: 'privacy_officer' }, actor: { type: 'system', id: 'test' } },
    )
  ).token;
});

describe('tasks in the console', () => {
  it("shows a system owner only their own systems' tasks, and someone else's task as not found", async () => {
    const tasks = await listRequestTasks(harness.db, requestId);
    const recordings = tasks.find((task) => task.systemKey === 'call_recordings')!;
    const archive = tasks.find((task) => task.systemKey === 'paper_archive')!;
    const list = await owner.get('/staff/tasks');
    expect(list.status).toBe(200);
    expect(list.body).toContain(`task-${recordings.id}`);
    expect(list.body).not.toContain(`task-${archive.id}`);
    expect((await owner.get(`/staff/tasks/${archive.id}`)).status).toBe(404);
    expect((await owner.get(`/staff/requests/${requestId}`)).status).toBe(403);
  });

  it('lets the owner record the manual task with an export checked by content', async () => {
    const [recordings] = (await listRequestTasks(harness.db, requestId)).filter(
      (task) => task.systemKey === 'call_recordings',
    );
    const refused = await postOutcome(
      owner,
      recordings!.id,
      { outcome: 'deleted', note: '' },
      Buffer.from('\u0000\u0001binary'),
    );
    expect(refused.status).toBe(400);
    expect(refused.body).toContain('Upload a CSV, JSON or PDF file.');
    const retainedWithoutBasis = await postOutcome(owner, recordings!.id, {
      outcome: 'retained',
      exception: '',
    });
    expect(retainedWithoutBasis.status).toBe(400);

    const saved = await postOutcome(
      owner,
      recordings!.id,
      { outcome: 'deleted', note: 'Recordings purged from the archive.' },
      Buffer.from('recording_id,started_at\nR-1,2025-01-02T10:00:00Z\n'),
    );
    expect(saved.status).toBe(303);
    const [done] = (await listRequestTasks(harness.db, requestId)).filter(
      (task) => task.systemKey === 'call_recordings',
    );
    expect(done).toMatchObject({
      status: 'done',
      result: { outcome: 'deleted' },
      export: { mediaType: 'text/csv' },
    });
  });

  it('lifts a request with an overdue task above the queue', async () => {
    expect((await officer.get('/staff')).body).not.toContain('tasks-need-attention');
    await harness.db.fulfilmentTask.updateMany({
      where: { requestId, systemKey: 'paper_archive' },
      data: { dueDate: new Date('2020-01-02T00:00:00Z') },
    });
    const queue = await officer.get('/staff');
    expect(queue.body).toContain('tasks-need-attention');
    expect(queue.body).toMatch(
      new RegExp(
        `href="/staff/requests/${requestId}">RD-[0-9A-Z-]+</a>: <span class="badge badge-overdue">1 overdue`,
      ),
    );
  });

  it('refuses to complete the request while a task is open, until an officer waives it', async () => {
    const page = await officer.get(`/staff/requests/${requestId}`);
    expect(page.body).toContain('request-task-paper_archive');
    expect(page.body).not.toContain('ready-to-complete');
    const completeEarly = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/staff/requests/${requestId}/complete`,
      headers: { authorization: `Bearer ${token}` },
      payload: { summary: 'Deleted.' },
    });
    expect(completeEarly.statusCode).toBe(409);
    expect(completeEarly.json().error.code).toBe('FULFILMENT.TASKS_OPEN');

    const tasks = await harness.app.inject({
      url: `/api/v1/staff/requests/${requestId}/tasks`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(tasks.statusCode).toBe(200);
    const archive = (tasks.json().tasks as { id: string; systemKey: string; status: string }[]).find(
      (task) => task.systemKey === 'paper_archive',
    )!;
    expect(archive.status).toBe('pending');
    const tooShort = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/staff/tasks/${archive.id}/waive`,
      headers: { authorization: `Bearer ${token}` },
      payload: { reason: '' },
    });
    expect(tooShort.statusCode).toBe(400);
    const waived = await officer.post(
      `/staff/tasks/${archive.id}/waive`,
      { reason: 'The paper archive was destroyed in 2023; nothing is left to delete.' },
      `/staff/tasks/${archive.id}`,
    );
    expect(waived.status).toBe(303);
    expect((await officer.get(`/staff/requests/${requestId}`)).body).toContain('ready-to-complete');
    const audit = await harness.db.auditEvent.findMany({
      where: { requestId, action: 'fulfilment.task_waived' },
    });
    expect(audit).toHaveLength(1);

    const complete = await harness.app.inject({
      method: 'POST',
      url: `/api/v1/staff/requests/${requestId}/complete`,
      headers: { authorization: `Bearer ${token}` },
      payload: { summary: 'Deleted.' },
    });
    expect(complete.statusCode).toBe(200);
  });

  it('shows the data map read-only to officers', async () => {
    const page = await officer.get('/staff/data-map');
    expect(page.status).toBe(200);
    expect(page.body).toContain('Call recordings');
    expect(page.body).toContain('Audio, electronic, visual, thermal, olfactory or similar information');
    expect((await owner.get('/staff/data-map')).status).toBe(403);
  });
});
