// Emails to staff about their own account. The console is in English, so are these.

import type { OutgoingMessage } from './mailer.js';

/** Wrong passwords for the account now meet growing waits: the owner should know. */
export function signInThrottledAlert(
  to: { email: string; name: string },
  { publicBaseUrl, at }: { publicBaseUrl: string; at: Date },
): OutgoingMessage {
  const signIn = new URL('/staff/sign-in', publicBaseUrl).toString();
  const paragraphs = [
    `Hello ${to.name.replace(/[\r\n]+/g, ' ')},`,
    `Several wrong passwords were entered for your RightsDesk staff account (at ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC). Further tries for it now wait a little longer after each wrong password; your account is not locked, and you can still sign in at ${signIn}.`,
    'If this was not you, someone may be guessing your password: tell your administrator, and change your password if you reuse it anywhere.',
  ];
  const escape = (text: string) => text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
  return {
    to: to.email,
    language: 'en',
    subject: 'Wrong passwords for your RightsDesk account',
    text: paragraphs.join('\n\n'),
    html: `<!doctype html><html lang="en"><body>${paragraphs.map((paragraph) => `<p>${escape(paragraph)}</p>`).join('')}</body></html>`,
  };
}
