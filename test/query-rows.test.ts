// The hottest statements go past Prisma (queryRows): their rows must read exactly as Prisma's
// raw queries read them, whatever the process's time zone.

import { afterEach, describe, expect, it } from 'vitest';
import { PREPARED, queryRows } from '../src/db/client.js';
import { Prisma } from '../src/db/generated/client.js';
import { PRIVACY_REQUEST_COLUMNS } from '../src/services/requests/new-requests-repo.js';
import { submitted, useServiceHarness } from './support/services.js';

const harness = useServiceHarness();
const processTimeZone = process.env.TZ;

afterEach(() => {
  process.env.TZ = processTimeZone;
});

describe('a statement sent with queryRows', () => {
  // West of UTC, a date read in the process's zone would land on the day before.
  it.each(['UTC', 'America/Los_Angeles', 'Asia/Tokyo'])(
    'answers every column type as $queryRaw does, in %s',
    async (timeZone) => {
      process.env.TZ = timeZone;
      const statement = Prisma.sql`${PREPARED}
        SELECT '2026-11-30'::date AS "date", '2026-11-30 10:00:00.123+00'::timestamptz(3) AS "instant",
          '2026-11-30 10:00:00.123'::timestamp(3) AS "localTime", 7::int AS "int", 9007199254740993::bigint AS "big",
          '{"a": [1, "b"]}'::jsonb AS "json", '6f1c1a84-8a4b-4e55-9d0c-0a3c2c2b9f11'::uuid AS "uuid",
          ARRAY['6f1c1a84-8a4b-4e55-9d0c-0a3c2c2b9f11'::uuid] AS "uuids", ARRAY['x', NULL] AS "texts",
          true AS "flag", NULL::text AS "nothing", ${new Date('2026-01-02T03:04:05.678Z')}::timestamptz AS "sentInstant",
          ${'2026-02-03'}::date AS "sentDate", ${['a', 'b']}::text[] AS "sentTexts", ${7}::int AS "sentInt"`;
      const viaPrisma = await harness.db.$queryRaw<unknown[]>(statement);
      expect(await queryRows(harness.db, statement)).toEqual(viaPrisma);
    },
  );

  it('reads a request row as $queryRaw does', async () => {
    process.env.TZ = 'America/Los_Angeles';
    const id = await submitted(harness, 'delete');
    const statement = Prisma.sql`SELECT ${PRIVACY_REQUEST_COLUMNS} FROM privacy_requests WHERE id = ${id}::uuid`;
    const viaPrisma = await harness.db.$queryRaw<unknown[]>(statement);
    expect(viaPrisma).toHaveLength(1);
    expect(await queryRows(harness.db, statement)).toEqual(viaPrisma);
  });

  it('goes through Prisma in a transaction, on its connection', async () => {
    const id = await submitted(harness, 'delete');
    const [inTransaction] = await harness.db.$transaction(async (tx) => {
      await tx.$executeRaw`UPDATE privacy_requests SET version = version WHERE id = ${id}::uuid`;
      // Only the transaction's own session knows the id its write was given.
      return queryRows<{ id: bigint | null }>(tx, Prisma.sql`SELECT txid_current_if_assigned() AS id`);
    });
    expect(inTransaction?.id).not.toBeNull();
  });
});
