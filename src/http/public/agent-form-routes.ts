import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Translate } from '../../i18n/index.js';
import { usStateOptions } from '../../i18n/us-state-names.js';
import {
  checkAgentDocument,
  type AgentDocumentProblem,
  MAX_AGENT_DOCUMENT_BYTES,
  MAX_AGENT_DOCUMENT_MEGABYTES,
  MAX_IMAGE_SIDE_PIXELS,
} from '../../services/requests/check-agent-document.js';
import { submitAgentRequest } from '../../services/requests/submit-agent-request.js';
import { formBodyOf, type FormErrors } from '../posted-form.js';
import { AGENT_REQUEST_TYPES, agentFormStateOf, parseAgentForm } from './agent-form-parsing.js';
import { correctionOptions } from './correction-fields.js';
import { isRateLimited, languageOf, renderPage, translatorOf } from './page.js';
import { showConfirmation } from './request-access.js';
import { emptyFormState, type FormState } from './request-form-parsing.js';

interface UploadedDocument {
  buffer: Buffer;
  truncated: boolean;
}

function isUploadedDocument(value: unknown): value is UploadedDocument {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as UploadedDocument).buffer);
}

/** The uploaded document with its type, or null with the reason added to `errors`. */
async function documentOf(upload: unknown, errors: FormErrors, t: Translate) {
  if (!isUploadedDocument(upload)) {
    errors.add('document', t('errors.document'));
    return null;
  }
  const checked = upload.truncated
    ? ({ ok: false, problem: 'too_large' } as const)
    : await checkAgentDocument(upload.buffer);
  if (!checked.ok) {
    errors.add('document', documentProblem(checked.problem, t));
    return null;
  }
  return { mediaType: checked.mediaType, content: upload.buffer };
}

function documentProblem(problem: AgentDocumentProblem, t: Translate): string {
  switch (problem) {
    case 'empty':
      return t('errors.document');
    case 'too_large':
      return t('errors.documentTooLarge', { megabytes: MAX_AGENT_DOCUMENT_MEGABYTES });
    case 'type':
      return t('errors.documentType');
    case 'dimensions':
      return t('errors.documentDimensions', { pixels: MAX_IMAGE_SIDE_PIXELS.toLocaleString('en-US') });
  }
}

/**
 * Authorized agents (Regs 7063): the agent's identity, the consumer's details and
 * the signed permission or power of attorney, as one multipart form. The file is
 * kept in PostgreSQL with its SHA-256 and is never served to the public.
 */
export default async function agentFormRoutes(app: FastifyInstance) {
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    // An oversized file is reported on its field, not as an error page.
    throwFileSizeLimit: false,
    limits: { fileSize: MAX_AGENT_DOCUMENT_BYTES, files: 1, fields: 30, fieldSize: 4096, parts: 32 },
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
      (t, language) => ({
        title: t('agents.title'),
        form,
        stateOptions: usStateOptions(language),
        maxMegabytes: MAX_AGENT_DOCUMENT_MEGABYTES,
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
    {
      schema: { hide: true },
      preHandler: app.csrfProtection,
      bodyLimit: MAX_AGENT_DOCUMENT_BYTES + 256 * 1024,
    },
    async (request, reply) => {
      const t = translatorOf(request);
      const body = formBodyOf(request.body);
      const parsed = parseAgentForm(body, t, languageOf(request));
      // A filled honeypot is answered like a success and recorded nowhere.
      if (parsed.isBot) return reply.redirect('/confirmation', 303);
      const document = await documentOf(body.document, parsed.errors, t);
      const form = agentFormStateOf(parsed);
      if (parsed.submission === null || document === null) return show(request, reply, form, 400);
      if (await isRateLimited(app, request, 'submit', parsed.submission.input.subject.email)) {
        const errorList = [{ field: 'agentName', message: t('errors.rateLimited') }];
        return show(request, reply, { ...form, errorList }, 429);
      }
      const summary = await submitAgentRequest(app.deps, {
        submission: parsed.submission,
        document: { kind: parsed.documentKind, ...document },
      });
      return showConfirmation(app, reply, summary.reference);
    },
  );
}
