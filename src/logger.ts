import { pino, stdSerializers, type Logger, type LoggerOptions } from 'pino';
import type { Config } from './config/index.js';

export type { Logger };

/**
 * Keys whose values are personal data or secrets. Redaction is by key name at any
 * of the first four levels of a log object, so a body, header set or error that
 * carries them is covered wherever it is logged.
 */
const SENSITIVE_KEYS = [
  'name',
  'firstName',
  'lastName',
  'fullName',
  'email',
  'phone',
  'address',
  'line1',
  'line2',
  'postalCode',
  'accountNumber',
  'dateOfBirth',
  'signature',
  'password',
  'passwordHash',
  'token',
  'verificationCode',
  'oneTimeCode',
  'secret',
  'otp',
  'totp',
  'authorization',
  'cookie',
  'set-cookie',
  'body',
  'currentValue',
  'requestedValue',
] as const;

const REDACT_DEPTH = 4;

function redactionPaths(): string[] {
  return SENSITIVE_KEYS.flatMap((key) => {
    const accessor = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `["${key}"]`;
    return Array.from({ length: REDACT_DEPTH }, (_, depth) => `${'*.'.repeat(depth)}*${accessor}`).concat(
      accessor.startsWith('.') ? [key] : [],
    );
  });
}

// Free text (error messages, database errors) can quote input; mask what looks like
// an email address, a phone number or an account number before it reaches the log.
// Narrow on purpose: file paths, versions and timestamps in stacks stay readable.
const EMAIL_PATTERN = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const PHONE_PATTERN = /(?<![\w/])\+?(?:1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}(?![\w/])/g;
const ACCOUNT_NUMBER_PATTERN = /(?<![\w/.-])\d{8,12}(?![\w/.-])/g;

export function scrubText(text: string): string {
  return text
    .replace(EMAIL_PATTERN, '[email]')
    .replace(PHONE_PATTERN, '[phone]')
    .replace(ACCOUNT_NUMBER_PATTERN, '[number]');
}

function serializeError(error: Error): Record<string, unknown> {
  const serialized = stdSerializers.err(error);
  return {
    type: serialized.type,
    code: (error as { code?: unknown }).code,
    message: scrubText(serialized.message),
    stack: serialized.stack ? scrubText(serialized.stack) : undefined,
  };
}

/** Request lines carry the path only: query strings may hold lookups by email. */
function serializeRequest(request: { method?: string; url?: string }) {
  return { method: request.method, path: request.url?.split('?')[0] };
}

function loggerOptions(config: Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT'>, isTerminal: boolean): LoggerOptions {
  const pretty = config.LOG_FORMAT === 'pretty' || (config.LOG_FORMAT === 'auto' && isTerminal);
  return {
    level: config.LOG_LEVEL,
    redact: { paths: redactionPaths(), censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError, req: serializeRequest },
    ...(pretty ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss' } } } : {}),
  };
}

export function createLogger(
  config: Pick<Config, 'LOG_LEVEL' | 'LOG_FORMAT'>,
  destination?: NodeJS.WritableStream,
): Logger {
  const options = loggerOptions(config, process.stdout.isTTY === true);
  return destination ? pino(options, destination) : pino(options);
}
