import type { Db, Tx } from '../../db/database.ts';
import type { TradingProjectKind } from '../../db/types.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, evaluationPolicy, requireActor, type Actor, type EvaluationRef } from '../../policies/index.ts';
import { DRAWABLE, replaceSeated } from '../experts/draw.service.ts';
import { lookUpRegistryRecords, registryDue } from '../bids/registry-records.ts';
import * as experts from '../experts/experts.repository.ts';
import { recusalReasons } from '../experts/recusal.ts';
import { notify } from '../notifications/notifications.ts';
import { assertNotSuspended } from '../trading/suspension.ts';
import { runTransition } from '../trading/tender.service.ts';
import { MIN_VALID_BIDS } from '../trading/tender.transitions.ts';
import * as trading from '../trading/trading.repository.ts';
import { candidatesOf, criteriaOf, evaluate, fromHundredths, rejectedBids, relatedBids, sameRepresentative, toHundredths, type BidIn } from './evaluation.compute.ts';
import * as repo from './evaluation.repository.ts';
import type { DeclineBody, PublishBody, RejectionBody, ReviewBody, SheetBody } from './evaluation.schemas.ts';
import { renderEvaluationReport } from './report-pdf.ts';

/**
 * Evaluation (评标, docs/trading.md "Evaluation"): each seated expert of the tender's drawn committee scores
 * every opened bid on the tender's criteria and submits the sheet, after which it is final; when every seated
 * expert has submitted, the center's trading staff publish the ranked candidates through the tender's
 * `publish_candidates` transition, and the report (a PDF naming the experts, as the result is then public)
 * is kept. Every refusal is a guard that writes nothing.
 */
const TENDER = { zh: '招标项目', en: 'Tender' };
/** Fewer valid bids than this is "明显缺乏竞争" (评标委员会和评标方法暂行规定 第二十七条): the summary warns. */
const COMPETITIVE_BIDS = 3;
export const evaluationStream = (tenderId: string) => `evaluation:${tenderId}`;

/** Everything the rules need about one tender's evaluation, read in one go (under the tender's lock when writing). */
async function load(db: Db | Tx, tenderId: string, lock: boolean) {
  const t = lock ? await trading.lockTender(db as Tx, tenderId) : await trading.findTender(db, tenderId);
  if (!t) throw NOT_FOUND(TENDER);
  const [seated, bids, scores, submissions, rejections, project] = await Promise.all([
    experts.seatedOf(db, t.id), repo.openedBidsOf(db, t.id), experts.scoresOf(db, t.id), experts.submissionsOf(db, t.id), repo.rejectionsOf(db, t.id),
    trading.findProject(db, t.project_id),
  ]);
  const ref: EvaluationRef = { centerId: t.center_id, seatedUserIds: seated.flatMap((e) => (e.user_id ? [e.user_id] : [])) };
  const submitted = new Map(submissions.map((s) => [s.expert_id, s.submitted_at]));
  // The fewest valid bids from which candidates may be published, for the project's kind (政府采购法 第三十六条).
  const minValidBids = MIN_VALID_BIDS[project!.kind as TradingProjectKind];
  // The bids related by their bidders' declarations and the registry's records (条例 第三十四条): all void, each to be rejected.
  const related = relatedBids(bids.map((b) => ({
    id: b.id, name: b.name, orgCode: b.credit_code, representativeId: b.representative_id_number, controllerCode: b.controller_code, managerCode: b.manager_code,
    registry: b.registry_outcome === 'found' ? { representativeId: b.registry_representative_id, controllerCode: b.registry_controller_code, managerCode: b.registry_manager_code } : null,
  })));
  return { t, seated, bids, scores, submitted, rejections, ref, criteria: criteriaOf(t), minValidBids, related };
}
type Loaded = Awaited<ReturnType<typeof load>>;

/**
 * The evaluation for a reader allowed on this tender. The registry is asked only after that check, outside any
 * transaction, and only when a bidder is due (registryDue, from what the load already read); then it is read again.
 */
async function loadForReader(ctx: AppContext, who: Actor | null, action: 'score' | 'follow' | 'publish', tenderId: string): Promise<Loaded> {
  const l = await load(ctx.db, tenderId, false);
  authorize(evaluationPolicy, who, action, l.ref);
  const now = ctx.clock.now();
  const due = l.bids.some((b) => registryDue(ctx, { credit_code: b.credit_code, outcome: b.registry_outcome, looked_up_at: b.registry_looked_up_at }, now));
  if (!due) return l;
  await lookUpRegistryRecords(ctx, tenderId);
  return load(ctx.db, tenderId, false);
}

/** The relations that void the bid (the guard's), and those only another bidder's declaration claims (to verify). */
const relatedView = (l: Loaded, bidId: string) => l.related.get(bidId)!.filter((r) => r.binding).map((r) => ({ name: r.name, relation: r.relation }));
const claimedView = (l: Loaded, bidId: string) => l.related.get(bidId)!.filter((r) => !r.binding).map((r) => ({ name: r.name, relation: r.relation }));
/** Whether a bid is void by a relation (条例 第三十四条): every sheet rejects it. */
const voidByRelation = (l: Loaded, bidId: string) => l.related.get(bidId)!.some((r) => r.binding);
/** What the registry answered about a bid's bidder for this tender: `missing` while it has not (the declarations still relate). */
const registryOf = (b: Loaded['bids'][number]): 'found' | 'not_found' | 'missing' => (b.registry_outcome === 'found' || b.registry_outcome === 'not_found' ? b.registry_outcome : 'missing');
/** The bidders the registry has not answered about: the sheet and the summary say the check is missing for them. */
const registryMissing = (l: Loaded) => l.bids.filter((b) => registryOf(b) === 'missing').map((b) => b.name);
const bidIn = (b: Loaded['bids'][number]): BidIn => ({ id: b.id, name: b.name, orgCode: b.credit_code ?? '', priceFen: b.price_fen, submittedAt: b.submitted_at });
const criterionView = (c: { key: string; name: { zh: string; en: string }; weight: number }) => ({ key: c.key, name: c.name, max: c.weight });

/** The guards every change of a sheet passes: a seated member, the tender in evaluation, the sheet not submitted. */
function mySeat(who: Actor, l: Loaded) {
  authorize(evaluationPolicy, who, 'score', l.ref);
  if (l.t.status !== 'evaluation') throw errors.EVALUATION_STATE({ status: l.t.status });
  const me = l.seated.find((e) => e.user_id === who.id)!;
  if (l.submitted.has(me.id)) throw errors.EVALUATION_SUBMITTED();
  return me;
}

/**
 * Recusal holds until the sheet is in (招标投标法实施条例 第四十六条): the draw excluded the bidders' people it knew of
 * at the commitment, but a bidder may take the documents or hand in a bid afterwards, and an expert may declare a
 * relative or an interest later. A seated expert who, by the facts now, works for a bidder, the buyer or the
 * supervising department, or whose declared relative or interest names a bidder (or the buyer), scores nothing; the
 * draw operator records the recusal as a decline and the next reserve takes the seat (experts/draw.service.ts).
 */
async function assertNotRecused(db: Db | Tx, tenderId: string, expertId: string) {
  const [expert, facts, bidderCodes, declarations] = await Promise.all([
    experts.findExpert(db, expertId), experts.tenderFacts(db, tenderId), experts.registeredBidderCodes(db, tenderId), experts.declarationsOf(db, expertId),
  ]);
  const reasons = recusalReasons(
    { id: expertId, employer_code: expert!.employer_code },
    declarations.map((d) => ({ expert_id: d.expert_id, kind: d.kind, org_code: d.org_code })),
    false,
    { bidderCodes, buyerCode: facts!.buyer_org_code, supervisorCode: facts!.supervisor_code },
  );
  if (reasons.length) throw errors.EVALUATION_EXPERT_RECUSED({ reasons });
}

// ---------------------------------------------------------------- the expert's side

export async function myEvaluations(ctx: AppContext, who: Actor | null, q: { page: number; pageSize: number }) {
  authorize(evaluationPolicy, who, 'score');
  const rows = await repo.tendersOfExpertAccount(ctx.db, who!.id, q.pageSize, (q.page - 1) * q.pageSize);
  return {
    page: q.page, pageSize: q.pageSize,
    rows: rows.map((r) => ({ tenderId: r.id, title: r.title, status: r.status, drawnAt: r.drawn_at?.toISOString() ?? null, submittedAt: r.submitted_at?.toISOString() ?? null })),
  };
}

export async function mySheet(ctx: AppContext, who: Actor | null, tenderId: string) {
  authorize(evaluationPolicy, who, 'score');
  const l = await loadForReader(ctx, who, 'score', tenderId);
  const me = l.seated.find((e) => e.user_id === who!.id)!;
  const [mine, returned] = await Promise.all([repo.sheetScores(ctx.db, l.t.id, me.id), experts.returnOf(ctx.db, l.t.id, me.id)]);
  const submittedAt = l.submitted.get(me.id) ?? null;
  const myVotes = new Map(l.rejections.filter((r) => r.expert_id === me.id).map((r) => [r.bid_id, { ground: r.ground, note: r.note }]));
  const namesakes = sameRepresentative(l.bids.map((b) => ({ id: b.id, name: b.name, legalRepresentative: b.legal_representative })));
  return {
    tender: { id: l.t.id, title: l.t.title, status: l.t.status, budgetFen: l.t.budget_fen },
    criteria: l.criteria.map(criterionView),
    bids: l.bids.map((b) => ({
      id: b.id, bidderName: b.name, priceFen: b.price_fen, fileName: b.opened_file_name,
      aboveBudget: l.t.budget_fen !== null && b.price_fen !== null && b.price_fen > l.t.budget_fen,
      myRejection: myVotes.get(b.id) ?? null, sameRepresentativeAs: namesakes.get(b.id) ?? [], related: relatedView(l, b.id), claimedRelated: claimedView(l, b.id), registry: registryOf(b),
    })),
    registryMissing: registryMissing(l),
    scores: mine.map((s) => ({ bidId: s.bid_id, criterion: s.criterion, score: fromHundredths(toHundredths(s.score)) })),
    submittedAt: submittedAt?.toISOString() ?? null,
    returnedForReview: returned ? { at: returned.returned_at.toISOString(), reason: returned.reason } : null,
    editable: l.t.status === 'evaluation' && !submittedAt,
    // The seat can be given up while replacements are made (replaceSeated) and the sheet was never in (declineMySeat).
    canDecline: DRAWABLE.includes(l.t.status) && !submittedAt && !returned,
  };
}

/**
 * A change of the caller's own sheet: under the tender's lock, after the sheet's guards (a seated member, the tender in
 * evaluation, the sheet not submitted, not suspended, not recused); answers the sheet as it then is.
 */
async function changeMySheet(ctx: AppContext, who: Actor | null, tenderId: string, change: (c: { tx: Tx; l: Loaded; me: Loaded['seated'][number]; actor: Actor; now: Date }) => Promise<void>) {
  authorize(evaluationPolicy, who, 'score');
  const actor = requireActor(who);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const l = await load(tx, tenderId, true);
    const me = mySeat(actor, l);
    await assertNotSuspended(tx, l.t.id);
    await assertNotRecused(tx, l.t.id, me.id);
    await change({ tx, l, me, actor, now });
  });
  return mySheet(ctx, who, tenderId);
}

/** An opened bid of this tender (the only ones on a sheet). */
function assertOnSheet(l: Loaded, bidId: string, field: string) {
  if (!l.bids.some((b) => b.id === bidId)) throw errors.EVALUATION_BID_NOT_SCORABLE({ field });
}

/** Saves scores of the caller's sheet (a draft: they may be changed until the sheet is submitted). */
export function saveScores(ctx: AppContext, who: Actor | null, tenderId: string, body: SheetBody) {
  return changeMySheet(ctx, who, tenderId, async ({ tx, l, me, actor, now }) => {
    const criteria = new Map(l.criteria.map((c) => [c.key, c]));
    // Every line is checked before the first is written.
    for (const s of body.scores) {
      const c = criteria.get(s.criterion);
      if (!c) throw errors.EVALUATION_CRITERION_UNKNOWN({ criterion: s.criterion, field: 'scores' });
      assertOnSheet(l, s.bidId, 'scores');
      const h = s.score * 100;
      if (s.score < 0 || s.score > c.weight || Math.abs(h - Math.round(h)) > 1e-6) throw errors.EVALUATION_SCORE_RANGE({ criterion: s.criterion, max: c.weight, field: 'scores' });
    }
    for (const s of body.scores) {
      await experts.upsertScore(tx, { tender_id: l.t.id, bid_id: s.bidId, expert_id: me.id, criterion: s.criterion, score: (Math.round(s.score * 100) / 100).toFixed(2), scored_at: now });
    }
    await appendAudit(tx, { stream: evaluationStream(l.t.id), action: 'evaluation.scored', actorId: actor.id, at: now, data: { expertId: me.id, lines: body.scores.length } });
  });
}

/**
 * The caller's vote to reject an opened bid (否决投标, 条例 第五十一条 and 第三十四条), with the ground and the facts, on
 * their sheet: changeable like the scores until the sheet is submitted. The bid is rejected when more than half of the
 * committee voted so (evaluation.compute.ts rejectedBids); the expert still scores it, so the sheet stays complete.
 */
export function voteRejection(ctx: AppContext, who: Actor | null, tenderId: string, bidId: string, body: RejectionBody) {
  return changeMySheet(ctx, who, tenderId, async ({ tx, l, me, actor, now }) => {
    assertOnSheet(l, bidId, 'bidId');
    await repo.upsertRejection(tx, { tender_id: l.t.id, bid_id: bidId, expert_id: me.id, ground: body.ground, note: body.note, voted_at: now });
    await appendAudit(tx, { stream: evaluationStream(l.t.id), action: 'evaluation.rejection_voted', actorId: actor.id, at: now, data: { expertId: me.id, bidId, ground: body.ground, note: body.note } });
  });
}

/** The caller withdraws their vote to reject a bid (until the sheet is submitted); nothing is written when there was none. */
export function withdrawRejection(ctx: AppContext, who: Actor | null, tenderId: string, bidId: string) {
  return changeMySheet(ctx, who, tenderId, async ({ tx, l, me, actor, now }) => {
    assertOnSheet(l, bidId, 'bidId');
    if (await repo.deleteRejection(tx, l.t.id, bidId, me.id)) {
      await appendAudit(tx, { stream: evaluationStream(l.t.id), action: 'evaluation.rejection_withdrawn', actorId: actor.id, at: now, data: { expertId: me.id, bidId } });
    }
  });
}

/** Submits the caller's sheet: every opened bid scored on every criterion; afterwards it cannot change. */
export async function submitSheet(ctx: AppContext, who: Actor | null, tenderId: string) {
  authorize(evaluationPolicy, who, 'score');
  // Before the tender's lock, outside any transaction, and only for a member of this committee: the registry is asked
  // when a bidder is due. A submission reads the evaluation once more for it; submissions are few.
  await loadForReader(ctx, who, 'score', tenderId);
  return changeMySheet(ctx, who, tenderId, async ({ tx, l, me, actor, now }) => {
    const have = new Set((await repo.sheetScores(tx, l.t.id, me.id)).map((s) => `${s.bid_id}|${s.criterion}`));
    const missing = l.bids.reduce((n, b) => n + l.criteria.filter((c) => !have.has(`${b.id}|${c.key}`)).length, 0);
    if (!l.bids.length) throw errors.EVALUATION_NO_BIDS();
    if (missing) throw errors.EVALUATION_SHEET_INCOMPLETE({ missing });
    // 条例 第三十四条: bids related by their bidders' declarations or the registry's records are void; the sheet rejects each before it is final.
    const voted = new Set(l.rejections.filter((r) => r.expert_id === me.id).map((r) => r.bid_id));
    const unrejected = l.bids.filter((b) => voidByRelation(l, b.id) && !voted.has(b.id));
    if (unrejected.length) throw errors.EVALUATION_RELATED_NOT_REJECTED({ bidders: unrejected.map((b) => b.name) });
    await experts.insertSubmission(tx, { tender_id: l.t.id, expert_id: me.id, submitted_at: now });
    await appendAudit(tx, { stream: evaluationStream(l.t.id), action: 'evaluation.submitted', actorId: actor.id, at: now, data: { expertId: me.id } });
  });
}

/**
 * The caller gives up their seat (回避, or cannot take part), with the reason: the first reserve takes it, as when the
 * draw operator records a decline (experts/draw.service.ts replaceSeated: not once the evaluation is over, not with no
 * reserve left). Not after the caller's sheet is in, nor once it was returned for review: a member who has concluded is
 * replaced only by the operator (条例 第四十八条, whose replacement voids the conclusions). Allowed to a recused expert: declining is what recusal asks.
 */
export async function declineMySeat(ctx: AppContext, who: Actor | null, tenderId: string, body: DeclineBody) {
  authorize(evaluationPolicy, who, 'score');
  const actor = requireActor(who);
  const l = await load(ctx.db, tenderId, false);
  authorize(evaluationPolicy, who, 'score', l.ref);
  const me = l.seated.find((e) => e.user_id === actor.id)!;
  // A seated member sits on the tender's live draw; should it be gone meanwhile, the seat is no longer there.
  const draw = await experts.liveDrawOfTender(ctx.db, l.t.id);
  if (!draw) throw errors.DRAW_MEMBER_STATE();
  await ctx.db.transaction().execute((tx) => replaceSeated(tx, {
    drawId: draw.id, expertId: me.id, reason: body.reason, actorId: actor.id, now: ctx.clock.now(), byExpert: true,
    // Under the tender's lock: a sheet submitted meanwhile is seen.
    check: async (id) => {
      if ((await experts.submissionsOf(tx, id)).some((x) => x.expert_id === me.id)) throw errors.EVALUATION_SUBMITTED();
      // A sheet returned for review was in once: its expert has concluded, and only the draw operator replaces them.
      if (await experts.returnOf(tx, id, me.id)) throw errors.EVALUATION_RETURNED_NO_DECLINE();
    },
  }));
  return { tenderId: l.t.id, seat: 'declined' as const };
}

// ---------------------------------------------------------------- the trading center's side

/** Totals, flags and ranking over the submitted sheets; experts by seat number, named once the result is public. */
function results(ctx: AppContext, l: Loaded) {
  const counted = l.seated.filter((e) => l.submitted.has(e.id)).map((e) => e.id);
  const seatOf = new Map(l.seated.map((e, i) => [e.id, i + 1]));
  // A rejected bid is neither ranked nor a candidate (条例 第五十一条); its totals are still shown, unranked.
  const rejected = rejectedBids(l.rejections.map((r) => ({ bidId: r.bid_id, expertId: r.expert_id })), counted, l.seated.length);
  const scores = l.scores.map((s) => ({ bidId: s.bid_id, expertId: s.expert_id, criterion: s.criterion, score: s.score }));
  const share = ctx.config.EVALUATION_OUTLIER_SHARE;
  const ranked = evaluate(l.bids.filter((b) => !rejected.has(b.id)).map(bidIn), counted, scores, share);
  const unranked = evaluate(l.bids.filter((b) => rejected.has(b.id)).map(bidIn), counted, scores, share).map((r) => ({ ...r, rank: null }));
  const votesOf = (bidId: string) => l.rejections.filter((r) => r.bid_id === bidId && counted.includes(r.expert_id))
    .map((r) => ({ seat: seatOf.get(r.expert_id)!, ground: r.ground, note: r.note })).sort((a, b) => a.seat - b.seat);
  return { ranked, unranked, rejected, votesOf, seatOf, finished: l.seated.length > 0 && counted.length === l.seated.length, ...toReview(l, counted) };
}

/**
 * The submitted sheets that do not reject every related bid, and those bids. Every sheet rejects every related bid (条例
 * 第三十四条: they are void): submitSheet refuses a sheet that does not, by the relations known then. A relation known
 * only later (the registry was down, or a declaration changed) can leave such a sheet in; publishing is then refused
 * (EVALUATION_RELATED_TO_REVIEW) until the trading staff return those sheets to their experts for review
 * (returnForReview), who reject the bids by the facts now known and submit again. Empty in the ordinary course.
 */
function toReview(l: Loaded, counted: string[]) {
  const relatedIds = l.bids.filter((b) => voidByRelation(l, b.id)).map((b) => b.id);
  const votes = new Set(l.rejections.map((r) => `${r.expert_id}|${r.bid_id}`));
  const rejects = (expertId: string, bidId: string) => votes.has(`${expertId}|${bidId}`);
  const sheetsToReview = counted.filter((expertId) => relatedIds.some((bidId) => !rejects(expertId, bidId)));
  const relatedUnrejected = l.bids.filter((b) => relatedIds.includes(b.id) && sheetsToReview.some((expertId) => !rejects(expertId, b.id))).map((b) => b.name);
  return { relatedUnrejected, sheetsToReview };
}

export async function summary(ctx: AppContext, who: Actor | null, tenderId: string) {
  authorize(evaluationPolicy, who, 'follow');
  const l = await loadForReader(ctx, who, 'follow', tenderId);
  const { ranked, unranked, rejected, votesOf, seatOf, finished, relatedUnrejected, sheetsToReview } = results(ctx, l);
  const resultPublic = l.t.candidates_published_at !== null;
  const [report, returns] = await Promise.all([experts.reportOf(ctx.db, l.t.id), experts.returnsOf(ctx.db, l.t.id)]);
  const returnedAt = new Map(returns.map((r) => [r.expert_id, r.returned_at]));
  const needed = l.bids.length * l.criteria.length;
  const allRejected = finished && l.bids.length > 0 && ranked.length === 0;
  const tooFewValidBids = finished && !allRejected && l.minValidBids !== null && ranked.length < l.minValidBids;
  return {
    tender: { id: l.t.id, title: l.t.title, status: l.t.status, candidatesPublishedAt: l.t.candidates_published_at?.toISOString() ?? null, candidatesUntil: l.t.candidates_until?.toISOString() ?? null },
    criteria: l.criteria.map(criterionView), outlierShare: ctx.config.EVALUATION_OUTLIER_SHARE, resultPublic,
    experts: l.seated.map((e, i) => ({
      seat: i + 1, name: resultPublic ? e.name : null, hasAccount: e.user_id !== null,
      scored: l.scores.filter((s) => s.expert_id === e.id).length, needed, submittedAt: l.submitted.get(e.id)?.toISOString() ?? null,
      returnedAt: returnedAt.get(e.id)?.toISOString() ?? null,
    })),
    bids: [...ranked, ...unranked].map((r) => ({
      bidId: r.bidId, name: r.name, orgCode: r.orgCode, priceFen: r.priceFen, total: r.total, rank: r.rank,
      experts: r.experts.map((x) => ({ seat: seatOf.get(x.expertId)!, total: x.total, othersMean: x.othersMean, deviation: x.deviation, outlier: x.outlier })),
      rejected: rejected.has(r.bidId), rejections: votesOf(r.bidId), related: relatedView(l, r.bidId), claimedRelated: claimedView(l, r.bidId), registry: registryOf(l.bids.find((b) => b.id === r.bidId)!),
    })),
    registryMissing: registryMissing(l),
    relatedUnrejected, sheetsToReview: sheetsToReview.map((id) => seatOf.get(id)!).sort((a, b) => a - b),
    canReturnForReview: sheetsToReview.length > 0 && l.t.status === 'evaluation' && evaluationPolicy.can(who, 'publish', l.ref),
    candidates: l.t.candidates ?? (finished && !relatedUnrejected.length ? candidatesOf(ranked) : []),
    // With every bid rejected there is nothing to publish (EVALUATION_NO_VALID_BIDS); with fewer valid bids than the kind's
    // floor (TENDER_TOO_FEW_VALID_BIDS) the tender is annulled: either way it is declared unsuccessful. Below three valid
    // bids without a floor (construction) the committee may have rejected all (评标委员会和评标方法暂行规定 第二十七条): a warning.
    finished, allRejected, validBids: ranked.length, minValidBids: l.minValidBids, tooFewValidBids,
    lacksCompetition: finished && !allRejected && !tooFewValidBids && ranked.length < COMPETITIVE_BIDS,
    canPublish: finished && ranked.length > 0 && !tooFewValidBids && !relatedUnrejected.length && l.t.status === 'evaluation' && evaluationPolicy.can(who, 'publish', l.ref), reportAvailable: !!report,
  };
}

/**
 * The trading center publishes the candidates once every seated expert has submitted: the ranking's first
 * three go to the tender's `publish_candidates` transition (which guards the 3-day publicity period), and the
 * report is rendered and kept, in the same transaction.
 */
export async function publishCandidates(ctx: AppContext, who: Actor | null, tenderId: string, body: PublishBody) {
  authorize(evaluationPolicy, who, 'publish');
  const actor = requireActor(who);
  // The registry is asked (when a bidder is due) before the tender's lock, as for a sheet: a relation it now reveals
  // stops the publication below.
  await loadForReader(ctx, who, 'publish', tenderId);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const l = await load(tx, tenderId, true);
    authorize(evaluationPolicy, who, 'publish', l.ref);
    if (l.t.status !== 'evaluation') throw errors.EVALUATION_STATE({ status: l.t.status });
    if (!l.seated.length) throw errors.EVALUATION_NO_COMMITTEE();
    if (!l.bids.length) throw errors.EVALUATION_NO_BIDS();
    const pending = l.seated.filter((e) => !l.submitted.has(e.id)).length;
    if (pending) throw errors.EVALUATION_NOT_FINISHED({ pending });
    const { ranked, unranked, votesOf, seatOf, relatedUnrejected } = results(ctx, l);
    // 条例 第三十四条: a related bid is void; a sheet in that does not reject it (a relation known only after the sheet
    // was in) is reviewed before the ranking is published.
    if (relatedUnrejected.length) throw errors.EVALUATION_RELATED_TO_REVIEW({ bidders: relatedUnrejected });
    // Every bid rejected: there is no candidate to publish; the tender is declared unsuccessful and tendered again
    // (招标投标法 第四十二条, 条例 第五十一条), from the tender console.
    if (!ranked.length) throw errors.EVALUATION_NO_VALID_BIDS({ rejected: unranked.length });
    const candidates = candidatesOf(ranked);
    // The transition refuses fewer valid bids than the project's kind requires (TENDER_TOO_FEW_VALID_BIDS).
    // The returns for review, one line per return (the experts returned together share its time and reason); an expert
    // since replaced by the draw operator no longer has a seat, and their conclusions are void (条例 第四十八条).
    const reviews = new Map<string, { at: Date; seats: number[]; reason: string }>();
    for (const x of await experts.returnsOf(tx, l.t.id)) {
      if (!seatOf.has(x.expert_id)) continue;
      const key = `${x.returned_at.toISOString()}|${x.reason}`;
      if (!reviews.has(key)) reviews.set(key, { at: x.returned_at, seats: [], reason: x.reason });
      reviews.get(key)!.seats.push(seatOf.get(x.expert_id)!);
    }
    const moved = await runTransition(tx, l.t, 'publish_candidates', { candidates, candidatesUntil: body.candidatesUntil, validBids: ranked.length }, { actorId: actor.id, sides: ['system'], now });
    const pdf = await renderEvaluationReport({
      centerName: await repo.centerName(tx, l.t.center_id), title: l.t.title, criteria: l.criteria, outlierShare: ctx.config.EVALUATION_OUTLIER_SHARE,
      experts: l.seated.map((e, i) => ({ seat: i + 1, name: e.name, submittedAt: l.submitted.get(e.id)! })),
      bids: ranked, seatOf, scores: l.scores, candidates, publishedAt: now, candidatesUntil: moved.candidates_until!,
      rejected: unranked.map((r) => ({ name: r.name, votes: votesOf(r.bidId) })),
      reviews: [...reviews.values()].map((v) => ({ ...v, seats: v.seats.sort((a, b) => a - b) })),
    });
    const stored = await ctx.storage.putBuffer(pdf);
    const outliers = ranked.flatMap((r) => r.experts.filter((x) => x.outlier).map((x) => ({ bidId: r.bidId, seat: seatOf.get(x.expertId)!, total: x.total, othersMean: x.othersMean, deviation: x.deviation })));
    await experts.insertReport(tx, {
      tender_id: l.t.id, ranking: JSON.stringify(ranked.map((r) => ({ rank: r.rank, bidId: r.bidId, name: r.name, orgCode: r.orgCode, total: r.total, priceFen: r.priceFen }))),
      outliers: JSON.stringify(outliers), report_file: stored.key, finished_by: actor.id, finished_at: now,
    });
    await appendAudit(tx, { stream: evaluationStream(l.t.id), action: 'evaluation.candidates_published', actorId: actor.id, at: now, data: { candidates: candidates.map((c) => c.orgCode), rejected: unranked.map((r) => r.orgCode), outliers: outliers.length, reportSha256: stored.sha256 } });
  });
  return summary(ctx, who, tenderId);
}

/**
 * The trading staff return to their experts the submitted sheets that do not reject every related bid (toReview), with
 * the reason: those sheets are open again (scores and votes kept), and each is submitted again only once it rejects
 * every related bid (submitSheet's guard). Refused when no sheet needs it, nothing written.
 */
export async function returnForReview(ctx: AppContext, who: Actor | null, tenderId: string, body: ReviewBody) {
  authorize(evaluationPolicy, who, 'publish');
  const actor = requireActor(who);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const l = await load(tx, tenderId, true);
    authorize(evaluationPolicy, who, 'publish', l.ref);
    if (l.t.status !== 'evaluation') throw errors.EVALUATION_STATE({ status: l.t.status });
    const { sheetsToReview, relatedUnrejected, seatOf } = results(ctx, l);
    if (!sheetsToReview.length) throw errors.EVALUATION_NOTHING_TO_REVIEW();
    await experts.returnSubmissions(tx, { tenderId: l.t.id, expertIds: sheetsToReview, at: now, by: actor.id, reason: body.reason });
    // Each expert is told on their workbench (the bell), with the reason and a link to the sheet.
    await notify(tx, {
      kind: 'evaluation.returned_for_review', centerId: l.t.center_id, caseId: null, departmentId: null,
      userIds: l.seated.flatMap((e) => (sheetsToReview.includes(e.id) && e.user_id ? [e.user_id] : [])),
      title: { zh: `评分表已退回复核：${l.t.title}`, en: `Your score sheet was returned for review: ${l.t.title}` },
      data: { tenderId: l.t.id, reason: body.reason, link: `/workbench/evaluation/${l.t.id}` }, at: now,
    });
    await appendAudit(tx, {
      stream: evaluationStream(l.t.id), action: 'evaluation.returned_for_review', actorId: actor.id, at: now,
      data: { expertIds: sheetsToReview, seats: sheetsToReview.map((id) => seatOf.get(id)!), bidders: relatedUnrejected, reason: body.reason },
    });
  });
  return summary(ctx, who, tenderId);
}

/** The evaluation report (PDF), kept at publication. */
export async function reportPdf(ctx: AppContext, who: Actor | null, tenderId: string): Promise<Buffer> {
  authorize(evaluationPolicy, who, 'read_report');
  const t = await trading.findTender(ctx.db, tenderId);
  if (!t) throw NOT_FOUND(TENDER);
  authorize(evaluationPolicy, who, 'read_report', { centerId: t.center_id, seatedUserIds: [] });
  const report = await experts.reportOf(ctx.db, t.id);
  if (!report) throw NOT_FOUND({ zh: '评标报告', en: 'Evaluation report' });
  const chunks: Buffer[] = [];
  for await (const c of ctx.storage.open(report.report_file)) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
