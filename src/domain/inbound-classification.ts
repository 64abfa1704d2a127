// What a message received at a privacy address is, decided from its headers
// and words alone (docs/legal-rules.md#email-requests): pure, so that every
// rule is tested with plain values and the officer sees why it was decided.

import {
  consumerNamedByAgent,
  documentKindNamed,
  type AgentDocumentKind,
  type ConsumerNamedByAgent,
} from './agent-email.js';
import { isAppliedWithoutVerification, REQUEST_TYPES, type RequestType } from './request-types.js';

/** What the request asks, in words a consumer uses: every request type, and a notice that the consumer is a minor. */
export const EMAIL_INTENTS = [...REQUEST_TYPES, 'minor_notice'] as const;
export type EmailIntent = (typeof EMAIL_INTENTS)[number];

/**
 * The request type each intent is recorded as: its own, but for a notice that a consumer is
 * under 16, which asks the business not to pass the consumer's data on: recorded as an
 * opt-out of sale and sharing (Civ. 1798.120(a), (c)) until it has a request type of its own.
 */
export function requestTypeOfIntent(intent: EmailIntent): RequestType {
  return intent === 'minor_notice' ? 'opt_out' : intent;
}

type Language = 'en' | 'es';

/**
 * Words that name each intent, lower-case and without accents. Nevada and Shine
 * the Light are read first: their words ("opt out", "disclosure") would also
 * match the California intents.
 */
const INTENT_WORDS: readonly { intent: EmailIntent; language: Language; words: readonly string[] }[] = [
  { intent: 'nv_opt_out', language: 'en', words: ['nevada'] },
  { intent: 'stl_suppression', language: 'en', words: ['suppression list', 'shine the light suppression'] },
  { intent: 'stl_suppression', language: 'es', words: ['lista de supresion'] },
  { intent: 'stl_disclosure', language: 'en', words: ['shine the light', '1798.83', 'direct marketing'] },
  { intent: 'stl_disclosure', language: 'es', words: ['mercadeo directo', 'marketing directo'] },
  { intent: 'minor_notice', language: 'en', words: ['under 16', 'under sixteen', 'under the age of 16'] },
  { intent: 'minor_notice', language: 'es', words: ['menor de 16', 'menor de dieciseis'] },
  {
    intent: 'opt_out',
    language: 'en',
    words: ['do not sell', "don't sell", 'opt out', 'opt-out', 'stop selling'],
  },
  {
    intent: 'opt_out',
    language: 'es',
    words: ['no vender', 'no vendan', 'no compartir', 'no compartan', 'exclusion'],
  },
  {
    intent: 'limit',
    language: 'en',
    words: ['limit the use', 'sensitive personal information', 'limit use'],
  },
  {
    intent: 'limit',
    language: 'es',
    words: ['limitar el uso', 'informacion personal sensible', 'limiten el uso'],
  },
  { intent: 'delete', language: 'en', words: ['delete', 'deletion', 'erase'] },
  {
    intent: 'delete',
    language: 'es',
    words: ['borrar', 'borren', 'eliminar', 'eliminen', 'eliminacion', 'supresion'],
  },
  {
    intent: 'correct',
    language: 'en',
    words: ['correct my', 'correction', 'rectify', 'is wrong', 'inaccurate'],
  },
  {
    intent: 'correct',
    language: 'es',
    words: ['corregir', 'corrijan', 'correccion', 'rectificar', 'incorrect'],
  },
  {
    intent: 'know',
    language: 'en',
    words: ['know what', 'right to know', 'copy of', 'access to my', 'what personal information'],
  },
  {
    intent: 'know',
    language: 'es',
    words: ['saber que', 'derecho a saber', 'copia de', 'acceso a mis', 'que informacion personal'],
  },
];

/** Words of a privacy request whose kind the words do not tell: an officer decides. */
const REQUEST_WORDS: Readonly<Record<Language, readonly string[]>> = {
  en: ['rights request', 'privacy', 'personal information', 'ccpa'],
  es: ['solicitud de derechos', 'privacidad', 'informacion personal', 'datos personales'],
};

const AGENT_WORDS = ['authorized agent', 'on behalf of', 'agente autorizado', 'en nombre de'];

/** RFC 3834 §5; RFC 2919; the Precedence values list servers and autoresponders use. */
const BULK_PRECEDENCE = new Set(['bulk', 'list', 'junk']);

export interface ReceivedMessageFacts {
  subject: string;
  text: string;
  autoSubmitted: string | null;
  listId: string | null;
  precedence: string | null;
  /** The top-level media type, e.g. `multipart/report; report-type=delivery-status`. */
  contentType: string;
  /** The SMTP envelope sender; empty for bounces (RFC 5321 §4.5.5). */
  envelopeFrom: string | null;
  fromAddress: string | null;
  attachmentCount: number;
  /** Attachments an agent's proof of authority may be: a PDF, PNG or JPEG by its content, within the upload limits. */
  agentDocumentCount: number;
  /** The domains of the business's own addresses, never the consumer's. */
  businessDomains: readonly string[];
  /** The request the message answers, found by its reference or its In-Reply-To/References; null if none. */
  threadRequestId: string | null;
}

export type InboundVerdict =
  | { kind: 'bounce'; reason: string }
  | { kind: 'automatic'; reason: string }
  | { kind: 'mailing_list'; reason: string }
  | { kind: 'reply'; requestId: string; reason: string }
  | {
      kind: 'new_request';
      intent: EmailIntent;
      type: RequestType;
      language: Language;
      reason: string;
      /** An authorized agent's request (Regs 7063): the sender is the agent, writing for this consumer. */
      agent?: { consumer: ConsumerNamedByAgent; documentKind: AgentDocumentKind };
    }
  | { kind: 'triage'; reason: string };

/** Never answered: bounces, automatic messages and lists (RFC 3834 §2). */
export function isNeverAnswered(kind: InboundVerdict['kind']): boolean {
  return kind === 'bounce' || kind === 'automatic' || kind === 'mailing_list';
}

export function classifyInboundMessage(facts: ReceivedMessageFacts): InboundVerdict {
  const contentType = facts.contentType.toLowerCase();
  if (contentType.startsWith('multipart/report') && /report-type="?delivery-status/.test(contentType)) {
    return { kind: 'bounce', reason: 'a delivery status report (RFC 3464)' };
  }
  if (facts.envelopeFrom === '' || /^mailer-daemon@/i.test(facts.fromAddress ?? '')) {
    return { kind: 'bounce', reason: 'sent by a mail server with an empty return path (RFC 5321 §4.5.5)' };
  }
  const autoSubmitted = facts.autoSubmitted?.trim().toLowerCase();
  if (autoSubmitted !== undefined && autoSubmitted !== '' && !autoSubmitted.startsWith('no')) {
    return { kind: 'automatic', reason: `Auto-Submitted: ${autoSubmitted.slice(0, 40)} (RFC 3834 §5)` };
  }
  if (facts.listId !== null) return { kind: 'mailing_list', reason: 'a List-Id header (RFC 2919)' };
  const precedence = facts.precedence?.trim().toLowerCase();
  if (precedence !== undefined && BULK_PRECEDENCE.has(precedence)) {
    return { kind: 'mailing_list', reason: `Precedence: ${precedence}` };
  }
  if (facts.threadRequestId !== null) {
    return {
      kind: 'reply',
      requestId: facts.threadRequestId,
      reason: 'names a request by reference or thread',
    };
  }
  const words = plainWords(`${facts.subject}\n${facts.text}`);
  if (facts.attachmentCount > 0 && AGENT_WORDS.some((word) => words.includes(word))) {
    return classifyAgentMessage(facts, words);
  }
  const intents = intentsIn(words);
  const distinct = [...new Set(intents.map((found) => found.intent))];
  if (distinct.length === 1 && intents[0] !== undefined) {
    const { intent } = intents[0];
    return {
      kind: 'new_request',
      intent,
      type: requestTypeOfIntent(intent),
      language: languageOf(words, intents),
      reason: `asks for "${intent}" in so many words`,
    };
  }
  if (distinct.length > 1)
    return { kind: 'triage', reason: `asks for several things: ${distinct.join(', ')}` };
  return { kind: 'triage', reason: 'no request type could be read from its words' };
}

/**
 * An authorized agent writing with an attachment (Regs 7063): a request for
 * the consumer when the document is one an agent may send, the words ask for
 * one thing, and the consumer can be read with certainty; the triage inbox,
 * saying which was missing, otherwise.
 */
function classifyAgentMessage(facts: ReceivedMessageFacts, words: string): InboundVerdict {
  const triage = (missing: string): InboundVerdict => ({
    kind: 'triage',
    reason: `an authorized agent with an attachment, but ${missing}: an officer records the request`,
  });
  if (facts.agentDocumentCount === 0) return triage('no attachment is a PDF, PNG or JPEG document');
  const intents = intentsIn(words);
  const distinct = [...new Set(intents.map((found) => found.intent))];
  if (distinct.length > 1) return triage(`it asks for several things: ${distinct.join(', ')}`);
  if (intents[0] === undefined) return triage('no request type could be read from its words');
  const { intent } = intents[0];
  const type = requestTypeOfIntent(intent);
  const reading = consumerNamedByAgent(`${facts.subject}\n${facts.text}`, {
    sender: facts.fromAddress,
    businessDomains: facts.businessDomains,
  });
  if ('problem' in reading) return triage(reading.problem);
  const { consumer } = reading;
  if (consumer.lastName === null && !isAppliedWithoutVerification(type)) {
    return triage('the consumer’s full name could not be read');
  }
  return {
    kind: 'new_request',
    intent,
    type,
    language: languageOf(words, intents),
    reason: `an authorized agent asks for "${intent}" for the consumer the message names`,
    agent: { consumer, documentKind: documentKindNamed(words) },
  };
}

/** Lower-case, accents removed, whitespace folded: "Eliminación" reads as "eliminacion". */
function plainWords(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

/** Each intent found, the first-read (most specific) first; Nevada and Shine the Light hide the generic words. */
function intentsIn(words: string): { intent: EmailIntent; language: Language }[] {
  const found = INTENT_WORDS.filter((entry) => entry.words.some((word) => words.includes(word)));
  const specific = found.filter((entry) => SPECIFIC_INTENTS.has(entry.intent));
  // "Shine the Light suppression list" names the suppression list, not a disclosure.
  const suppression = specific.some((entry) => entry.intent === 'stl_suppression');
  const chosen = specific.length > 0 ? specific : found;
  return suppression ? chosen.filter((entry) => entry.intent !== 'stl_disclosure') : chosen;
}

const SPECIFIC_INTENTS: ReadonlySet<EmailIntent> = new Set([
  'nv_opt_out',
  'stl_disclosure',
  'stl_suppression',
  'minor_notice',
]);

function languageOf(words: string, intents: readonly { language: Language }[]): Language {
  const spanishWords = REQUEST_WORDS.es.filter((word) => words.includes(word)).length;
  const englishWords = REQUEST_WORDS.en.filter((word) => words.includes(word)).length;
  if (spanishWords !== englishWords) return spanishWords > englishWords ? 'es' : 'en';
  return intents.some((found) => found.language === 'es') ? 'es' : 'en';
}
