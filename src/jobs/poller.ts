// A job that runs a round every interval, or at once when woken, never two
// rounds at a time: a wake during a round asks for one more after it. After a
// failed round (the database is down, say) the ticks back off, doubling up to
// MAX_BACKOFF_MS, so an outage is not retried and logged four times a second;
// an explicit wake still runs at once.

/** The longest pause between ticks after failures. */
export const MAX_BACKOFF_MS = 30_000;

export interface Poller {
  /** Runs a round now and then every intervalMs until stopped. */
  start(): void;
  /** Runs a round now instead of at the next tick. */
  wake(): void;
  /** Stops ticking and waits for the round in progress. */
  stop(): Promise<void>;
}

export function createPoller(options: {
  intervalMs: number;
  /** One round; `stopping()` turns true when stop() was called, to end a long round early. */
  round: (stopping: () => boolean) => Promise<void>;
  onError: (error: unknown) => void;
}): Poller {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = true;
  let failures = 0;
  let resumeAt = 0;

  async function loop(): Promise<void> {
    do {
      again = false;
      try {
        await options.round(() => stopped);
        failures = 0;
      } catch (error) {
        failures += 1;
        resumeAt = Date.now() + Math.min(MAX_BACKOFF_MS, options.intervalMs * 2 ** failures);
        options.onError(error);
      }
    } while (again && !stopped);
  }

  function wake(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = loop().finally(() => {
      running = null;
    });
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      timer = setInterval(() => {
        if (Date.now() >= resumeAt) wake();
      }, options.intervalMs);
      timer.unref();
      wake();
    },
    wake,
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
