// The hall (issue 15). (1) A hall of W windows: tickets issued at the kiosk per second, then every
// window calling the next ticket at once until the queues are empty (call-next: FOR UPDATE SKIP
// LOCKED), with the p95 of call-next beside GET /api/health measured on the same server during the
// calls and alone. (2) P people booking the same day's slots at once: bookings per second and the
// count over capacity (must be 0), read back from the database.
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { buildApp } from '../server/src/app.ts';
import { fixedClock } from '../server/src/lib/clock.ts';
import { hashPassword } from '../server/src/lib/passwords.ts';
import { hashToken } from '../server/src/modules/auth/auth.service.ts';
import { DEMO_KIOSK_TOKENS } from '../server/src/modules/hall/hall.seed.ts';
import { seedDemo } from '../server/src/seed/seed.ts';
import { benchPlatform, load, options, table, type LoadResult } from './lib.ts';

const opt = options({ windows: 200, zones: 4, tickets: 4000, concurrency: 50, people: 10_000, bookConcurrency: 200, slotCapacity: 20, dayCapacity: 300 },
  'A hall of N windows: tickets issued and called per second with the p95 of call-next beside GET /api/health; P people booking one day at once: bookings per second and 0 over capacity.');

// Monday 2026-11-23, 10:00 in Beijing: the hall is open; the booked day is Tuesday.
const NOW = new Date('2026-11-23T02:00:00Z');
const DAY = '2026-11-24';

const platform = await benchPlatform('hall', { clock: fixedClock(NOW) });
try {
  await seedDemo(platform.ctx);
  const db = platform.ctx.db;
  const center = (await db.selectFrom('centers').select('id').where('name', 'like', '海南省%').executeTakeFirstOrThrow()).id;
  const passwordHash = await hashPassword('Demo@2026');

  // ---- a hall of `windows` windows in `zones` zones, each window with its clerk signed in (sessions made directly) ----
  const zoneIds: string[] = [];
  for (let z = 0; z < opt.zones; z++) {
    const prefix = String.fromCharCode(72 + z); // H, I, J, K …
    const row = await db.insertInto('hall_zones').values({ center_id: center, prefix, business: 'general', name: `压测区${prefix}`, name_en: `Bench ${prefix}`, slot_capacity: opt.slotCapacity, day_capacity: opt.dayCapacity, updated_at: NOW })
      .returning('id').executeTakeFirstOrThrow();
    zoneIds.push(row.id);
  }
  const clerks: Array<Record<string, string>> = [];
  for (let w = 0; w < opt.windows; w++) {
    const win = await db.insertInto('windows').values({ center_id: center, name: `压测窗口${w + 1}`, name_en: `Bench window ${w + 1}`, kind: 'intake' }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('hall_zone_windows').values({ zone_id: zoneIds[w % opt.zones]!, window_id: win.id }).execute();
    const user = await db.insertInto('users').values({ kind: 'staff', name: `压测${w}`, username: `bench.clerk${w}`, password_hash: passwordHash, roles: ['window'], center_id: center, window_id: win.id })
      .returning('id').executeTakeFirstOrThrow();
    clerks.push(await directSession(user.id));
  }

  const progress = (m: string) => console.error(`[hall bench] ${m}`);
  progress(`${opt.windows} windows and clerks made`);
  const app = await buildApp(platform.ctx);
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  const kiosk = { 'x-kiosk-token': DEMO_KIOSK_TOKENS.province, 'content-type': 'application/json' };
  await load(100, 10, () => `${base}/api/health`);
  const healthAlone = await load(4000, opt.concurrency, () => `${base}/api/health`);

  progress('issuing tickets');
  const issue = await load(opt.tickets, opt.concurrency, (i) => fetch(`${base}/api/hall/kiosk/tickets`, { method: 'POST', headers: kiosk, body: JSON.stringify({ zoneId: zoneIds[i % opt.zones] }) }));

  // Every window calls until its queue is empty; GET /api/health runs beside, on the same server.
  const latencies: number[] = [];
  let calls = 0;
  let callErrors = 0;
  let stop = false;
  const healthDuring: number[] = [];
  const health = (async () => {
    await Promise.all(Array.from({ length: 10 }, async () => {
      while (!stop) {
        const t0 = performance.now();
        await (await fetch(`${base}/api/health`)).arrayBuffer();
        healthDuring.push(performance.now() - t0);
      }
    }));
  })();
  progress('calling');
  const c0 = performance.now();
  await Promise.all(clerks.map(async (headers) => {
    for (;;) {
      const t0 = performance.now();
      const res = await fetch(`${base}/api/hall/window/call-next`, { method: 'POST', headers });
      const body = await res.json() as { ticket: { id: string } | null };
      latencies.push(performance.now() - t0);
      if (res.status !== 200) { callErrors++; break; }
      if (!body.ticket) break;
      calls++;
    }
  }));
  const callSeconds = (performance.now() - c0) / 1000;
  stop = true;
  await health;
  const twice = Number((await db.selectFrom('hall_tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('call_count', '>', 1).executeTakeFirstOrThrow()).n);
  const left = Number((await db.selectFrom('hall_tickets').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'waiting').executeTakeFirstOrThrow()).n);

  progress('making people and their sessions');
  // ---- P people booking the same day's slots at once ----
  const t1 = performance.now();
  await sql`
    INSERT INTO users (kind, name, id_number, password_hash)
    SELECT 'person', '压测' || g, '4601001990' || lpad(g::text, 8, '0'), ${passwordHash} FROM generate_series(1, ${opt.people}::int) g`.execute(db);
  const people = await db.selectFrom('users').select('id').where('id_number', 'like', '4601001990%').where('name', 'like', '压测%').orderBy('id_number').execute();
  const personSessions: Array<Record<string, string>> = [];
  for (const p of people) personSessions.push(await directSession(p.id));
  const prepSeconds = (performance.now() - t1) / 1000;
  const slots = ['09:00', '09:30', '10:00', '10:30', '11:00', '11:30', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30'];
  progress('booking');
  const book = await load(people.length, opt.bookConcurrency, (i) => fetch(`${base}/api/my/hall/appointments`, {
    method: 'POST', headers: { ...personSessions[i]!, 'content-type': 'application/json' },
    body: JSON.stringify({ zoneId: zoneIds[i % opt.zones], day: DAY, slotStart: slots[Math.floor(i / opt.zones) % slots.length] }),
  }));
  const over = await sql<{ n: number }>`
    SELECT (SELECT count(*) FROM (SELECT zone_id, slot_start, count(*) AS n FROM hall_appointments WHERE day = ${DAY} AND status = 'booked' GROUP BY zone_id, slot_start) s
              JOIN hall_zones z ON z.id = s.zone_id WHERE s.n > z.slot_capacity)
         + (SELECT count(*) FROM (SELECT zone_id, count(*) AS n FROM hall_appointments WHERE day = ${DAY} AND status = 'booked' GROUP BY zone_id) d
              JOIN hall_zones z ON z.id = d.zone_id WHERE d.n > z.day_capacity) AS n`.execute(db);
  const booked = Number((await db.selectFrom('hall_appointments').select((eb) => eb.fn.countAll<number>().as('n')).where('day', '=', DAY).where('status', '=', 'booked').executeTakeFirstOrThrow()).n);
  const capacity = Math.min(opt.zones * opt.dayCapacity, opt.zones * slots.length * opt.slotCapacity);
  await app.close();

  const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!; };
  const row = (what: string, r: LoadResult) => ({ what, requests: r.requests, 'per s': +r.perSecond.toFixed(0), 'p50 ms': +r.p50.toFixed(1), 'p95 ms': +r.p95.toFixed(1), errors: r.errors });
  console.log(`\n\nHall: ${opt.windows} windows in ${opt.zones} zones, ${opt.tickets} tickets; ${people.length.toLocaleString()} people booking ${DAY} (sessions made in ${prepSeconds.toFixed(0)} s)\n`);
  table([
    row('GET /api/health alone', healthAlone),
    row('kiosk: issue a ticket', issue),
    { what: `call-next, ${opt.windows} windows at once until empty`, requests: latencies.length, 'per s': +(calls / callSeconds).toFixed(0), 'p50 ms': +pct(latencies, 50).toFixed(1), 'p95 ms': +pct(latencies, 95).toFixed(1), errors: callErrors },
    { what: 'GET /api/health during the calls', requests: healthDuring.length, 'per s': +(healthDuring.length / callSeconds).toFixed(0), 'p50 ms': +pct(healthDuring, 50).toFixed(1), 'p95 ms': +pct(healthDuring, 95).toFixed(1), errors: 0 },
    row(`book a slot, ${opt.bookConcurrency} at once`, book),
  ]);
  console.log(`\ntickets called: ${calls}; called twice: ${twice}; left waiting: ${left}`);
  console.log(`bookings: ${booked} accepted of ${people.length} (capacity ${capacity}); refused (full): ${book.errors}; slots or days over capacity: ${over.rows[0]!.n}\n`);
  console.log(JSON.stringify({
    bench: 'hall', windows: opt.windows, zones: opt.zones, tickets: opt.tickets,
    issuePerSecond: +issue.perSecond.toFixed(0), issueP95: +issue.p95.toFixed(1),
    callPerSecond: +(calls / callSeconds).toFixed(0), callP50: +pct(latencies, 50).toFixed(1), callP95: +pct(latencies, 95).toFixed(1), calledTwice: twice,
    healthAloneP95: +healthAlone.p95.toFixed(1), healthDuringP95: +pct(healthDuring, 95).toFixed(1),
    people: people.length, bookPerSecond: +book.perSecond.toFixed(0), bookP95: +book.p95.toFixed(1), booked, capacity, overCapacity: Number(over.rows[0]!.n),
  }));
} finally {
  await platform.close();
}

/** A session row made directly (as sign-in makes it), so thousands of people need no password hashing in the benchmark. */
async function directSession(userId: string): Promise<Record<string, string>> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomUUID();
  await platform.ctx.db.insertInto('sessions').values({ token_hash: hashToken(token), user_id: userId, csrf_token: csrf, created_at: NOW, expires_at: new Date(NOW.getTime() + 86_400_000 * 30) }).execute();
  return { cookie: `ow_session=${token}`, 'x-csrf-token': csrf };
}
