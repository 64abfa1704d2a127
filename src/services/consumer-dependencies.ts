// What the consumer-facing use cases need on top of every service's
// dependencies: the verification numbers and the secret their hashes are keyed with.

import type { Config } from '../config/index.js';
import type { ServiceDependencies } from './dependencies.js';

export interface ConsumerSettings {
  readonly codeTtlHours: number;
  readonly maxAttempts: number;
  readonly resendCooldownSeconds: number;
  readonly duplicateWindowMinutes: number;
  /**
   * Keys the HMAC of six-digit codes and of rate-limit keys: a plain hash of a
   * six-digit code (or an IPv4 address) is reversed by trying every value.
   */
  readonly hashingSecret: string;
}

export interface ConsumerServiceDependencies extends ServiceDependencies {
  readonly consumer: ConsumerSettings;
  /** Asks the outbox worker to look now rather than at its next poll; absent in tests. */
  readonly wakeOutbox?: () => void;
}

export function consumerSettingsOf(config: Config): ConsumerSettings {
  return Object.freeze({
    codeTtlHours: config.VERIFICATION_CODE_TTL_HOURS,
    maxAttempts: config.VERIFICATION_MAX_ATTEMPTS,
    resendCooldownSeconds: config.VERIFICATION_RESEND_COOLDOWN_SECONDS,
    duplicateWindowMinutes: config.DUPLICATE_WINDOW_MINUTES,
    hashingSecret: config.SESSION_SECRET,
  });
}
