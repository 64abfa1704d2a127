import pg from 'pg';

export interface NotificationListener {
  stop(): Promise<void>;
}

const RECONNECT_DELAY_MS = 5_000;

/**
 * Calls `onNotify` for every NOTIFY on `channel`, over a connection of its own
 * (LISTEN needs one that a pool will not hand to someone else). A lost
 * connection is reopened after a pause, and `onNotify` is called once on every
 * (re)connection for what was sent while nobody listened; callers keep polling
 * as well, so a missed notification only delays work.
 */
export function listenForNotifications(options: {
  databaseUrl: string;
  channel: string;
  onNotify: () => void;
  onError: (error: unknown) => void;
}): NotificationListener {
  let current: pg.Client | null = null;
  let retry: NodeJS.Timeout | null = null;
  let stopped = false;

  const drop = (client: pg.Client, error?: unknown) => {
    // Only the live connection may schedule a reconnection: a late 'end' of an old one is ignored.
    if (client !== current) return;
    current = null;
    if (error !== undefined) options.onError(error);
    client.end().catch(() => undefined);
    if (stopped || retry !== null) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, RECONNECT_DELAY_MS);
    retry.unref();
  };

  async function connect(): Promise<void> {
    if (stopped) return;
    const client = new pg.Client({ connectionString: options.databaseUrl });
    current = client;
    client.on('notification', (message) => {
      if (message.channel === options.channel) options.onNotify();
    });
    client.on('error', (error) => drop(client, error));
    client.on('end', () => drop(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${client.escapeIdentifier(options.channel)}`);
      if (client === current) options.onNotify();
    } catch (error) {
      drop(client, error);
    }
  }

  void connect();
  return {
    async stop() {
      stopped = true;
      if (retry !== null) clearTimeout(retry);
      const client = current;
      current = null;
      await client?.end().catch(() => undefined);
    },
  };
}
