// Regs 7025(c): a GPC signal also opts out "the consumer", once the business
// knows who the browser belongs to. A browser becomes tied to a consumer when
// they prove control of an email on it (a verification code or link entered in
// that browser); the browser's opt-out then applies to that email's preference.

import type { Dependencies } from '../dependencies.js';
import { findSubjectEmailByReference } from '../requests/requests-repo.js';
import {
  findRecordedGpcBrowser,
  linkGpcBrowserToEmail,
  recordOptOutPreferences,
} from './preferences-repo.js';
import { hashToken } from '../../secrets.js';

/**
 * Ties the browser holding `browserToken` to the email of the request with
 * `reference`, if the browser ever sent the GPC signal, and records the opt-out
 * of sale and sharing for that email, in one transaction. Answers whether it did.
 */
export async function linkGpcBrowserToConsumer(
  deps: Pick<Dependencies, 'db' | 'clock'>,
  { browserToken, reference }: { browserToken: string; reference: string },
): Promise<boolean> {
  const now = deps.clock.now();
  return deps.db.$transaction(async (tx) => {
    const browser = await findRecordedGpcBrowser(tx, hashToken(browserToken));
    if (browser === null) return false;
    const emailNormalized = await findSubjectEmailByReference(tx, reference);
    // A request logged by staff with a postal address only has no email to link the browser to.
    if (emailNormalized === null) return false;
    await linkGpcBrowserToEmail(tx, { browserId: browser.id, emailNormalized, now });
    await recordOptOutPreferences(tx, { kind: 'opt_out', identities: { email: emailNormalized } }, now);
    return true;
  });
}
