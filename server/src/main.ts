#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { verifyAudit } from './lib/audit.ts';
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

Configuration comes from the environment (see docs/operations.md):
  PORT (3000), DATA_DIR (./data), DATABASE_URL (external PostgreSQL 15+; embedded when unset),
  SEED_DEMO (auto|true|false), LOG_LEVEL (info)`,
  serve: `Usage: npm run cli -- serve

Starts the platform on PORT (default 3000). Without DATABASE_URL it starts the embedded
PostgreSQL with its data in DATA_DIR/pg. Applies migrations, loads demo data when SEED_DEMO
allows (auto: embedded database only), prints the URL and the demo accounts. Stop with Ctrl-C.`,
  migrate: `Usage: npm run cli -- migrate

Applies the numbered SQL migrations not yet applied (safe while other instances run) and exits.`,
  'verify-audit': `Usage: npm run cli -- verify-audit

Recomputes every audit event's hash and its link to the previous event of its stream (a case,
an item, an account …). Prints the number of events checked, or the first broken link (an event
altered, or one removed) and exits 1.`,
  seed: `Usage: npm run cli -- seed

Loads the demo catalog, organisation, staff and applicants. Running it again changes nothing.`,
};

async function main() {
  const { positionals, values } = parseArgs({ allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
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
  const platform = await openPlatform(config, { log });
  const stop = async () => {
    await platform.close().catch(() => {});
  };

  if (command === 'migrate') {
    log('database is migrated');
    await stop();
    return;
  }
  if (command === 'verify-audit') {
    const r = await verifyAudit(platform.ctx.db);
    await stop();
    if (r.broken) {
      const why = { hash: 'altered (hash mismatch)', gap: 'an event before it was removed', link: 'its link to the previous event is wrong', checkpoint: 'the events it sealed were altered or removed' }[r.broken.reason];
      const where = r.broken.reason === 'checkpoint' ? `checkpoint ${r.broken.seq}` : `stream ${r.broken.stream}, event ${r.broken.seq} (id ${r.broken.id})`;
      console.log(`BROKEN: ${where}: ${why}; ${r.checked} events verified`);
      process.exit(1);
    }
    console.log(`audit trail intact: ${r.checked} events in ${r.streams} streams`);
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
    await app.close().catch(() => {});
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
