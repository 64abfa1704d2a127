import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_TYPES, type RequestType } from '../../domain/request-types.js';
import { usStateOptions } from '../../i18n/us-state-names.js';
import { submitConsumerRequest } from '../../services/requests/submit-consumer-request.js';
import { formBodyOf } from '../posted-form.js';
import { correctionOptions } from './correction-fields.js';
import { isRateLimited, languageOf, renderPage, translatorOf } from './page.js';
import { showConfirmation } from './request-access.js';
import {
  ageBandOptions,
  emptyFormState,
  parseRequestForm,
  sectionsOf,
  type FormState,
} from './request-form-parsing.js';

/** Where each type's form lives; opt-out and limit have the names the law gives their links. */
export const FORM_PATHS: Readonly<Record<RequestType, string>> = {
  know: '/requests/know',
  delete: '/requests/delete',
  correct: '/requests/correct',
  opt_out: '/do-not-sell-or-share', // Civ. 1798.135(a)(1)
  limit: '/limit-sensitive', // Civ. 1798.135(a)(2)
  nv_opt_out: '/requests/nevada-opt-out',
  stl_disclosure: '/requests/shine-the-light',
  stl_suppression: '/requests/shine-the-light-suppression',
};

/** One form per request type; opt-out and limit are one step. */
export default async function requestFormRoutes(app: FastifyInstance) {
  const show = (
    request: FastifyRequest,
    reply: FastifyReply,
    type: RequestType,
    form: FormState,
    status = 200,
  ) =>
    renderPage(
      request,
      reply,
      'request-form',
      (t, language) => ({
        title: t(`requestForm.titles.${type}`),
        intro: t(`requestForm.intros.${type}`),
        action: FORM_PATHS[type],
        form,
        sections: sectionsOf(type),
        stateOptions: usStateOptions(language),
        defaultState: type === 'nv_opt_out' ? 'NV' : '',
        ageBandOptions: ageBandOptions(t),
        correctionOptions: correctionOptions(t),
      }),
      status,
    );

  for (const type of REQUEST_TYPES) {
    const path = FORM_PATHS[type];
    app.get(path, { schema: { hide: true } }, async (request, reply) =>
      show(request, reply, type, emptyFormState()),
    );

    app.post(path, { schema: { hide: true }, preHandler: app.csrfProtection }, async (request, reply) => {
      const t = translatorOf(request);
      const parsed = parseRequestForm(type, formBodyOf(request.body), t, languageOf(request));
      // A filled honeypot is answered like a success and recorded nowhere.
      if (parsed.isBot) return reply.redirect('/confirmation', 303);
      if (parsed.submission === null) return show(request, reply, type, parsed.state, 400);
      if (await isRateLimited(app, request, 'submit', parsed.submission.input.subject.email)) {
        const errorList = [{ field: 'firstName', message: t('errors.rateLimited') }];
        return show(request, reply, type, { ...parsed.state, errorList }, 429);
      }
      const { summary } = await submitConsumerRequest(app.deps, { submission: parsed.submission });
      return showConfirmation(app, reply, summary.reference);
    });
  }
}
