import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { EventBus } from '../../events/bus.ts';
import type { AppContext } from '../../lib/context.ts';
import { drain, every } from '../../lib/periodic.ts';
import { CLOUDEVENTS_CONTENT_TYPE, SIGNATURE_HEADER, caseCloudEvent, sign, type CloudEvent } from './cloudevents.ts';
import * as repo from './deliveries.repository.ts';
import { VersionedCache } from '../../lib/config-versions.ts';
import { centerSubscriptions, liveSubscriptions } from './integrations.repository.ts';
import { SUBSCRIBABLE_EVENTS } from './event-types.ts';
import { decryptSecret } from './secret-box.ts';
import { checkTarget, guardedLookup } from './webhook-target.ts';

/**
 * Case events to subscribed systems (docs/open-api.md, "Case events"). The outbox row is written by
 * a listener of the case's own transaction (one row per live subscription of the case's center that
 * wants the event), so an event exists exactly when the step commits. Delivery runs on every
 * instance: a worker claims the head of a (subscription, case) stream with SKIP LOCKED, POSTs it,
 * and marks it delivered on a 2xx; anything else is retried with a capped exponential backoff, for
 * ever (nothing is dropped), and the next event of that stream waits until this one is acknowledged.
 * A crash between the POST and the commit sends that event again: receivers deduplicate on `id`.
 */
const SUBSCRIBABLE = new Set<string>(SUBSCRIBABLE_EVENTS);
/** A center's live subscriptions, kept in this process for submissions (lib/config-versions.ts says when they are too old). */
const subscriptions = new VersionedCache<string, Array<{ id: string; event_types: string[] }>>('event_subscriptions');

export function subscribeEventDelivery(bus: EventBus<AppContext>) {
  bus.onEvery(async (tx, e) => {
    if (!SUBSCRIBABLE.has(e.name)) return;
    // A submission read the configuration versions first: its center's subscriptions may come from this process's copy.
    const config = e.name === 'case.submitted' ? e.config : undefined;
    const subs = config
      ? (await subscriptions.get(e.before.center_id, config, () => centerSubscriptions(tx, e.before.center_id))).filter((s) => s.event_types.includes(e.name))
      : await liveSubscriptions(tx, e.before.center_id, e.name);
    if (subs.length === 0) return;
    // After a step the case is read as it now is (its new status, a receipt number, due dates); a submission's
    // event carries the case as just created, which no listener before this one moves: not read again.
    const c = e.name === 'case.submitted' ? e.before : await repo.caseNow(tx, e.before.id);
    if (!c) return;
    const eventId = randomUUID();
    const body = caseCloudEvent(`/onewindow/centers/${c.center_id}`, e.name, e.at, {
      caseId: c.id, receiptNo: c.receipt_no, submissionNo: c.submission_no, itemId: c.item_id, centerId: c.center_id, regionCode: c.region_code,
      action: e.action, from: e.name === 'case.submitted' ? null : e.before.status, to: c.status, dueDate: c.due_date,
    }, eventId);
    for (const s of subs) await repo.insertDelivery(tx, { subscription_id: s.id, case_id: c.id, event_id: eventId, event_type: e.name, body, at: e.at });
  });
}

/** Seconds before the next try after `attempts` failed ones: 5, 10, 20 … capped at one hour. */
export const backoffSeconds = (attempts: number) => Math.min(3600, 5 * 2 ** Math.max(0, attempts - 1));

export interface PostResult { status: number | null; error?: string }

/** POSTs one structured CloudEvent, signed; never throws (a refusal, a timeout and a network error are results). */
export async function postEvent(url: string, secret: string, event: CloudEvent, opts: { timeoutMs: number; allowPrivate: boolean }): Promise<PostResult> {
  try {
    await checkTarget(url, opts.allowPrivate);
  } catch (err) {
    return { status: null, error: (err as Error).message };
  }
  const body = JSON.stringify(event);
  const target = new URL(url);
  const lib = target.protocol === 'https:' ? https : http;
  return new Promise<PostResult>((resolve) => {
    const req = lib.request(target, {
      method: 'POST', lookup: guardedLookup(opts.allowPrivate) as never, timeout: opts.timeoutMs, agent: false,
      headers: { 'content-type': CLOUDEVENTS_CONTENT_TYPE, 'content-length': Buffer.byteLength(body), [SIGNATURE_HEADER]: sign(secret, body), 'user-agent': 'OneWindow-Events/1' },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? null, ...(res.statusCode && res.statusCode < 300 ? {} : { error: `HTTP ${res.statusCode}` }) }));
      res.on('error', (err) => resolve({ status: res.statusCode ?? null, error: err.message }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${opts.timeoutMs} ms`)));
    req.on('error', (err) => resolve({ status: null, error: err.message }));
    req.end(body);
  });
}

/** Delivers the head of one stream if one is due; answers 1 if it tried one, 0 if none was due. */
export async function deliverOne(ctx: AppContext): Promise<number> {
  return ctx.db.transaction().execute(async (tx) => {
    const d = await repo.claimHead(tx, ctx.clock.now());
    if (!d) return 0;
    let secret: string;
    try {
      secret = d.secret ?? decryptSecret(ctx.config.sealKeyFile, d.subscription_id, d.secret_enc!);
    } catch (err) {
      // A replaced SEAL_KEY_FILE: the row waits (retried with backoff) and its log says why.
      await repo.markFailed(tx, d.id, null, (err as Error).message, new Date(ctx.clock.now().getTime() + backoffSeconds(d.attempts + 1) * 1000));
      return 1;
    }
    const r = await postEvent(d.url, secret, d.body, { timeoutMs: ctx.config.WEBHOOK_TIMEOUT_SECONDS * 1000, allowPrivate: ctx.config.WEBHOOK_ALLOW_PRIVATE === 'true' });
    const now = ctx.clock.now();
    if (r.status !== null && r.status >= 200 && r.status < 300) await repo.markDelivered(tx, d.id, r.status, now);
    else await repo.markFailed(tx, d.id, r.status, r.error ?? 'failed', new Date(now.getTime() + backoffSeconds(d.attempts + 1) * 1000));
    return 1;
  });
}

/** Works off everything due with `workers` deliveries in flight at once (different streams); answers how many were tried. */
export async function deliverDue(ctx: AppContext, workers = 4, stopped: () => boolean = () => false): Promise<number> {
  const counts = await Promise.all(Array.from({ length: workers }, () => drain(() => (stopped() ? Promise.resolve(0) : deliverOne(ctx)))));
  return counts.reduce((a, b) => a + b, 0);
}

/**
 * The delivery loop of this instance (lib/periodic.ts), started with the platform's jobs. Its stop
 * takes no new delivery and resolves once the ones in flight are written (a graceful shutdown).
 */
export function startEventDelivery(ctx: AppContext, log: (m: string) => void, opts: { everyMs?: number; workers?: number } = {}): () => Promise<void> {
  let current: Promise<unknown> = Promise.resolve();
  const stop = every('event delivery', opts.everyMs ?? 2000, log, async (sweep) => {
    const run = deliverDue(ctx, opts.workers ?? 4, () => sweep.stopped);
    current = run.catch(() => 0);
    await run;
  });
  return async () => {
    stop();
    await current;
  };
}
