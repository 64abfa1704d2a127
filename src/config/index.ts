import { isIP } from 'node:net';
import { createHmac } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { CONSOLE_ROLES } from '../domain/access-policy.js';
import { isSignedBy, publicKeyOf } from '../secrets.js';

const booleanFromString = z
  .enum(['true', 'false', '1', '0'], { error: 'expected true or false' })
  .transform((value) => value === 'true' || value === '1');

const PORT_MESSAGE = { error: 'expected a port number (1-65535)' };
const portNumber = z.coerce
  .number(PORT_MESSAGE)
  .int(PORT_MESSAGE)
  .min(1, PORT_MESSAGE)
  .max(65535, PORT_MESSAGE);

const milliseconds = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** An IPv4 or IPv6 address, or a CIDR block such as 10.0.0.0/8. */
function isAddressOrBlock(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (family === 4 ? 32 : 128);
}

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
    /**
     * The owner role that applies migrations; DATABASE_URL is then the server's
     * own role, which may not alter tables nor rewrite the audit log.
     * Empty means: DATABASE_URL does both (with a warning at start).
     */
    MIGRATION_DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// or postgresql:// URL' })
      .optional(),
    DATA_DIR: z.string().min(1).default('.data'),
    EMBEDDED_POSTGRES_PORT: portNumber.default(54329),
    /** Unset means http://localhost:$PORT, so that links follow the port the portal listens on. */
    PUBLIC_BASE_URL: z.url({ error: 'expected an absolute http(s) URL' }).optional(),
    /**
     * Proxies whose X-Forwarded-For is believed, comma-separated addresses or CIDR blocks.
     * Empty: none, so a client cannot pick the address its rate limits are counted under.
     */
    TRUST_PROXY: z
      .string()
      .transform((text) =>
        text
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().refine(isAddressOrBlock, { error: 'expected IP addresses or CIDR blocks' })))
      .default([]),
    // Slow or idle clients may not hold the process (docs/architecture.md#holding-under-load).
    HTTP_HEADERS_TIMEOUT_MS: milliseconds(1000, 120_000, 10_000),
    HTTP_REQUEST_TIMEOUT_MS: milliseconds(1000, 600_000, 30_000),
    HTTP_KEEP_ALIVE_TIMEOUT_MS: milliseconds(100, 120_000, 5_000),
    HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(10).max(1_000_000).default(1000),
    /** Requests are shed with 503 while the event loop lags more than this. */
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: milliseconds(10, 60_000, 1000),
    /** ... or while more than this many queries wait for a pooled database connection. */
    OVERLOAD_MAX_POOL_WAITING: z.coerce.number().int().min(1).max(100_000).default(50),
    // The database connection pool: a database that is down or hung answers within these bounds.
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(1000).default(10),
    DATABASE_POOL_TIMEOUT_MS: milliseconds(100, 120_000, 5_000),
    DATABASE_STATEMENT_TIMEOUT_MS: milliseconds(100, 3_600_000, 30_000),
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: milliseconds(100, 3_600_000, 30_000),
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
    /** The business's privacy policy, which notices point to (Regs 7024(b)). */
    PRIVACY_POLICY_URL: z.url({ error: 'expected an absolute http(s) URL' }).optional(),
    SESSION_SECRET: z
      .string()
      .min(32, { error: 'expected at least 32 characters of random text' })
      .default(DEVELOPMENT_SESSION_SECRET),
    BUSINESS_TIMEZONE: z
      .string()
      .refine(isKnownTimeZone, { error: 'expected an IANA time zone such as America/Los_Angeles' })
      // The sample business is in Herndon, Virginia (docs/legal-rules.md#receipt-date-and-time-zone).
      .default('America/New_York'),
    /** JSON file overriding the rule book's numbers and choices; see .env.example. */
    LEGAL_POLICY_FILE: z.string().min(1).optional(),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** auto: pretty in a terminal, JSON otherwise (e.g. in a container). */
    LOG_FORMAT: z.enum(['auto', 'json', 'pretty']).default('auto'),
    MIGRATE_ON_START: booleanFromString.default(true),
    // Checkpoints of the audit chain's head, signed and kept outside the database.
    /** Ed25519 private key, base64 PKCS #8 DER (`npm run cli -- audit:keygen`); empty: no checkpoints. */
    AUDIT_CHECKPOINT_SIGNING_KEY: z
      .string()
      .refine(isSigningKey, {
        error: 'expected an Ed25519 private key as base64 DER (npm run cli -- audit:keygen)',
      })
      .optional(),
    /** The public key that audit:verify checks checkpoints with; defaults to the signing key's own. */
    AUDIT_CHECKPOINT_PUBLIC_KEY: z
      .string()
      .refine(isPublicKey, {
        error: 'expected an Ed25519 public key as base64 DER (npm run cli -- audit:keygen)',
      })
      .optional(),
    /** A file each checkpoint is appended to, as one JSON line. */
    AUDIT_CHECKPOINT_FILE: z.string().min(1).optional(),
    /** An HTTP(S) endpoint each checkpoint is POSTed to as JSON. */
    AUDIT_CHECKPOINT_URL: z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).optional(),
    AUDIT_CHECKPOINT_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
    /** A bearer token Prometheus must send to read /metrics; empty: /metrics is open (keep it off the internet). */
    METRICS_TOKEN: z.string().min(16, { error: 'expected at least 16 characters' }).optional(),
    // Consumer verification, mail and rate limits.
    VERIFICATION_CODE_TTL_HOURS: z.coerce.number().int().min(1).max(168).default(24),
    VERIFICATION_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
    VERIFICATION_RESEND_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
    DUPLICATE_WINDOW_MINUTES: z.coerce.number().int().min(0).max(1440).default(10),
    /** How long a message is retried (with growing pauses) before it is marked failed. */
    OUTBOX_RETRY_HOURS: z.coerce.number().int().min(1).max(720).default(72),
    OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
    /** Messages one instance sends at once, each over a pooled SMTP connection. */
    OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(10),
    /** Per client IP and per email, per action, in each window; 0 turns a limit off. */
    RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(3600),
    RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).default(60),
    RATE_LIMIT_PER_EMAIL: z.coerce.number().int().min(0).default(10),
    // The email channel (README "Email channel").
    /** The SMTP listener for mail to the privacy addresses; unset: no listener. */
    INBOUND_SMTP_PORT: portNumber.optional(),
    INBOUND_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
    /** Privacy addresses besides BUSINESS_PRIVACY_EMAIL that the listener accepts, comma-separated. */
    INBOUND_ADDRESSES: z
      .string()
      .transform((text) =>
        text
          .split(',')
          .map((address) => address.trim().toLowerCase())
          .filter(Boolean),
      )
      .pipe(z.array(z.email({ error: 'expected email addresses separated by commas' })))
      .default([]),
    /** Larger messages are refused with SMTP 552 and never stored (25 MiB). */
    INBOUND_MAX_MESSAGE_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(200 * 1024 * 1024)
      .default(25 * 1024 * 1024),
    /** STARTTLS is offered when both are set (PEM files). */
    INBOUND_TLS_CERT_FILE: z.string().min(1).optional(),
    INBOUND_TLS_KEY_FILE: z.string().min(1).optional(),
    /** Messages one sender may have accepted per hour; more are refused for now (SMTP 451). 0: no limit. */
    INBOUND_MESSAGES_PER_SENDER_PER_HOUR: z.coerce.number().int().min(0).default(30),
    /** Automatic answers (receipts of requests made by email) one sender gets per day at most. */
    INBOUND_AUTO_ANSWERS_PER_SENDER_PER_DAY: z.coerce.number().int().min(0).default(3),
    /** An existing mailbox to poll, e.g. imaps://user:password@imap.example.com/INBOX; unset: no polling. */
    IMAP_URL: z.url({ protocol: /^imaps?$/, error: 'expected an imap:// or imaps:// URL' }).optional(),
    IMAP_POLL_INTERVAL_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
    // Fulfilment results (docs/legal-rules.md#access-reports).
    /** Days an access package can be downloaded before it is deleted. */
    ACCESS_PACKAGE_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),
    /** Downloads an access package allows, each with a fresh emailed code. */
    ACCESS_PACKAGE_DOWNLOAD_LIMIT: z.coerce.number().int().min(1).max(20).default(3),
    /** Serves the sample telecom's webhook partner at /demo/partner/privacy (config/data-map.sample.yaml). */
    DEMO_MODE: booleanFromString.default(false),
    /**
     * Keys access packages (AES-256-GCM) and the keyed hashes of deleted identities;
     * defaults to SESSION_SECRET. Changing it makes existing packages unreadable and
     * earlier deletions unrecognisable to deletions:replay.
     */
    FULFILMENT_SECRET: z
      .string()
      .min(32, { error: 'expected at least 32 characters of random text' })
      .optional(),
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
    (config) =>
      config.AUDIT_CHECKPOINT_SIGNING_KEY === undefined ||
      config.AUDIT_CHECKPOINT_FILE !== undefined ||
      config.AUDIT_CHECKPOINT_URL !== undefined,
    {
      path: ['AUDIT_CHECKPOINT_SIGNING_KEY'],
      error: 'set AUDIT_CHECKPOINT_FILE or AUDIT_CHECKPOINT_URL too: where the signed checkpoints go',
    },
  )
  .refine((config) => config.MIGRATION_DATABASE_URL === undefined || config.DATABASE_URL !== undefined, {
    path: ['MIGRATION_DATABASE_URL'],
    error: 'set DATABASE_URL too (the role the server runs as), or neither for the embedded database',
  })
  .refine(
    // Cookies, CSRF tokens and TOTP secrets are protected by SESSION_SECRET: a portal
    // reachable by others must not run with the published development value.
    (config) =>
      config.PUBLIC_BASE_URL === undefined ||
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
  const publicBaseUrl = config.PUBLIC_BASE_URL ?? `http://localhost:${config.PORT}`;
  const derived = {
    ...config,
    PUBLIC_BASE_URL: publicBaseUrl,
    /** The key audit:verify checks checkpoint signatures with, if any. */
    auditCheckpointPublicKey:
      config.AUDIT_CHECKPOINT_PUBLIC_KEY ??
      (config.AUDIT_CHECKPOINT_SIGNING_KEY === undefined
        ? undefined
        : publicKeyOf(config.AUDIT_CHECKPOINT_SIGNING_KEY)),
    /** Cookies are marked Secure whenever the portal is served over HTTPS. */
    secureCookies: new URL(publicBaseUrl).protocol === 'https:',
    /** Where notices point for the privacy policy: PRIVACY_POLICY_URL, else this portal's rights page. */
    privacyPolicyUrl: config.PRIVACY_POLICY_URL ?? new URL('/', publicBaseUrl).toString(),
    /** The pool's bounds, as src/db/client.ts takes them. */
    databaseTimeouts: {
      poolSize: config.DATABASE_POOL_SIZE,
      poolTimeoutMs: config.DATABASE_POOL_TIMEOUT_MS,
      statementTimeoutMs: config.DATABASE_STATEMENT_TIMEOUT_MS,
      idleInTransactionTimeoutMs: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    },
    /** The key of access packages and deleted-identity hashes: FULFILMENT_SECRET, else SESSION_SECRET. */
    fulfilmentSecret: config.FULFILMENT_SECRET ?? config.SESSION_SECRET,
    /**
     * A variable the data map names for a connector (`urlEnv`, `secretEnv`: a system's database
     * URL or webhook secret, which never sit in the map itself), or undefined when it is not set;
     * read here, the one reader of the environment, and only when a connector asks.
     */
    connectorVariable: (name: string): string | undefined =>
      environment[name] ??
      (name === DEMO_PARTNER_SECRET_VARIABLE ? demoPartnerSecret(config.SESSION_SECRET) : undefined),
    /** The privacy mailbox consumers may write to: BUSINESS_PRIVACY_EMAIL, else the address mail is sent from. */
    privacyEmail:
      config.BUSINESS_PRIVACY_EMAIL ??
      /<([^<>\s]+@[^<>\s]+)>/.exec(config.MAIL_FROM)?.[1] ??
      config.MAIL_FROM.trim(),
  };
  return { ...derived, inboundAddresses: inboundAddressesOf(derived) };
}

/** The addresses the SMTP listener accepts mail for: the privacy mailbox and INBOUND_ADDRESSES, lower-case. */
function inboundAddressesOf(config: { privacyEmail: string; INBOUND_ADDRESSES: readonly string[] }) {
  return [...new Set([config.privacyEmail.toLowerCase(), ...config.INBOUND_ADDRESSES])];
}

/** The variable the sample data map names for the sample partner's webhook secret. */
const DEMO_PARTNER_SECRET_VARIABLE = 'DEMO_ADTECH_WEBHOOK_SECRET';

/** The sample partner's Standard Webhooks secret when none is set: derived, so the demo needs no setup. */
function demoPartnerSecret(sessionSecret: string): string {
  return `whsec_${createHmac('sha256', sessionSecret).update('demo-adtech-webhook').digest('base64')}`;
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

function isSigningKey(key: string): boolean {
  try {
    publicKeyOf(key);
    return true;
  } catch {
    return false;
  }
}

function isPublicKey(key: string): boolean {
  try {
    isSignedBy(key, '', '');
    return true;
  } catch {
    return false;
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
