// Catalog search through HTTP over a catalog of generated items, beside the same stack answering
// a bare `SELECT 1` (GET /api/health) as the reference: how much search costs over a round trip.
import { buildApp } from '../server/src/app.ts';
import { seedDemo } from '../server/src/seed/seed.ts';
import { DEMO_ITEMS } from '../server/src/seed/demo-catalog.ts';
import { buildBasicCode, buildImplementationCode } from '../server/src/modules/items/item-codes.ts';
import * as items from '../server/src/modules/items/items.repository.ts';
import { itemContent } from '../server/src/modules/items/items.schemas.ts';
import { documentTokens } from '../server/src/modules/items/search.ts';
import { ensureHeld } from '../server/src/modules/items/catalog-cache.ts';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import { benchPlatform, load, options, table } from './lib.ts';

const opt = options({ items: 5000, requests: 4000, concurrency: 16 },
  'Search throughput and p95 latency through HTTP over N items, against GET /api/health (SELECT 1) through the same stack.');

const QUERIES = ['施工许可', '施工证', '营业执照', '食品经营许可', '建筑工程施工许可正核发', '社会保障卡', '身份证', '排污', '医师执业注册', '道路运输', '教师资格', '婚姻登记'];
const PLACES = ['海口市', '三亚市', '儋州市', '琼海市', '文昌市', '万宁市', '东方市', '五指山市', '乐东', '陵水', '澄迈', '定安', '屯昌', '临高', '白沙', '昌江', '保亭', '琼中', '洋浦', '江东新区'];
const VARIANTS = ['', '（变更）', '（延续）', '（注销）', '（补办）', '（新办）'];

const platform = await benchPlatform('catalog');
try {
  await seedDemo(platform.ctx);
  const departments = await platform.ctx.db.selectFrom('departments').select(['id', 'center_id', 'credit_code', 'name']).execute();
  const t0 = Date.now();
  const extra = opt.items - DEMO_ITEMS.length;
  for (let start = 0; start < extra; start += 500) {
    await platform.ctx.db.transaction().execute(async (tx) => {
      for (let i = start; i < Math.min(extra, start + 500); i++) {
        const base = DEMO_ITEMS[i % DEMO_ITEMS.length]!;
        const dept = departments[i % departments.length]!;
        const name = `${PLACES[i % PLACES.length]}${base.content.name}${VARIANTS[Math.floor(i / PLACES.length) % VARIANTS.length]}`;
        const { reportTo: _r, ...baseContent } = base.content;
        const content = itemContent.parse({ ...baseContent, name, materials: baseContent.materials.map(({ template: _t, ...m }) => m) });
        const identity = { ...base.identity, codeMain: String(10000 + i).padStart(5, '0'), codeSub: String(i % 1000).padStart(3, '0') };
        const basicCode = buildBasicCode(identity);
        const implementationCode = buildImplementationCode(dept.credit_code, identity.level, basicCode);
        const id = await items.insertItem(tx, {
          centerId: dept.center_id, departmentId: dept.id, type: identity.type, level: identity.level,
          codeRegion: identity.codeRegion, codeMain: identity.codeMain, codeSub: identity.codeSub, basicCode, implementationCode,
        }, content, new Date(), null, 'in_hall');
        if (!id) continue;
        await items.insertVersion(tx, { itemId: id, version: 1, content, by: null, now: new Date() });
        await items.markPublished(tx, id, 1, '2026-01-01', null, new Date());
        await items.updateItem(tx, id, { latest_version: 1 });
        await items.setSearchDocument(tx, id, documentTokens({ name, basicCode, implementationCode, keywords: [dept.name] }));
      }
    });
  }
  await items.analyze(platform.ctx.db);
  const generated = (Date.now() - t0) / 1000;
  // A collection before and after, so the figure is what the copy keeps, not the rows it was built from.
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const loadStarted = performance.now();
  const held = await ensureHeld(platform.ctx.db, platform.ctx.config.CATALOG_INDEX_MAX_ITEMS);
  const loadMs = performance.now() - loadStarted;
  gc();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
  const app = await buildApp(platform.ctx);
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  // The same platform searching in SQL only (CATALOG_INDEX_MAX_ITEMS=0), as before the in-memory copy.
  const sqlApp = await buildApp({ ...platform.ctx, config: { ...platform.ctx.config, CATALOG_INDEX_MAX_ITEMS: 0 } });
  const sqlAddress = await sqlApp.listen({ port: 0, host: '127.0.0.1' });
  const total = Number((await (await fetch(`${address}/api/items?pageSize=1`)).json()).total);

  // Warm both paths, then measure each.
  await load(200, opt.concurrency, (i) => `${address}/api/items?q=${encodeURIComponent(QUERIES[i % QUERIES.length]!)}`);
  await load(200, opt.concurrency, () => `${address}/api/health`);
  const reference = await load(opt.requests, opt.concurrency, () => `${address}/api/health`);
  const search = await load(opt.requests, opt.concurrency, (i) => `${address}/api/items?q=${encodeURIComponent(QUERIES[i % QUERIES.length]!)}`);
  const browse = await load(opt.requests, opt.concurrency, (i) => `${address}/api/items?page=${1 + (i % 50)}`);
  await load(200, opt.concurrency, (i) => `${sqlAddress}/api/items?q=${encodeURIComponent(QUERIES[i % QUERIES.length]!)}`);
  const sqlSearch = await load(opt.requests, opt.concurrency, (i) => `${sqlAddress}/api/items?q=${encodeURIComponent(QUERIES[i % QUERIES.length]!)}`);
  const sqlBrowse = await load(opt.requests, opt.concurrency, (i) => `${sqlAddress}/api/items?page=${1 + (i % 50)}`);
  await app.close();
  await sqlApp.close();

  console.log(`\nCatalog benchmark: ${total} items in the hall (${extra} generated in ${generated.toFixed(1)} s), ${opt.requests} requests per row, concurrency ${opt.concurrency}`);
  console.log(`in-memory copy of the hall: ${held ? `loaded in ${loadMs.toFixed(0)} ms, about ${heapMb.toFixed(1)} MB of heap` : 'not held (CATALOG_INDEX_MAX_ITEMS)'}\n`);
  const row = (name: string, r: typeof search) => ({ path: name, 'req/s': r.perSecond, 'p50 ms': r.p50, 'p95 ms': r.p95, 'p99 ms': r.p99, errors: r.errors });
  table([row('GET /api/health (SELECT 1)', reference), row('GET /api/items?q= (search)', search), row('GET /api/items?page= (browse)', browse),
    row('search, SQL only', sqlSearch), row('browse, SQL only', sqlBrowse)]);
  const ratio = search.perSecond / reference.perSecond;
  console.log(`\nsearch throughput is ${(ratio * 100).toFixed(1)} % of the bare round trip; p95 ${search.p95.toFixed(1)} ms vs ${reference.p95.toFixed(1)} ms\n`);
  console.log(JSON.stringify({
    bench: 'catalog', items: total, requests: opt.requests, concurrency: opt.concurrency,
    reference: { rps: Math.round(reference.perSecond), p95ms: +reference.p95.toFixed(2) },
    search: { rps: Math.round(search.perSecond), p95ms: +search.p95.toFixed(2), errors: search.errors },
    browse: { rps: Math.round(browse.perSecond), p95ms: +browse.p95.toFixed(2), errors: browse.errors },
    sqlOnly: { search: { rps: Math.round(sqlSearch.perSecond), p95ms: +sqlSearch.p95.toFixed(2) }, browse: { rps: Math.round(sqlBrowse.perSecond), p95ms: +sqlBrowse.p95.toFixed(2) } },
    held, loadMs: Math.round(loadMs), heapMb: +heapMb.toFixed(1),
    ratios: { searchToReferenceRps: +ratio.toFixed(3), searchToReferenceP95: +(search.p95 / reference.p95).toFixed(2) },
  }));
} finally {
  await platform.close();
}
