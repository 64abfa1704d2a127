// A job that runs a round every interval, or at once when woken, never two
// rounds at a time: a wake during a round asks for one more after it.

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

  async function loop(): Promise<void> {
    do {
      again = false;
      try {
        await options.round(() => stopped);
      } catch (error) {
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
      timer = setInterval(wake, options.intervalMs);
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
