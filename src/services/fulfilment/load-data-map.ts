// Reads and checks the data map at start: the YAML's shape (DataMapSchema), then what the
// schema alone cannot see: duplicate keys, SQL that does not parse or names an unknown
// value, environment variables that are not set, a manual system with no owner. Every
// problem is one line naming the system and the key, so `npm start` can list them all.

import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parse as parseSql } from 'libpg-query';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { Config } from '../../config/index.js';
import {
  DataMapSchema,
  EMPTY_DATA_MAP,
  type DataMap,
  type DataMapSystem,
  type PostgresConnector,
} from '../../domain/fulfilment/data-map.js';
import {
  compileStatement,
  unknownParametersOf,
  usesFieldPlaceholder,
} from '../../domain/fulfilment/sql-statement.js';

export class DataMapError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file} is not a valid data map:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'DataMapError';
  }
}

/** The map in use and a line for the start-up log saying which. */
export interface LoadedDataMap {
  readonly dataMap: DataMap;
  readonly description: string;
}

type ConnectorVariables = Pick<Config, 'connectorVariable'>;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The sample data map shipped with the project, which demo:seed's telecom database answers. */
export const SAMPLE_DATA_MAP_FILE = 'config/data-map.sample.yaml';
/** Read from the project's root, whatever the working directory (this file sits at the same depth in dist/). */
const SAMPLE_DATA_MAP_PATH = fileURLToPath(new URL(`../../../${SAMPLE_DATA_MAP_FILE}`, import.meta.url));

/**
 * The map in use: DATA_MAP_FILE's; without it, the sample map once demo:seed has set up the
 * sample telecom (`demoInstalled`), else the empty map (requests then complete without tasks).
 */
export async function loadDataMap(
  config: Pick<Config, 'DATA_MAP_FILE' | 'connectorVariable'>,
  { demoInstalled }: { demoInstalled: () => Promise<boolean> },
): Promise<LoadedDataMap> {
  return config.DATA_MAP_FILE === undefined
    ? loadDefaultDataMap(config, { demoInstalled })
    : loadDataMapFile(config.DATA_MAP_FILE, config);
}

export async function loadDataMapFile(file: string, config: ConnectorVariables): Promise<LoadedDataMap> {
  const dataMap = await parseDataMap(file, await readFile(file, 'utf8'), config);
  return { dataMap, description: `data map: ${file} (${systemsOf(dataMap)})` };
}

/** The map when DATA_MAP_FILE is not set. */
export async function loadDefaultDataMap(
  config: ConnectorVariables,
  { demoInstalled }: { demoInstalled: () => Promise<boolean> },
): Promise<LoadedDataMap> {
  if (!(await demoInstalled())) {
    return {
      dataMap: EMPTY_DATA_MAP,
      description: 'data map: none (DATA_MAP_FILE is not set): no fulfilment tasks',
    };
  }
  const text = await readFile(SAMPLE_DATA_MAP_PATH, 'utf8');
  const dataMap = await parseDataMap(SAMPLE_DATA_MAP_FILE, text, config);
  return {
    dataMap,
    description: `data map: ${SAMPLE_DATA_MAP_FILE}, the sample telecom's (set up by demo:seed; DATA_MAP_FILE is not set) (${systemsOf(dataMap)})`,
  };
}

function systemsOf(dataMap: DataMap): string {
  return `${dataMap.systems.length} system(s): ${dataMap.systems.map((system) => system.key).join(', ') || 'none'}`;
}

/** Throws DataMapError with every problem found. */
export async function parseDataMap(file: string, text: string, config: ConnectorVariables): Promise<DataMap> {
  let document: unknown;
  try {
    document = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const message = error instanceof YAMLParseError ? error.message.split('\n')[0] : 'not readable as YAML';
    throw new DataMapError(file, [`YAML: ${message}`]);
  }
  const result = DataMapSchema.safeParse(document ?? {});
  if (!result.success) {
    throw new DataMapError(
      file,
      result.error.issues.map((issue) => `${placeOf(document, issue.path)}: ${issue.message}`),
    );
  }
  const problems = [
    ...duplicateKeys(result.data.systems),
    ...(await Promise.all(result.data.systems.map((system) => problemsOf(system, config)))).flat(),
  ];
  if (problems.length > 0) throw new DataMapError(file, problems);
  return result.data;
}

/** `system crm: categories.0` for a path inside a system, the path itself otherwise. */
function placeOf(document: unknown, path: readonly PropertyKey[]): string {
  const [top, index, ...rest] = path;
  if (top !== 'systems' || typeof index !== 'number') return path.join('.') || '(the file)';
  const systems = (document as { systems?: unknown[] } | null)?.systems;
  const key = (systems?.[index] as { key?: unknown } | undefined)?.key;
  const name = typeof key === 'string' ? key : `#${index + 1}`;
  return `system ${name}: ${rest.join('.') || '(the entry)'}`;
}

function duplicateKeys(systems: readonly DataMapSystem[]): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const { key } of systems) {
    if (seen.has(key)) problems.push(`system ${key}: key: used by more than one system`);
    seen.add(key);
  }
  return problems;
}

async function problemsOf(system: DataMapSystem, config: ConnectorVariables): Promise<string[]> {
  const at = (key: string, message: string) => `system ${system.key}: ${key}: ${message}`;
  const problems: string[] = [];
  for (const [field, mapping] of Object.entries(system.fields)) {
    if (!system.categories.includes(mapping.category)) {
      problems.push(at(`fields.${field}`, `category ${mapping.category} is not in the system's categories`));
    }
  }
  const { connector } = system;
  switch (connector.kind) {
    case 'postgres':
      if (config.connectorVariable(connector.urlEnv) === undefined) {
        problems.push(at('connector.urlEnv', `environment variable ${connector.urlEnv} is not set`));
      }
      if (connector.delete === undefined && system.retainOnDelete === undefined) {
        problems.push(at('connector.delete', 'needed unless retainOnDelete says why the data is kept'));
      }
      problems.push(...(await statementProblems(system, connector, at)));
      break;
    case 'webhook': {
      // Identities travel in the body: only over TLS, except to a receiver on this machine.
      const url = new URL(connector.url);
      if (url.protocol !== 'https:' && !LOOPBACK_HOSTS.has(url.hostname)) {
        problems.push(at('connector.url', 'must be an https:// URL (http:// only on loopback)'));
      }
      const secret = config.connectorVariable(connector.secretEnv);
      if (secret === undefined) {
        problems.push(at('connector.secretEnv', `environment variable ${connector.secretEnv} is not set`));
      } else if (!secret.startsWith('whsec_')) {
        problems.push(at('connector.secretEnv', `${connector.secretEnv} must hold a whsec_… signing secret`));
      }
      break;
    }
    case 'manual':
      if (system.owner === undefined)
        problems.push(at('owner', 'a manual system needs an owner to do its tasks'));
      break;
  }
  return problems;
}

async function statementProblems(
  system: DataMapSystem,
  connector: PostgresConnector,
  at: (key: string, message: string) => string,
): Promise<string[]> {
  const problems: string[] = [];
  for (const kind of ['access', 'delete', 'correct'] as const) {
    const sql = connector[kind];
    if (sql === undefined) continue;
    const key = `connector.${kind}`;
    for (const name of unknownParametersOf(sql, kind)) problems.push(at(key, `unknown parameter :${name}`));
    if (kind === 'correct' && !usesFieldPlaceholder(sql)) {
      problems.push(at(key, 'must name the corrected column as {{field}}'));
    }
    const column = Object.keys(system.fields)[0] ?? 'field';
    try {
      const tree = (await parseSql(compileStatement(sql, column).text)) as {
        stmts?: { stmt?: Record<string, unknown> }[];
      };
      const statements = tree.stmts ?? [];
      if (statements.length !== 1) problems.push(at(key, 'must be exactly one statement'));
      // Access runs in read-only sessions; a SET or a function call could make one writable.
      else if (kind === 'access' && !('SelectStmt' in (statements[0]?.stmt ?? {}))) {
        problems.push(at(key, 'must be a SELECT'));
      }
    } catch (error) {
      problems.push(
        at(key, `SQL does not parse: ${error instanceof Error ? error.message : 'syntax error'}`),
      );
    }
  }
  return problems;
}
