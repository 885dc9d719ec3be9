import type { Tx } from '../../db/database.ts';
import type { AppContext } from '../../lib/context.ts';
import { defineJob, enqueue } from '../../lib/jobs.ts';
import type { Bilingual } from '../../lib/errors.ts';
import { ChannelRefused, type OutboundChannel } from './outbound-channel.ts';
import * as repo from './outbound.repository.ts';
import { simSmsGateway } from './sim-sms.ts';

/**
 * The outbound copies of applicant messages (docs/messages.md). `messageApplicant` calls
 * `queueOutbound` in the transaction of the change: when the person's preferences allow an SMS of the
 * message's kind and they have a phone number, one `outbound_messages` row (UNIQUE per message and
 * channel) and one job are written, so the SMS exists exactly when the change commits.
 *
 * Exactly once: the row is the truth. The job takes the row `FOR UPDATE SKIP LOCKED` while `pending`
 * and holds it through the channel call, so two instances (or a job re-run after its lock expired)
 * never send it together; a `sent` row is never taken again. A timeout is retried with
 * graphile-worker's exponential backoff; a refusal for good, or the last attempt, marks it `failed`.
 */
export const OUTBOUND_MAX_ATTEMPTS = 10;

/** The SMS text: the Chinese title and body (SMS is sent in Chinese), signed with the platform's name. */
export function smsText(m: { title: Bilingual; body: Bilingual }): string {
  const text = `【一窗通办】${m.title.zh}：${m.body.zh}`;
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

/** What of a message its outbound copy needs (applicant-messages.ts's ApplicantMessage has it). */
export interface OutboundSource { kind: string; userId: string; title: Bilingual; body: Bilingual; at: Date }

export async function queueOutbound(tx: Tx, messageId: number, m: OutboundSource): Promise<number | null> {
  const phone = await repo.smsRecipient(tx, m.userId, m.kind);
  if (!phone) return null;
  const id = await repo.insertOutbound(tx, { message_id: messageId, channel: 'sms', recipient: phone, text: smsText(m), created_at: m.at });
  if (id !== null) await enqueue(tx, sendOutboundJob, { id }, { key: `outbound:${id}`, maxAttempts: OUTBOUND_MAX_ATTEMPTS });
  return id;
}

/**
 * An SMS to someone who has no portal account (a hotline caller): the same outbound row and job as a
 * message's copy, keyed by the event (`dedupeKey`, UNIQUE) instead of a message, so it is queued exactly
 * once however often the event is heard, and sent exactly once by the job. Called in the transaction
 * of the change. Returns the row's id, or null when the event was already queued.
 */
export async function smsToPhone(tx: Tx, m: { phone: string; title: Bilingual; body: Bilingual; dedupeKey: string; at: Date }): Promise<number | null> {
  const id = await repo.insertPhoneOutbound(tx, { channel: 'sms', recipient: m.phone, text: smsText(m), dedupe_key: m.dedupeKey, created_at: m.at });
  if (id !== null) await enqueue(tx, sendOutboundJob, { id }, { key: `outbound:${id}`, maxAttempts: OUTBOUND_MAX_ATTEMPTS });
  return id;
}

/** The channel that carries a medium in this deployment (SMS_GATEWAY; docs/messages.md). */
export function outboundChannel(ctx: AppContext, medium: string): OutboundChannel {
  if (medium !== 'sms') throw new Error(`no outbound channel for ${medium}`);
  switch (ctx.config.SMS_GATEWAY) {
    case 'sim': return simSmsGateway(ctx);
  }
}

export type SendOutcome = { outcome: 'sent' | 'failed' | 'skipped' } | { outcome: 'retry'; error: Error };

/**
 * Sends one outbound row if it is still pending and no one else holds it. `lastAttempt`: a failure now
 * marks it failed instead of leaving it for a retry.
 */
export async function sendOutbound(ctx: AppContext, id: number, opts: { lastAttempt?: boolean; channel?: OutboundChannel } = {}): Promise<SendOutcome> {
  return ctx.db.transaction().execute(async (tx): Promise<SendOutcome> => {
    const row = await repo.lockPending(tx, id);
    if (!row) return { outcome: 'skipped' };
    const channel = opts.channel ?? outboundChannel(ctx, row.channel);
    try {
      const { providerId } = await channel.send({ ref: `ow-out-${row.id}`, to: row.recipient, text: row.text });
      await repo.markSent(tx, row.id, providerId, ctx.clock.now());
      return { outcome: 'sent' };
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      const final = err instanceof ChannelRefused || opts.lastAttempt === true;
      await repo.markFailedAttempt(tx, row.id, `${error.name}: ${error.message}`, final);
      return final ? { outcome: 'failed' } : { outcome: 'retry', error };
    }
  });
}

let bound: AppContext | null = null;

/** The job handlers (plain functions of their payload) reach the platform's context here, bound when it opens. */
export function bindOutboundJobs(ctx: AppContext): void {
  bound = ctx;
}

export const sendOutboundJob = defineJob<{ id: number }>('messages.send_outbound', async ({ id }, job) => {
  // Thrown, the job is retried later, once the platform has bound its context.
  if (!bound) throw new Error('outbound jobs: the platform has not bound its context yet');
  const r = await sendOutbound(bound, id, { lastAttempt: job.attempts >= job.maxAttempts });
  // Thrown, graphile-worker retries it with exponential backoff; the row keeps the attempt and its error.
  if (r.outcome === 'retry') throw r.error;
});
