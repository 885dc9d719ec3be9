import type { Tx } from '../../db/database.ts';
import type { RatingChannel } from '../../db/types.ts';
import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, ratingPolicy, type Actor } from '../../policies/index.ts';
import { messageApplicant } from '../notifications/applicant-messages.ts';
import { kioskOf } from '../hall/hall.service.ts';
import { normalizeRatingToken, ratingTokenHash } from '../hall/rating-token.ts';
import * as repo from './ratings.repository.ts';
import { openTask, taskForPerson } from './rectification.service.ts';

/**
 * 好差评: rating a case after a stage (acceptance, completion) or a hall visit. A rating is written
 * once per case and stage, by the case's applicant, real-name or anonymous; a bad review (1–2)
 * opens a rectification task in the same transaction (rectification.service.ts).
 */
export const CASE_STAGES = ['acceptance', 'completion'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];
export const BAD_LEVEL = 2;

const CASE_NOT_FOUND = () => NOT_FOUND({ zh: '办件', en: 'Case' });
const TICKET_NOT_FOUND = () => NOT_FOUND({ zh: '排队号', en: 'Ticket' });

export interface RatingBody {
  level: number; dimensions?: Record<string, number> | undefined; comment?: string | undefined;
}

/** Every dimension named must be one of the active national dimensions (kept as data, rating_dimensions). */
async function checkDimensions(ctx: AppContext, dims: Record<string, number> | undefined) {
  if (!dims) return {};
  const known = new Set((await repo.activeDimensions(ctx.db)).map((d) => d.key));
  for (const key of Object.keys(dims)) if (!known.has(key)) throw errors.RATING_DIMENSION_UNKNOWN({ key, field: `dimensions.${key}` });
  return dims;
}

export async function dimensions(ctx: AppContext) {
  return (await repo.activeDimensions(ctx.db)).map((d) => ({ key: d.key, name: d.name, nameEn: d.name_en }));
}

async function loadOwnCase(ctx: AppContext, who: Actor | null, caseId: string) {
  authorize(ratingPolicy, who, 'rate');
  const c = await repo.caseForRating(ctx.db, caseId);
  if (!c) throw CASE_NOT_FOUND();
  authorize(ratingPolicy, who, 'rate', { centerId: c.center_id, applicantId: c.applicant_id });
  return c;
}

/** The rating page of a case: which stages happened, the rating of each and the rectification of a bad one. */
export async function caseRatings(ctx: AppContext, who: Actor | null, caseId: string) {
  const c = await loadOwnCase(ctx, who, caseId);
  const [invited, ratings] = await Promise.all([repo.invitationsOfCase(ctx.db, caseId), repo.ratingsOfCase(ctx.db, caseId)]);
  const stages = await Promise.all(CASE_STAGES.map(async (stage) => {
    const inv = invited.find((i) => i.stage === stage);
    const r = ratings.find((x) => x.stage === stage);
    return {
      stage, invitedAt: inv?.invited_at.toISOString() ?? null,
      rating: r ? ratingView(r) : null,
      task: r ? await taskForPerson(ctx, r.id) : null,
    };
  }));
  return { caseId, receiptNo: c.receipt_no, stages, dimensions: await dimensions(ctx) };
}

export async function rateCase(ctx: AppContext, who: Actor | null, caseId: string, body: RatingBody & { stage: CaseStage; realName: boolean; channel?: 'portal' | 'message_link' | undefined }) {
  const c = await loadOwnCase(ctx, who, caseId);
  const dims = await checkDimensions(ctx, body.dimensions);
  const now = ctx.clock.now();
  const rating = await ctx.db.transaction().execute(async (tx) => {
    const inv = await repo.invitation(tx, caseId, body.stage);
    if (!inv) throw errors.RATING_STAGE_NOT_REACHED();
    const row = await repo.insertRating(tx, {
      case_id: caseId, ticket_id: null, stage: body.stage, level: body.level, dimensions: JSON.stringify(dims),
      comment: body.comment?.trim() || null, channel: body.channel ?? 'portal', real_name: body.realName,
      rater_id: body.realName ? who!.id : null, staff_id: inv.staff_id, window_id: inv.window_id,
      department_id: inv.department_id ?? c.department_id, center_id: c.center_id, created_at: now,
    });
    if (!row) throw errors.RATING_ALREADY_GIVEN();
    await afterRating(ctx, tx, row, c.region_code, who!.id);
    return row;
  });
  return ratingView(rating);
}

/**
 * A hall visit rated on the spot (现场评价), from one of three places: the window's pad (the clerk's
 * session, for a ticket finished at the clerk's window, before it calls the next), a kiosk of the
 * ticket's center (its token), or the visitor's own phone (the person the ticket was issued to, signed
 * in: My hall). Always anonymous: the rating names no rater, whoever's session carried it.
 */
export async function rateVisit(ctx: AppContext, who: Actor | null, kioskToken: string | undefined, ticketId: string, body: RatingBody) {
  const kiosk = kioskToken !== undefined ? await kioskOf(ctx.db, kioskToken) : null;
  const side: RatingChannel = kiosk ? 'kiosk' : who && who.kind !== 'staff' ? 'portal' : 'pad';
  if (side === 'pad') authorize(ratingPolicy, who, 'rate_visit');
  return rateTicket(ctx, who, side, body, (tx) => repo.lockTicket(tx, ticketId), TICKET_NOT_FOUND, (t) => {
    if (side === 'kiosk') { if (kiosk!.center_id !== t.center_id) throw TICKET_NOT_FOUND(); }
    // Only the person the ticket was issued to: the policy's `rate`, whose refusal is 404 (another's ticket does not exist for them).
    else if (side === 'portal') authorize(ratingPolicy, who, 'rate', { centerId: t.center_id, applicantId: t.person_id });
    else {
      authorize(ratingPolicy, who, 'rate_visit', { centerId: t.center_id, applicantId: null });
      if (t.window_id !== who!.windowId) throw errors.HALL_TICKET_NOT_AT_WINDOW();
    }
  });
}

/**
 * Rating a visit with its slip's token (扫码评价): on the visitor's phone (channel `slip`) or typed or
 * scanned at a kiosk (`kiosk`, as the client says). The token is the proof, so no sign-in; the rules
 * are the other channels' (rateTicket). A code that is malformed, unknown or of another day is
 * `404 RATING_TOKEN_UNKNOWN`, nothing looked up for a malformed one and nothing written.
 */
export async function rateByToken(ctx: AppContext, who: Actor | null, rawToken: string, body: RatingBody & { channel?: 'slip' | 'kiosk' | undefined }) {
  authorize(ratingPolicy, who, 'rate_by_token');
  const hash = tokenHash(rawToken);
  const today = chinaDate(ctx.clock.now());
  return rateTicket(ctx, who, body.channel ?? 'slip', body, (tx) => repo.lockTicketByToken(tx, hash, today), () => errors.RATING_TOKEN_UNKNOWN(), () => {});
}

/** The slip's rating page: the visit (number, service, window, day) and whether it can still be rated. */
export async function visitByToken(ctx: AppContext, who: Actor | null, rawToken: string) {
  authorize(ratingPolicy, who, 'rate_by_token');
  const now = ctx.clock.now();
  const v = await repo.visitByToken(ctx.db, tokenHash(rawToken), chinaDate(now));
  if (!v) throw errors.RATING_TOKEN_UNKNOWN();
  // The states rateTicket refuses, in its order: not finished, rated, finished another day.
  const state = v.status !== 'done' ? (v.status === 'waiting' || v.status === 'called' ? 'not_finished' : 'not_served')
    : v.rating_id ? 'rated' : !finishedOn(v.finished_at, now) ? 'closed' : 'open';
  return {
    number: v.number, day: v.day, state, canRate: state === 'open',
    zone: { name: v.zone_name, nameEn: v.zone_name_en },
    window: v.window_name ? { name: v.window_name, nameEn: v.window_name_en } : null,
    dimensions: await dimensions(ctx),
  } as const;
}

/** 现场评价: a visit is rated the China day it finished (rateTicket's rule, and what the slip's page shows). */
function finishedOn(finishedAt: Date | null, now: Date): finishedAt is Date {
  return finishedAt !== null && chinaDate(finishedAt) === chinaDate(now);
}

function tokenHash(rawToken: string) {
  const token = normalizeRatingToken(rawToken);
  if (!token) throw errors.RATING_TOKEN_UNKNOWN();
  return ratingTokenHash(token);
}

/**
 * The rules of a visit's rating, whichever channel: the ticket (locked), the channel's own check, then
 * finished, the day it finished, on the pad before the next call, once. Anonymous: no rater named.
 */
async function rateTicket(
  ctx: AppContext, who: Actor | null, side: RatingChannel, body: RatingBody,
  find: (tx: Tx) => Promise<repo.TicketForRating | undefined>, notFound: () => Error, check: (t: repo.TicketForRating) => void,
) {
  const dims = await checkDimensions(ctx, body.dimensions);
  const now = ctx.clock.now();
  const rating = await ctx.db.transaction().execute(async (tx) => {
    const t = await find(tx);
    if (!t) throw notFound();
    check(t);
    if (t.status !== 'done') throw errors.RATING_VISIT_NOT_FINISHED();
    // 现场评价: a visit is rated on the spot, the day it finished; on the pad (the clerk's own session) only the
    // visit the window just finished, before it calls the next one — else a clerk could rate their own past visits.
    if (!finishedOn(t.finished_at, now)) throw errors.RATING_VISIT_CLOSED();
    if (side === 'pad' && await repo.windowCalledSince(tx, t, t.finished_at)) throw errors.RATING_VISIT_CLOSED();
    const row = await repo.insertRating(tx, {
      case_id: null, ticket_id: t.id, stage: 'visit', level: body.level, dimensions: JSON.stringify(dims),
      comment: body.comment?.trim() || null, channel: side, real_name: false, rater_id: null, staff_id: t.clerk_id,
      window_id: t.window_id, department_id: await repo.windowDepartment(tx, t.window_id), center_id: t.center_id, created_at: now,
    });
    if (!row) throw errors.RATING_ALREADY_GIVEN();
    await afterRating(ctx, tx, row, await repo.centerRegion(tx, t.center_id), who?.id ?? null);
    return row;
  });
  return ratingView(rating);
}

/** The signed-in person's visits finished today (China date), each with the rating it has, if any. */
export async function myVisitsToRate(ctx: AppContext, who: Actor | null) {
  authorize(ratingPolicy, who, 'rate');
  const rows = await repo.finishedVisitsOfPerson(ctx.db, who!.id, chinaDate(ctx.clock.now()));
  return {
    visits: rows.map((v) => ({
      ticketId: v.id, number: v.number, finishedAt: v.finished_at?.toISOString() ?? null,
      rating: v.level != null ? { level: v.level, createdAt: v.rated_at!.toISOString() } : null,
    })),
  };
}

/** The rating's audit event (no rater named when anonymous) and, for a bad review, its rectification task. */
async function afterRating(ctx: AppContext, tx: Tx, r: repo.RatingRow, regionCode: string, actorId: string | null) {
  await appendAudit(tx, {
    stream: `rating:${r.id}`, action: 'rating.given', actorId: r.real_name ? actorId : null, at: r.created_at,
    data: { caseId: r.case_id, ticketId: r.ticket_id, stage: r.stage, level: r.level, channel: r.channel, realName: r.real_name },
  });
  if (r.level <= BAD_LEVEL) await openTask(ctx, tx, r, regionCode);
}

export function ratingView(r: repo.RatingRow) {
  return {
    id: r.id, caseId: r.case_id, ticketId: r.ticket_id, stage: r.stage, level: r.level, dimensions: r.dimensions,
    comment: r.comment, channel: r.channel, realName: r.real_name, createdAt: r.created_at.toISOString(), voided: r.voided_at !== null,
  };
}

// ---------------------------------------------------------------- invitations (the subscriber)

const STAGE_TEXT = {
  acceptance: { zh: '已受理', en: 'has been accepted' },
  completion: { zh: '已办结', en: 'has been completed' },
} as const;

/**
 * A case reached a stage: record it (with who served it, for the figures) and invite the applicant,
 * once per case and stage however often it is heard.
 */
export async function inviteRating(tx: Tx, c: { id: string; applicant_id: string; center_id: string; department_id: string; receipt_no: string | null }, stage: CaseStage, actorId: string | null, at: Date) {
  const staff = actorId ? await repo.staffWindow(tx, actorId) : undefined;
  const created = await repo.insertInvitation(tx, {
    case_id: c.id, stage, user_id: c.applicant_id, center_id: c.center_id, department_id: c.department_id,
    staff_id: staff ? actorId : null, window_id: staff?.window_id ?? null, invited_at: at,
  });
  if (!created) return;
  // The receipt number is given by the acceptance itself: read the row as it is now, not as it was before.
  const no = (await repo.caseForRating(tx, c.id))?.receipt_no ?? c.receipt_no ?? '';
  await messageApplicant(tx, {
    kind: 'rating.invited', userId: c.applicant_id, centerId: c.center_id, caseId: c.id,
    title: { zh: '请您评价本次服务', en: 'Please rate our service' },
    body: {
      zh: `您的办件 ${no} ${STAGE_TEXT[stage].zh}，请对本次服务作出评价（非常满意至非常不满意）。`,
      en: `Your case ${no} ${STAGE_TEXT[stage].en}. Please rate the service, from very satisfied to very dissatisfied.`,
    },
    link: `/my/ratings/${c.id}/${stage}`, dedupeKey: `rating.invite:${c.id}:${stage}`, at,
  });
}
