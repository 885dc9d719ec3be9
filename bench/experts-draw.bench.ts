// The expert draw at province scale (issue 16, "Measured"): drawing a committee from a pool of N
// experts with recusal — the whole commitment (pool filtered, recusal against the bidders, the buyer
// and the supervising department, declarations and penalties, the sorted snapshot hashed, the draw
// and its exclusions written) and the draw itself (RFC 3797 on the seed, members written) — beside
// the reference: reading the pool once (the same query the draw starts with, no filter).
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { fixedClock } from '../server/src/lib/clock.ts';
import { seedDemo } from '../server/src/seed/seed.ts';
import { commitDraw, enterSeed } from '../server/src/modules/experts/draw.service.ts';
import { poolCandidates } from '../server/src/modules/experts/experts.repository.ts';
import { benchPlatform, insertInChunks, options, table } from './lib.ts';
import type { Actor } from '../server/src/policies/actor.ts';

const opt = options({ experts: 100_000, runs: 5, bidders: 8 },
  'Drawing a committee from N experts with recusal (commit + draw), beside reading the pool once.');

const NOW = new Date('2026-11-23T02:00:00Z');
const clock = fixedClock(NOW);
const platform = await benchPlatform('experts-draw', { clock });
try {
  await seedDemo(platform.ctx);
  const db = platform.ctx.db;
  const center = (await db.selectFrom('centers').select(['id', 'region_code']).where('name', 'like', '海南省%').executeTakeFirstOrThrow());
  const dept = await db.selectFrom('departments').select(['id', 'credit_code']).where('center_id', '=', center.id).executeTakeFirstOrThrow();
  const operator = await db.selectFrom('users').select(['id', 'name', 'roles', 'center_id', 'department_id', 'window_id']).where('username', '=', 'draw1').executeTakeFirstOrThrow();
  const actor: Actor = {
    id: operator.id, kind: 'staff', name: operator.name, roles: ['draw_operator'], centerId: center.id, departmentId: null, windowId: null,
    centerRegion: { code: center.region_code, level: 'province' },
  };
  const code = (prefix: string, i: number) => `${prefix}${String(i).padStart(17 - prefix.length, '0')}X`;
  const buyer = code('91460100B', 1);

  // The pool: N experts over 10 specialties, 1 % employed by a bidder, 1 % with a declaration naming one, 2 % penalised.
  const t0 = performance.now();
  await insertInChunks(opt.experts, (from, to) => sql`
    INSERT INTO experts (center_id, name, id_number, specialties, region_code, employer_code, employer_name, created_at)
    SELECT ${center.id}, '专家' || g, lpad(g::text, 17, '0') || 'X',
      ARRAY[(ARRAY['water_works','roads','buildings','power','it','finance','law','environment','bridges','survey'])[1 + g % 10]],
      '460100', CASE WHEN g % 100 = 7 THEN '91460100T' || lpad((g % ${opt.bidders})::text, 8, '0') || 'X' ELSE lpad(g::text, 17, '0') || 'Y' END,
      '某单位', ${NOW}::timestamptz
    FROM generate_series(${from}::int, ${to}::int) g`.execute(platform.owner));
  await sql`INSERT INTO expert_declarations (expert_id, kind, org_code, org_name, relative_name, relation, declared_at)
    SELECT id, 'relative', '91460100T' || lpad((abs(hashtext(id::text)) % ${opt.bidders})::text, 8, '0') || 'X', '投标人', '亲属', '配偶', ${NOW}::timestamptz
    FROM experts WHERE abs(hashtext(id::text)) % 100 = 3`.execute(platform.owner);
  await sql`INSERT INTO expert_penalties (expert_id, imposed_on, reason, created_at)
    SELECT id, '2026-06-01', '评标违规', ${NOW}::timestamptz FROM experts WHERE abs(hashtext(id::text)) % 50 = 5`.execute(platform.owner);
  await sql`VACUUM ANALYZE experts, expert_declarations, expert_penalties`.execute(platform.owner);
  const loaded = (performance.now() - t0) / 1000;

  // The tender and its registered bidders (enterprises that took the document).
  const project = await platform.owner.insertInto('trading_projects').values({
    center_id: center.id, kind: 'construction', code: 'BENCH-1', name: '基准项目', buyer_name: '招标人', buyer_org_code: buyer,
    department_id: dept.id, region_code: center.region_code, created_at: NOW,
  }).returning('id').executeTakeFirstOrThrow();
  const file = await platform.owner.insertInto('files').values({ sha256: '0'.repeat(64), name: 'doc.pdf', mime: 'application/pdf', size: 1, storage_key: 'x' }).returning('id').executeTakeFirstOrThrow();

  const newTender = async () => {
    const t = await platform.owner.insertInto('tenders').values({
      project_id: project.id, center_id: center.id, status: 'bidding', title: '基准招标', committee_size: 7, sector: 'water', created_at: NOW, updated_at: NOW,
    }).returning('id').executeTakeFirstOrThrow();
    const doc = await platform.owner.insertInto('tender_documents').values({ tender_id: t.id, version: 1, title: '招标文件', file_id: file.id, sha256: '0'.repeat(64), created_at: NOW }).returning('id').executeTakeFirstOrThrow();
    for (let b = 0; b < opt.bidders; b++) {
      const credit = `91460100T${String(b).padStart(8, '0')}X`;
      const u = await platform.owner.insertInto('users').values({ kind: 'enterprise', name: `投标人${b}`, credit_code: credit, password_hash: 'x' })
        .onConflict((oc) => oc.column('credit_code').doUpdateSet({ name: `投标人${b}` })).returning('id').executeTakeFirstOrThrow();
      await platform.owner.insertInto('tender_document_downloads').values({ tender_id: t.id, document_id: doc.id, user_id: u.id, at: NOW }).execute();
    }
    return t.id;
  };

  const commitTimes: number[] = [];
  const drawTimes: number[] = [];
  let poolSize = 0;
  let excluded = 0;
  for (let r = 0; r < opt.runs; r++) {
    clock.set(NOW);
    const tenderId = await newTender();
    const s = performance.now();
    const d = await commitDraw(platform.ctx, actor, tenderId, {
      buyerReps: 0, reserves: 7, seedSource: '双色球开奖号码', seedSources: 2, seedDueAt: new Date(NOW.getTime() + 3600_000).toISOString(), filters: {},
    });
    commitTimes.push(performance.now() - s);
    // Counted as written: before the opening the operators' view leaves out the pool's size and the exclusions for a
    // bidder's sake (第二十二条); the bench's own figures are not a disclosure.
    poolSize = (await platform.owner.selectFrom('expert_draws').select('pool_ids').where('id', '=', d.id).executeTakeFirstOrThrow()).pool_ids.length;
    excluded = Number((await platform.owner.selectFrom('expert_draw_exclusions').select((eb) => eb.fn.countAll<string>().as('n')).where('draw_id', '=', d.id).executeTakeFirstOrThrow()).n);
    clock.set(new Date(NOW.getTime() + 7200_000));
    const s2 = performance.now();
    await enterSeed(platform.ctx, actor, d.id, { seed: [['3', '9', '14', '21', '27', String(33 - r)], ['8']] });
    drawTimes.push(performance.now() - s2);
  }
  const readTimes: number[] = [];
  let read = 0;
  for (let r = 0; r < opt.runs; r++) {
    const s = performance.now();
    read = (await poolCandidates(db, center.id, {})).length;
    readTimes.push(performance.now() - s);
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const total = med(commitTimes) + med(drawTimes);
  table([
    { what: `commitment: filter, recusal, snapshot hash, draw and ${excluded} exclusions written`, runs: opt.runs, 'median ms': med(commitTimes).toFixed(1), 'vs read': (med(commitTimes) / med(readTimes)).toFixed(2) },
    { what: 'draw: RFC 3797 on the seed, 14 members written', runs: opt.runs, 'median ms': med(drawTimes).toFixed(1), 'vs read': (med(drawTimes) / med(readTimes)).toFixed(2) },
    { what: 'commitment + draw', runs: opt.runs, 'median ms': total.toFixed(1), 'vs read': (total / med(readTimes)).toFixed(2) },
    { what: `reading the pool once (${read.toLocaleString()} rows, reference)`, runs: opt.runs, 'median ms': med(readTimes).toFixed(1), 'vs read': '1.00' },
  ]);
  console.log(`  ${opt.experts.toLocaleString()} experts loaded in ${loaded.toFixed(0)} s; eligible pool ${poolSize.toLocaleString()}, excluded ${excluded}`);
  console.log(JSON.stringify({
    bench: 'experts-draw', experts: opt.experts, poolSize, excluded, commitMs: +med(commitTimes).toFixed(1), drawMs: +med(drawTimes).toFixed(1),
    readPoolMs: +med(readTimes).toFixed(1), ratio: +(total / med(readTimes)).toFixed(2),
  }));
} finally {
  await platform.close();
}
