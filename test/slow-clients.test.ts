// One client cannot take an instance offline: a body trickled byte by byte is cut off
// at HTTP_REQUEST_TIMEOUT_MS, idle connections at HTTP_HEADERS_TIMEOUT_MS, connections
// beyond HTTP_MAX_CONNECTIONS are refused, and /healthz keeps answering. On the real
// server process, over real sockets.

import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMigratedDatabase, type TestDatabase } from './support/database.js';
import { PROCESS_TEST_TIMEOUT_MS, startServerProcess, waitUntilReady } from './support/server-process.js';

const REQUEST_TIMEOUT_MS = 3_000;
const HEADERS_TIMEOUT_MS = 2_000;
const MAX_CONNECTIONS = 40;

let database: TestDatabase;
let server: Awaited<ReturnType<typeof startServerProcess>>;

beforeAll(async () => {
  database = await createMigratedDatabase();
  server = await startServerProcess({
    DATABASE_URL: database.url,
    SMTP_URL: 'smtp://127.0.0.1:9',
    HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    HTTP_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
  });
  await waitUntilReady(server, 60_000);
}, PROCESS_TEST_TIMEOUT_MS);

afterAll(async () => {
  server?.child.kill('SIGKILL');
  await server?.exited;
  await database?.drop();
});

function open(): Promise<Socket> {
  const { port } = new URL(server.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Milliseconds from now until the server ends the connection. */
function closedAfter(socket: Socket): Promise<number> {
  const started = performance.now();
  return new Promise((resolve) => {
    socket.on('error', () => {});
    socket.resume();
    socket.once('close', () => resolve(performance.now() - started));
  });
}

async function healthy(): Promise<boolean> {
  const response = await fetch(`${server.baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) }).catch(
    () => null,
  );
  return response?.status === 200;
}

describe('slow and idle clients', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('cuts off a body sent a byte at a time, while /healthz keeps answering', async () => {
    const socket = await open();
    socket.write(
      'POST /api/v1/requests HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{',
    );
    const trickle = setInterval(() => socket.writable && socket.write(' '), 200);
    const closed = closedAfter(socket);
    const checks: boolean[] = [];
    const probing = (async () => {
      while (checks.length < 10) {
        checks.push(await healthy());
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
    })();
    const ms = await closed;
    clearInterval(trickle);
    await probing;
    // Node checks the timeouts once a second; a busy machine adds a little more.
    expect(ms).toBeGreaterThan(REQUEST_TIMEOUT_MS - 500);
    expect(ms).toBeLessThan(REQUEST_TIMEOUT_MS + 4_000);
    expect(checks.every(Boolean)).toBe(true);
  });

  it('closes connections that send nothing, refuses those beyond the cap, and /healthz answers after', async () => {
    const sockets = await Promise.all(Array.from({ length: MAX_CONNECTIONS + 20 }, () => open()));
    const closings = sockets.map((socket) => closedAfter(socket));
    const durations = await Promise.all(closings);
    const refusedAtOnce = durations.filter((ms) => ms < HEADERS_TIMEOUT_MS / 2).length;
    expect(refusedAtOnce).toBeGreaterThanOrEqual(20);
    expect(Math.max(...durations)).toBeLessThan(HEADERS_TIMEOUT_MS + 4_000);
    expect(await healthy()).toBe(true);
  });
});
