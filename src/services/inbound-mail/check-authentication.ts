// SPF, DKIM and DMARC results for a received message, shown to the officer as
// signals about the sender (never a reason to drop a message). Without DNS, or
// when a check cannot finish in time, the result is "unknown"; it never fails.

import { promises as dns } from 'node:dns';
import { authenticate } from 'mailauth';
import type { InboundMessage } from '../../db/generated/client.js';

export type AuthenticationResult = 'pass' | 'fail' | 'none' | 'neutral' | 'softfail' | 'unknown';

export interface AuthenticationSignals {
  spf: AuthenticationResult;
  dkim: AuthenticationResult;
  dmarc: AuthenticationResult;
}

const UNKNOWN: AuthenticationSignals = { spf: 'unknown', dkim: 'unknown', dmarc: 'unknown' };
/** One DNS question, and all of the checks, are bounded, so a dead resolver delays a message only so long. */
const DNS_TIMEOUT_MS = 3_000;
const CHECK_TIMEOUT_MS = 10_000;
const KNOWN: readonly AuthenticationResult[] = ['pass', 'fail', 'none', 'neutral', 'softfail'];

export async function checkAuthentication(
  message: Pick<InboundMessage, 'raw' | 'clientAddress' | 'clientHelo' | 'envelopeFrom'>,
): Promise<AuthenticationSignals> {
  const resolver = new dns.Resolver({ timeout: DNS_TIMEOUT_MS, tries: 1 });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), CHECK_TIMEOUT_MS);
  });
  try {
    const checked = await Promise.race([
      authenticate(Buffer.from(message.raw), {
        ...(message.clientAddress && { ip: message.clientAddress }),
        ...(message.clientHelo && { helo: message.clientHelo }),
        ...(message.envelopeFrom && { sender: message.envelopeFrom }),
        disableArc: true,
        disableBimi: true,
        resolver: (name: string, type: string) =>
          resolver.resolve(name, type) as Promise<string[] | string[][]>,
      }),
      timeout,
    ]);
    if (checked === null) return UNKNOWN;
    return {
      // SPF needs the client's address, which a message read over IMAP does not give.
      spf: message.clientAddress ? resultOf(checked.spf) : 'unknown',
      dkim: dkimResultOf(checked.dkim),
      dmarc: resultOf(checked.dmarc),
    };
  } catch {
    return UNKNOWN;
  } finally {
    clearTimeout(timer);
    resolver.cancel();
  }
}

function resultOf(check: unknown): AuthenticationResult {
  const result = (check as { status?: { result?: unknown } } | null | undefined)?.status?.result;
  return KNOWN.find((known) => known === result) ?? 'unknown';
}

/** The best of the message's DKIM signatures: one valid signature is a pass. */
function dkimResultOf(check: unknown): AuthenticationResult {
  const results = ((check as { results?: unknown[] } | undefined)?.results ?? []).map(resultOf);
  if (results.length === 0) return 'none';
  return results.includes('pass') ? 'pass' : (results[0] ?? 'unknown');
}
