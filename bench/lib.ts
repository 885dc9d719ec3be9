import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../server/src/config.ts';
import { openDatabase } from '../server/src/db/database.ts';
import type { Clock } from '../server/src/lib/clock.ts';
import { openPlatform } from '../server/src/platform.ts';
import { processCpuMs } from './cpu.ts';

/** Shared pieces of the benchmarks: option parsing, closed-loop HTTP load, percentiles, the table. */
export function options<T extends Record<string, number | string>>(defaults: T, help: string): T {
  const argv = process.argv.slice(2);
  if (argv.includes('--help')) {
    console.log(`${help}\n\nOptions (defaults):\n${Object.entries(defaults).map(([k, v]) => `  --${k} ${v}`).join('\n')}`);
    process.exit(0);
  }
  const out: Record<string, number | string> = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]!.replace(/^--/, '');
    if (!(key in defaults)) throw new Error(`unknown option --${key}`);
    out[key] = typeof defaults[key] === 'number' ? Number(argv[i + 1]) : String(argv[i + 1]);
  }
  return out as T;
}

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

/**
 * `load`, and this process's CPU (server and load generator) per request during it, user and system:
 * unlike the rate, hardly moved by other work on the machine.
 */
export async function cpuLoad(total: number, concurrency: number, url: (i: number) => string | Promise<Response>) {
  const cpu0 = process.cpuUsage();
  const result = await load(total, concurrency, url);
  const cpu = process.cpuUsage(cpu0);
  const userMs = cpu.user / 1000 / total;
  const systemMs = cpu.system / 1000 / total;
  return { ...result, cpuMs: userMs + systemMs, userMs, systemMs };
}

/** `concurrency` workers each send requests back to back until `total` are done. */
export async function load(total: number, concurrency: number, url: (i: number) => string | Promise<Response>): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      const target = url(i);
      const res = typeof target === 'string' ? await fetch(target) : await target;
      const body = await res.arrayBuffer();
      if (res.status < 200 || res.status > 299) {
        errors++;
        // The first refusal's answer, so a figure of refusals is never read as a figure of work.
        firstError ??= `${res.status} ${Buffer.from(body).toString('utf8').slice(0, 300)}`;
      }
      latencies.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  if (firstError) console.error(`${errors} of ${total} requests refused; the first: ${firstError}`);
  return { requests: total, errors, seconds, perSecond: total / seconds, p50: pct(50), p95: pct(95), p99: pct(99) };
}

/** Like `load`, for a function called in-process (a rule's check alone, a bare write): calls per second and latency per call. */
export async function measure(total: number, concurrency: number, call: (i: number) => Promise<unknown>): Promise<LoadResult> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) {
      const i = next++;
      const t0 = performance.now();
      try {
        await call(i);
      } catch {
        errors++;
      }
      latencies.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!;
  return { requests: total, errors, seconds, perSecond: total / seconds, p50: pct(50), p95: pct(95), p99: pct(99) };
}

export function table(rows: Array<Record<string, string | number>>) {
  const cols = Object.keys(rows[0]!);
  const cell = (v: string | number) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : v);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]!).length)));
  const line = (vals: string[]) => vals.map((v, i) => v.padStart(widths[i]!)).join('  ');
  console.log(line(cols));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(cols.map((c) => cell(r[c]!))));
}

/** Signs in over HTTP and returns the headers a browser would send afterwards. */
export async function session(base: string, login: string, password = 'Demo@2026') {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password }) });
  if (res.status !== 200) throw new Error(`sign-in ${login}: ${res.status}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ow_session='))!.split(';')[0]!;
  const { csrfToken } = await res.json() as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

/** A platform of its own for one benchmark: an embedded PostgreSQL in a temporary folder, removed on close. */
export async function benchPlatform(name: string, opts: { clock?: Clock; jobs?: boolean } = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `ow-bench-${name}-`));
  const config = loadConfig(process.env, {
    DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(56000 + Math.floor(Math.random() * 3000)), PORT: '0', LOGIN_RATE_PER_MINUTE: '100000',
  });
  const platform = await openPlatform(config, opts);
  // The platform works as the runtime role; maintenance a benchmark does (VACUUM ANALYZE, CREATE DATABASE) needs the owner.
  const owner = openDatabase(platform.server.ownerUrl, 2);
  return {
    ...platform,
    owner: owner.db,
    dataDir,
    close: async () => {
      await owner.close();
      await platform.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(config.auditKeyFile, { force: true });
    },
  };
}

/**
 * Inserts `total` generated cases in chunks (each `insert(from, to)` call covers the 1-based
 * generate_series range from..to), printing progress: one statement per chunk keeps memory flat.
 */
export async function insertInChunks(total: number, insert: (from: number, to: number) => Promise<unknown>, chunk = 100_000) {
  const t0 = Date.now();
  for (let start = 0; start < total; start += chunk) {
    const end = Math.min(total, start + chunk);
    await insert(start + 1, end);
    process.stdout.write(`\r  ${end.toLocaleString()} cases inserted (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
}

/** Runs `f` three times to warm up, then `runs` times, and answers the median and the 95th percentile in ms. */
export async function percentiles(f: () => Promise<unknown>, runs: number): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 3; i++) await f();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await f();
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  return { p50: ms[Math.floor(ms.length / 2)]!, p95: ms[Math.min(ms.length - 1, Math.floor(ms.length * 0.95))]! };
}

/** A PostgreSQL client's connection options for `url` (psql, pgbench): its arguments and its environment. */
export function clientConnection(url: string) {
  const u = new URL(url);
  return {
    args: ['-h', u.hostname, '-p', u.port, '-U', decodeURIComponent(u.username)],
    env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) },
    database: u.pathname.slice(1),
  };
}

/**
 * `n` OneWindow instances on a bench platform's database, each its own process started as
 * ops/cluster starts one (`serve`: its own pool, jobs and caches), for load spread over them as a
 * load balancer would. `cpuMs()` is the instances' CPU so far (user + system, from /proc), so a
 * figure can separate the servers' CPU from the load generator's. `opts.checkout`: the code of another
 * checkout instead of this one (bench/compare.bench.ts).
 */
export async function startInstances(n: number, platform: { server: { url: string; ownerUrl: string }; dataDir: string }, opts: { checkout?: string } = {}) {
  // One at a time, as ops/cluster starts them: each runs the (idempotent) migrations and grants, which
  // two at once would race on ("tuple concurrently updated").
  const children: Array<{ child: ReturnType<typeof spawn>; url: string; exited: Promise<never> }> = [];
  const stop = async () => {
    await Promise.all(children.map(async ({ child, exited }) => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited.catch(() => undefined);
    }));
  };
  for (let i = 0; i < n; i++) {
    const port = await freePort();
    // LOG_LEVEL, when set, is the instances' (warn otherwise: the access log's cost is measured apart).
    // BENCH_INSTANCE_NODE_ARGS adds node options to each instance (e.g. --cpu-prof --cpu-prof-dir=DIR: a profile per instance).
    const nodeArgs = process.env.BENCH_INSTANCE_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/src/main.ts', 'serve'], {
      cwd: opts.checkout ?? path.resolve(import.meta.dirname, '..'),
      env: {
        ...process.env, DATABASE_URL: platform.server.url, DATABASE_OWNER_URL: platform.server.ownerUrl, DATA_DIR: platform.dataDir,
        PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', SEED_DEMO: 'false', LOGIN_RATE_PER_MINUTE: '100000',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`an instance stopped before it answered (exit ${code})`))));
    const url = `http://127.0.0.1:${port}`;
    children.push({ child, url, exited });
    try {
      await Promise.race([exited, waitForHealth(url)]);
    } catch (err) {
      await stop();
      throw err;
    }
  }
  return {
    urls: children.map((c) => c.url),
    cpuMs: () => children.reduce((sum, c) => sum + processCpuMs(c.child.pid!), 0),
    stop,
  };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForHealth(url: string, seconds = 120) {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) return;
    if (Date.now() > until) throw new Error(`${url} did not answer /api/health within ${seconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
