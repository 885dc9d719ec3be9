import { randomUUID } from 'node:crypto';
import type { Tx } from '../../db/database.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { apiClientPolicy, authorize, requireActor, type Actor } from '../../policies/index.ts';
import * as deliveries from './deliveries.repository.ts';
import * as repo from './integrations.repository.ts';
import { newKey, newSigningSecret, type ApiScope } from './keys.ts';
import { encryptSecret } from './secret-box.ts';
import { checkTarget } from './webhook-target.ts';

/**
 * The manager's console of consuming systems (对接系统; docs/open-api.md): register a system, issue
 * keys shown once, revoke, and subscribe the system to case events. Each change and its audit event
 * (stream `api_client:<id>`) commit together, under the system's row lock.
 */
const stream = (id: string) => `api_client:${id}`;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const notFound = () => NOT_FOUND({ zh: '对接系统', en: 'Consuming system' });

export async function registerClient(ctx: AppContext, who: Actor | null, body: { name: string; contact: string }) {
  authorize(apiClientPolicy, who, 'manage');
  const actor = requireActor(who);
  const centerId = actor.centerId!;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const { id } = await repo.insertClient(tx, { center_id: centerId, name: body.name, contact: body.contact, created_by: actor.id, created_at: now });
    await appendAudit(tx, { stream: stream(id), action: 'api_client.register', actorId: actor.id, at: now, data: { name: body.name, centerId } });
    return { id };
  });
}

/** Loads the system locked, checks the caller may manage it, and that it is live when `live`. */
async function lockedClient(tx: Tx, who: Actor | null, id: string, live: boolean) {
  authorize(apiClientPolicy, who, 'manage');
  const c = await repo.findClient(tx, id, true);
  if (!c) throw notFound();
  authorize(apiClientPolicy, who, 'manage', c);
  if (live && c.revoked_at) throw errors.API_CLIENT_REVOKED();
  return c;
}

export async function listClients(ctx: AppContext, who: Actor | null, page: number, pageSize: number) {
  authorize(apiClientPolicy, who, 'manage');
  const { rows, total } = await repo.listClients(ctx.db, who!.centerId!, pageSize, (page - 1) * pageSize);
  const ids = rows.map((r) => r.id);
  const [keys, subs] = await Promise.all([repo.keysOfClients(ctx.db, ids), repo.subscriptionsOfClients(ctx.db, ids)]);
  return {
    clients: rows.map((c) => ({
      id: c.id, name: c.name, contact: c.contact, createdAt: c.created_at.toISOString(), revokedAt: iso(c.revoked_at),
      keys: keys.filter((k) => k.client_id === c.id).map((k) => ({
        id: k.id, keyId: k.key_id, scopes: k.scopes as ApiScope[], ratePerMinute: k.rate_per_minute,
        createdAt: k.created_at.toISOString(), revokedAt: iso(k.revoked_at), lastUsedAt: iso(k.last_used_at),
      })),
      subscriptions: subs.filter((s) => s.client_id === c.id).map(subscriptionView),
    })),
    total, page, pageSize,
  };
}

const subscriptionView = (s: { id: string; url: string; event_types: string[]; created_at: Date; revoked_at: Date | null; paused_at: Date | null }) =>
  ({ id: s.id, url: s.url, eventTypes: s.event_types, createdAt: s.created_at.toISOString(), revokedAt: iso(s.revoked_at), pausedAt: iso(s.paused_at) });

export async function revokeClient(ctx: AppContext, who: Actor | null, id: string) {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const c = await lockedClient(tx, who, id, false);
    if (c.revoked_at) return;
    await repo.revokeClient(tx, id, who!.id, now);
    await appendAudit(tx, { stream: stream(id), action: 'api_client.revoke', actorId: who!.id, at: now });
  });
  return { ok: true as const };
}

/** A new key: the whole key is answered once; the database keeps its key id and sha256. */
export async function issueKey(ctx: AppContext, who: Actor | null, clientId: string, body: { scopes: ApiScope[]; ratePerMinute?: number }) {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    await lockedClient(tx, who, clientId, true);
    const k = newKey();
    const rate = body.ratePerMinute ?? ctx.config.API_KEY_DEFAULT_RATE_PER_MINUTE;
    const { id } = await repo.insertKey(tx, { client_id: clientId, key_id: k.keyId, key_hash: k.hash, scopes: body.scopes, rate_per_minute: rate, created_by: who!.id, created_at: now });
    await appendAudit(tx, { stream: stream(clientId), action: 'api_client.key_issued', actorId: who!.id, at: now, data: { keyId: k.keyId, scopes: body.scopes, ratePerMinute: rate } });
    return { id, keyId: k.keyId, key: k.key };
  });
}

export async function revokeKey(ctx: AppContext, who: Actor | null, clientId: string, keyRowId: string) {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    await lockedClient(tx, who, clientId, false);
    const k = await repo.findKeyForClient(tx, clientId, keyRowId);
    if (!k) throw NOT_FOUND({ zh: 'API 密钥', en: 'API key' });
    if (k.revoked_at) return;
    await repo.revokeKey(tx, k.id, who!.id, now);
    await appendAudit(tx, { stream: stream(clientId), action: 'api_client.key_revoked', actorId: who!.id, at: now, data: { keyId: k.key_id } });
  });
  return { ok: true as const };
}

/**
 * A subscription of a system to case events of its center, made by the manager or by the system
 * itself (scope events:subscribe). The URL is checked first (webhook-target.ts); the signing secret
 * is answered once.
 */
async function subscribeIn(ctx: AppContext, tx: Tx, client: { id: string; center_id: string }, actorId: string | null, createdBy: string, body: { url: string; eventTypes: string[] }) {
  const now = ctx.clock.now();
  const secret = newSigningSecret();
  // Kept only encrypted, bound to the row's id (secret-box.ts); the clear secret is in this answer alone.
  const id = randomUUID();
  await repo.insertSubscription(tx, { id, client_id: client.id, center_id: client.center_id, url: body.url, event_types: body.eventTypes, secret_enc: encryptSecret(ctx.config.sealKeyFile, id, secret), created_by: createdBy, created_at: now });
  await appendAudit(tx, { stream: stream(client.id), action: 'api_client.subscribe', actorId, at: now, data: { subscriptionId: id, url: body.url, eventTypes: body.eventTypes } });
  return { id, secret };
}

export async function subscribe(ctx: AppContext, who: Actor | null, clientId: string, body: { url: string; eventTypes: string[] }) {
  authorize(apiClientPolicy, who, 'manage');
  await checkTarget(body.url, ctx.config.WEBHOOK_ALLOW_PRIVATE === 'true');
  return ctx.db.transaction().execute(async (tx) => {
    const c = await lockedClient(tx, who, clientId, true);
    return subscribeIn(ctx, tx, c, who!.id, who!.id, body);
  });
}

/** A subscription, with its consuming system locked and checked to be in the caller's scope. */
async function subscriptionOfLockedClient(tx: Tx, who: Actor | null, subscriptionId: string) {
  const s = await repo.findSubscription(tx, subscriptionId);
  if (!s) throw NOT_FOUND({ zh: '订阅', en: 'Subscription' });
  await lockedClient(tx, who, s.client_id, false);
  return s;
}

export async function unsubscribe(ctx: AppContext, who: Actor | null, subscriptionId: string) {
  authorize(apiClientPolicy, who, 'manage');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const s = await subscriptionOfLockedClient(tx, who, subscriptionId);
    if (s.revoked_at) return;
    await repo.revokeSubscription(tx, s.id, now);
    await appendAudit(tx, { stream: stream(s.client_id), action: 'api_client.unsubscribe', actorId: who!.id, at: now, data: { subscriptionId: s.id } });
  });
  return { ok: true as const };
}

/**
 * Pauses or resumes a live subscription. While paused its events are still written to the outbox
 * (nothing is lost) but not sent; on resume they go out in order. Pausing a paused one, or resuming
 * a running one, writes nothing; an ended one cannot be resumed (SUBSCRIPTION_ENDED).
 */
export async function setSubscriptionPaused(ctx: AppContext, who: Actor | null, subscriptionId: string, paused: boolean) {
  authorize(apiClientPolicy, who, 'manage');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const s = await subscriptionOfLockedClient(tx, who, subscriptionId);
    if (s.revoked_at) throw errors.SUBSCRIPTION_ENDED();
    if (!(await repo.setPaused(tx, s.id, paused ? now : null))) return;
    await appendAudit(tx, { stream: stream(s.client_id), action: paused ? 'api_client.subscription_paused' : 'api_client.subscription_resumed', actorId: who!.id, at: now, data: { subscriptionId: s.id } });
  });
  return { ok: true as const };
}

export async function deliveryLog(ctx: AppContext, who: Actor | null, subscriptionId: string, page: number, pageSize: number) {
  authorize(apiClientPolicy, who, 'manage');
  const s = await repo.findSubscription(ctx.db, subscriptionId);
  if (!s) throw NOT_FOUND({ zh: '订阅', en: 'Subscription' });
  authorize(apiClientPolicy, who, 'manage', s);
  const { rows, total } = await deliveries.deliveryLog(ctx.db, s.id, pageSize, (page - 1) * pageSize);
  return {
    deliveries: rows.map((d) => ({
      id: Number(d.id), caseId: d.case_id, eventId: d.event_id, eventType: d.event_type, status: d.status, attempts: d.attempts,
      nextAttemptAt: d.next_attempt_at.toISOString(), lastStatus: d.last_status, lastError: d.last_error,
      createdAt: d.created_at.toISOString(), deliveredAt: iso(d.delivered_at),
    })),
    total, page, pageSize,
  };
}

// ---- the same, asked by a consuming system through /open/v1 (scope events:subscribe)

export interface ApiCaller { keyRowId: string; clientId: string; centerId: string; scopes: string[] }

export async function subscribeAsClient(ctx: AppContext, caller: ApiCaller, body: { url: string; eventTypes: string[] }) {
  await checkTarget(body.url, ctx.config.WEBHOOK_ALLOW_PRIVATE === 'true');
  return ctx.db.transaction().execute(async (tx) => {
    const c = await repo.findClient(tx, caller.clientId, true);
    if (!c || c.revoked_at) throw errors.API_KEY_REVOKED();
    const creator = c.created_by;
    return subscribeIn(ctx, tx, c, null, creator, body);
  });
}

export async function listAsClient(ctx: AppContext, caller: ApiCaller) {
  const subs = await repo.subscriptionsOfClients(ctx.db, [caller.clientId]);
  return { subscriptions: subs.map(subscriptionView) };
}

export async function unsubscribeAsClient(ctx: AppContext, caller: ApiCaller, subscriptionId: string) {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const s = await repo.findSubscription(tx, subscriptionId);
    if (!s || s.client_id !== caller.clientId) throw NOT_FOUND({ zh: '订阅', en: 'Subscription' });
    await repo.findClient(tx, caller.clientId, true);
    if (s.revoked_at) return;
    await repo.revokeSubscription(tx, s.id, now);
    await appendAudit(tx, { stream: stream(s.client_id), action: 'api_client.unsubscribe', actorId: null, at: now, data: { subscriptionId: s.id, byKey: caller.keyRowId } });
  });
  return { ok: true as const };
}
