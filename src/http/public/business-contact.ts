import type { Config } from '../../config/index.js';

/**
 * How consumers reach the business other than through this site (Civ. 1798.130(a)(1)).
 * The number is the one the sample business's privacy policy publishes
 * (/work/shared/seed/privacy-policy.txt, "Calling 703-787-0088"); the policy's email
 * address did not survive into the seed, so the privacy mailbox mail is sent from is
 * shown. Both belong in configuration once the lead adds variables for them.
 */
export function businessContactOf(config: Pick<Config, 'MAIL_FROM'>) {
  const mailbox = /<([^<>\s]+@[^<>\s]+)>/.exec(config.MAIL_FROM)?.[1] ?? config.MAIL_FROM.trim();
  return { phone: '703-787-0088', phoneHref: 'tel:+17037870088', email: mailbox };
}
