// Duplicate appeals (issue 13, "Measured"): suggesting the duplicates of a new work order among N open
// orders (pg_trgm similarity on place and topic, the partial GIN indexes on the open orders, the 30-day
// window), p50/p95 over Q random calls, beside the reference: a full scan of the open orders computing
// the same similarities without the indexes.
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { fixedClock } from '../server/src/lib/clock.ts';
import { seedDemo } from '../server/src/seed/seed.ts';
import { suggestDuplicates } from '../server/src/modules/workorders/workorders.repository.ts';
import { benchPlatform, insertInChunks, options, table } from './lib.ts';

const opt = options({ orders: 1_000_000, queries: 200, scans: 5, days: 60 },
  'Duplicate suggestions for a new work order among N open orders (p95), beside a full scan of the open orders.');

const NOW = new Date('2026-11-23T02:00:00Z');
const DISTRICTS = ['秀英区', '龙华区', '琼山区', '美兰区', '三亚市吉阳区', '儋州市那大镇', '琼海市嘉积镇', '文昌市文城镇'];
const ROADS = Array.from({ length: 60 }, (_, i) => `${['滨海', '国兴', '海秀', '龙昆', '南海', '长滨', '椰海', '琼州', '凤翔', '海府'][i % 10]}${['大道', '路', '东路', '西路', '南路', '北路'][Math.floor(i / 10)]}`);
const SUBJECTS = ['夜间施工', '广场舞', '餐馆油烟', '路灯', '井盖', '垃圾清运', '占道经营', '停车收费', '公交站台', '小区供水', '电梯', '噪音', '违章搭建', '污水', '绿化带', '共享单车', '消防通道', '物业收费', '施工扬尘', '积水'];
const ISSUES = ['扰民', '不亮', '缺失', '不及时', '严重', '乱收费', '损坏', '堵塞', '长期未处理', '影响出行'];
const arr = (xs: string[]) => sql.raw(`ARRAY[${xs.map((x) => `'${x}'`).join(',')}]`);

const platform = await benchPlatform('workorders', { clock: fixedClock(NOW) });
try {
  await seedDemo(platform.ctx);
  const db = platform.ctx.db;
  const center = (await db.selectFrom('centers').select('id').where('name', 'like', '海南省%').executeTakeFirstOrThrow()).id;
  // Bulk load without the trigram indexes, then build them once (as a migration of existing data would).
  await sql`DROP INDEX work_orders_open_place_trgm, work_orders_open_topic_trgm`.execute(platform.owner);
  const t0 = performance.now();
  await insertInChunks(opt.orders, (from, to) => sql`
    INSERT INTO work_orders (order_no, center_id, source, kind, urgency, caller_name, caller_phone, place, topic, content, status, created_at, updated_at)
    SELECT 'B' || g, ${center}, 'hotline', 'complaint', 'normal', '来电人', '13800000000',
      (${arr(DISTRICTS)})[1 + g % 8] || (${arr(ROADS)})[1 + (g / 8) % 60] || (1 + (g / 480) % 300) || '号',
      (${arr(SUBJECTS)})[1 + (g / 7) % 20] || (${arr(ISSUES)})[1 + (g / 3) % 10],
      '内容', 'dispatched', ${NOW}::timestamptz - ((g % ${opt.days}) || ' days')::interval, ${NOW}
    FROM generate_series(${from}::int, ${to}::int) g`.execute(db));
  const loaded = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await sql`CREATE INDEX work_orders_open_place_trgm ON work_orders USING gin (place gin_trgm_ops) WHERE status IN ('accepted', 'dispatched', 'returned', 'handling')`.execute(platform.owner);
  await sql`CREATE INDEX work_orders_open_topic_trgm ON work_orders USING gin (topic gin_trgm_ops) WHERE status IN ('accepted', 'dispatched', 'returned', 'handling')`.execute(platform.owner);
  await sql`VACUUM ANALYZE work_orders`.execute(platform.owner);
  const indexed = (performance.now() - t1) / 1000;
  console.log(`\n  ${opt.orders.toLocaleString()} open orders loaded in ${loaded.toFixed(0)} s, trigram indexes built in ${indexed.toFixed(0)} s`);

  // A new call: a place and a topic like an existing order's, typed a little differently.
  const pick = (xs: string[], i: number) => xs[i % xs.length]!;
  const queryOf = (i: number) => ({
    place: `${pick(DISTRICTS, i * 7)}${pick(ROADS, i * 13)}${1 + (i * 31) % 300}号附近`,
    topic: `${pick(SUBJECTS, i * 3)}${pick(ISSUES, i * 11)}`,
  });
  const since = new Date(NOW.getTime() - 30 * 86_400_000);
  const plan = await sql<{ 'QUERY PLAN': string }>`EXPLAIN SELECT id FROM work_orders w WHERE w.status IN ('accepted', 'dispatched', 'returned', 'handling')
    AND topic % ${queryOf(1).topic} AND place % ${queryOf(1).place} AND w.center_id = ${center} AND w.created_at >= ${since}`.execute(db);
  const usesIndex = plan.rows.some((r) => /trgm/.test(r['QUERY PLAN']));

  const times: number[] = [];
  let found = 0;
  for (let i = 0; i < opt.queries; i++) {
    const q = queryOf(i);
    const s = performance.now();
    const rows = await suggestDuplicates(db, { centerId: center, ...q, since, limit: 10 });
    times.push(performance.now() - s);
    found += rows.length ? 1 : 0;
  }
  // Reference: every open order read and compared (no index can serve similarity() > x).
  const scanTimes: number[] = [];
  for (let i = 0; i < opt.scans; i++) {
    const q = queryOf(i);
    const s = performance.now();
    await sql`SELECT id FROM work_orders WHERE status IN ('accepted', 'dispatched', 'returned', 'handling') AND center_id = ${center} AND created_at >= ${since}
      AND similarity(place, ${q.place}) >= 0.3 AND similarity(topic, ${q.topic}) >= 0.3
      ORDER BY similarity(place, ${q.place}) + similarity(topic, ${q.topic}) DESC LIMIT 10`.execute(db);
    scanTimes.push(performance.now() - s);
  }
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
  const rows = [
    { what: `suggestDuplicates (GIN trigram, open orders, 30-day window)`, runs: opt.queries, 'p50 ms': pct(times, 0.5).toFixed(1), 'p95 ms': pct(times, 0.95).toFixed(1) },
    { what: 'full scan of the open orders (reference)', runs: opt.scans, 'p50 ms': pct(scanTimes, 0.5).toFixed(1), 'p95 ms': pct(scanTimes, 0.95).toFixed(1) },
  ];
  table(rows);
  console.log(`  plan uses the trigram indexes: ${usesIndex}; calls with at least one suggestion: ${found}/${opt.queries}`);
  console.log(JSON.stringify({
    bench: 'workorders', orders: opt.orders, suggestP50Ms: +pct(times, 0.5).toFixed(2), suggestP95Ms: +pct(times, 0.95).toFixed(2),
    scanP50Ms: +pct(scanTimes, 0.5).toFixed(2), scanP95Ms: +pct(scanTimes, 0.95).toFixed(2),
    speedupP95: +(pct(scanTimes, 0.95) / pct(times, 0.95)).toFixed(1), usesIndex, loadSeconds: +loaded.toFixed(1), indexSeconds: +indexed.toFixed(1),
  }));
} finally {
  await platform.close();
}
