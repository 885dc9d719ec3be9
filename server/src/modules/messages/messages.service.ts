import { appendAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { NOT_FOUND } from '../../lib/errors.ts';
import { maskPhone } from '../../lib/mask.ts';
import { applicantMessagePolicy, authorize, type Actor } from '../../policies/index.ts';
import * as repo from './messages.repository.ts';
import { APPLICANT_MESSAGE_KINDS } from '../notifications/applicant-messages.ts';
import { CASE_MESSAGE_KINDS } from './messages.subscribers.ts';

/**
 * The portal's message centre and the person's preferences (docs/messages.md). A person sees and marks
 * only their own messages; another's id is not found.
 */

const groupOf = (kind: string) => kind.split('.')[0]!;

/** The groups of kinds preferences name (the part of a kind before its first dot), in the page's order: that of the kinds. */
export const MESSAGE_GROUPS = [...new Set(APPLICANT_MESSAGE_KINDS.map(groupOf))];

const present = (r: Awaited<ReturnType<typeof repo.listMessages>>[number]) => ({
  id: Number(r.id), kind: r.kind, caseId: r.case_id, title: r.title, body: r.body, link: r.link,
  createdAt: r.created_at.toISOString(), readAt: r.read_at?.toISOString() ?? null,
});

export async function myMessages(ctx: AppContext, who: Actor | null, cursor: number | undefined, limit: number) {
  authorize(applicantMessagePolicy, who, 'read');
  const rows = await repo.listMessages(ctx.db, who!.id, cursor ?? null, limit + 1);
  const page = rows.slice(0, limit);
  return { rows: page.map(present), nextCursor: rows.length > limit ? Number(page.at(-1)!.id) : null };
}

export async function myUnreadCount(ctx: AppContext, who: Actor | null) {
  authorize(applicantMessagePolicy, who, 'read');
  return { unread: await repo.unreadCount(ctx.db, who!.id) };
}

export async function markMessageRead(ctx: AppContext, who: Actor | null, id: number) {
  authorize(applicantMessagePolicy, who, 'mark_read');
  const m = await repo.messageById(ctx.db, id);
  if (!m) throw NOT_FOUND({ zh: '消息', en: 'Message' });
  authorize(applicantMessagePolicy, who, 'mark_read', { userId: m.user_id });
  const r = await repo.markRead(ctx.db, id, ctx.clock.now());
  return { id, readAt: r.read_at!.toISOString() };
}

export async function markAllRead(ctx: AppContext, who: Actor | null) {
  authorize(applicantMessagePolicy, who, 'mark_read');
  return { updated: await repo.markAllRead(ctx.db, who!.id, ctx.clock.now()) };
}

async function preferencesView(ctx: AppContext, userId: string) {
  const [rows, user, received] = await Promise.all([repo.preferencesOf(ctx.db, userId), repo.phoneOf(ctx.db, userId), repo.kindsReceived(ctx.db, userId)]);
  const own = new Map(rows.map((r) => [r.kind, r.sms]));
  // The kinds this platform sends about cases, those the person has received, and those they set.
  const kinds = [...new Set<string>([...CASE_MESSAGE_KINDS, ...received, ...rows.map((r) => r.kind).filter((k) => k.includes('.'))])].sort();
  const groups = [...new Set<string>([...MESSAGE_GROUPS, ...kinds.map(groupOf), ...rows.map((r) => groupOf(r.kind))])];
  return {
    phone: user?.phone ? maskPhone(user.phone) : null,
    groups: groups.map((g) => {
      const groupSms = own.get(g) ?? true;
      return { group: g, sms: groupSms, kinds: kinds.filter((k) => groupOf(k) === g).map((k) => ({ kind: k, sms: own.get(k) ?? groupSms, own: own.has(k) })) };
    }),
  };
}

export async function myPreferences(ctx: AppContext, who: Actor | null) {
  authorize(applicantMessagePolicy, who, 'set_preferences');
  return preferencesView(ctx, who!.id);
}

/** Sets SMS on or off for kinds or groups of kinds (others keep theirs); recorded in the person's audit stream. */
export async function setMyPreferences(ctx: AppContext, who: Actor | null, prefs: Array<{ kind: string; sms: boolean }>) {
  authorize(applicantMessagePolicy, who, 'set_preferences');
  await ctx.db.transaction().execute(async (tx) => {
    await repo.lockUser(tx, who!.id);
    const now = ctx.clock.now();
    await repo.upsertPreferences(tx, who!.id, prefs, now);
    await appendAudit(tx, { stream: `user:${who!.id}`, action: 'message_preferences.set', actorId: who!.id, at: now, data: { preferences: prefs } });
  });
  return preferencesView(ctx, who!.id);
}
