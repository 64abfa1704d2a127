// A real HTTP receiver on loopback for the webhook connector: it answers from a script (status
// and body per call, or a function), records every delivery, and checks each signature with
// its own HMAC-SHA256 (the Standard Webhooks scheme), independent of the library that signed.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { useDuringSuite } from './suite.js';

export interface Delivery {
  webhookId: string;
  timestamp: string;
  signatureValid: boolean;
  body: { type: string; timestamp: string; data: Record<string, unknown> & { taskId: string } };
  answeredWith: number;
  /**
   * The receiver acted on it: its 200 reached the sender (the connection was still open) and
   * the webhook-id had not been applied before, which is how a receiver drops repeats.
   */
  applied: boolean;
}

/** `delayMs` holds the answer back, to keep calls in flight. */
export type Answer = { status: number; body?: unknown; delayMs?: number };

export interface WebhookReceiver {
  url: string;
  secret: string;
  deliveries: Delivery[];
  /** What the next calls get, in order; after the script, `fallback`. */
  script(answers: Answer[], fallback?: (delivery: Delivery) => Answer): void;
  close(): Promise<void>;
}

/** A `whsec_` secret, as the data map's secretEnv holds. */
export const TEST_WEBHOOK_SECRET = `whsec_${Buffer.from('rightsdesk-test-webhook-secret-32b').toString('base64')}`;

export function verifiesIndependently(
  secret: string,
  id: string,
  timestamp: string,
  body: string,
  header: string,
) {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return header.split(' ').some((part) => {
    const [version, signature] = part.split(',');
    const given = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  let answers: Answer[] = [];
  let fallback: (delivery: Delivery) => Answer = () => ({ status: 200, body: { outcome: 'done' } });
  const deliveries: Delivery[] = [];
  const appliedIds = new Set<string>();
  const server: Server = createServer((request, response) => {
    void readBody(request).then((text) => {
      const header = (name: string) => String(request.headers[name] ?? '');
      const delivery: Delivery = {
        webhookId: header('webhook-id'),
        timestamp: header('webhook-timestamp'),
        signatureValid: verifiesIndependently(
          TEST_WEBHOOK_SECRET,
          header('webhook-id'),
          header('webhook-timestamp'),
          text,
          header('webhook-signature'),
        ),
        body: JSON.parse(text) as Delivery['body'],
        answeredWith: 0,
        applied: false,
      };
      const answer = answers.shift() ?? fallback(delivery);
      delivery.answeredWith = answer.status;
      deliveries.push(delivery);
      setTimeout(() => {
        const delivered = !request.socket.destroyed;
        if (delivered && answer.status === 200 && !appliedIds.has(delivery.webhookId)) {
          appliedIds.add(delivery.webhookId);
          delivery.applied = true;
        }
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      }, answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/privacy`,
    secret: TEST_WEBHOOK_SECRET,
    deliveries,
    script(next, otherwise) {
      answers = [...next];
      if (otherwise) fallback = otherwise;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export function useWebhookReceiver(): WebhookReceiver {
  return useDuringSuite(startWebhookReceiver, (receiver) => receiver.close());
}
