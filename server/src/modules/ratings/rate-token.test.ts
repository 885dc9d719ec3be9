import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { DEMO_PERSON } from '../../seed/seed.ts';
import { signIn, testApp, type Session, type TestApp } from '../../test/harness.ts';
import { DEMO_KIOSK_TOKENS } from '../hall/hall.seed.ts';
import { newRatingToken } from '../hall/rating-token.ts';

// Monday 23 November 2026, 10:00 in China: the hall is open.
const NOW = new Date('2026-11-23T02:00:00Z');
const LIMIT = 25;
let t: TestApp;
let window1: Session, manager: Session, person: Session;

before(async () => {
  t = await testApp({ now: NOW, env: { SESSION_TTL_HOURS: '100000', HALL_RATE_TOKEN_RATE_PER_MINUTE: String(LIMIT) } });
  [window1, manager, person] = await Promise.all([signIn(t.app, 'window1'), signIn(t.app, 'manager'), signIn(t.app, DEMO_PERSON.idNumber)]);
});
after(() => t.close());

const ok = async (res: Promise<LightMyRequestResponse>, status = 200) => {
  const r = await res;
  assert.equal(r.statusCode, status, r.body);
  return r.json();
};
async function written() {
  const n = async (table: 'ratings' | 'rectification_tasks' | 'audit_events') =>
    Number((await t.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  return JSON.stringify({ ratings: await n('ratings'), tasks: await n('rectification_tasks'), audit: await n('audit_events') });
}
async function refused(res: Promise<LightMyRequestResponse>, status: number, code: string) {
  const before = await written();
  const r = await res;
  assert.equal(r.statusCode, status, r.body);
  assert.equal(r.json().code, code, r.body);
  assert.equal(await written(), before, `${code}: nothing written`);
  return r.json();
}

const kiosk = (url: string, payload?: object) => t.app.inject({ method: payload ? 'POST' : 'GET', url, headers: { 'x-kiosk-token': DEMO_KIOSK_TOKENS.province }, ...(payload ? { payload } : {}) });
const lookUp = (token: string) => t.app.inject({ method: 'GET', url: `/api/hall/rate/${encodeURIComponent(token)}` });
const rateBy = (token: string, body: object) => t.app.inject({ method: 'POST', url: `/api/hall/rate/${encodeURIComponent(token)}`, payload: body });

async function issue() {
  const zoneA = (await ok(kiosk('/api/hall/kiosk'))).zones[0].id;
  return ok(kiosk('/api/hall/kiosk/tickets', { zoneId: zoneA }), 201);
}
async function finish(id: string) {
  assert.equal((await ok(window1.post('/api/hall/window/call-next'))).ticket.id, id);
  await ok(window1.post(`/api/hall/tickets/${id}/actions`, { action: 'finish' }));
}

describe('扫码评价: rating a hall visit with its slip\'s token', () => {
  test('the slip rates its finished visit once, anonymously, without sign-in; unfinished refused; staff sessions refused', async () => {
    const ticket = await issue();
    const { token, code } = ticket.rating;
    assert.match(token, /^[0-9A-HJKMNP-TV-Z]{20}$/, '100 random bits in Crockford base32');
    assert.equal(code.replace(/-/g, ''), token);
    // Only the hash is kept.
    const stored = await t.ctx.db.selectFrom('hall_tickets').select('rating_token_hash').where('id', '=', ticket.id).executeTakeFirstOrThrow();
    assert.deepEqual(stored.rating_token_hash, createHash('sha256').update(token).digest());

    const waiting = await ok(lookUp(token));
    assert.deepEqual([waiting.number, waiting.state, waiting.canRate, waiting.window], [ticket.number, 'not_finished', false, null]);
    await refused(rateBy(token, { level: 4 }), 409, 'RATING_VISIT_NOT_FINISHED');
    await finish(ticket.id);

    const open = await ok(lookUp(token));
    assert.deepEqual([open.state, open.canRate, open.zone.name, open.day], ['open', true, ticket.zone.name, '2026-11-23']);
    assert.ok(open.window?.name, 'the window that served it');
    // The clerk who finished it (and any staff session) does not rate by token: staff rate on the pad.
    await refused(window1.post(`/api/hall/rate/${token}`, { level: 5 }), 403, 'FORBIDDEN');
    await refused(manager.post(`/api/hall/rate/${token}`, { level: 5 }), 403, 'FORBIDDEN');

    // Typed from the printed code: lower case, spaces, O for 0 and I/L for 1 are read as the code.
    const typed = code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l');
    const r = await ok(rateBy(typed, { level: 4, comment: '办得快', channel: 'kiosk' }), 201);
    assert.deepEqual([r.ticketId, r.stage, r.level, r.channel, r.realName], [ticket.id, 'visit', 4, 'kiosk', false]);
    const row = await t.ctx.db.selectFrom('ratings').select(['rater_id', 'window_id', 'staff_id']).where('id', '=', r.id).executeTakeFirstOrThrow();
    assert.equal(row.rater_id, null, 'the rating names no rater');
    assert.ok(row.window_id && row.staff_id, 'credited to the window and clerk that served');
    const audit = await t.ctx.db.selectFrom('audit_events').select(['actor_id', 'data']).where('stream', '=', `rating:${r.id}`).executeTakeFirstOrThrow();
    assert.equal(audit.actor_id, null);

    // Once, by token or any other channel.
    await refused(rateBy(token, { level: 1 }), 409, 'RATING_ALREADY_GIVEN');
    await refused(kiosk(`/api/hall/tickets/${ticket.id}/rating`, { level: 1 }), 409, 'RATING_ALREADY_GIVEN');
    assert.deepEqual([(await ok(lookUp(token))).state, (await ok(lookUp(token))).canRate], ['rated', false]);
  });

  test('an unknown, malformed or expired code is 404 RATING_TOKEN_UNKNOWN, nothing written; a channel outside the set is 400', async () => {
    const ticket = await issue();
    await finish(ticket.id);
    for (const bad of [newRatingToken(), 'A001', ticket.number, ticket.id, `${ticket.rating.token}X`]) {
      const body = await refused(rateBy(bad, { level: 5 }), 404, 'RATING_TOKEN_UNKNOWN');
      assert.ok(body.message.zh && body.message.en, 'bilingual');
      await refused(lookUp(bad), 404, 'RATING_TOKEN_UNKNOWN');
    }
    await refused(rateBy(ticket.rating.token, { level: 5, channel: 'pad' }), 400, 'VALIDATION_FAILED');
    // The next day the code is unknown: the visit was to be rated on the day it finished.
    t.clock.set(new Date(NOW.getTime() + 86_400_000));
    try {
      await refused(rateBy(ticket.rating.token, { level: 5 }), 404, 'RATING_TOKEN_UNKNOWN');
      await refused(lookUp(ticket.rating.token), 404, 'RATING_TOKEN_UNKNOWN');
    } finally {
      t.clock.set(NOW);
    }
    // The same day it still rates (phone: channel slip by default).
    assert.equal((await ok(rateBy(ticket.rating.token, { level: 5 }), 201)).channel, 'slip');
  });

  test("the token is answered to the slip's issuer only: never in the window's, the manager's, the display's or the holder's later views", async () => {
    const ticket = await issue();
    const { token } = ticket.rating;
    const other = await issue();
    assert.notEqual(other.rating.token, token);
    const centerId = (await ok(kiosk('/api/hall/kiosk'))).center.id;
    const seen: string[] = [];
    const look = async (res: Promise<LightMyRequestResponse>) => { const r = await res; assert.equal(r.statusCode, 200, r.body); seen.push(r.body); };
    await look(window1.get('/api/hall/window'));
    await look(manager.get(`/api/hall/queue?zoneId=${ticket.zone.id}`));
    const called = await window1.post('/api/hall/window/call-next');
    seen.push(called.body);
    await look(window1.get(`/api/my/hall/tickets/${ticket.id}`));
    await look(window1.post(`/api/hall/tickets/${ticket.id}/actions`, { action: 'finish' }));
    await look(t.app.inject({ method: 'GET', url: `/api/hall/centers/${centerId}/display` }));
    await look(kiosk('/api/hall/kiosk'));
    await look(manager.get('/api/hall/figures'));
    // The holder's own later views (My hall) and a clerk's ticket issued at the counter carry only their own token.
    await look(person.get('/api/my/hall'));
    const counter = await ok(window1.post('/api/hall/tickets', { zoneId: ticket.zone.id }), 201);
    assert.match(counter.rating.token, /^[0-9A-HJKMNP-TV-Z]{20}$/, 'the counter prints its slip too');
    seen.push(JSON.stringify(counter));
    for (const body of seen) {
      assert.ok(!body.includes(token) && !body.includes(ticket.rating.code), `no token in ${body.slice(0, 120)}`);
      assert.ok(!body.includes(other.rating.token));
    }
  });

  test('guessing is throttled per address (429)', async () => {
    let limited = false;
    for (let i = 0; i <= LIMIT && !limited; i++) limited = (await lookUp(newRatingToken())).statusCode === 429;
    assert.ok(limited, `refused within ${LIMIT + 1} lookups`);
  });
});
