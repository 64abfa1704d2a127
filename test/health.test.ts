import { describe, expect, it } from 'vitest';
import { startTestApp } from './support/app.js';
import { createEmptyDatabase } from './support/database.js';

describe('health endpoints', () => {
  it('reports alive and ready on a migrated database', async () => {
    const harness = await startTestApp();
    try {
      const live = await harness.app.inject({ method: 'GET', url: '/healthz' });
      expect(live.statusCode).toBe(200);
      expect(live.json()).toEqual({ status: 'ok' });
      const ready = await harness.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json()).toEqual({ status: 'ready', database: 'reachable', pendingMigrations: 0 });
    } finally {
      await harness.close();
    }
  });

  it('is not ready while migrations are pending', async () => {
    const harness = await startTestApp({ database: await createEmptyDatabase() });
    try {
      const ready = await harness.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'not_ready', database: 'reachable' });
      expect(ready.json().pendingMigrations).toBeGreaterThan(0);
    } finally {
      await harness.close();
    }
  });

  it('is not ready when the database cannot be reached', async () => {
    const url = 'postgresql://postgres@127.0.0.1:1/none';
    const unreachable = { url, ownerUrl: url, drop: async () => {} };
    const harness = await startTestApp({ database: unreachable });
    try {
      const ready = await harness.app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'not_ready', database: 'unreachable' });
    } finally {
      await harness.close();
    }
  });
});
