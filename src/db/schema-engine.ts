import { randomUUID } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import {
  ColumnTypeEnum,
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
} from '@prisma/driver-adapter-utils';
import * as engineBindings from '@prisma/schema-engine-wasm/schema_engine_bg';
import type { MigrationList, SchemaEngine } from '@prisma/schema-engine-wasm/schema_engine_bg';
import { parseIntoClientConfig } from 'pg-connection-string';

/** prisma/ sits two levels above this file both in src/db and in dist/db. */
const PRISMA_DIRECTORY = fileURLToPath(new URL('../../prisma/', import.meta.url));
const SCHEMA_PATH = path.join(PRISMA_DIRECTORY, 'schema.prisma');
export const MIGRATIONS_DIRECTORY = path.join(PRISMA_DIRECTORY, 'migrations');

export const NO_SCHEMA_FILTER = { externalTables: [], externalEnums: [] };

// Node's WebAssembly global, which @types/node 20 does not declare.
declare const WebAssembly: {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<{ exports: Record<string, unknown> }>;
};

// Where the engine reports a Rust panic before it aborts (schema_engine_bg.js calls
// `global.PRISMA_WASM_PANIC_REGISTRY.set_message`). @prisma/client installs one when
// loaded; without it the panic shows only as "reading 'set_message'" of undefined.
declare global {
  var PRISMA_WASM_PANIC_REGISTRY: { set_message(message: string): void } | undefined;
}

let bindingsReady: Promise<void> | undefined;

/**
 * The package's entry imports the .wasm file as an ES module, which Node rejects;
 * so the bindings are loaded directly and given a WebAssembly instance made here.
 */
function loadBindings(): Promise<void> {
  globalThis.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message(message) {
      throw new Error(`Prisma schema engine panicked: ${message}`);
    },
  };
  bindingsReady ??= (async () => {
    const bindingsPath = createRequire(import.meta.url).resolve(
      '@prisma/schema-engine-wasm/schema_engine_bg',
    );
    const module = await WebAssembly.compile(
      await readFile(path.join(path.dirname(bindingsPath), 'schema_engine_bg.wasm')),
    );
    const instance = await WebAssembly.instantiate(module, { './schema_engine_bg.js': engineBindings });
    engineBindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
  })();
  return bindingsReady;
}

/**
 * Runs `work` with Prisma's schema engine (WebAssembly build) over node-postgres,
 * then frees the engine and closes every connection it opened: the engine does not
 * close them itself, and one of them holds Prisma's migration advisory lock.
 * The connection is given as separate settings, not a URL, because the adapter makes
 * its shadow database by overriding `database`, which a connection string would shadow.
 */
export async function withSchemaEngine<T>(
  databaseUrl: string,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  await loadBindings();
  const adapters = migrationAdapterFactory(databaseUrl);
  const schema = await readFile(SCHEMA_PATH, 'utf8');
  const engine = await engineBindings.SchemaEngine.new(
    { datamodels: [[SCHEMA_PATH, schema]] },
    () => {},
    bindMigrationAwareSqlAdapterFactory(adapters),
  );
  try {
    return await work(engine);
  } finally {
    engine.free();
    await adapters.disposeAll();
  }
}

/**
 * PrismaPg for the schema engine, with two repairs to the stock adapter:
 * - the shadow database is dropped after its pool has closed (the stock adapter
 *   drops it first, which PostgreSQL refuses while connections are open);
 * - columns of PostgreSQL's internal one-byte type "char" (pg_class.relkind,
 *   pg_constraint.contype and friends, read while describing a schema) are reported
 *   as characters, as Prisma's native engine reads them; the adapter rejects that
 *   type otherwise. Text is not enough: the describer reads some of them only as a
 *   character, e.g. contype, which on PostgreSQL 18 also lists NOT NULL constraints.
 */
function migrationAdapterFactory(databaseUrl: string) {
  const { host, port, user, password, database, ssl } = parseIntoClientConfig(databaseUrl);
  const settings = { host, port, user, password, database, ssl };
  const open = new Set<{ dispose(): Promise<void> }>();
  const connectTo = async (databaseName: string | undefined) => {
    const adapter = await new PrismaPg(poolReportingCharAsText({ ...settings, database: databaseName }), {
      disposeExternalPool: true,
    }).connect();
    reportCharColumnsAsCharacters(adapter);
    // The stock adapter splits a script at every ";", inside function bodies and
    // comments too, which breaks hand-written SQL such as the audit-log trigger.
    // The script goes to PostgreSQL whole, as one simple query (so one implicit
    // transaction), as Prisma's native engine sends it.
    adapter.executeScript = async (script: string) => {
      await adapter.underlyingDriver().query(script);
    };
    const dispose = adapter.dispose.bind(adapter);
    adapter.dispose = async () => {
      if (open.delete(adapter)) await dispose();
    };
    open.add(adapter);
    return adapter;
  };
  return {
    disposeAll: () => Promise.all([...open].map((adapter) => adapter.dispose())).then(() => {}),
    provider: 'postgres' as const,
    adapterName: '@prisma/adapter-pg',
    connect: () => connectTo(database ?? undefined),
    async connectToShadowDb() {
      const administration = await connectTo(database ?? undefined);
      const shadowName = `prisma_migrate_shadow_db_${randomUUID()}`;
      await administration.executeScript(`CREATE DATABASE "${shadowName}"`);
      const shadow = await connectTo(shadowName);
      const closeShadow = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await closeShadow();
        await administration.executeScript(`DROP DATABASE IF EXISTS "${shadowName}"`);
        await administration.dispose();
      };
      return shadow;
    },
  };
}

const POSTGRES_CHAR_TYPE = 18;
const POSTGRES_TEXT_TYPE = 25;

/** The "char" columns of each result, keyed by its rows array, which the adapter passes on as is. */
const charColumnsByRows = new WeakMap<object, number[]>();

/**
 * node-postgres results whose "char" columns are labelled text, so that the adapter
 * accepts them; their positions are kept for reportCharColumnsAsCharacters.
 */
function poolReportingCharAsText(settings: pg.PoolConfig): pg.Pool {
  const pool = new pg.Pool(settings);
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    const relabel = (result: unknown) => {
      const { fields = [], rows } = (result as pg.QueryResult | undefined) ?? {};
      const charColumns: number[] = [];
      fields.forEach((field, index) => {
        if (field.dataTypeID !== POSTGRES_CHAR_TYPE) return;
        field.dataTypeID = POSTGRES_TEXT_TYPE;
        charColumns.push(index);
      });
      if (charColumns.length > 0 && rows) charColumnsByRows.set(rows, charColumns);
      return result;
    };
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const callback = args.at(-1);
      if (typeof callback === 'function') {
        return query(...args.slice(0, -1), (error: unknown, result: unknown) =>
          callback(error, relabel(result)),
        );
      }
      const pending = query(...args);
      return pending instanceof Promise ? pending.then(relabel) : pending;
    };
  });
  return pool;
}

type Queryable = Pick<SqlDriverAdapter, 'queryRaw'>;

/** Gives the "char" columns relabelled by poolReportingCharAsText their character type back. */
function reportCharColumnsAsCharacters(adapter: SqlDriverAdapter) {
  const relabelQueries = (queryable: Queryable) => {
    const queryRaw = queryable.queryRaw.bind(queryable);
    queryable.queryRaw = async (query) => {
      const result = await queryRaw(query);
      for (const index of charColumnsByRows.get(result.rows) ?? []) {
        result.columnTypes[index] = ColumnTypeEnum.Character;
      }
      return result;
    };
  };
  relabelQueries(adapter);
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (isolationLevel) => {
    const transaction = await startTransaction(isolationLevel);
    relabelQueries(transaction);
    return transaction;
  };
}

export async function readSchemaFiles() {
  return { files: [{ path: SCHEMA_PATH, content: await readFile(SCHEMA_PATH, 'utf8') }] };
}

/** The migrations folder as `prisma migrate` reads it: one folder per migration, sorted by name. */
export async function readMigrationList(): Promise<MigrationList> {
  const entries = await readdir(MIGRATIONS_DIRECTORY, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const lockfilePath = 'migration_lock.toml';
  return {
    baseDir: MIGRATIONS_DIRECTORY,
    lockfile: {
      path: lockfilePath,
      content: await readFile(path.join(MIGRATIONS_DIRECTORY, lockfilePath), 'utf8').catch(() => null),
    },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      names.map(async (name) => ({
        path: name,
        migrationFile: {
          path: 'migration.sql',
          content: await readFile(path.join(MIGRATIONS_DIRECTORY, name, 'migration.sql'), 'utf8').then(
            (value) => ({ tag: 'ok' as const, value }),
            (error: Error) => ({ tag: 'error' as const, value: error.message }),
          ),
        },
      })),
    ),
  };
}
