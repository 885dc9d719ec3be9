import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { endedChildrenCpuMs } from './cpu.ts';

/**
 * HTTP load from wrk (Debian's `wrk`, a C load generator with LuaJIT scripts), the counterpart of
 * pgbench's C client: the figure is then the server's, not the server's and a JavaScript load
 * generator's on the same cores. Each request is a POST of `body` whose `keyPlaceholder` is replaced
 * by a key of its own (run prefix, process, counter), so every request is a new application.
 */
export interface WrkRequest {
  path: string;
  headers: Record<string, string>;
  body: string;
  keyPlaceholder: string;
  expectStatus: number;
}

export interface WrkResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  /** Answers with another status, and socket errors and timeouts. */
  errors: number;
  /** wrk's own CPU per request, ms. */
  cpuMs: number;
}

/** A Lua long string holding `s` verbatim (a level of `=` the text does not contain). */
function luaString(s: string): string {
  let eq = '';
  while (s.includes(`]${eq}]`)) eq += '=';
  return `[${eq}[${s}]${eq}]`;
}

function script(req: WrkRequest, prefix: string): string {
  const at = req.body.indexOf(req.keyPlaceholder);
  if (at < 0 || req.body.indexOf(req.keyPlaceholder, at + 1) >= 0) throw new Error('the body must hold the key placeholder once');
  const headers = Object.entries(req.headers).map(([k, v]) => `  wrk.headers[ ${luaString(k)} ] = ${luaString(v)}`).join('\n');
  return `
local threads = {}
function setup(thread) table.insert(threads, thread) end
local before, after = ${luaString(req.body.slice(0, at))}, ${luaString(req.body.slice(at + req.keyPlaceholder.length))}
-- Globals: done() reads them from each thread (thread:get sees globals only).
n, bad, first = 0, 0, nil
function init(args)
${headers}
  wrk.method = "POST"
  wrk.path = ${luaString(req.path)}
end
function request()
  n = n + 1
  wrk.body = before .. ${luaString(prefix)} .. "-" .. n .. after
  return wrk.format()
end
function response(status, headers, body)
  if status ~= ${req.expectStatus} then
    bad = bad + 1
    if first == nil then first = status .. " " .. string.sub(body, 1, 200) end
  end
end
function done(summary, latency, requests)
  local b, f = 0, ""
  for _, t in ipairs(threads) do
    b = b + t:get("bad")
    if f == "" and t:get("first") then f = t:get("first") end
  end
  local e = summary.errors
  io.write(string.format("WRK %d %d %d %d %d %d\\n", summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), b, e.connect + e.read + e.write + e.timeout))
  if f ~= "" then io.write("WRKFIRST " .. f .. "\\n") end
end
`;
}

/**
 * `connections` keep-alive connections spread over `urls` (one wrk process per url, as a balancer's
 * round-robin would give each instance its share), for `seconds`; wrk's CPU is read from this
 * process's reaped children, so no other child may end meanwhile.
 */
export async function wrkLoad(urls: string[], req: WrkRequest, seconds: number, connections: number): Promise<WrkResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-wrk-'));
  const cpu0 = endedChildrenCpuMs();
  try {
    const runs = await Promise.all(urls.map(async (url, i) => {
      const file = path.join(dir, `load-${i}.lua`);
      fs.writeFileSync(file, script(req, `wrk-${process.pid}-${Date.now()}-${i}`));
      const share = Math.max(1, Math.round(connections / urls.length));
      const child = spawn('wrk', ['-t1', `-c${share}`, `-d${seconds}s`, '--timeout', '30s', '-s', file, url], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
      const code = await new Promise<number | null>((resolve, reject) => { child.once('error', reject); child.once('close', resolve); });
      const line = out.split('\n').find((l) => l.startsWith('WRK '));
      // A script wrk cannot load is reported on stderr and wrk runs without it (plain GETs): no WRK line then.
      if (code !== 0 || !line) throw new Error(`wrk on ${url} ended with ${code}: ${out.slice(0, 500)}`);
      const first = out.split('\n').find((l) => l.startsWith('WRKFIRST '));
      if (first) console.error(`wrk: a refusal from ${url}: ${first.slice(9)}`);
      const [requests, durationUs, p50us, p95us, bad, socketErrors] = line.slice(4).split(' ').map(Number) as [number, number, number, number, number, number];
      return { requests, seconds: durationUs / 1e6, p50: p50us / 1000, p95: p95us / 1000, errors: bad + socketErrors };
    }));
    const requests = runs.reduce((s, r) => s + r.requests, 0);
    const secondsRun = Math.max(...runs.map((r) => r.seconds));
    return {
      requests, seconds: secondsRun, perSecond: runs.reduce((s, r) => s + r.requests / r.seconds, 0),
      // With one url these are wrk's own; with several, the worst process's (a bound, not a merged percentile).
      p50: Math.max(...runs.map((r) => r.p50)), p95: Math.max(...runs.map((r) => r.p95)),
      errors: runs.reduce((s, r) => s + r.errors, 0), cpuMs: (endedChildrenCpuMs() - cpu0) / Math.max(1, requests),
    };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new Error('wrk is not installed (Debian: apt-get install wrk)', { cause: err });
    throw err;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
