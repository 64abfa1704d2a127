// Consumer emails: each is a subject and a list of paragraphs from the message
// catalogues, written out as plain text and as HTML from the same parts, so the
// two never disagree.

import { translator, type Language, type MessageKey } from '../i18n/index.js';

export type Paragraph = string | { text: string; link: string };

export interface MailContent {
  subject: string;
  paragraphs: Paragraph[];
}

interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character] ?? character);
}

/** Greeting, the body, the reference, sign-off and footer, in the consumer's language. */
export function renderMail(
  language: Language,
  { name, reference, content }: { name: string | null; reference: string; content: MailContent },
): RenderedMail {
  const t = translator(language);
  const paragraphs: Paragraph[] = [
    // An opt-out may be made with an email alone (Regs 7026): no name to greet. Names stored
    // before they were kept to one line must not break the greeting either.
    name === null
      ? t('mail.greeting_nameless')
      : t('mail.greeting', { name: name.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ') }),
    ...content.paragraphs,
    t('mail.reference', { reference }),
    t('mail.sign_off'),
  ];
  const footer = t('mail.footer');
  const text = [
    ...paragraphs.map((paragraph) => (typeof paragraph === 'string' ? paragraph : paragraph.text)),
    '--',
    footer,
  ].join('\n\n');
  const htmlParagraphs = paragraphs.map((paragraph) => {
    if (typeof paragraph === 'string') return `<p>${escapeHtml(paragraph).replaceAll('\n', '<br>')}</p>`;
    // The link's text is the paragraph with the address itself made clickable.
    const [before, after = ''] = paragraph.text.split(paragraph.link);
    return `<p>${escapeHtml(before ?? '')}<a href="${escapeHtml(paragraph.link)}">${escapeHtml(paragraph.link)}</a>${escapeHtml(after)}</p>`;
  });
  const html = [
    '<!doctype html>',
    `<html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.5;max-width:40em">',
    ...htmlParagraphs,
    `<hr><p style="color:#555;font-size:0.9em">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: content.subject, text, html };
}

/** A paragraph that carries a link: the catalogue text with `{link}` filled in. */
export function linkParagraph(language: Language, key: MessageKey, link: string): Paragraph {
  return { text: translator(language)(key, { link }), link };
}
