// What a NOTIFY inside a writing transaction costs the database's commits (db/after-commit.ts), on the
// bench's embedded PostgreSQL, by pgbench's C client: one small insert per transaction, as is (the
// reference); with a pg_notify inside the transaction (how the live board was told until 2026-12-05);
// and with the notification sent after the commit by a statement of its own committed without waiting
// for its flush (how db/after-commit.ts sends it when nothing else waits to go with it). Each at
// --clients 4 and 16 (a province's instances hold many more connections than pgbench's 4), alternated.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchPlatform, clientConnection, options, table } from './lib.ts';
import { pgbench } from './submission-replay.ts';

const opt = options({ seconds: 8, rounds: 2, clients: '4,16' },
  'Transactions per second of a one-row insert, without a notification, with a pg_notify inside the transaction, and with it sent after '
  + 'the commit as db/after-commit.ts sends it (asynchronous commit), by pgbench (--seconds each, --rounds alternated, --clients a list).');

const scripts = {
  'insert (reference)': 'BEGIN;\nINSERT INTO nt (v) VALUES (1);\nCOMMIT;\n',
  'insert + pg_notify inside the transaction': "BEGIN;\nINSERT INTO nt (v) VALUES (1);\nSELECT pg_notify('bench_board', 'x');\nCOMMIT;\n",
  'insert, then the notification after the commit': "BEGIN;\nINSERT INTO nt (v) VALUES (1);\nCOMMIT;\n"
    + "SELECT set_config('synchronous_commit', 'off', true), pg_notify('bench_board', 'x');\n",
};

const platform = await benchPlatform('notify');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-notify-'));
try {
  const owner = clientConnection(platform.server.ownerUrl);
  execFileSync('psql', [...owner.args, '-d', owner.database, '-qc', 'CREATE DATABASE ow_notify'], { env: owner.env });
  execFileSync('psql', [...owner.args, '-d', 'ow_notify', '-qc', 'CREATE TABLE nt (id bigserial PRIMARY KEY, v int)'], { env: owner.env });
  const files = Object.entries(scripts).map(([what, text], i) => {
    const file = path.join(dir, `s${i}.sql`);
    fs.writeFileSync(file, text);
    return { what, file };
  });
  const clients = opt.clients.split(',').map(Number).filter((n) => n > 0);
  const results = new Map<string, number[]>();
  for (let round = 0; round < opt.rounds; round++) {
    for (const c of clients) {
      for (const { what, file } of files) {
        const r = pgbench(platform.server.ownerUrl, ['-n', '-M', 'prepared', '-c', String(c), '-j', '2', '-T', String(opt.seconds), '-f', file], 'ow_notify');
        const key = `${c}|${what}`;
        results.set(key, [...(results.get(key) ?? []), r.tps]);
      }
    }
  }
  const rows = [...results].map(([key, tps]) => {
    const [c, what] = key.split('|') as [string, string];
    const reference = results.get(`${c}|insert (reference)`)!;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return { clients: Number(c), what, 'per second (each round)': tps.map((x) => x.toFixed(0)).join(' / '), '% of the reference': +((100 * mean(tps)) / mean(reference)).toFixed(1) };
  });
  console.log(`pgbench, ${opt.seconds} s each, ${opt.rounds} rounds alternated, on the embedded PostgreSQL (fsync on, synchronous_commit on):`);
  table(rows);
  console.log(JSON.stringify({ bench: 'notify', seconds: opt.seconds, rounds: opt.rounds, rows: rows.map((r) => ({ clients: r.clients, what: r.what, tps: r['per second (each round)'], toReference: r['% of the reference'] })) }));
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
  await platform.close();
}
