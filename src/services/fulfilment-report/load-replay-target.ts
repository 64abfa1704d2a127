// Which system deletions:replay works on, read from a data map file: a postgres
// system with an `identities` statement (who it holds) and a `delete` statement,
// its database URL taken from the variable the map names (never from the file).

import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Config } from '../../config/index.js';
import { withDemoTelecomDatabase } from '../demo/demo-telecom-repo.js';
import type { ReplayTarget } from './replay-deletions.js';
import { storableText } from '../../domain/storable-text.js';

const ReplayMapSchema = z.object({
  systems: z.array(
    z.object({
      key: storableText(),
      connector: z.object({
        kind: storableText(),
        urlEnv: storableText().optional(),
        delete: storableText().optional(),
        identities: storableText().optional(),
      }),
    }),
  ),
});

/** Why a system cannot be replayed, worded for the operator. */
export class ReplayTargetError extends Error {}

export async function loadReplayTarget(
  config: Pick<Config, 'connectorVariable'>,
  { mapFile, systemKey, databaseUrl }: { mapFile: string; systemKey: string; databaseUrl: string },
): Promise<ReplayTarget> {
  const parsed = ReplayMapSchema.safeParse(parse(await readFile(mapFile, 'utf8')));
  if (!parsed.success) throw new ReplayTargetError(`${mapFile} is not a data map with systems`);
  const system = parsed.data.systems.find((candidate) => candidate.key === systemKey);
  if (system === undefined) throw new ReplayTargetError(`${mapFile} has no system "${systemKey}"`);
  const { kind, urlEnv, delete: deleteStatement, identities } = system.connector;
  if (kind !== 'postgres' || urlEnv === undefined || deleteStatement === undefined) {
    throw new ReplayTargetError(
      `${systemKey}: only postgres systems with a delete statement are replayed; ask the system's owner to re-apply deletions`,
    );
  }
  if (identities === undefined) {
    throw new ReplayTargetError(
      `${systemKey}: the data map gives no identities statement to find restored people by`,
    );
  }
  const url = withDemoTelecomDatabase(config, databaseUrl).connectorVariable(urlEnv);
  if (url === undefined) throw new ReplayTargetError(`${systemKey}: ${urlEnv} is not set`);
  return { key: systemKey, url, identities, delete: deleteStatement };
}
