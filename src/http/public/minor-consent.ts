// The consumer page where a person under 16 (or the parent or guardian of a
// child under 13) opts in to the sale or sharing of their personal
// information, or withdraws (docs/legal-rules.md#minors): the choice and the
// request's reference, then the code emailed to the request's address. Opting
// in and withdrawing take the same steps (Regs 7004(a)(2)).

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { MessageKey } from '../../i18n/index.js';
import {
  CONSUMER_MINOR_CHOICES,
  confirmMinorConsent,
  requestMinorConsentCode,
  type ConsumerMinorChoice,
  type ConsumerMinorOutcome,
} from '../../services/preferences/consumer-minor-consent.js';
import { formBodyOf, textOf } from '../posted-form.js';
import { answerCodeForm } from './code-form.js';
import { isRateLimited, renderFormPage, renderPage } from './page.js';
import { referenceOf } from './request-access.js';

/** The choice as it appears in the page's path. */
const CHOICE_PATHS: Record<string, ConsumerMinorChoice> = { 'opt-in': 'opt_in', withdraw: 'withdraw' };
const PATH_OF_CHOICE: Record<ConsumerMinorChoice, string> = { opt_in: 'opt-in', withdraw: 'withdraw' };

const OUTCOME_PATHS: Record<ConsumerMinorOutcome, string> = {
  opted_in: 'opted-in',
  withdrawn: 'withdrawn',
  parent_opt_in_pending: 'parent-pending',
};
const OUTCOME_MESSAGES: Record<string, MessageKey> = {
  'opted-in': 'minorConsent.resultOptedIn',
  withdrawn: 'minorConsent.resultWithdrawn',
  'parent-pending': 'minorConsent.resultParentPending',
};

export default async function minorConsentPages(app: FastifyInstance) {
  const showChoice = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: { reference: string; choice: string },
    errors: { reference?: MessageKey; choice?: MessageKey } = {},
    status = 200,
  ) =>
    renderPage(
      request,
      reply,
      'minor-consent',
      (t) => ({
        title: t('minorConsent.title'),
        ...values,
        choiceOptions: [
          { value: 'opt_in', label: t('minorConsent.choiceOptIn') },
          { value: 'withdraw', label: t('minorConsent.choiceWithdraw') },
        ],
        errors: Object.entries(errors).map(([field, key]) => ({ field, message: t(key) })),
      }),
      status,
    );

  const showCode = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: { reference: string; choice: ConsumerMinorChoice; code: string },
    error?: MessageKey,
    status = 200,
  ) =>
    renderFormPage(
      request,
      reply,
      {
        template: 'minor-consent-code',
        title: 'minorConsent.codeTitle',
        values: { ...values, choicePath: PATH_OF_CHOICE[values.choice] },
        error,
      },
      status,
    );

  app.get('/minor-consent', { schema: { hide: true } }, async (request, reply) =>
    showChoice(request, reply, { reference: '', choice: '' }),
  );

  app.post(
    '/minor-consent',
    { schema: { hide: true }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const form = formBodyOf(request.body);
      const typed = textOf(form, 'reference').trim().slice(0, 40);
      const typedChoice = textOf(form, 'choice');
      const choice = CONSUMER_MINOR_CHOICES.find((known) => known === typedChoice) ?? null;
      const reference = referenceOf(typed);
      if (reference === null || choice === null) {
        return showChoice(
          request,
          reply,
          { reference: typed, choice: choice ?? '' },
          {
            ...(reference === null && { reference: 'errors.reference' as const }),
            ...(choice === null && { choice: 'errors.choose' as const }),
          },
          400,
        );
      }
      if (await isRateLimited(app, request, 'status')) {
        return showChoice(
          request,
          reply,
          { reference: typed, choice },
          { reference: 'errors.rateLimited' },
          429,
        );
      }
      await requestMinorConsentCode(app.deps, { reference });
      return reply.redirect(`/minor-consent/${reference}/${PATH_OF_CHOICE[choice]}`, 303);
    },
  );

  app.get<{ Params: { outcome: string } }>(
    '/minor-consent/result/:outcome',
    { schema: { hide: true } },
    async (request, reply) => {
      const message = OUTCOME_MESSAGES[request.params.outcome];
      if (message === undefined) return reply.redirect('/minor-consent', 303);
      return renderPage(request, reply, 'minor-consent-result', (t) => ({
        title: t('minorConsent.resultTitle'),
        message: t(message),
      }));
    },
  );

  app.get<{ Params: { reference: string; choice: string } }>(
    '/minor-consent/:reference/:choice',
    { schema: { hide: true } },
    async (request, reply) => {
      const reference = referenceOf(request.params.reference);
      const choice = CHOICE_PATHS[request.params.choice];
      if (reference === null || choice === undefined) return reply.redirect('/minor-consent', 303);
      return showCode(request, reply, { reference, choice, code: '' });
    },
  );

  app.post<{ Params: { reference: string; choice: string } }>(
    '/minor-consent/:reference/:choice',
    { schema: { hide: true }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const reference = referenceOf(request.params.reference);
      const choice = CHOICE_PATHS[request.params.choice];
      if (reference === null || choice === undefined) return reply.redirect('/minor-consent', 303);
      return answerCodeForm(app, request, reply, {
        reference,
        confirm: (code) => confirmMinorConsent(app.deps, { reference, code, choice }),
        showAgain: (code, error, status) =>
          showCode(request, reply, { reference, choice, code }, error, status),
        next: (outcome) => reply.redirect(`/minor-consent/result/${OUTCOME_PATHS[outcome]}`, 303),
      });
    },
  );
}
