// The database's own ceiling for a submission: the statements one online submission sends, as the
// pg client sent them, replayed by pgbench (its C client, the protocol of the TPC-B reference) with a
// fresh case id, idempotency key and submission number in every transaction. Its rate against TPC-B
// is the share of pgbench a submission could reach if Node, HTTP and the load generator cost nothing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { clientConnection } from './lib.ts';

interface Sent { text: string; values: unknown[] }

/** Runs `act` and returns every statement it sent through a pg client, with its parameters. */
export async function captureStatements<T>(act: () => Promise<T>): Promise<{ result: T; sent: Sent[] }> {
  const sent: Sent[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const first = args[0] as string | { text: string; values?: unknown[] };
    sent.push(typeof first === 'string' ? { text: first, values: (args[1] as unknown[] | undefined) ?? [] } : { text: first.text, values: first.values ?? [] });
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    return { result: await act(), sent };
  } finally {
    pg.Client.prototype.query = query;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
const arrayElement = (v: unknown) => (v === null ? 'NULL' : `"${String(v).replace(/[\\"]/g, (c) => `\\${c}`)}"`);

/**
 * A parameter as a literal of unknown type, the way node-postgres sends it (text, type left to the
 * server), so the server infers the same types it inferred for the submission.
 */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (Buffer.isBuffer(v)) return `'\\x${v.toString('hex')}'`;
  if (v instanceof Date) return quote(v.toISOString());
  if (Array.isArray(v)) return quote(`{${v.map(arrayElement).join(',')}}`);
  if (typeof v === 'object') return quote(JSON.stringify(v));
  return quote(String(v));
}

/**
 * One pgbench script from the captured statements: each `unique` value (the case id, the
 * idempotency key, the submission number) is fresh in every transaction, its last 12 characters
 * drawn by pgbench. The values stand outside the literals (`'prefix' || lpad(:u0::text, 12, '0')`)
 * so the script runs in pgbench's simple and prepared modes alike.
 */
export function replayScript(sent: Sent[], unique: string[]): string {
  for (const value of unique) if (value.length < 14) throw new Error(`a unique value too short to vary: ${value}`);
  const vary = (lit: string) => {
    let parts = [lit.slice(1, -1)];
    unique.forEach((value, i) => {
      parts = parts.flatMap((part) => (part.startsWith(':u') ? [part] : part.split(value).flatMap((piece, k) => (k === 0 ? [piece] : [`:u${i}`, piece]))));
    });
    if (parts.length === 1) return lit;
    const vars = new Map(unique.map((value, i) => [`:u${i}`, value.slice(0, -12)]));
    const expr = `(${parts.flatMap((part) => (vars.has(part) ? [`'${vars.get(part)}'`, `lpad(${part}::text, 12, '0')`] : part ? [`'${part}'`] : [])).join(' || ')})`;
    // A literal that was a whole uuid goes on as a uuid (text is not assigned to a uuid column without a cast; a uuid is to a text one).
    return UUID.test(lit.slice(1, -1)) ? `${expr}::uuid` : expr;
  };
  const sql = sent.map(({ text, values }) => `${text.replace(/\$(\d+)/g, (_, n: string) => literal(values[Number(n) - 1]))};`).join('\n')
    .replace(/'(?:[^']|'')*'/g, vary);
  const lines = ['\\set u random(100000000000, 999999999999)', ...unique.map((_, i) => `\\set u${i} :u + ${i}`)];
  return `${lines.join('\n')}\n${sql}\n`;
}

/** One pgbench run on `url` (`args` then the database, `url`'s unless given): transactions per second, how many ran and failed. */
export function pgbench(url: string, args: string[], database?: string) {
  const c = clientConnection(url);
  const out = execFileSync('pgbench', [...c.args, ...args, database ?? c.database], { env: c.env, encoding: 'utf8' });
  const failed = /number of failed transactions: (\d+)/.exec(out);
  return {
    tps: Number(/tps = ([\d.]+)/.exec(out)![1]),
    transactions: Number(/number of transactions actually processed: (\d+)/.exec(out)![1]),
    failed: failed ? Number(failed[1]) : 0,
    out,
  };
}

/** pgbench running `script` for `seconds` on `url` with `clients`. */
export function pgbenchScript(url: string, script: string, clients: number, seconds: number, extra: string[] = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-replay-'));
  try {
    const file = path.join(dir, 'submission.sql');
    fs.writeFileSync(file, script);
    return pgbench(url, ['-n', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', file, ...extra]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
