import { randomBytes } from 'node:crypto';
import type { Tx } from '../../db/database.ts';
import type { TenderStatus } from '../../db/types.ts';
import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, expertDrawPolicy, type Actor } from '../../policies/index.ts';
import { biddersSealed } from '../trading/bidders-seal.ts';
import { assertNotSuspended } from '../trading/suspension.ts';
import { checkCommittee, ruleFor } from './committee-rules.ts';
import { commitmentHash, commitmentText, DRAW_ALGORITHM, drawOrder, poolHash, sortPool, type DrawCommitmentInput } from './draw.ts';
import { DRAW_INITIAL, drawRow } from './draw.transitions.ts';
import * as repo from './experts.repository.ts';
import { applyRecusal, BIDDER_REASONS, penaltyWindowStart } from './recusal.ts';

/**
 * The verifiable draw of a tender's evaluation experts (docs/experts.md, "The draw"):
 * 1. commit: the committee rules are checked, the pool is filtered and the recusal applied, and the
 *    commitment (pool snapshot hash, filters, algorithm, seats and reserves, the named future public
 *    seed and when it becomes known) is published; the exclusions are kept with their reasons;
 * 2. draw: once the seed is public (server time), RFC 3797 on it gives the order — seats, then reserves;
 * 3. a seated expert who declines is replaced by the first reserve, in the drawn order.
 * The names stay with the draw operators until the tender's candidates are published. Until the tender's opening the
 * pool's size and the commitment's text are withheld from everyone (`poolSealed`): with the filters and the non-bidder
 * exclusions they would count the experts recused for a bidder's sake, so the bidders (招标投标法 第二十二条); the
 * commitment's hash binds them from the start, and the text carries a secret salt so that hash cannot be searched.
 */
/** The tender's states in which experts are drawn and a seated one replaced (after them the committee is final). */
export const DRAWABLE: readonly TenderStatus[] = ['bidding', 'opening', 'evaluation'];
export const RESULT_PUBLIC: readonly TenderStatus[] = ['candidates_published', 'awarded', 'contract', 'complete'];
export const DEFAULT_PENALTY_MONTHS = 24;

const TENDER_NOT_FOUND = () => NOT_FOUND({ zh: '招标项目', en: 'Tender' });
const DRAW_NOT_FOUND = () => NOT_FOUND({ zh: '专家抽取', en: 'Draw' });

export interface CommitBody {
  buyerReps: number; reserves: number; seedSource: string; seedSources: number; seedDueAt: string;
  filters: { specialties?: string[] | undefined; regionCode?: string | undefined; penaltyMonths?: number | undefined };
}

/** The published filters: what was asked, with the penalty window made explicit. */
function publishedFilters(f: CommitBody['filters']) {
  return { specialties: [...new Set(f.specialties ?? [])].sort(), regionCode: f.regionCode ?? null, penaltyMonths: f.penaltyMonths ?? DEFAULT_PENALTY_MONTHS };
}

/** Filters, recusal, eligible pool: read only, no lock (the bench measures this path). */
export async function eligiblePool(ctx: AppContext, centerId: string, t: { id: string; buyer_org_code: string; supervisor_code: string }, filters: ReturnType<typeof publishedFilters>) {
  const [candidates, bidderCodes] = await Promise.all([
    repo.poolCandidates(ctx.db, centerId, { specialties: filters.specialties, regionCode: filters.regionCode ?? undefined }),
    repo.registeredBidderCodes(ctx.db, t.id),
  ]);
  const since = penaltyWindowStart(chinaDate(ctx.clock.now()), filters.penaltyMonths);
  const [declarations, penalised] = await Promise.all([
    repo.declarationsNaming(ctx.db, centerId, [...bidderCodes, t.buyer_org_code]),
    repo.penalisedSince(ctx.db, centerId, since),
  ]);
  const { eligible, excluded } = applyRecusal(candidates, declarations, penalised, { bidderCodes, buyerCode: t.buyer_org_code, supervisorCode: t.supervisor_code });
  return { pool: sortPool(eligible), excluded };
}

export async function commitDraw(ctx: AppContext, who: Actor | null, tenderId: string, body: CommitBody) {
  authorize(expertDrawPolicy, who, 'operate');
  const t = await repo.tenderFacts(ctx.db, tenderId);
  if (!t) throw TENDER_NOT_FOUND();
  authorize(expertDrawPolicy, who, 'operate', { centerId: t.center_id, resultPublic: false });
  if (!DRAWABLE.includes(t.status)) throw errors.DRAW_TENDER_STATE({ status: t.status });
  const rule = ruleFor((await repo.committeeRules(ctx.db)).map((r) => ({
    sector: r.sector, minSize: r.min_size, expertShareNum: r.expert_share_num, expertShareDen: r.expert_share_den,
  })), t.sector);
  const size = t.committee_size ?? rule.minSize;
  checkCommittee(size, body.buyerReps, rule);
  const now = ctx.clock.now();
  const seedDueAt = new Date(body.seedDueAt);
  if (!(seedDueAt.getTime() > now.getTime())) throw errors.DRAW_SEED_DUE_PAST({ field: 'seedDueAt' });
  const filters = publishedFilters(body.filters);
  const { pool, excluded } = await eligiblePool(ctx, t.center_id, t, filters);
  const expertSeats = size - body.buyerReps;
  if (pool.length < expertSeats) {
    const sealed = await biddersSealed(ctx.db, t);
    throw errors.DRAW_POOL_TOO_SMALL({ needed: expertSeats, ...(sealed ? {} : { available: pool.length }) });
  }
  const input: DrawCommitmentInput = {
    pool, filters, algorithm: DRAW_ALGORITHM, expertSeats, reserves: body.reserves,
    seedSource: body.seedSource.trim(), seedDueAt: seedDueAt.toISOString(), subject: t.id, salt: randomBytes(16).toString('hex'),
  };
  const draw = await ctx.db.transaction().execute(async (tx) => {
    const locked = await repo.tenderFacts(tx, tenderId, true);
    if (!locked || !DRAWABLE.includes(locked.status)) throw errors.DRAW_TENDER_STATE({ status: locked?.status ?? 'unknown' });
    // A tender the supervising department suspended (条例 第六十二条) draws no experts until it is resumed.
    await assertNotSuspended(tx, tenderId);
    if (await repo.liveDrawOfTender(tx, tenderId)) throw errors.DRAW_EXISTS();
    const d = await repo.insertDraw(tx, {
      tender_id: t.id, center_id: t.center_id, status: DRAW_INITIAL, committee_size: size, buyer_reps: body.buyerReps,
      expert_seats: expertSeats, reserves: body.reserves, filters: JSON.stringify(filters), algorithm: DRAW_ALGORITHM,
      pool_ids: pool, pool_hash: poolHash(pool), commitment: commitmentText(input), commitment_hash: commitmentHash(input),
      seed_source: input.seedSource, seed_sources: body.seedSources, seed_due_at: seedDueAt, committed_by: who!.id, committed_at: now,
    });
    await repo.insertExclusions(tx, d.id, excluded);
    // No pool size nor number excluded in the event: they are sealed until the opening, and the log keeps them for good.
    // The commitment's hash binds the size and the pool's hash; the exclusions are kept with the draw.
    await appendAudit(tx, {
      stream: `expert_draw:${d.id}`, action: 'expert_draw.committed', actorId: who!.id, at: now,
      data: { tenderId: t.id, commitmentHash: d.commitment_hash },
    });
    return d;
  });
  return operatorView(ctx, draw);
}

async function loadForOperator(ctx: AppContext, who: Actor | null, drawId: string) {
  authorize(expertDrawPolicy, who, 'operate');
  const d = await repo.findDraw(ctx.db, drawId);
  if (!d) throw DRAW_NOT_FOUND();
  authorize(expertDrawPolicy, who, 'operate', { centerId: d.center_id, resultPublic: false });
  return d;
}

export async function getDraw(ctx: AppContext, who: Actor | null, drawId: string) {
  return operatorView(ctx, await loadForOperator(ctx, who, drawId));
}

export async function drawOfTender(ctx: AppContext, who: Actor | null, tenderId: string) {
  authorize(expertDrawPolicy, who, 'operate');
  const d = await repo.liveDrawOfTender(ctx.db, tenderId);
  if (!d) throw DRAW_NOT_FOUND();
  authorize(expertDrawPolicy, who, 'operate', { centerId: d.center_id, resultPublic: false });
  return operatorView(ctx, d);
}

/** The seed is entered once it is public: the draw is then a function of it. */
export async function enterSeed(ctx: AppContext, who: Actor | null, drawId: string, body: { seed: string[][] }) {
  await loadForOperator(ctx, who, drawId);
  const now = ctx.clock.now();
  const drawn = await ctx.db.transaction().execute(async (tx) => {
    const d = (await repo.lockDraw(tx, drawId))!;
    const row = drawRow(d.status, 'draw');
    await assertNotSuspended(tx, d.tender_id);
    if (now.getTime() < d.seed_due_at.getTime()) throw errors.DRAW_SEED_TOO_EARLY({ dueAt: d.seed_due_at });
    if (body.seed.length !== d.seed_sources) throw errors.DRAW_SEED_SOURCES({ expected: d.seed_sources, field: 'seed' });
    const { key, order } = drawOrder(d.pool_ids, d.expert_seats, d.reserves, body.seed);
    await repo.insertMembers(tx, order.map((expertId, i) => ({ draw_id: d.id, rank: i + 1, expert_id: expertId, seat: i < d.expert_seats ? 'seated' as const : 'reserve' as const })));
    const moved = await repo.moveDraw(tx, d.id, d.status, row.to, { seed: JSON.stringify(body.seed), key_string: key, drawn_by: who!.id, drawn_at: now });
    await appendAudit(tx, { stream: `expert_draw:${d.id}`, action: 'expert_draw.drawn', actorId: who!.id, at: now, data: { keyString: key, drawn: order.length } });
    return moved;
  });
  return operatorView(ctx, drawn);
}

/** A seated expert declines (or cannot be reached), as the draw operator records it: the first reserve takes the seat. */
export async function decline(ctx: AppContext, who: Actor | null, drawId: string, expertId: string, body: { reason: string }) {
  await loadForOperator(ctx, who, drawId);
  const now = ctx.clock.now();
  const d = await ctx.db.transaction().execute((tx) => replaceSeated(tx, { drawId, expertId, reason: body.reason, actorId: who!.id, now, byExpert: false }));
  return operatorView(ctx, d);
}

/**
 * Replaces a seated expert with the first reserve in the drawn order, in the caller's transaction: the operator's
 * record of a decline, or the expert's own (evaluation.service declineMySeat, whose `check` runs under the tender's
 * lock). 条例 第四十八条 replaces a member in the course of the evaluation; once it is over (the candidates published,
 * or the tender closed) the committee that signed the report stays as it was. The draw is locked, then the tender (the
 * one order every path here takes), so a publication cannot pass a replacement in flight.
 */
export async function replaceSeated(tx: Tx, r: { drawId: string; expertId: string; reason: string; actorId: string; now: Date; byExpert: boolean; check?: (tenderId: string) => Promise<void> }) {
  const draw = await repo.lockDraw(tx, r.drawId);
  if (!draw) throw DRAW_NOT_FOUND();
  if (draw.status !== 'drawn') throw errors.DRAW_STATE({ status: draw.status });
  const tender = (await repo.tenderFacts(tx, draw.tender_id, true))!;
  if (!DRAWABLE.includes(tender.status)) throw errors.DRAW_COMMITTEE_FINAL({ status: tender.status });
  await assertNotSuspended(tx, draw.tender_id);
  await r.check?.(draw.tender_id);
  const members = await repo.membersOf(tx, draw.id);
  const m = members.find((x) => x.expert_id === r.expertId);
  if (!m || m.seat !== 'seated') throw errors.DRAW_MEMBER_STATE();
  const next = members.find((x) => x.seat === 'reserve');
  if (!next) throw errors.DRAW_RESERVE_EXHAUSTED();
  await repo.setSeat(tx, draw.id, m.rank, 'declined', r.now);
  await repo.setSeat(tx, draw.id, next.rank, 'seated', null);
  await appendAudit(tx, {
    stream: `expert_draw:${draw.id}`, action: 'expert_draw.declined', actorId: r.actorId, at: r.now,
    data: { declinedRank: m.rank, seatedRank: next.rank, reason: r.reason.trim(), byExpert: r.byExpert },
  });
  return draw;
}

/**
 * The operators' view. Before the tender's opening an exclusion for a bidder's sake (BIDDER_REASONS) would name a bidder
 * through the expert's employer (招标投标法 第二十二条): those reasons are left out, and an expert excluded for them alone
 * is not listed; the recusal itself was applied all the same. The pool's size and the commitment's text are left out
 * too: the operators know the candidates, so the size would count them. One flag, `poolSealed`, says all of it.
 */
async function operatorView(ctx: AppContext, d: repo.DrawRow) {
  const [members, exclusions, tender] = await Promise.all([repo.membersOf(ctx.db, d.id), repo.exclusionsOf(ctx.db, d.id), repo.tenderFacts(ctx.db, d.tender_id)]);
  const sealed = await biddersSealed(ctx.db, { id: d.tender_id, status: tender!.status });
  const shown = exclusions
    .map((x) => ({ expertId: x.expert_id, name: x.name, employerName: x.employer_name, reasons: sealed ? x.reasons.filter((r) => !(BIDDER_REASONS as readonly string[]).includes(r)) : x.reasons }))
    .filter((x) => x.reasons.length > 0);
  return {
    ...drawFacts(d, sealed),
    committeeSize: d.committee_size, buyerReps: d.buyer_reps,
    members: members.map((m) => ({ rank: m.rank, expertId: m.expert_id, name: m.name, employerName: m.employer_name, specialties: m.specialties, seat: m.seat })),
    exclusions: shown,
  };
}

/** A draw's facts; `poolSealed`: the pool's size and the commitment's text left out (the hash is always given). */
function drawFacts(d: repo.DrawRow, poolSealed: boolean) {
  return {
    id: d.id, tenderId: d.tender_id, status: d.status, algorithm: d.algorithm, expertSeats: d.expert_seats, reserves: d.reserves,
    poolSize: poolSealed ? null : d.pool_ids.length, poolSealed,
    filters: d.filters, seedSource: d.seed_source, seedSources: d.seed_sources, seedDueAt: d.seed_due_at.toISOString(),
    committedAt: d.committed_at.toISOString(), commitment: { text: poolSealed ? null : d.commitment, hash: d.commitment_hash },
    drawnAt: d.drawn_at?.toISOString() ?? null,
  };
}

/**
 * The public proof of a tender's draw: the commitment's hash from the start; its text and the pool's size, the pool,
 * the seed, the key string, the drawn order and the committee once the candidates are published, so anyone can replay
 * it (scripts/replay-draw.mjs). The public learns no bidder before the candidates (docs/trading.md), so no size before.
 */
export async function publicProof(ctx: AppContext, who: Actor | null, tenderId: string) {
  authorize(expertDrawPolicy, who, 'read_proof');
  const t = await repo.tenderFacts(ctx.db, tenderId);
  const d = t ? await repo.liveDrawOfTender(ctx.db, tenderId) : undefined;
  if (!t || !d) throw DRAW_NOT_FOUND();
  const resultPublic = RESULT_PUBLIC.includes(t.status);
  const published = resultPublic && d.status === 'drawn';
  const members = published ? await repo.membersOf(ctx.db, d.id) : [];
  return {
    ...drawFacts(d, !resultPublic), tenderTitle: t.title, resultPublic: published,
    pool: published ? d.pool_ids : null, seed: published ? d.seed : null, keyString: published ? d.key_string : null,
    order: published ? members.map((m) => m.expert_id) : null,
    committee: published ? members.filter((m) => m.seat === 'seated').map((m) => ({ rank: m.rank, name: m.name })) : null,
    declined: published ? members.filter((m) => m.seat === 'declined').map((m) => m.rank) : null,
  };
}

/** The committee's names: the draw operators at any time, everyone else only once the result is public (404 before). */
export async function committee(ctx: AppContext, who: Actor | null, tenderId: string) {
  const t = await repo.tenderFacts(ctx.db, tenderId);
  const d = t ? await repo.liveDrawOfTender(ctx.db, tenderId) : undefined;
  const ref = { centerId: t?.center_id ?? '', resultPublic: !!t && RESULT_PUBLIC.includes(t.status) };
  authorize(expertDrawPolicy, who, 'read_names', ref);
  if (!t || !d || d.status !== 'drawn') throw DRAW_NOT_FOUND();
  const members = await repo.membersOf(ctx.db, d.id);
  return { tenderId, members: members.filter((m) => m.seat === 'seated').map((m) => ({ rank: m.rank, name: m.name, employerName: m.employer_name })) };
}
