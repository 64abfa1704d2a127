// Downstream systems ask whether a consumer opted out. Bearer tokens with the
// `integration` role (or officers); one index lookup.

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { lookUpPreferences, PreferencesQuerySchema } from '../../services/preferences/look-up-preferences.js';
import { countLookupByToken } from '../../services/preferences/audit-preference-lookups.js';
import { ProblemSchema } from '../problem.js';
import { storableText } from '../../domain/storable-text.js';

const PreferencesSchema = z.object({
  doNotSellOrShare: z.boolean().describe('Do not sell or share (Civ. 1798.120, 1798.135; GPC)'),
  limitSensitiveUse: z.boolean().describe('Limit the use of sensitive personal information (Civ. 1798.121)'),
  nevadaNoSale: z.boolean().describe('Nevada: no sale of covered information (NRS 603A.345)'),
  directMarketingSuppressed: z
    .boolean()
    .describe(
      'Shine the Light suppression list: no disclosure to third parties for their direct marketing (Civ. 1798.83(c)(2))',
    ),
  minorWithoutOptIn: z
    .boolean()
    .describe('Known to be under 16 with no opt-in in force: no sale or sharing (Civ. 1798.120(c))'),
  optInMayBeAskedFrom: storableText()
    .nullable()
    .describe(
      'After a refused or withdrawn opt-in, the first day (YYYY-MM-DD) it may be asked for again (Civ. 1798.135(c)(5))',
    ),
  since: z.iso.datetime({ offset: true }).nullable().describe('When the earliest preference in force began'),
});

const preferenceRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { action: 'preferences.read' },
      schema: {
        tags: ['integration'],
        summary: 'The opt-outs recorded for one consumer identity (email, phone or account number)',
        security: [{ bearerToken: [] }],
        querystring: PreferencesQuerySchema,
        response: { 200: PreferencesSchema, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (request) => {
      const preferences = await lookUpPreferences(app.deps, request.query);
      if (request.principal !== null) await countLookupByToken(app.deps, request.principal.tokenId);
      return preferences;
    },
  );
};

export default preferenceRoutes;
