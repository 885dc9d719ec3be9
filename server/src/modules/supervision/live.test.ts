import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../../app.ts';
import { openDatabase } from '../../db/database.ts';
import { verifyAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { housingCast, signIn, submitApplication, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { runAuditCheck } from './audit-checks.ts';
import { HALL_STREAMS_PER_ADDRESS } from './performance.routes.ts';
import { sweepAllLights } from './warnings.jobs.ts';

let t: TestApp;
let company: Session;
let window1: Session;
let approver: Session;
let chief: Session;
let supervisor: Session;
let permitId: string;
let base: string;
const MONDAY = new Date('2026-03-02T02:00:00Z');

before(async () => {
  t = await testApp({ now: MONDAY, env: { SESSION_TTL_HOURS: '100000' } });
  ({ company, window1, approver, chief, supervisor, permitId } = await housingCast(t.app));
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
after(async () => { await t.close(); });

async function accepted() {
  const c = (await submitApplication(t.app, company, permitId)).json().case;
  assert.equal((await window1.post(`/api/cases/${c.id}/actions`, { action: 'accept' })).statusCode, 200);
  return c.id as string;
}

/** Reads an SSE response: resolves with the first event matching `want`, or fails after a timeout. */
function reader(res: Response) {
  const r = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = '';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- event bodies are checked by the assertions that read them
  type SseEvent = { event: string; data: any };
  const seen: SseEvent[] = [];
  let comments = '';
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  const pump = async (until: () => boolean, ms = 5000) => {
    const deadline = Date.now() + ms;
    while (!until()) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; seen ${JSON.stringify(seen)}`);
      // One read in flight at a time: a read left behind by a timeout is picked up by the next pump.
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
        else comments += block;
      }
    }
  };
  return {
    seen,
    connected: () => pump(() => comments.includes(': connected')),
    waitFor: async (pred: (e: SseEvent) => boolean, ms?: number) => {
      await pump(() => seen.some(pred), ms);
      return seen.find(pred)!;
    },
    cancel: () => r.cancel().catch(() => {}),
  };
}

describe('live push (SSE)', () => {
  test('a transition and a light change reach the supervision stream of this and of another instance', async () => {
    const headers = { cookie: supervisor.cookie };
    assert.equal((await fetch(`${base}/api/supervision/stream`, { headers: { cookie: approver.cookie } })).status, 403);
    // A second instance: its own pool and app on the same database.
    const other = openDatabase(t.config.DATABASE_URL!, 3);
    const ctx2: AppContext = { ...t.ctx, db: other.db };
    const app2: FastifyInstance = await buildApp(ctx2);
    const base2 = await app2.listen({ port: 0, host: '127.0.0.1' });
    try {
      const res = await fetch(`${base}/api/supervision/stream`, { headers });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^text\/event-stream/);
      const mine = reader(res);
      const theirs = reader(await fetch(`${base2}/api/supervision/stream`, { headers }));
      await Promise.all([mine.connected(), theirs.connected()]);

      const id = await accepted();
      for (const s of [mine, theirs]) {
        const e = await s.waitFor((x) => x.event === 'case' && x.data.caseId === id && x.data.status === 'accepted');
        assert.equal(typeof e.data.departmentId, 'string');
      }
      await sweepAllLights(t.ctx);
      const light = await theirs.waitFor((x) => x.event === 'light' && x.data.caseId === id);
      assert.equal(light.data.light, 'green');
      // Another center's supervisor does not see this center's cases.
      const hk = reader(await fetch(`${base}/api/supervision/stream`, { headers: { cookie: (await signIn(t.app, 'hk.supervisor')).cookie } }));
      await hk.connected();
      await approver.post(`/api/cases/${id}/actions`, { action: 'review', opinion: '同意', proposal: 'approve' });
      await mine.waitFor((x) => x.event === 'case' && x.data.caseId === id && x.data.status === 'in_review');
      assert.ok(!hk.seen.some((x) => (x.data as { caseId?: string }).caseId === id));
      await Promise.all([mine.cancel(), theirs.cancel(), hk.cancel()]);
    } finally {
      await app2.close();
      await other.close();
    }
  });

  test('the LISTEN connection comes back after the database drops it, and every open stream is told to catch up', async () => {
    const s = reader(await fetch(`${base}/api/supervision/stream`, { headers: { cookie: supervisor.cookie } }));
    const hall = reader(await fetch(`${base}/api/hall/stream?centerId=${supervisor.user.centerId!}`));
    await Promise.all([s.connected(), hall.waitFor((x) => x.event === 'update')]);
    assert.equal(hall.seen.filter((x) => x.event === 'update').length, 1);
    assert.ok(!s.seen.some((x) => x.event === 'resync'));
    const killed = await sql<{ n: number }>`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
      WHERE application_name = 'onewindow-listen' AND datname = current_database()`.execute(t.ctx.db);
    assert.ok(killed.rows[0]!.n >= 1);
    const deadline = Date.now() + 8000;
    let got = false;
    while (!got && Date.now() < deadline) {
      const id = await accepted();
      try {
        await s.waitFor((x) => x.event === 'case' && x.data.caseId === id, 1500);
        got = true;
      } catch { /* not listening again yet */ }
    }
    assert.ok(got, 'events flow again after the reconnect');
    // What changed while nothing was heard is lost: the supervision page is told to refetch, the hall screen sent its board.
    await s.waitFor((x) => x.event === 'resync');
    await hall.waitFor((x) => x.event === 'update' && hall.seen.indexOf(x) > 0);
    await Promise.all([s.cancel(), hall.cancel()]);
  });

  test('the supervision stream, the hall screen and the hall display of one app share one LISTEN connection', async () => {
    // db/listen.ts: PostgreSQL wakes every listening connection on each NOTIFY, so an app holds one for all its channels.
    const centerId = supervisor.user.centerId!;
    const board = reader(await fetch(`${base}/api/supervision/stream`, { headers: { cookie: supervisor.cookie } }));
    const screen = reader(await fetch(`${base}/api/hall/stream?centerId=${centerId}`));
    const display = reader(await fetch(`${base}/api/hall/centers/${centerId}/display/stream`));
    await Promise.all([board.connected(), screen.waitFor((x) => x.event === 'update'), display.waitFor((x) => x.event === 'calls')]);
    // Counted once the connections of earlier tests (a second app, a terminated one) have left pg_stat_activity.
    const deadline = Date.now() + 5000;
    let n = -1;
    while (n !== 1 && Date.now() < deadline) {
      n = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE application_name = 'onewindow-listen' AND datname = current_database()`.execute(t.ctx.db)).rows[0]!.n;
      if (n !== 1) await sql`SELECT pg_sleep(0.05)`.execute(t.ctx.db);
    }
    assert.equal(n, 1);
    // Both channels are heard on it: a case event reaches the board, a hall call notification the display.
    const id = await accepted();
    await board.waitFor((x) => x.event === 'case' && x.data.caseId === id);
    const calls = display.seen.length;
    await sql`SELECT pg_notify('hall_display', ${centerId})`.execute(t.ctx.db);
    await display.waitFor((x) => x.event === 'calls' && display.seen.indexOf(x) >= calls);
    await Promise.all([board.cancel(), screen.cancel(), display.cancel()]);
  });

  test('the hall stream sends the board at once and again after a completion, at most every 2 s', async () => {
    const centerId = supervisor.user.centerId!;
    assert.equal((await fetch(`${base}/api/hall/stream?centerId=${randomUUID()}`)).status, 404);
    const hall = reader(await fetch(`${base}/api/hall/stream?centerId=${centerId}`));
    const first = await hall.waitFor((x) => x.event === 'update');
    assert.equal(first.data.center.id, centerId);
    const before = first.data.today.completed as number;
    const id = await accepted();
    await approver.post(`/api/cases/${id}/actions`, { action: 'review', opinion: '同意', proposal: 'approve' });
    t.clock.advance(60_000);
    const t0 = Date.now();
    assert.equal((await chief.post(`/api/cases/${id}/actions`, { action: 'decide', result: 'approved', reason: '符合条件' })).statusCode, 200);
    const done = await hall.waitFor((x) => x.event === 'update' && x.data.today.completed === before + 1, 6000);
    assert.ok(Date.now() - t0 < 5000);
    assert.equal(done.data.recent[0].status, 'completed');
    assert.match(done.data.recent[0].applicantName, /^.\*+$/);
    const updates = hall.seen.filter((x) => x.event === 'update').length;
    assert.ok(updates <= 4, `throttled (${updates} updates for 4 changes)`);
    await hall.cancel();
  });
});

describe('the public hall stream', () => {
  test('one address may hold a limited number of hall streams; a closed one frees its place', async () => {
    const centerId = supervisor.user.centerId!;
    // The server's side of each hall stream, to know when it has seen a stream close.
    const closed: Array<Promise<unknown>> = [];
    const onRequest = (req: IncomingMessage, res: ServerResponse) => {
      if (req.url?.startsWith('/api/hall/stream')) closed.push(once(res, 'close'));
    };
    t.app.server.on('request', onRequest);
    const open: AbortController[] = [];
    // The responses stay referenced: undici cancels the body of a collected, unread response, which would
    // close a stream on the server in the middle of the count.
    const responses: Response[] = [];
    for (let i = 0; i < HALL_STREAMS_PER_ADDRESS; i++) {
      const ac = new AbortController();
      const r = await fetch(`${base}/api/hall/stream?centerId=${centerId}`, { signal: ac.signal });
      assert.equal(r.status, 200);
      open.push(ac);
      responses.push(r);
    }
    const refused = await fetch(`${base}/api/hall/stream?centerId=${centerId}`);
    assert.equal(refused.status, 429);
    assert.equal((await refused.json()).code, 'HALL_STREAMS_LIMIT');
    open.pop()!.abort();
    // The route frees the place on the response's close, which runs before this wait resumes.
    await closed[HALL_STREAMS_PER_ADDRESS - 1];
    t.app.server.off('request', onRequest);
    const again = new AbortController();
    assert.equal((await fetch(`${base}/api/hall/stream?centerId=${centerId}`, { signal: again.signal })).status, 200);
    for (const ac of [...open, again]) ac.abort();
    await Promise.all(responses.map((r) => r.body?.cancel().catch(() => {})));
  });
});

describe('scheduled audit verification', () => {
  test('one instance checks per period; an altered row is a red alarm to supervisors and is listed', async () => {
    const [a, b] = await Promise.all([runAuditCheck(t.ctx), runAuditCheck(t.ctx)]);
    assert.equal([a, b].filter(Boolean).length, 1, 'one of two instances runs it');
    assert.equal(await runAuditCheck(t.ctx), null, 'not again within the period');
    const ok = (await supervisor.get('/api/supervision/audit-checks')).json();
    assert.equal(ok.total, 1);
    assert.equal(ok.checks[0].ok, true);
    assert.ok(ok.checks[0].events > 0);

    const id = await accepted();
    await t.owner.connection().execute(async (conn) => {
      await sql`SET session_replication_role = replica`.execute(conn);
      await sql`UPDATE audit_events SET data = jsonb_set(data, '{to}', '"decided"') WHERE stream = ${`case:${id}`} AND seq = 2`.execute(conn);
      await sql`SET session_replication_role = origin`.execute(conn);
    });
    const expected = (await verifyAudit(t.ctx.db)).broken!;
    t.clock.advance(11 * 60_000);
    const r = await runAuditCheck(t.ctx);
    assert.deepEqual(r?.broken, { stream: expected.stream, seq: expected.seq, reason: expected.reason });
    const list = (await supervisor.get('/api/supervision/audit-checks')).json();
    assert.equal(list.checks[0].ok, false);
    assert.equal(list.checks[0].broken.stream, expected.stream);
    const board = (await supervisor.get('/api/supervision/board')).json();
    assert.equal(board.audit.ok, false);
    const alarms = (await supervisor.get('/api/notifications')).json().notifications.filter((n: { kind: string }) => n.kind === 'audit_broken');
    assert.equal(alarms.length, 1);
    assert.equal(alarms[0].data.light, 'red');
    t.clock.advance(11 * 60_000);
    await runAuditCheck(t.ctx);
    assert.equal((await supervisor.get('/api/notifications')).json().notifications.filter((n: { kind: string }) => n.kind === 'audit_broken').length, 1, 'the same break alarms once');
    assert.equal((await chief.get('/api/supervision/audit-checks')).statusCode, 403);
  });
});
