// A poller that database notifications wake at once on every instance (LISTEN on
// a channel the rows' trigger NOTIFYs), and that keeps polling at its interval
// meanwhile whenever the listening connection is lost.

import { listenForNotifications, type NotificationListener } from '../db/notifications.js';
import type { Poller } from './poller.js';

export function wakeOnNotifications(
  poller: Poller,
  options: { listenUrl: string | undefined; channel: string; onListenerLost: (error: unknown) => void },
): Poller {
  let listener: NotificationListener | null = null;
  return {
    ...poller,
    start() {
      poller.start();
      if (options.listenUrl === undefined || listener !== null) return;
      listener = listenForNotifications({
        databaseUrl: options.listenUrl,
        channel: options.channel,
        onNotify: poller.wake,
        onError: options.onListenerLost,
      });
    },
    async stop() {
      await listener?.stop();
      listener = null;
      await poller.stop();
    },
  };
}
