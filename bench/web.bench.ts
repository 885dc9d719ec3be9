// The web app over a slow network: the portal home page, a guide, My cases and the staff inbox loaded in Debian's
// Chromium with the network throttled (1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip), beside a
// small static HTML page served by the same server as the reference. Bytes transferred, first
// contentful paint and largest contentful paint, median of several runs, for a first visit (a new
// browser context: empty cache) and a return visit (the same context again: warm cache).
import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { chromium, type BrowserContext, type CDPSession } from 'playwright-core';
import { buildApp } from '../server/src/app.ts';
import { DEMO_PERSON, seedDemo } from '../server/src/seed/seed.ts';
import { benchPlatform, options, table } from './lib.ts';
import { axeViolations, settle } from '../e2e/axe.ts';

const opt = options({ runs: 5, downKbps: 1600, upKbps: 750, rttMs: 150, cases: 300, build: 1, trace: 0 },
  'Portal home, a guide, My cases and the staff inbox in Chromium on a throttled network (bytes, FCP, LCP; median of N runs), against a static HTML page of the same server.\n' +
  '--build 0 uses web/dist as it is instead of building it first; --trace 1 prints each request of the first visits and the LCP element.');

const GOAL_LCP_MS = 2500;
const REFERENCE_PATH = '/__bench/reference.html';
// About the size of a short article: text the browser paints as soon as the document arrives.
const REFERENCE_HTML = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>海南省政务服务网</title></head><body><header><h1>海南省政务服务网</h1><p>一网通办 · 一窗受理 · 一次办好</p></header>
<main>${'<p>海南省人民政府政务服务中心 · 网上办事大厅。事项目录、办事指南、在线申请、办件查询。</p>'.repeat(12)}</main></body></html>`;

if (opt.build) {
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('web build failed');
}

interface Visit { kb: number; requests: number; fromCache: number; scriptKb: number; fcp: number; lcp: number }

const platform = await benchPlatform('web');
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});
try {
  await seedDemo(platform.ctx);
  await insertCases(opt.cases);
  // The longest guide a citizen reads: the item version with the most content.
  const guideItem = await platform.ctx.db.selectFrom('item_versions').select('item_id as id')
    .orderBy(sql`length(content::text)`, 'desc').orderBy('item_id').limit(1).executeTakeFirstOrThrow();
  const app = await buildApp(platform.ctx);
  // The reference lives on the bench's own instance of the server, not in the app.
  app.get(REFERENCE_PATH, { schema: { hide: true } }, (_req, reply) => reply.type('text/html; charset=utf-8').send(REFERENCE_HTML));
  const base = await app.listen({ port: 0, host: '127.0.0.1' });

  const pages = [
    { name: 'reference (static HTML)', key: 'reference', path: REFERENCE_PATH, ready: 'h1', login: null },
    { name: 'portal home /', key: 'home', path: '/', ready: '[data-testid="home-page"]', login: null },
    { name: 'staff inbox /workbench (window1)', key: 'workbench', path: '/workbench', ready: '[data-testid="inbox-row"]', login: 'window1' },
    { name: `a guide /items/${guideItem.id}`, key: 'guide', path: `/items/${guideItem.id}`, ready: '[data-testid="guide-page"] h1', login: null },
    { name: 'My cases /my/cases (the demo person)', key: 'mycases', path: '/my/cases', ready: '[data-testid="my-case-row"]', login: DEMO_PERSON.idNumber },
  ];

  // One unmeasured pass warms the server (item queries, file lookups) so the first run is not an outlier.
  await runOnce(base, pages[1], false);
  const results: Record<string, { cold: Visit[]; warm: Visit[] }> = {};
  for (const p of pages) results[p.key] = { cold: [], warm: [] };
  for (let run = 0; run < opt.runs; run++) {
    for (const p of pages) {
      const r = await runOnce(base, p, true);
      results[p.key]!.cold.push(r.cold);
      results[p.key]!.warm.push(r.warm);
      process.stdout.write(`\r  run ${run + 1}/${opt.runs}: ${p.key} cold LCP ${r.cold.lcp.toFixed(0)} ms, ${r.cold.kb.toFixed(0)} KB        `);
    }
  }
  // Accessibility (issue 14): serious and critical axe violations (elements) per page, unthrottled, in both languages.
  const a11y: Record<string, number> = {};
  for (const p of pages.filter((x) => x.key !== 'reference')) {
    for (const lang of ['zh', 'en'] as const) a11y[`${p.key} (${lang})`] = await axeCount(base, p, lang);
  }
  await app.close();

  const median = (vs: Visit[]): Visit => {
    const m = (f: (v: Visit) => number) => { const s = vs.map(f).sort((a, b) => a - b); const h = s.length >> 1; return s.length % 2 ? s[h]! : (s[h - 1]! + s[h]!) / 2; };
    return { kb: m((v) => v.kb), requests: m((v) => v.requests), fromCache: m((v) => v.fromCache), scriptKb: m((v) => v.scriptKb), fcp: m((v) => v.fcp), lcp: m((v) => v.lcp) };
  };
  const summary = Object.fromEntries(pages.map((p) => [p.key, { cold: median(results[p.key]!.cold), warm: median(results[p.key]!.warm) }]));

  console.log(`\n\nWeb benchmark: ${opt.downKbps} kbit/s down, ${opt.upKbps} kbit/s up, ${opt.rttMs} ms round trip; median of ${opt.runs} runs; ` +
    'first visit = new browser context (empty cache), return visit = same context again\n');
  const rows = pages.flatMap((p) => (['cold', 'warm'] as const).map((v) => {
    const s = summary[p.key]![v];
    return { page: p.name, visit: v === 'cold' ? 'first' : 'return', 'KB transferred': s.kb, 'of it JS KB': s.scriptKb, requests: s.requests, 'from cache': s.fromCache, 'FCP ms': s.fcp, 'LCP ms': s.lcp };
  }));
  table(rows);
  const ref = summary.reference!.cold;
  const home = summary.home!.cold;
  const wb = summary.workbench!.cold;
  const guide = summary.guide!.cold;
  const mine = summary.mycases!.cold;
  const met = (v: Visit) => `${v.lcp.toFixed(0)} ms (${(v.lcp / ref.lcp).toFixed(1)}× the static page; goal ≤ ${GOAL_LCP_MS} ms: ${v.lcp <= GOAL_LCP_MS ? 'met' : 'NOT met'})`;
  console.log(`\nfirst visits: portal home LCP ${met(home)}, ${home.kb.toFixed(0)} KB; guide LCP ${met(guide)}; My cases LCP ${met(mine)}; ` +
    `staff inbox LCP ${wb.lcp.toFixed(0)} ms, ${wb.kb.toFixed(0)} KB\n`);
  console.log('serious/critical accessibility violations (elements) per page, goal 0:');
  table(Object.entries(a11y).map(([page, n]) => ({ page, violations: n })));
  const fig = (v: Visit) => ({ kb: +v.kb.toFixed(1), scriptKb: +v.scriptKb.toFixed(1), requests: v.requests, fromCache: v.fromCache, fcpMs: Math.round(v.fcp), lcpMs: Math.round(v.lcp) });
  console.log(JSON.stringify({
    bench: 'web', runs: opt.runs, network: { downKbps: opt.downKbps, upKbps: opt.upKbps, rttMs: opt.rttMs },
    reference: { first: fig(ref), return: fig(summary.reference!.warm) },
    home: { first: fig(home), return: fig(summary.home!.warm) },
    workbench: { first: fig(wb), return: fig(summary.workbench!.warm) },
    guide: { first: fig(guide), return: fig(summary.guide!.warm) },
    mycases: { first: fig(mine), return: fig(summary.mycases!.warm) },
    ratios: { homeLcpToReference: +(home.lcp / ref.lcp).toFixed(2), guideLcpToReference: +(guide.lcp / ref.lcp).toFixed(2), mycasesLcpToReference: +(mine.lcp / ref.lcp).toFixed(2),
      workbenchLcpToReference: +(wb.lcp / ref.lcp).toFixed(2), homeKbToReference: +(home.kb / ref.kb).toFixed(1) },
    goal: { lcpMs: GOAL_LCP_MS, homeMet: home.lcp <= GOAL_LCP_MS, guideMet: guide.lcp <= GOAL_LCP_MS, mycasesMet: mine.lcp <= GOAL_LCP_MS },
    a11ySeriousOrCritical: a11y,
  }));
} finally {
  await browser.close().catch(() => {});
  await platform.close();
}

/** The elements with a serious or critical axe violation on a page (e2e/axe.ts), in the given language. */
async function axeCount(base: string, p: { key: string; path: string; ready: string; login: string | null }, lang: 'zh' | 'en'): Promise<number> {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  try {
    if (p.login) await context.request.post('/api/auth/login', { data: { login: p.login, password: 'Demo@2026' } });
    await context.addInitScript((l) => localStorage.setItem('ow.lang', l), lang);
    const page = await context.newPage();
    await page.goto(base + p.path);
    await settle(page, p.ready);
    return (await axeViolations(page, p.key)).filter((v) => v.impact === 'serious' || v.impact === 'critical').reduce((n, v) => n + v.targets.length, 0);
  } finally {
    await context.close();
  }
}

/** A first visit in a new context (empty cache), then a return visit to the same page in it. */
async function runOnce(base: string, p: { path: string; ready: string; login: string | null }, measure: boolean) {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  try {
    // Signing in is not part of the measured load: the session cookie is in the context before it.
    if (p.login) {
      const r = await context.request.post('/api/auth/login', { data: { login: p.login, password: 'Demo@2026' } });
      if (r.status() !== 200) throw new Error(`sign-in ${p.login}: ${r.status()}`);
    }
    await context.addInitScript(() => {
      const w = window as unknown as { __lcp: number };
      const el = window as unknown as { __lcpElement: string };
      w.__lcp = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          w.__lcp = e.startTime;
          const node = (e as PerformanceEntry & { element?: Element }).element;
          el.__lcpElement = node ? `${node.tagName.toLowerCase()}.${node.className} "${(node.textContent ?? '').slice(0, 40)}"` : '?';
        }
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    });
    const cold = await visit(context, base + p.path, p.ready, measure && opt.trace === 1);
    const warm = measure ? await visit(context, base + p.path, p.ready) : cold;
    return { cold, warm };
  } finally {
    await context.close();
  }
}

async function visit(context: BrowserContext, url: string, ready: string, trace = false): Promise<Visit> {
  const page = await context.newPage();
  const cdp: CDPSession = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: opt.rttMs, downloadThroughput: (opt.downKbps * 1000) / 8, uploadThroughput: (opt.upKbps * 1000) / 8,
  });
  const types = new Map<string, string>();
  let bytes = 0;
  let scriptBytes = 0;
  let requests = 0;
  const log = new Map<string, { url: string; start: number; end?: number; bytes?: number }>();
  cdp.on('Network.requestWillBeSent', (e) => {
    requests++;
    types.set(e.requestId, e.type ?? '');
    log.set(e.requestId, { url: e.request.url.replace(/^https?:\/\/[^/]+/, ''), start: e.timestamp });
  });
  const cached = new Set<string>();
  cdp.on('Network.requestServedFromCache', (e) => { cached.add(e.requestId); });
  cdp.on('Network.responseReceived', (e) => { if (e.response.fromDiskCache || e.response.fromPrefetchCache) cached.add(e.requestId); });
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    const entry = log.get(e.requestId);
    if (entry) Object.assign(entry, { end: e.timestamp, bytes: e.encodedDataLength });
    if (types.get(e.requestId) === 'Script') scriptBytes += e.encodedDataLength;
  });
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await page.locator(ready).first().waitFor({ timeout: 120_000 });
  await page.waitForLoadState('networkidle', { timeout: 120_000 });
  const paint = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
    lcp: (window as unknown as { __lcp: number }).__lcp,
  }));
  if (trace) {
    const t0 = Math.min(...[...log.values()].map((r) => r.start));
    console.log(`\n${url}: LCP ${paint.lcp.toFixed(0)} ms on ${await page.evaluate(() => (window as unknown as { __lcpElement: string }).__lcpElement)}`);
    for (const r of [...log.values()].sort((a, b) => a.start - b.start)) {
      console.log(`  ${((r.start - t0) * 1000).toFixed(0).padStart(6)} → ${r.end ? ((r.end - t0) * 1000).toFixed(0).padStart(6) : '     ?'} ms  ${((r.bytes ?? 0) / 1024).toFixed(1).padStart(7)} KB  ${r.url.slice(0, 90)}`);
    }
  }
  await page.close();
  return { kb: bytes / 1024, scriptKb: scriptBytes / 1024, requests, fromCache: cached.size, fcp: paint.fcp, lcp: paint.lcp };
}

/** Cases at the province center in the window's intake box, so the inbox shows a full first page. */
async function insertCases(n: number) {
  const db = platform.ctx.db;
  const applicant = await db.selectFrom('users').select('id').where('id_number', '=', DEMO_PERSON.idNumber).executeTakeFirstOrThrow();
  await sql`
    WITH a AS (SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n FROM items)
    INSERT INTO cases (item_id, item_version, center_id, department_id, region_code, applicant_id, applicant_name, channel,
      idempotency_key, status, processing_mode, form, submitted_at, received_date, acceptance_due_date, accepted_date,
      promised_days, statutory_days, due_date, statutory_due_date, warning_date, created_at, updated_at)
    SELECT it.id, 1, it.center_id, it.department_id, ce.region_code, ${applicant.id}, '张三', 'online', 'bench-web-' || g,
      'submitted', it.processing_mode, '{}', now(), current_date, current_date + 7, NULL,
      it.promised_limit_days, it.statutory_limit_days, current_date + 1 + (g % 30), current_date + 29, current_date + (g % 30), now(), now()
    FROM generate_series(1, ${n}::int) g
    CROSS JOIN a
    JOIN items it ON it.id = a.ids[1 + g % a.n]
    JOIN centers ce ON ce.id = it.center_id`.execute(db);
}
