// The webhook connector: an HTTPS POST signed per the Standard Webhooks specification
// (webhook-id, webhook-timestamp, webhook-signature), the same webhook-id on every retry so the
// receiver can drop a repeat. The body names the task, the request's reference, the identity to
// look for and where to post a result later (docs/legal-rules.md#fulfilment).

import { Webhook } from 'standardwebhooks';
import { Agent, request, type Dispatcher } from 'undici';
import type { TaskKind } from '../../domain/fulfilment/plan-tasks.js';
import { TaskResultSchema } from '../../domain/fulfilment/task-result.js';
import { errorCodeOf, type ConnectorOutcome } from './connector-outcome.js';

export const WEBHOOK_EVENT_TYPES = {
  access: 'privacy_request.access',
  delete: 'privacy_request.delete',
  notify_delete: 'privacy_request.delete',
  correct: 'privacy_request.correct',
  notify_opt_out: 'privacy_request.opt_out',
} as const satisfies Record<TaskKind, string>;

export interface WebhookIdentity {
  email: string | null;
  phone: string | null;
  accountNumber: string | null;
  firstName: string | null;
  lastName: string | null;
}

export interface WebhookDelivery {
  url: string;
  secret: string;
  webhookId: string;
  kind: TaskKind;
  /** The task's creation: the body is the same on every retry; the signed header carries the send time. */
  createdAt: Date;
  data: {
    taskId: string;
    reference: string;
    identity: WebhookIdentity;
    correction?: { field: string; currentValue: string | null; requestedValue: string };
    optOut?: string;
    callbackUrl: string;
    callbackToken: string;
  };
}

/** Bounds what a receiver may send back; a larger answer is a failed attempt. */
const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;

/** The worker's connections to receivers, kept alive between calls and closed with the worker. */
export interface WebhookSender {
  send(delivery: WebhookDelivery, now: Date): Promise<ConnectorOutcome>;
  close(): Promise<void>;
}

/**
 * undici's own `request` rather than `fetch`, which spends several times the CPU per call on
 * its web streams (bench/fulfilment.ts). A call, answer and body included, ends within
 * `timeoutMs` (the worker's lease counts on it); redirects are not followed (a receiver that
 * redirects is refused, like any other 3xx).
 */
export function openWebhookSender({ timeoutMs }: { timeoutMs: number }): WebhookSender {
  const agent = new Agent({ maxResponseSize: MAX_RESPONSE_BYTES });
  // A signer decodes its secret once.
  const signers = new Map<string, Webhook>();
  const signerFor = (secret: string) => {
    let signer = signers.get(secret);
    if (signer === undefined) {
      signer = new Webhook(secret);
      signers.set(secret, signer);
    }
    return signer;
  };
  return {
    send: (delivery, now) => sendWebhook(agent, signerFor(delivery.secret), delivery, now, timeoutMs),
    close: () => agent.close(),
  };
}

async function sendWebhook(
  agent: Agent,
  signer: Webhook,
  delivery: WebhookDelivery,
  now: Date,
  timeoutMs: number,
): Promise<ConnectorOutcome> {
  const body = JSON.stringify({
    type: WEBHOOK_EVENT_TYPES[delivery.kind],
    timestamp: delivery.createdAt.toISOString(),
    data: delivery.data,
  });
  const signature = signer.sign(delivery.webhookId, now, body);
  let response: Dispatcher.ResponseData;
  try {
    response = await request(delivery.url, {
      dispatcher: agent,
      signal: AbortSignal.timeout(timeoutMs),
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'webhook-id': delivery.webhookId,
        'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
    });
  } catch (error) {
    return { kind: 'retryable', error: errorCodeOf(error), httpStatus: null };
  }
  const status = response.statusCode;
  if (status === 202) {
    await response.body.dump();
    return { kind: 'accepted', httpStatus: status };
  }
  if (status >= 500 || status === 408 || status === 429) {
    await response.body.dump();
    return { kind: 'retryable', error: `HTTP ${status}`, httpStatus: status };
  }
  if (status < 200 || status >= 300) {
    await response.body.dump();
    return { kind: 'refused', error: `HTTP ${status}`, httpStatus: status };
  }
  // A body over MAX_RESPONSE_BYTES, or one cut short, fails to read.
  const text = await response.body.text().catch(() => null);
  const parsed = text === null ? null : TaskResultSchema.safeParse(safeJson(text));
  if (!parsed?.success) return { kind: 'retryable', error: 'invalid result body', httpStatus: status };
  return { kind: 'result', result: parsed.data, httpStatus: status };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
