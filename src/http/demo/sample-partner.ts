import type { FastifyInstance } from 'fastify';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { createSamplePartner, PartnerEventSchema } from '../../services/demo/sample-partner.js';

/** The variable config/data-map.sample.yaml names for this partner's secret. */
const SECRET_VARIABLE = 'DEMO_ADTECH_WEBHOOK_SECRET';

/**
 * The sample telecom's advertising partner, served only with DEMO_MODE=true: it
 * checks each event's Standard Webhooks signature as a real receiver would
 * (401 when it does not verify) and answers with its result at once.
 */
export default async function samplePartnerRoutes(app: FastifyInstance) {
  const secret = app.deps.config.connectorVariable(SECRET_VARIABLE);
  if (secret === undefined) throw new Error(`${SECRET_VARIABLE} is needed to serve the sample partner`);
  const webhook = new Webhook(secret);
  const partner = createSamplePartner();
  // The signature covers the body as sent: keep it as text in this plugin only.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) =>
    done(null, body),
  );

  app.post('/privacy', { schema: { hide: true } }, async (request, reply) => {
    const headers = Object.fromEntries(
      ['webhook-id', 'webhook-timestamp', 'webhook-signature'].map((name) => [
        name,
        String(request.headers[name] ?? ''),
      ]),
    );
    let payload: unknown;
    try {
      payload = webhook.verify(typeof request.body === 'string' ? request.body : '', headers);
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      return reply.status(401).send({ error: 'signature does not verify' });
    }
    const event = PartnerEventSchema.safeParse(payload);
    if (!event.success) return reply.status(400).send({ error: 'not a privacy request event' });
    return reply.send(partner.answer(event.data));
  });
}
