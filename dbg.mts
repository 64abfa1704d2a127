import { loadConfig } from './src/config/index.js';
import { createLogger } from './src/logger.js';
import { openDatabaseServer } from './src/db/open-database.js';
import { diffMigrationsAgainstSchema } from './src/db/migrator.js';
const config = loadConfig({ DATA_DIR: '.data/dbg', EMBEDDED_POSTGRES_PORT: '54361', LOG_LEVEL: 'silent' });
const server = await openDatabaseServer(config, createLogger(config));
try { console.log(JSON.stringify(await diffMigrationsAgainstSchema(server.url))); } catch (e) { console.log('ERR', e); }
await server.stop();
