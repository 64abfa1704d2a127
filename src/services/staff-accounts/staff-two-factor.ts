// TOTP second factor (RFC 6238) for the staff console: enrolment by QR code and
// verification at sign-in. The secret is stored encrypted (src/secrets.ts).

import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { storableText } from '../../domain/storable-text.js';
import type { AuditEntry } from '../../domain/audit-events.js';
import { decryptSecret, encryptSecret } from '../../secrets.js';
import type { Dependencies } from '../dependencies.js';
import {
  appendAccountEvents,
  findStaffUserOrThrow,
  markSessionTwoFactorPassed,
  recordTotpPassed,
  setTotpSecret,
} from './staff-accounts-repo.js';
import type { StaffPrincipal } from './staff-sessions.js';
import { recordFailedSignIn, recordRefusedSignIn } from './staff-sign-in.js';

/** The TOTP secret is encrypted under a key of its own, bound to its user (the key's name predates this file). */
export function totpKeyFor(userId: string) {
  return { purpose: 'rightsdesk staff totp secret v1', boundTo: userId };
}

const ISSUER = 'RightsDesk';
/** One time step either side tolerates a phone clock that is a little off (RFC 6238 §5.2). */
const EPOCH_TOLERANCE_SECONDS = 30;

export const TotpCodeSchema = storableText()
  .trim()
  .transform((code) => code.replace(/\s/g, ''))
  .pipe(storableText().regex(/^\d{6}$/, { error: 'enter the 6-digit code from your authenticator app' }));

interface TotpEnrolment {
  /** For typing into an app by hand. */
  secret: string;
  /** A PNG data: URL of the otpauth:// URI (the CSP allows data: images). */
  qrCodeDataUrl: string;
}

/**
 * Shows the secret being enrolled: a new one on the first visit, the same one
 * afterwards until enrolment is confirmed, so that a reload does not break a scan.
 */
export async function beginTotpEnrolment(
  deps: Pick<Dependencies, 'db' | 'config'>,
  userId: string,
): Promise<TotpEnrolment> {
  const { db, config } = deps;
  const user = await findStaffUserOrThrow(db, userId);
  if (user.totpEnabledAt !== null) throw new Error('TOTP is already enrolled');
  let secret: string;
  if (user.totpSecretEncrypted === null) {
    secret = generateSecret();
    await setTotpSecret(db, userId, encryptSecret(config.SESSION_SECRET, totpKeyFor(userId), secret));
  } else {
    secret = decryptSecret(config.SESSION_SECRET, totpKeyFor(userId), user.totpSecretEncrypted);
  }
  const uri = generateURI({ issuer: ISSUER, label: user.email, secret });
  return { secret, qrCodeDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 240 }) };
}

/**
 * Checks a code for the session's user; on success, marks the session as having
 * passed the second factor (and completes enrolment). A wrong code counts towards lockout.
 */
export async function verifyTotpForSession(
  deps: Pick<Dependencies, 'db' | 'clock' | 'config'>,
  principal: StaffPrincipal,
  code: string,
): Promise<boolean> {
  const { db, clock, config } = deps;
  const user = await findStaffUserOrThrow(db, principal.user.id);
  const now = clock.now();
  if (user.totpSecretEncrypted === null) return false;
  if (user.lockedUntil !== null && user.lockedUntil > now) {
    await recordRefusedSignIn(deps, user.id, 'account_locked', 'two_factor');
    return false;
  }
  const secret = decryptSecret(config.SESSION_SECRET, totpKeyFor(user.id), user.totpSecretEncrypted);
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(now.getTime() / 1000),
    epochTolerance: EPOCH_TOLERANCE_SECONDS,
    // A code is accepted once: replaying an observed code fails (RFC 6238 §5.2).
    ...(user.totpLastTimeStep === null ? {} : { afterTimeStep: user.totpLastTimeStep }),
  });
  if (!result.valid || !('timeStep' in result)) {
    await recordFailedSignIn(deps, user.id, 'two_factor');
    return false;
  }
  const enrolling = user.totpEnabledAt === null;
  await db.$transaction(async (tx) => {
    const passed = await recordTotpPassed(tx, user.id, {
      readStep: user.totpLastTimeStep,
      timeStep: result.timeStep,
      enrolledAt: enrolling ? now : null,
    });
    if (!passed) throw new Error('TOTP code raced with another sign-in');
    const sessionId = principal.sessionId;
    await markSessionTwoFactorPassed(tx, sessionId, now);
    const events: AuditEntry[] = [
      ...(enrolling ? [{ action: 'staff.two_factor_enrolled' as const, payload: { sessionId } }] : []),
      { action: 'staff.two_factor_passed', payload: { sessionId } },
    ];
    await appendAccountEvents(tx, { type: 'staff', id: user.id }, now, events);
  });
  return true;
}
