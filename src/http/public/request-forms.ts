import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_TYPES, type RequestType } from '../../domain/request-types.js';
import type { Translate } from '../../i18n/index.js';
import { submitConsumerRequest } from '../../services/requests/submit-consumer-request.js';
import { checkRateLimits } from '../../services/rate-limits/check-rate-limits.js';
import { correctionOptions } from './correction-fields.js';
import { grant, SUBMITTED_COOKIE } from './cookies.js';
import { formBodyOf } from './form-values.js';
import { localeOf, renderPage, translatorOf } from './page.js';
import {
  AGE_BAND_CHOICES,
  emptyFormState,
  FORM_PATHS,
  parseRequestForm,
  sectionsOf,
  stateOptions,
  type FormState,
} from './request-form.js';

const AGE_BAND_LABELS = {
  '16_plus': 'form.ageBand16Plus',
  '13_15': 'form.ageBand13To15',
  under_13: 'form.ageBandUnder13',
  unknown: 'form.ageBandUnknown',
} as const;

export function ageBandOptions(t: Translate) {
  return AGE_BAND_CHOICES.map((value) => ({ value, label: t(AGE_BAND_LABELS[value]) }));
}

/** One form per request type (issue 4, part 1); opt-out and limit are one step. */
export default async function requestForms(app: FastifyInstance) {
  const services = app.deps;

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
      (t, lang) => ({
        title: t(`requestForm.titles.${type}`),
        intro: t(`requestForm.intros.${type}`),
        action: FORM_PATHS[type],
        form,
        sections: sectionsOf(type),
        stateOptions: stateOptions(lang),
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
      const parsed = parseRequestForm(type, formBodyOf(request.body), t, localeOf(request));
      // A filled honeypot is answered like a success and recorded nowhere.
      if (parsed.isBot) return reply.redirect('/confirmation', 303);
      if (parsed.submission === null) return show(request, reply, type, parsed.state, 400);
      if (
        !(
          await checkRateLimits(app.deps, {
            action: 'submit',
            ip: request.ip,
            email: parsed.submission.input.subject.email,
          })
        ).allowed
      ) {
        const errorList = [{ field: 'firstName', message: t('errors.rateLimited') }];
        return show(request, reply, type, { ...parsed.state, errorList }, 429);
      }
      const { summary } = await submitConsumerRequest(services, { submission: parsed.submission });
      grant(app, reply, SUBMITTED_COOKIE, summary.reference);
      return reply.redirect(`/confirmation/${summary.reference}`, 303);
    });
  }
}
