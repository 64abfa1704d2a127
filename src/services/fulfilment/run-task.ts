// One call of a claimed task's connector, after the claim has committed: the identity was read
// with the claim (the task row holds ids only), the statement or webhook is sent, and the answer becomes a
// ConnectorOutcome for the worker to record.

import type { DataMapSystem } from '../../domain/fulfilment/data-map.js';
import { recordsOfRow, withholdFields } from '../../domain/fulfilment/records.js';
import type { TaskResult } from '../../domain/fulfilment/task-result.js';
import type { RequestType } from '../../domain/request-types.js';
import { keyedHash } from '../../secrets.js';
import type { Dependencies } from '../dependencies.js';
import { errorCodeOf, type ConnectorOutcome } from './connector-outcome.js';
import type { ClaimedTask } from './fulfilment-repo.js';
import type { WebhookIdentity, WebhookSender } from './send-webhook.js';
import type { SystemDatabases } from './system-databases-repo.js';

type RunDependencies = Pick<Dependencies, 'config' | 'clock'> & {
  systemDatabases: SystemDatabases;
  webhooks: WebhookSender;
};

/** The bearer token a receiver's callback presents: derived from the task, so every retry sends the same. */
export function callbackTokenFor(sessionSecret: string, taskId: string): string {
  return keyedHash(sessionSecret, `fulfilment-callback:${taskId}`);
}

export function callbackUrlFor(publicBaseUrl: string, taskId: string): string {
  return new URL(`/api/v1/fulfilment/tasks/${taskId}/result`, publicBaseUrl).toString();
}

const OPT_OUT_OF_TYPE: Partial<Record<RequestType, string>> = {
  opt_out: 'sale_and_sharing',
  limit: 'sensitive_personal_information_use',
  nv_opt_out: 'sale',
};

export async function runTask(
  deps: RunDependencies,
  claimed: ClaimedTask,
  system: DataMapSystem,
): Promise<ConnectorOutcome> {
  const { request } = claimed;
  if (!request.subject) return { kind: 'result', result: { outcome: 'no_data' }, httpStatus: null };
  const { subject } = request;
  const identity: WebhookIdentity = {
    email: subject.email,
    phone: subject.phone,
    accountNumber: subject.accountNumber,
    firstName: subject.firstName,
    lastName: subject.lastName,
  };
  const correction = subject.correction as {
    field: string;
    currentValue?: string | null;
    requestedValue: string;
  } | null;
  const { connector } = system;
  if (connector.kind === 'webhook') {
    const secret = deps.config.connectorVariable(connector.secretEnv) ?? '';
    const outcome = await deps.webhooks.send(
      {
        url: connector.url,
        secret,
        webhookId: claimed.webhookId,
        kind: claimed.kind,
        createdAt: claimed.createdAt,
        data: {
          taskId: claimed.id,
          reference: request.reference,
          identity,
          ...(claimed.kind === 'correct' &&
            correction && {
              correction: {
                field: correction.field,
                currentValue: correction.currentValue ?? null,
                requestedValue: correction.requestedValue,
              },
            }),
          ...(claimed.kind === 'notify_opt_out' && {
            optOut: OPT_OUT_OF_TYPE[request.type] ?? 'sale_and_sharing',
          }),
          callbackUrl: callbackUrlFor(deps.config.PUBLIC_BASE_URL, claimed.id),
          callbackToken: callbackTokenFor(deps.config.SESSION_SECRET, claimed.id),
        },
      },
      deps.clock.now(),
    );
    return outcome.kind === 'result' ? { ...outcome, result: withheld(system, outcome.result) } : outcome;
  }
  if (connector.kind !== 'postgres')
    return { kind: 'retryable', error: 'not an automated system', httpStatus: null };
  const url = deps.config.connectorVariable(connector.urlEnv) ?? '';
  const values = { ...identity, value: correction?.requestedValue ?? null };
  try {
    switch (claimed.kind) {
      case 'access': {
        const { rows } = await deps.systemDatabases.run(url, {
          sql: connector.access,
          values,
          readOnly: true,
        });
        const result: TaskResult =
          rows.length === 0
            ? { outcome: 'no_data' }
            : { outcome: 'done', records: rows.flatMap((row) => recordsOfRow(system, row)) };
        return { kind: 'result', result, httpStatus: null };
      }
      case 'delete':
      case 'notify_delete': {
        const { rowCount } = await deps.systemDatabases.run(url, {
          sql: connector.delete ?? '',
          values,
          readOnly: false,
        });
        return {
          kind: 'result',
          result: { outcome: rowCount > 0 ? 'deleted' : 'no_data' },
          httpStatus: null,
        };
      }
      case 'correct': {
        const column = correction
          ? system.corrects[correction.field as keyof typeof system.corrects]
          : undefined;
        if (column === undefined) return { kind: 'result', result: { outcome: 'no_data' }, httpStatus: null };
        const { rowCount } = await deps.systemDatabases.run(url, {
          sql: connector.correct ?? '',
          column,
          values,
          readOnly: false,
        });
        return {
          kind: 'result',
          result: { outcome: rowCount > 0 ? 'corrected' : 'no_data' },
          httpStatus: null,
        };
      }
      case 'notify_opt_out':
        await deps.systemDatabases.run(url, { sql: connector.optOut ?? '', values, readOnly: false });
        return { kind: 'result', result: { outcome: 'done' }, httpStatus: null };
    }
  } catch (error) {
    return { kind: 'retryable', error: errorCodeOf(error), httpStatus: null };
  }
}

function withheld(system: DataMapSystem, result: TaskResult): TaskResult {
  return result.records === undefined
    ? result
    : { ...result, records: withholdFields(system, result.records) };
}
