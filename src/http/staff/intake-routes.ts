// Call-center intake (/staff/intake): one keyboard-first screen. "Find record"
// shows the customer record beside the caller's answers; "Log request" submits
// with channel phone. Agents see their own recent submissions only.

import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Temporal } from 'temporal-polyfill';
import { CORRECTABLE_FIELDS, DATA_POINTS, REQUEST_TYPES } from '../../domain/request-types.js';
import { US_STATE_CODES } from '../../domain/us-states.js';
import type { CustomerMatch } from '../../services/customers/find-records-for-staff-review.js';
import {
  listOwnSubmissions,
  logPhoneRequest,
  lookUpCaller,
  PhoneIntakeFormSchema,
  submissionOfIntakeForm,
} from '../../services/requests/log-phone-request.js';
import { can, principalOf, staffActor } from './guard.js';
import { fieldErrorsOf, formBodyOf, type FieldErrors, type FormBody } from '../posted-form.js';
import { renderStaffPage } from './render.js';

/** Enter in any field looks the caller up by what has been typed so far. */
const CallerLookupFormSchema = PhoneIntakeFormSchema.pick({
  firstName: true,
  lastName: true,
  email: true,
  phone: true,
  accountNumber: true,
  lastInteractionDate: true,
  addressLine1: true,
  addressCity: true,
  addressState: true,
  addressPostalCode: true,
}).partial();

const intakeRoutes: FastifyPluginAsync = async (app) => {
  const deps = app.deps;
  const timeZone = deps.policy.lifecycle.timeZone;

  async function renderIntake(
    request: FastifyRequest,
    reply: FastifyReply,
    {
      values = {},
      errors = {},
      matches = null,
    }: { values?: FormBody; errors?: FieldErrors; matches?: CustomerMatch[] | null },
  ) {
    const principal = principalOf(request);
    const logged = (request.query as { logged?: unknown }).logged;
    return renderStaffPage(request, reply, 'intake', {
      title: 'Log a phone request',
      values: { state: 'CA', confirmationBy: 'email', ...values },
      confirmed: new Set([values.confirmedDataPoints ?? []].flat()),
      errors,
      matches,
      match: matches?.[0] ?? null,
      options: {
        types: REQUEST_TYPES,
        dataPoints: DATA_POINTS,
        states: US_STATE_CODES,
        correctionFields: CORRECTABLE_FIELDS,
      },
      verifyOnCall: can(request, 'intake.verify_on_call'),
      logged: typeof logged === 'string' && /^RD-[0-9A-Z]{4}-[0-9A-Z]{4}$/.test(logged) ? logged : null,
      recent: can(request, 'intake.list_own')
        ? await listOwnSubmissions(deps, { staffId: principal.user.id })
        : [],
    });
  }

  app.get('/', { config: { action: 'intake.create' } }, async (request, reply) =>
    renderIntake(request, reply, {}),
  );

  app.post(
    '/lookup',
    { config: { action: 'customer.search', form: CallerLookupFormSchema }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const values = formBodyOf(request.body);
      const parsed = CallerLookupFormSchema.safeParse(values);
      if (!parsed.success) {
        return renderIntake(request, reply.status(400), {
          values,
          errors: fieldErrorsOf(parsed.error.issues),
        });
      }
      const matches = await lookUpCaller(deps, { form: parsed.data, actor: staffActor(request) });
      return renderIntake(request, reply, { values, matches });
    },
  );

  app.post(
    '/',
    { config: { action: 'intake.create', form: PhoneIntakeFormSchema }, preHandler: app.csrfProtection },
    async (request, reply) => {
      const values = formBodyOf(request.body);
      const parsed = PhoneIntakeFormSchema.safeParse(values);
      if (!parsed.success) {
        return renderIntake(request, reply.status(400), {
          values,
          errors: fieldErrorsOf(parsed.error.issues),
        });
      }
      const form = parsed.data;
      let receivedAt: Date | undefined;
      if (form.callReceivedAt !== undefined) {
        try {
          // The agent types the local time of the call; it is read in the business time zone.
          const local = Temporal.PlainDateTime.from(form.callReceivedAt.replace(' ', 'T'));
          receivedAt = new Date(local.toZonedDateTime(timeZone).epochMilliseconds);
        } catch {
          return renderIntake(request, reply.status(400), {
            values,
            errors: { callReceivedAt: 'enter the time of the call, e.g. 2025-03-03 09:30' },
          });
        }
        if (receivedAt.getTime() > deps.clock.now().getTime()) {
          return renderIntake(request, reply.status(400), {
            values,
            errors: { callReceivedAt: 'the call cannot be in the future' },
          });
        }
      }
      const submission = submissionOfIntakeForm(form, receivedAt);
      if (!submission.ok)
        return renderIntake(request, reply.status(400), { values, errors: submission.errors });
      const matches = await lookUpCaller(deps, { form, actor: staffActor(request) });
      const summary = await logPhoneRequest(deps, {
        input: submission.input,
        form,
        match: matches[0] ?? null,
        verifyOnCall: can(request, 'intake.verify_on_call'),
        actor: staffActor(request),
      });
      return reply.redirect(`/staff/intake?logged=${summary.reference}`, 303);
    },
  );
};

export default intakeRoutes;
