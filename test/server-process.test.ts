import { describe, expect, it } from 'vitest';
import { createEmptyDatabase } from './support/database.js';
import { startServerProcess, waitUntilReady, PROCESS_TEST_TIMEOUT_MS } from './support/server-process.js';

describe('the server process', { timeout: PROCESS_TEST_TIMEOUT_MS }, () => {
  it('two instances started at the same moment on one empty database both become ready, then stop with exit 0', async () => {
    const database = await createEmptyDatabase();
    const servers = await Promise.all([
      startServerProcess({ DATABASE_URL: database.url, MIGRATION_DATABASE_URL: database.ownerUrl }),
      startServerProcess({ DATABASE_URL: database.url, MIGRATION_DATABASE_URL: database.ownerUrl }),
    ]);
    try {
      await Promise.all(servers.map((server) => waitUntilReady(server, 60_000)));
      for (const server of servers) server.child.kill('SIGINT');
      expect(await Promise.all(servers.map((server) => server.exited))).toEqual([0, 0]);
      const logs = servers.map((server) => server.output()).join('\n');
      expect(logs).toContain('shutting down');
      expect(logs).not.toContain('MIGRATION_DATABASE_URL is not set');
      expect(logs).not.toMatch(/postgres(ql)?:\/\/[^ ]*@/);
      // Not a terminal: no first-admin link or password is printed, only how to create one.
      expect(logs).toContain('staff:create');
      expect(logs).not.toMatch(/welcome\/|password of|with password/);
    } finally {
      for (const server of servers) server.child.kill('SIGKILL');
      await database.drop();
    }
  });

  it('refuses to start with a bad PORT, naming it', async () => {
    const server = await startServerProcess({ PORT: 'abc' });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('PORT: expected a port number');
  });
});
