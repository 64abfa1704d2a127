import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { CONSOLE_ROLES } from '../domain/access-policy.js';

const booleanFromString = z
  .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
  .transform((value) => value === 'true' || value === '1');

const PORT_MESSAGE = { error: 'expected a port number (1-65535)' };
const portNumber = z.coerce
  .number(PORT_MESSAGE)
  .int(PORT_MESSAGE)
  .min(1, PORT_MESSAGE)
  .max(65535, PORT_MESSAGE);

/** Good enough on a developer's machine; refused anywhere else (see the refinement below). */
const DEVELOPMENT_SESSION_SECRET = 'development-only-session-secret-change-me!';
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const ConfigSchema = z
  .object({
    PORT: portNumber.default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    /** Empty means: start the embedded PostgreSQL under DATA_DIR. */
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// or postgresql:// URL' })
      .optional(),
    DATA_DIR: z.string().min(1).default('.data'),
    EMBEDDED_POSTGRES_PORT: portNumber.default(54329),
    PUBLIC_BASE_URL: z.url({ error: 'expected an absolute http(s) URL' }).default('http://localhost:3000'),
    /** Empty means: run the development mailbox on loopback. */
    SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'expected an smtp:// or smtps:// URL' }).optional(),
    MAIL_FROM: z.string().min(3).default('RightsDesk <privacy@localhost>'),
    /** How consumers reach the business besides this site (Civ. 1798.130(a)(1)); shown on the rights page. */
    BUSINESS_PHONE: z
      .string()
      .refine((value) => parsePhoneNumberFromString(value, 'US')?.isValid() === true, {
        error: 'expected a phone number, e.g. 1-800-555-0100',
      })
      .default('703-787-0088'),
    /** The privacy mailbox consumers may write to; defaults to the address in MAIL_FROM. */
    BUSINESS_PRIVACY_EMAIL: z.email({ error: 'expected an email address' }).optional(),
    SESSION_SECRET: z
      .string()
      .min(32, { error: 'expected at least 32 characters of random text' })
      .default(DEVELOPMENT_SESSION_SECRET),
    BUSINESS_TIMEZONE: z
      .string()
      .refine(isKnownTimeZone, { error: 'expected an IANA time zone such as America/Los_Angeles' })
      .default('America/Los_Angeles'),
    /** JSON file overriding the rule book's numbers and choices; see .env.example. */
    LEGAL_POLICY_FILE: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** auto: pretty in a terminal, JSON otherwise (e.g. in a container). */
    LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
    MIGRATE_ON_START: booleanFromString.default(true),
    // Consumer verification, mail and rate limits.
    VERIFICATION_CODE_TTL_HOURS: z.coerce.number().int().min(1).max(168).default(24),
    VERIFICATION_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    VERIFICATION_RESEND_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    DUPLICATE_WINDOW_MINUTES: z.coerce.number().int().min(0).max(1440).default(10),
    OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(10),
    OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
    OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(20),
    /** Per client IP and per email, per action, in each window; 0 turns a limit off. */
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
    RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).default(60),
    RATE_LIMIT_PER_EMAIL: z.coerce.number().int().min(0).default(10),
    /** Staff console roles that must use two-factor sign-in (TOTP), comma-separated, or `none`. */
    STAFF_TOTP_REQUIRED_ROLES: z
      .string()
      .transform((text) =>
        text.trim() === 'none'
          ? []
          : text
              .split(',')
              .map((role) => role.trim())
              .filter(Boolean),
      )
      .pipe(z.array(z.enum(CONSOLE_ROLES)))
      .default(['admin', 'privacy_officer']),
    // Fulfilment: the data map and how its connectors are driven (docs/legal-rules.md#fulfilment).
    /** YAML data map of the business's systems; empty means no systems (or the demo's sample map). */
    DATA_MAP_FILE: z.string().min(1).optional(),
    /** A task is due this many business days before its request's deadline. */
    FULFILMENT_TASK_LEAD_BUSINESS_DAYS: z.coerce.number().int().min(0).max(30).default(5),
    /** How long network errors, timeouts and 5xx answers of a webhook are retried before the task fails. */
    FULFILMENT_RETRY_HOURS: z.coerce.number().min(0.001).max(720).default(24),
    /** The first retry delay, doubled per attempt (with jitter), capped at an hour. */
    FULFILMENT_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
    FULFILMENT_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
    FULFILMENT_BATCH_SIZE: z.coerce.number().int().min(1).max(500).default(20),
    /** Per statement of the postgres connector and per webhook call. */
    FULFILMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
    /** Largest export a system owner may upload for a manual task. */
    FULFILMENT_UPLOAD_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(100 * 1024 * 1024)
      .default(10 * 1024 * 1024),
  })
  .refine(
    // Cookies, CSRF tokens and TOTP secrets are protected by SESSION_SECRET: a portal
    // reachable by others must not run with the published development value.
    (config) =>
      LOCAL_HOSTS.has(new URL(config.PUBLIC_BASE_URL).hostname) ||
      config.SESSION_SECRET !== DEVELOPMENT_SESSION_SECRET,
    {
      path: ['SESSION_SECRET'],
      error: 'set a random value of at least 32 characters whenever PUBLIC_BASE_URL is not local',
    },
  );

/** Settings derived from others, computed once here rather than wherever they are needed. */
function withDerivedSettings(
  config: z.output<typeof ConfigSchema>,
  environment: Readonly<Record<string, string | undefined>>,
) {
  return {
    ...config,
    /**
     * The variables the data map names for its connectors' secrets (`urlEnv`, `secretEnv`):
     * read here, the one reader of the environment, and only when a connector asks.
     */
    connectorVariable: (name: string): string | undefined => environment[name],
    /** Cookies are marked Secure whenever the portal is served over HTTPS. */
    secureCookies: new URL(config.PUBLIC_BASE_URL).protocol === 'https:',
    /** The privacy mailbox consumers may write to: BUSINESS_PRIVACY_EMAIL, else the address mail is sent from. */
    privacyEmail:
      config.BUSINESS_PRIVACY_EMAIL ??
      /<([^<>\s]+@[^<>\s]+)>/.exec(config.MAIL_FROM)?.[1] ??
      config.MAIL_FROM.trim(),
  };
}

export type Config = Readonly<ReturnType<typeof withDerivedSettings>>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Reads the configuration from an environment once. Empty strings count as unset,
 * as they do in .env files. Throws ConfigError with one line per bad variable.
 */
export function loadConfig(environment: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.entries(environment).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = ConfigSchema.safeParse(present);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  return Object.freeze(withDerivedSettings(result.data, present));
}

/** For entry points: the process environment, or a list of what is wrong and exit 1. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`RightsDesk cannot start. ${error.message}\nSee .env.example for every variable.\n`);
    process.exit(1);
  }
}

function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
