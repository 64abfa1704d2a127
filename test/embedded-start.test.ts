import { randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
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
    }
  }, 240_000);
});
