import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runCliWith } from './support/cli.js';
import {
  freePort,
  startServerProcess,
  waitUntilReady,
  PROCESS_TEST_TIMEOUT_MS,
} from './support/server-process.js';

describe('starting without DATABASE_URL', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('runs an embedded PostgreSQL whose data survives a restart, and stops with exit 0', async () => {
    // Inside the project (git-ignored .data/), where the embedded server's own user can reach it.
    const dataDirectory = `.data/test-embedded-${randomBytes(4).toString('hex')}`;
    const environment = { DATA_DIR: dataDirectory, EMBEDDED_POSTGRES_PORT: String(await freePort()) };
    try {
      const first = await startServerProcess(environment);
      await waitUntilReady(first, 90_000);

      // A command while the server runs uses the cluster the server started.
      const cli = await runCliWith(
        environment,
        'token:create',
        '--name',
        'beside the server',
        '--role',
        'auditor',
      );
      expect(cli.code).toBe(0);
      expect(cli.errors).not.toContain('could not');

      // A second checkout (other data) on the same embedded port, and one on the same HTTP port,
      // each say which setting to change.
      const otherCheckout = await startServerProcess({
        ...environment,
        DATA_DIR: `${dataDirectory}-other`,
      });
      expect(await otherCheckout.exited).toBe(1);
      expect(otherCheckout.output()).toMatch(/port \d+: it is in use.*set EMBEDDED_POSTGRES_PORT/);
      const samePort = await startServerProcess({ ...environment, PORT: new URL(first.baseUrl).port });
      expect(await samePort.exited).toBe(1);
      expect(samePort.output()).toMatch(/already in use.*set PORT/);

      first.child.kill('SIGINT');
      expect(await first.exited).toBe(0);
      expect(first.output()).toContain('embedded PostgreSQL');
      const shipped = (await readdir('prisma/migrations', { withFileTypes: true })).filter((entry) =>
        entry.isDirectory(),
      );
      expect(first.output()).toContain(`applied ${shipped.length} migration`);

      const second = await startServerProcess(environment);
      await waitUntilReady(second, 90_000);
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
      expect(second.output()).not.toContain('initialising the embedded PostgreSQL cluster');
      expect(second.output()).toContain('database schema is current');
      expect(second.output()).not.toMatch(/postgres(ql)?:\/\/[^ ]*@/);
    } finally {
      await rm(dataDirectory, { recursive: true, force: true });
      await rm(`${dataDirectory}-other`, { recursive: true, force: true });
    }
  }, 240_000);
});
