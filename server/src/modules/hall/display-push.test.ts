import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../app.ts';
import { openDatabase, type Database } from '../../db/database.ts';
import type { AppContext } from '../../lib/context.ts';
import { clerksAt, centerId } from '../../test/hall-fixtures.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { DISPLAY_STREAMS_PER_ADDRESS } from './display-push.ts';
import { DEMO_KIOSK_TOKENS } from './hall.seed.ts';

// Monday 23 November 2026, 10:00 in China: the hall is open.
const NOW = new Date('2026-11-23T02:00:00Z');
let t: TestApp;
let manager: Session;
let province: string;
let base: string;
// A second instance: its own pool, app and LISTEN connection on the same database.
let other: Database;
let app2: FastifyInstance;
let base2: string;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000' } });
  manager = await signIn(t.app, 'manager');
  province = await centerId(t.ctx.db, '海南省');
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  other = openDatabase(t.config.DATABASE_URL!, 3);
  const ctx2: AppContext = { ...t.ctx, db: other.db };
  app2 = await buildApp(ctx2);
  base2 = await app2.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => {
  await app2.close();
  await other.close();
  await t.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the display body is checked by the assertions that read it
type SseEvent = { event: string; data: any };

/** Reads an SSE response: `waitFor` resolves with the first event (from index `from`) matching `want`, or fails after a timeout. */
function reader(res: Response) {
  const r = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  const seen: SseEvent[] = [];
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  const pump = async (until: () => boolean, ms = 8000) => {
    const deadline = Date.now() + ms;
    while (!until()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; seen ${JSON.stringify(seen)}`);
      pending ??= r.read();
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([pending, new Promise<never>((_, rej) => { timer = setTimeout(() => rej(new Error(`timed out; seen ${JSON.stringify(seen)}`)), left); })])
        .finally(() => clearTimeout(timer));
      pending = null;
      if (chunk.done) throw new Error('stream ended');
      buf += dec.decode(chunk.value, { stream: true });
      let i;
      while ((i = buf.indexOf('\n\n')) >= 0) {
        const block = buf.slice(0, i);
        buf = buf.slice(i + 2);
        const ev = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (ev && data) seen.push({ event: ev, data: JSON.parse(data) });
      }
    }
  };
  return {
    seen,
    waitFor: async (want: (e: SseEvent) => boolean, from = 0) => {
      const match = () => seen.slice(from).find(want);
      await pump(() => match() !== undefined);
      return match()!;
    },
    cancel: () => r.cancel().catch(() => {}),
  };
}

async function open(at: string, center = province) {
  const res = await fetch(`${at}/api/hall/centers/${center}/display/stream`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type')!, /^text\/event-stream/);
  return reader(res);
}

/** A zone of the province center served by its own new windows, so its queue is this test's alone. */
async function zoneWithClerks(prefix: string) {
  const clerks = await clerksAt(t.app, t.ctx.db, province, prefix, 1);
  const body = { prefix, business: 'general', name: `推送区${prefix}`, nameEn: `Push zone ${prefix}`, active: true, slotMinutes: 30, slotCapacity: 4, dayCapacity: 60, serviceSeconds: 600, windowIds: clerks.map((c) => c.windowId) };
  const res = await manager.post('/api/admin/hall/zones', body);
  assert.equal(res.statusCode, 200, res.body);
  const zoneId = res.json().zones.find((z: { prefix: string }) => z.prefix === prefix).id as string;
  return { zoneId, clerk: clerks[0]!.session };
}

async function takeTicket(zoneId: string) {
  const res = await t.app.inject({ method: 'POST', url: '/api/hall/kiosk/tickets', headers: { 'x-kiosk-token': DEMO_KIOSK_TOKENS.province }, payload: { zoneId } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as { id: string; number: string };
}

/** The clerk calls the next ticket through the given app (the session lives in the shared database). */
async function callNext(app: FastifyInstance, clerk: Session) {
  const res = await app.inject({ method: 'POST', url: '/api/hall/window/call-next', headers: { cookie: clerk.cookie, 'x-csrf-token': clerk.csrf }, payload: {} });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().ticket as { id: string; number: string };
}

const shows = (number: string, callCount = 1) => (e: SseEvent) =>
  e.event === 'calls' && e.data.calls[0]?.number === number && e.data.calls[0]?.callCount === callCount;

describe('the hall display pushed over SSE', () => {
  test('the stream sends the current calls at once, then each call and recall of the center, with no personal data', async () => {
    const { zoneId, clerk } = await zoneWithClerks('P');
    const s = await open(base);
    const first = await s.waitFor((e) => e.event === 'calls');
    assert.equal(first.data.center.id, province);
    const ticket = await takeTicket(zoneId);
    t.clock.advance(60_000); // the display lists the latest call first
    assert.equal((await callNext(t.app, clerk)).id, ticket.id);
    const called = await s.waitFor(shows(ticket.number));
    assert.equal(called.data.calls[0].window.name, 'P窗口1');
    assert.deepEqual(Object.keys(called.data.calls[0]).sort(), ['callCount', 'calledAt', 'id', 'number', 'status', 'window', 'zone']);
    // A recall is pushed too (the display speaks it again).
    t.clock.advance(60_000);
    const recall = await t.app.inject({ method: 'POST', url: `/api/hall/tickets/${ticket.id}/actions`, headers: { cookie: clerk.cookie, 'x-csrf-token': clerk.csrf }, payload: { action: 'recall' } });
    assert.equal(recall.statusCode, 200, recall.body);
    await s.waitFor(shows(ticket.number, 2));
    await s.cancel();
  });

  test('a call made on another instance reaches this instance, and a NOTIFY from any connection does', async () => {
    const { zoneId, clerk } = await zoneWithClerks('Q');
    const [mine, theirs] = [await open(base), await open(base2)];
    await Promise.all([mine.waitFor((e) => e.event === 'calls'), theirs.waitFor((e) => e.event === 'calls')]);
    // Called through the second app: the first app's subscriber hears it through PostgreSQL only.
    const one = await takeTicket(zoneId);
    t.clock.advance(60_000);
    assert.equal((await callNext(app2, clerk)).id, one.id);
    await Promise.all([mine.waitFor(shows(one.number)), theirs.waitFor(shows(one.number))]);
    // And the other way round.
    const two = await takeTicket(zoneId);
    t.clock.advance(60_000);
    assert.equal((await callNext(t.app, clerk)).id, two.id);
    await theirs.waitFor(shows(two.number));
    // A bare NOTIFY from a connection of no app (another process, as far as the listeners know).
    const before = mine.seen.length;
    await sql`SELECT pg_notify('hall_display', ${province})`.execute(t.owner);
    await mine.waitFor((e) => e.event === 'calls', before);
    await Promise.all([mine.cancel(), theirs.cancel()]);
  });

  test("another center's calls are not pushed to this center's display", async () => {
    const haikou = await centerId(t.ctx.db, '海口市');
    const s = await open(base, haikou);
    const first = await s.waitFor((e) => e.event === 'calls');
    assert.equal(first.data.center.id, haikou);
    const { zoneId, clerk } = await zoneWithClerks('R');
    const ticket = await takeTicket(zoneId);
    t.clock.advance(60_000);
    await callNext(t.app, clerk);
    // A NOTIFY for Haikou after the province's call: delivered in commit order, so had the call reached this stream it came first.
    const before = s.seen.length;
    await sql`SELECT pg_notify('hall_display', ${haikou})`.execute(t.owner);
    await s.waitFor((e) => e.event === 'calls', before);
    assert.ok(s.seen.every((e) => e.data.center.id === haikou && !e.data.calls.some((c: { number: string }) => c.number === ticket.number)));
    await s.cancel();
  });

  test('the LISTEN connection comes back after the database drops it, and calls flow again', async () => {
    const { zoneId, clerk } = await zoneWithClerks('S');
    const s = await open(base);
    await s.waitFor((e) => e.event === 'calls');
    const before = s.seen.length;
    const killed = await sql<{ n: number }>`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
      WHERE application_name = 'onewindow-listen' AND datname = current_database()`.execute(t.owner);
    assert.ok(killed.rows[0]!.n >= 1);
    // Listening again, the instance sends every open display its current body (calls during the loss were not notified).
    await s.waitFor((e) => e.event === 'calls', before);
    const ticket = await takeTicket(zoneId);
    t.clock.advance(60_000);
    await callNext(t.app, clerk);
    await s.waitFor(shows(ticket.number));
    await s.cancel();
  });

  test('an unknown center or a bad id is refused before any stream opens', async () => {
    const unknown = await fetch(`${base}/api/hall/centers/00000000-0000-4000-8000-000000000000/display/stream`);
    assert.equal(unknown.status, 404);
    assert.match(unknown.headers.get('content-type')!, /json/);
    assert.equal((await fetch(`${base}/api/hall/centers/not-a-uuid/display/stream`)).status, 400);
  });

  test('one address holds a few streams, not a flood: past the limit it is refused (and the display polls)', async () => {
    const open: Array<ReturnType<typeof reader>> = [];
    let refused: Response | undefined;
    // Streams of earlier tests may still be closing on the server: the limit is reached by this many at most.
    for (let i = 0; i <= DISPLAY_STREAMS_PER_ADDRESS && !refused; i++) {
      const res = await fetch(`${base2}/api/hall/centers/${province}/display/stream`);
      if (res.status !== 200) { refused = res; break; }
      const s = reader(res);
      await s.waitFor((e) => e.event === 'calls');
      open.push(s);
    }
    assert.ok(refused, 'a stream past the limit is refused');
    assert.equal(refused.status, 429);
    assert.equal((await refused.json()).code, 'HALL_STREAMS_LIMIT');
    assert.ok(open.length >= 1 && open.length <= DISPLAY_STREAMS_PER_ADDRESS);
    await Promise.all(open.map((s) => s.cancel()));
  });
});
