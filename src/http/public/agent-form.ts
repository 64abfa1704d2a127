import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import type { Translate } from '../../i18n/index.js';
import {
  AGENT_DOCUMENT_MEDIA_TYPES,
  submitAgentRequest,
  type AgentDocumentMediaType,
} from '../../services/requests/submit-agent-request.js';
import { ConsumerSubmissionSchema } from '../../services/requests/submit-consumer-request.js';
import { checkRateLimits } from '../../services/rate-limits/check-rate-limits.js';
import { grant, SUBMITTED_COOKIE } from './cookies.js';
import {
  CORRECTION_FIELD_OF_PATH,
  CORRECTION_FIELDS,
  correctionOf,
  correctionOptions,
} from './correction-fields.js';
import { checkedOf, FormErrors, formBodyOf, textOf, type FormBody } from './form-values.js';
import { localeOf, renderPage, translatorOf } from './page.js';
import {
  addIssues,
  emptyFormState,
  isRequestType,
  sectionsOf,
  stateOptions,
  subjectFieldsOf,
  type FormState,
} from './request-form.js';

const MAX_DOCUMENT_MEGABYTES = 5;
const MAX_DOCUMENT_BYTES = MAX_DOCUMENT_MEGABYTES * 1024 * 1024;

/** What an agent may ask for here: the consumer's identity, and the scope or correction the type needs. */
const AGENT_REQUEST_TYPES = ['know', 'delete', 'correct', 'opt_out', 'limit'] as const;
const DOCUMENT_KINDS = ['signed_permission', 'power_of_attorney'] as const;
const AGENT_KINDS = ['person', 'business'] as const;

const AGENT_FIELDS = [
  'agentKind',
  'agentName',
  'agentEmail',
  'agentPhone',
  'secretaryOfStateNumber',
  'requestType',
];
const CONSUMER_FIELDS = ['firstName', 'lastName', 'email', 'state'];
const TEXT_FIELDS = [...AGENT_FIELDS, ...CORRECTION_FIELDS, ...CONSUMER_FIELDS, 'documentKind'];
const FIELD_ORDER = [
  ...AGENT_FIELDS,
  'categories',
  ...CONSUMER_FIELDS,
  ...CORRECTION_FIELDS,
  'sensitiveData',
  'documentKind',
  'document',
];

const FIELD_OF_PATH: Readonly<Record<string, string>> = {
  'agent.kind': 'agentKind',
  'agent.name': 'agentName',
  'agent.email': 'agentEmail',
  'agent.phone': 'agentPhone',
  'agent.secretaryOfStateNumber': 'secretaryOfStateNumber',
  type: 'requestType',
  'subject.firstName': 'firstName',
  'subject.lastName': 'lastName',
  'subject.email': 'email',
  'subject.state': 'state',
  know: 'categories',
  ...CORRECTION_FIELD_OF_PATH,
  sensitiveData: 'sensitiveData',
};

interface UploadedDocument {
  buffer: Buffer;
  truncated: boolean;
}

function isUploadedDocument(value: unknown): value is UploadedDocument {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as UploadedDocument).buffer);
}

/** Content, not the name or the browser's claim, decides the type (issue 4, part 7). */
async function sniffMediaType(buffer: Buffer): Promise<AgentDocumentMediaType | null> {
  const detected = await fileTypeFromBuffer(buffer);
  const mime = detected?.mime as string | undefined;
  return (AGENT_DOCUMENT_MEDIA_TYPES as readonly string[]).includes(mime ?? '')
    ? (mime as AgentDocumentMediaType)
    : null;
}

/**
 * Authorized agents (Regs 7063): the agent's identity, the consumer's details and
 * the signed permission or power of attorney, as one multipart form. The file is
 * kept in PostgreSQL with its SHA-256 and is never served to the public.
 */
export default async function agentForm(app: FastifyInstance) {
  const services = app.deps;

  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    // An oversized file is reported on its field, not as an error page.
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, fields: 30, fieldSize: 4096, parts: 32 },
    async onFile(part: MultipartFile & { value?: unknown }) {
      const buffer = await part.toBuffer();
      part.value = { buffer, truncated: part.file.truncated } satisfies UploadedDocument;
    },
  });

  // busboy reports a malformed multipart body as a plain Error while the body is
  // read (preValidation): that is the client's fault, so it is answered as a 400.
  const bodyRead = new WeakSet<FastifyRequest>();
  app.addHook('preHandler', async (request) => {
    bodyRead.add(request);
  });
  app.setErrorHandler(async (error: FastifyError, request) => {
    if (error.statusCode === undefined && request.isMultipart() && !bodyRead.has(request)) {
      error.statusCode = 400;
    }
    throw error;
  });

  const show = (request: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) =>
    renderPage(
      request,
      reply,
      'agent-form',
      (t, lang) => ({
        title: t('agents.title'),
        form,
        stateOptions: stateOptions(lang),
        maxMegabytes: MAX_DOCUMENT_MEGABYTES,
        agentKindOptions: [
          { value: 'person', label: t('agents.kindPerson') },
          { value: 'business', label: t('agents.kindBusiness') },
        ],
        requestTypeOptions: AGENT_REQUEST_TYPES.map((value) => ({ value, label: t(`types.${value}`) })),
        correctionOptions: correctionOptions(t),
        documentKindOptions: [
          { value: 'signed_permission', label: t('agents.documentSignedPermission') },
          { value: 'power_of_attorney', label: t('agents.documentPowerOfAttorney') },
        ],
      }),
      status,
    );

  app.get('/agents', { schema: { hide: true } }, async (request, reply) =>
    show(request, reply, emptyFormState()),
  );

  app.post(
    '/agents',
    { schema: { hide: true }, preHandler: app.csrfProtection, bodyLimit: MAX_DOCUMENT_BYTES + 256 * 1024 },
    async (request, reply) => {
      const t = translatorOf(request);
      const body = formBodyOf(request.body);
      if (textOf(body, 'website') !== '') return reply.redirect('/confirmation', 303);
      const { state, values, errors, submissionInput, documentKind } = readAgentForm(body, t);
      const upload = body.document;
      let mediaType: AgentDocumentMediaType | null = null;
      if (!isUploadedDocument(upload) || upload.buffer.length === 0) {
        errors.add('document', t('errors.document'));
      } else if (upload.truncated) {
        errors.add('document', t('errors.documentTooLarge', { megabytes: MAX_DOCUMENT_MEGABYTES }));
      } else {
        mediaType = await sniffMediaType(upload.buffer);
        if (mediaType === null) errors.add('document', t('errors.documentType'));
      }
      const parsed = ConsumerSubmissionSchema.safeParse({ ...submissionInput, language: localeOf(request) });
      if (!parsed.success) addIssues(errors, parsed.error.issues, values, t, FIELD_OF_PATH);
      const form: FormState = { ...state, errors: errors.toRecord(), errorList: errors.ordered(FIELD_ORDER) };
      if (errors.size > 0 || !parsed.success || mediaType === null || !isUploadedDocument(upload)) {
        return show(request, reply, form, 400);
      }
      if (
        !(
          await checkRateLimits(app.deps, {
            action: 'submit',
            ip: request.ip,
            email: parsed.data.input.subject.email,
          })
        ).allowed
      ) {
        return show(
          request,
          reply,
          { ...form, errorList: [{ field: 'agentName', message: t('errors.rateLimited') }] },
          429,
        );
      }
      const summary = await submitAgentRequest(services, {
        submission: parsed.data,
        document: { kind: documentKind, mediaType, content: upload.buffer },
      });
      grant(app, reply, SUBMITTED_COOKIE, summary.reference);
      return reply.redirect(`/confirmation/${summary.reference}`, 303);
    },
  );
}

function readAgentForm(body: FormBody, t: Translate) {
  const values: Record<string, string> = Object.fromEntries(
    TEXT_FIELDS.map((field) => [field, textOf(body, field).trim()]),
  );
  const checked = {
    categories: checkedOf(body, 'categories'),
    specificPieces: checkedOf(body, 'specificPieces'),
    sensitiveData: checkedOf(body, 'sensitiveData'),
  };
  const errors = new FormErrors();
  const choose = (field: string, allowed: readonly string[]) => {
    if (!allowed.includes(values[field] ?? '')) errors.add(field, t('errors.choose'));
  };
  choose('agentKind', AGENT_KINDS);
  choose('requestType', AGENT_REQUEST_TYPES);
  choose('documentKind', DOCUMENT_KINDS);
  // Regs 7063: a business agent is registered with the California Secretary of State.
  if (values.agentKind === 'business' && values.secretaryOfStateNumber === '') {
    errors.add('secretaryOfStateNumber', t('errors.secretaryOfStateNumber'));
  }
  const type = values.requestType ?? '';
  // Every section shows at once (no script), so the box counts only where the
  // consumer form asks it: delete and correct (Regs 7062(d)). The consumer signs
  // the declaration when staff verify them, never the agent.
  const asksSensitiveData = isRequestType(type) && sectionsOf(type).sensitiveData;
  const submissionInput = {
    type,
    submitter: 'authorized_agent',
    agent: {
      kind: values.agentKind,
      name: values.agentName,
      ...(values.agentEmail !== '' && { email: values.agentEmail }),
      ...(values.agentPhone !== '' && { phone: values.agentPhone }),
      ...(values.agentKind === 'business' && { secretaryOfStateNumber: values.secretaryOfStateNumber }),
    },
    subject: subjectFieldsOf(body, {
      ...values,
      ageBand: '',
      phone: '',
      accountNumber: '',
      lastInteractionDate: '',
      addressLine1: '',
      addressLine2: '',
      addressCity: '',
      addressState: '',
      addressPostalCode: '',
    }),
    ...(asksSensitiveData && { sensitiveData: checked.sensitiveData }),
    ...(type === 'know' && {
      know: { categories: checked.categories, specificPieces: checked.specificPieces, beyond12Months: false },
    }),
    ...(type === 'correct' && { correction: correctionOf(values, errors, t) }),
  };
  const documentKind =
    values.documentKind === 'power_of_attorney' ? 'power_of_attorney' : 'signed_permission';
  return {
    state: { values, checked, errors: {}, errorList: [] } as FormState,
    values,
    errors,
    submissionInput,
    documentKind,
  } as const;
}
