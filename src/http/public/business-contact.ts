import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Config } from '../../config/index.js';

/**
 * How consumers reach the business other than through this site (Civ. 1798.130(a)(1)):
 * BUSINESS_PHONE (default: the number the sample privacy policy publishes) and
 * BUSINESS_PRIVACY_EMAIL, else the mailbox mail is sent from.
 */
export function businessContactOf(config: Pick<Config, 'BUSINESS_PHONE' | 'privacyEmail'>) {
  const phone = parsePhoneNumberFromString(config.BUSINESS_PHONE, 'US');
  return {
    phone: config.BUSINESS_PHONE,
    phoneHref: phone ? phone.getURI() : `tel:${config.BUSINESS_PHONE}`,
    email: config.privacyEmail,
  };
}
