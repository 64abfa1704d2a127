// A small data map and task results, built by hand, for the tests of what
// fulfilment delivers: reports, packages and completion notices.

import { buffer } from 'node:stream/consumers';
import yauzl from 'yauzl';
import { DataMapSchema, type DataMap } from '../../src/domain/fulfilment/data-map.js';
import type { Database } from '../../src/db/client.js';
import { OPEN_TASK_STATUSES } from '../../src/domain/fulfilment/plan-tasks.js';
import { TaskResultSchema } from '../../src/domain/fulfilment/task-result.js';
import type { Dependencies } from '../../src/services/dependencies.js';
import {
  completeOpenTask,
  listRequestTasks,
  waiveOpenTask,
} from '../../src/services/fulfilment/fulfilment-repo.js';
import type { Language } from '../../src/i18n/index.js';
import type { ReportedSystem, SystemTaskResult } from '../../src/domain/fulfilment/fulfilment-results.js';
import { createAccessPackage } from '../../src/services/fulfilment-report/create-access-package.js';
import { applyRequestCommand } from '../../src/services/requests/apply-request-command.js';
import { findRequest } from '../../src/services/requests/requests-repo.js';
import { submitRequest } from '../../src/services/requests/submit-request.js';
import { STAFF, submission } from './services.js';

/** Three systems whose tasks their owners do by hand, so a test settles them with settleTasks. */
export const DATA_MAP: DataMap = DataMapSchema.parse({
  systems: [
    {
      key: 'crm',
      name: 'Customer CRM',
      categories: ['identifiers', 'customer_records'],
      sources: ['consumer'],
      purposes: ['provide_services'],
      recipients: ['service_providers'],
      retention: 'Life of the account plus 24 months',
      fields: {
        email: 'identifiers',
        first_name: 'identifiers',
        postal_address: 'customer_records',
        ssn_last4: { category: 'identifiers', withhold: true },
      },
      connector: { kind: 'manual' },
    },
    {
      key: 'billing',
      name: 'Billing',
      categories: ['commercial_information'],
      sources: ['consumer'],
      purposes: ['billing'],
      recipients: ['service_providers'],
      retention: '7 years after the invoice',
      fields: { invoice_total: 'commercial_information' },
      connector: { kind: 'manual' },
    },
    {
      key: 'adtech',
      name: 'Advertising partner',
      categories: ['internet_activity', 'inferences'],
      sources: ['devices'],
      purposes: ['marketing'],
      recipients: ['ad_networks'],
      soldOrShared: true,
      retention: '13 months',
      connector: { kind: 'manual' },
    },
  ],
});

export const SYSTEMS: readonly ReportedSystem[] = DATA_MAP.systems;

/** What the three systems found for the consumer "Jane Roe" of submission(). */
export const JANE_ACCESS_RESULTS: readonly SystemTaskResult[] = [
  {
    systemKey: 'crm',
    kind: 'access',
    status: 'done',
    result: {
      outcome: 'done',
      records: [
        {
          fields: {
            email: 'jane.roe@example.com',
            first_name: 'Jane',
            postal_address: '1 Market St',
            ssn_last4: '6789',
          },
        },
      ],
    },
  },
  {
    systemKey: 'billing',
    kind: 'access',
    status: 'done',
    result: { outcome: 'done', records: [{ fields: { invoice_total: '84.17' } }] },
  },
  {
    systemKey: 'adtech',
    kind: 'access',
    status: 'done',
    result: {
      outcome: 'done',
      records: [{ category: 'inferences', fields: { segment: 'streaming-enthusiast' } }],
    },
  },
];

/** A verification that meets the level of a request to know specific pieces. */
export const SPECIFIC_PIECES_VERIFICATION = {
  kind: 'verify',
  method: 'records_match',
  dataPoints: ['name', 'email', 'phone'],
  emailControlProven: true,
  declarationSigned: true,
  declarationSignedName: 'Jane Roe',
} as const;

/**
 * A verified know request for specific pieces, its access package made from
 * `results`, then completed (which queues the completion email). Answers its id.
 */
export async function completedKnowRequest(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config' | 'policy' | 'logger' | 'dataMap'>,
  results: readonly SystemTaskResult[] = JANE_ACCESS_RESULTS,
  { subject = {}, language = 'en' }: { subject?: Record<string, unknown>; language?: Language } = {},
): Promise<string> {
  const input = submission('know', { know: { categories: true, specificPieces: true } });
  const { id } = await submitRequest(deps, {
    input: { ...input, subject: { ...input.subject, ...subject } },
    actor: STAFF,
    extras: { language },
  });
  await applyRequestCommand(deps, { requestId: id, action: SPECIFIC_PIECES_VERIFICATION, actor: STAFF });
  await applyRequestCommand(deps, { requestId: id, action: { kind: 'start' }, actor: STAFF });
  const loaded = await findRequest(deps.db, id);
  if (loaded === null) throw new Error('request vanished');
  await deps.db.$transaction((tx) =>
    createAccessPackage(deps, tx, { request: loaded.row, state: loaded.state, systems: SYSTEMS, results }),
  );
  await applyRequestCommand(deps, {
    requestId: id,
    action: { kind: 'complete', summary: 'Your report is ready.' },
    actor: STAFF,
  });
  return id;
}

/**
 * Ends the request's open tasks as `results` say, one per system, as their owners would
 * in the console: a result with status 'waived' waives the system's task.
 */
export async function settleTasks(
  db: Database,
  requestId: string,
  results: readonly SystemTaskResult[],
): Promise<void> {
  const tasks = await listRequestTasks(db, requestId);
  const now = new Date();
  await db.$transaction(async (tx) => {
    for (const { systemKey, status, result } of results) {
      const task = tasks.find((candidate) => candidate.systemKey === systemKey);
      if (task === undefined) throw new Error(`no task for ${systemKey}`);
      const settled =
        status === 'waived' || result === null
          ? await waiveOpenTask(tx, { taskId: task.id, reason: 'Not needed.', settledById: null, now })
          : await completeOpenTask(tx, {
              taskId: task.id,
              result: TaskResultSchema.parse(result),
              note: null,
              settledById: null,
              now,
              statuses: OPEN_TASK_STATUSES,
            });
      if (settled === null) throw new Error(`the task for ${systemKey} was not open`);
    }
  });
}

/** Every file of the ZIP, read one entry after the other (yauzl's lazy mode ends only after the last). */
export async function unzip(zip: Buffer): Promise<Map<string, string>> {
  const archive = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(zip, { lazyEntries: true }, (error, opened) =>
      error ? reject(error) : resolve(opened),
    ),
  );
  const files = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    archive.on('entry', (entry: yauzl.Entry) => {
      archive.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        buffer(stream).then((content) => {
          files.set(entry.fileName, content.toString('utf8'));
          archive.readEntry();
        }, reject);
      });
    });
    archive.on('end', resolve);
    archive.on('error', reject);
    archive.readEntry();
  });
  return files;
}
