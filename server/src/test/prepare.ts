// Prepares the template database every test file clones: migrations and the demo data.
import pg from 'pg';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';
import { ensureRuntimeRole, grantRuntimeRole } from '../db/roles.ts';
import { installJobQueue } from '../lib/jobs.ts';
import { systemClock } from '../lib/clock.ts';
import { diskStorage } from '../modules/files/storage.ts';
import { seedDemo } from '../seed/seed.ts';
import { dbUrl, TEST_ENV, TEST_RUNTIME_ROLE } from './env.ts';
import { domainEvents } from '../subscribers.ts';
import { enterpriseRegistry } from '../modules/bids/registries.ts';

const admin = new pg.Client({ connectionString: TEST_ENV.adminUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${TEST_ENV.template} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${TEST_ENV.template}`);
await ensureRuntimeRole(admin, TEST_RUNTIME_ROLE.name, TEST_RUNTIME_ROLE.password);
await admin.end();

const database = openDatabase(dbUrl(TEST_ENV.template), 4);
await migrate(database.pool);
// The job queue's schema and the runtime role's grants are in the template, as openPlatform leaves them.
await installJobQueue(database.pool);
await grantRuntimeRole(database.pool, TEST_RUNTIME_ROLE.name);
const config = loadConfig(process.env, { DATABASE_URL: dbUrl(TEST_ENV.template), DATA_DIR: TEST_ENV.seedDataDir });
const started = Date.now();
const report = await seedDemo({ db: database.db, clock: systemClock, config, storage: diskStorage(config.filesDir), events: domainEvents(), registry: enterpriseRegistry(config) });
console.log(`# test template ready: ${report.items} items, ${report.files} files (${Date.now() - started} ms)`);
await database.close();
