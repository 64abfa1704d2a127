// A TCP proxy in front of the real PostgreSQL, for tests of a database that goes away:
// `stop` closes every connection and refuses new ones (a stopped server), `freeze`
// keeps connections open but passes no bytes (a suspended or unreachable server).

import { createServer, connect, type Socket } from 'node:net';

export interface TcpProxy {
  port: number;
  stop(): Promise<void>;
  freeze(): void;
  /** Forwards again, on the same port, whatever the outage was. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let frozen = false;
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    // While frozen, bytes are held back rather than passed on.
    const relay = (from: Socket, to: Socket) =>
      from.on('data', (chunk) => {
        if (!frozen) to.write(chunk);
      });
    relay(client, upstream);
    relay(upstream, client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  await listen(0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const closeAll = async () => {
    for (const socket of sockets) socket.destroy();
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    port,
    stop: closeAll,
    freeze: () => {
      frozen = true;
    },
    restore: async () => {
      if (frozen) {
        // Held-back bytes are lost: the connections that carried them are of no more use.
        frozen = false;
        for (const socket of sockets) socket.destroy();
      }
      if (!server.listening) await listen(port);
    },
    close: closeAll,
  };
}
