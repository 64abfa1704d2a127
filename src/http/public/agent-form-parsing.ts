// Reading a posted authorized-agent form (Regs 7063): the agent, the consumer's
// details and the scope or correction the request type needs, mapped onto the
// shared ConsumerSubmissionSchema like the consumer's own forms. The document is
// checked apart, as it is a file.

import type { Language, Translate } from '../../i18n/index.js';
import {
  ConsumerSubmissionSchema,
  type ConsumerSubmission,
} from '../../services/requests/submit-consumer-request.js';
import { checkedOf, FormErrors, textOf, textsOf, type FormBody } from '../posted-form.js';
import { CORRECTION_FIELD_OF_PATH, CORRECTION_FIELDS, correctionOf } from './correction-fields.js';
import {
  addIssues,
  isRequestType,
  sectionsOf,
  subjectFieldsOf,
  type FormState,
} from './request-form-parsing.js';

/** What an agent may ask for here: the consumer's identity, and the scope or correction the type needs. */
export const AGENT_REQUEST_TYPES = ['know', 'delete', 'correct', 'opt_out', 'limit'] as const;
const DOCUMENT_KINDS = ['signed_permission', 'power_of_attorney'] as const;
const AGENT_KINDS = ['person', 'business'] as const;

const AGENT_FIELDS = [
  'agentKind',
  'agentName',
  'agentEmail',
  'agentPhone',
  'secretaryOfStateNumber',
  'requestType',
] as const;
const CONSUMER_FIELDS = ['firstName', 'lastName', 'email', 'state'] as const;
const TEXT_FIELDS = [...AGENT_FIELDS, ...CORRECTION_FIELDS, ...CONSUMER_FIELDS, 'documentKind'];
const CHECKBOX_FIELDS = ['categories', 'specificPieces', 'sensitiveData'] as const;
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

interface ParsedAgentForm {
  values: Record<string, string>;
  checked: Record<string, boolean>;
  /** The fields' errors; the document's are added by whoever checks it. */
  errors: FormErrors;
  /** Null when any field is refused. */
  submission: ConsumerSubmission | null;
  documentKind: (typeof DOCUMENT_KINDS)[number];
  /** The honeypot was filled: answer as if accepted, record nothing. */
  isBot: boolean;
}

/** Reads, validates and maps the posted form, all but its document. */
export function parseAgentForm(body: FormBody, t: Translate, language: Language): ParsedAgentForm {
  const values: Record<string, string> = textsOf(body, TEXT_FIELDS);
  const checked = checkedOf(body, CHECKBOX_FIELDS);
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
  const parsed = ConsumerSubmissionSchema.safeParse({
    type,
    language,
    submitter: 'authorized_agent',
    agent: {
      kind: values.agentKind,
      name: values.agentName,
      ...(values.agentEmail !== '' && { email: values.agentEmail }),
      ...(values.agentPhone !== '' && { phone: values.agentPhone }),
      ...(values.agentKind === 'business' && { secretaryOfStateNumber: values.secretaryOfStateNumber }),
    },
    subject: subjectFieldsOf({
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
  });
  if (!parsed.success) addIssues(errors, parsed.error.issues, values, t, FIELD_OF_PATH);
  return {
    values,
    checked,
    errors,
    submission: errors.size === 0 && parsed.success ? parsed.data : null,
    documentKind: values.documentKind === 'power_of_attorney' ? 'power_of_attorney' : 'signed_permission',
    isBot: textOf(body, 'website') !== '',
  };
}

/** The form as shown again, its errors in page order. */
export function agentFormStateOf({ values, checked, errors }: ParsedAgentForm): FormState {
  return { values, checked, errors: errors.toRecord(), errorList: errors.ordered(FIELD_ORDER) };
}
