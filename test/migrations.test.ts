import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { applyPendingMigrations, diffMigrationsAgainstSchema } from '../src/db/migrator.js';
import { createEmptyDatabase } from './support/database.js';

describe('migrations', () => {
  it('match prisma/schema.prisma (no drift)', async () => {
    const database = await createEmptyDatabase();
    try {
      const missing = await diffMigrationsAgainstSchema(database.ownerUrl);
      expect(
        missing,
        `prisma/schema.prisma has changes no migration holds. Run \`npm run db:migration -- <name>\`.\nMissing SQL:\n${missing}`,
      ).toBe('');
    } finally {
      await database.drop();
    }
  });

  it('are applied once when two instances migrate an empty database at the same moment', async () => {
    const database = await createEmptyDatabase();
    try {
      const [first, second] = await Promise.all([
        applyPendingMigrations(database.ownerUrl, { runtimeUrl: database.url }),
        applyPendingMigrations(database.ownerUrl, { runtimeUrl: database.url }),
      ]);
      expect([...first, ...second].sort()).toEqual(first.length > 0 ? first : second);
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query(
        'SELECT migration_name, count(*)::int AS times FROM _prisma_migrations WHERE finished_at IS NOT NULL GROUP BY 1',
      );
      await client.end();
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((row) => row.times === 1)).toBe(true);
    } finally {
      await database.drop();
    }
  });
});
