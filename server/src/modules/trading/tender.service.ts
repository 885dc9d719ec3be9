import type { Db, Tx } from '../../db/database.ts';
import type { PassOverReason, TenderCandidate, TenderContract, TenderCriterion, TradingProjectKind } from '../../db/types.ts';
import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { DomainError, errors, NOT_FOUND } from '../../lib/errors.ts';
import { maskName } from '../../lib/mask.ts';
import { authorize, requireActor, sidesOnTender, tenderListScope, tradingPolicy, type Actor, type TenderRef, type TenderSide } from '../../policies/index.ts';
import { messageApplicant } from '../notifications/applicant-messages.ts';
import { awardsInOrder, decideAward, reAward } from './award-order.ts';
import { contractDueBy, contractTerms } from './contract-terms.ts';
import { biddersSealed } from './bidders-seal.ts';
import { assertNoPendingObjection, assertNotSuspended, suspensionView } from './suspension.ts';
import {
  AMENDABLE_STATES, assertBiddingPeriod, MIN_CANDIDATE_DAYS, MIN_DAYS_AFTER_CHANGE, tenderActionsFrom, tenderRow,
  type TenderFacts, type TenderTransition, type TenderVerb,
} from './tender.transitions.ts';
import * as repo from './trading.repository.ts';
import type { ActionBody, AmendBody, NewProjectBody, NewTenderBody } from './trading.schemas.ts';

/** The rules of tenders (docs/trading.md): projects, the lifecycle, amendments, revisions, reading. */

const DAY_MS = 86_400_000;
const TENDER = { zh: '招标项目', en: 'Tender' };
export const tenderStream = (id: string) => `tender:${id}`;

export const refOf = (t: repo.TenderRow, p: { department_id: string }): TenderRef =>
  ({ centerId: t.center_id, departmentId: p.department_id, published: t.published_at !== null });

// ---------------------------------------------------------------- projects

export async function createProject(ctx: AppContext, who: Actor | null, b: NewProjectBody) {
  authorize(tradingPolicy, who, 'manage');
  const me = who!;
  const centerId = me.centerId!;
  const dept = await ctx.db.selectFrom('departments').select('id').where('id', '=', b.departmentId).where('center_id', '=', centerId).executeTakeFirst();
  if (!dept) throw errors.TRADING_DEPARTMENT_UNKNOWN({ field: 'departmentId' });
  if (await repo.projectByCode(ctx.db, centerId, b.code)) throw errors.TRADING_PROJECT_CODE_TAKEN({ field: 'code' });
  const region = (await ctx.db.selectFrom('centers').select('region_code').where('id', '=', centerId).executeTakeFirstOrThrow()).region_code;
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const p = await repo.insertProject(tx, {
      center_id: centerId, kind: b.kind, code: b.code, name: b.name, buyer_name: b.buyerName, buyer_org_code: b.buyerOrgCode,
      agent_name: b.agentName ?? null, agent_org_code: b.agentOrgCode ?? null, department_id: dept.id, region_code: b.regionCode ?? region,
      state_funded: b.stateFunded, created_by: me.id, created_at: now,
    });
    for (const [i, l] of (b.lots ?? []).entries()) {
      await repo.insertLot(tx, { project_id: p.id, lot_no: i + 1, name: l.name, budget_fen: l.budgetFen ?? null, created_at: now });
    }
    await appendAudit(tx, { stream: `trading_project:${p.id}`, action: 'trading.project_created', actorId: me.id, at: now, data: { code: p.code, kind: p.kind, stateFunded: p.state_funded } });
    return { id: p.id };
  });
}

// ---------------------------------------------------------------- tenders

function checkCriteria(criteria: TenderCriterion[]) {
  const keys = new Set(criteria.map((c) => c.key));
  if (criteria.length && (keys.size !== criteria.length || criteria.reduce((s, c) => s + c.weight, 0) !== 100)) throw errors.TENDER_CRITERIA_INVALID({ field: 'criteria' });
}

function checkPeriods(p: { clarificationUntil: Date | null; bidDeadline: Date | null; openingAt: Date | null }) {
  const { clarificationUntil: c, bidDeadline: d, openingAt: o } = p;
  if ((c && d && c > d) || (o && d && o < d)) throw errors.TENDER_PERIODS_ORDER({ field: 'bidDeadline' });
}

const dateOrNull = (s: string | null | undefined) => (s ? new Date(s) : null);

export async function createTender(ctx: AppContext, who: Actor | null, projectId: string, b: NewTenderBody) {
  authorize(tradingPolicy, who, 'manage');
  const p = await repo.findProject(ctx.db, projectId);
  if (!p) throw NOT_FOUND({ zh: '交易项目', en: 'Trading project' });
  authorize(tradingPolicy, who, 'manage', { centerId: p.center_id, departmentId: p.department_id, published: false });
  if (b.lotId && !(await repo.lotsOf(ctx.db, p.id)).some((l) => l.id === b.lotId)) throw errors.TRADING_LOT_UNKNOWN({ field: 'lotId' });
  checkCriteria(b.criteria);
  const periods = { clarificationUntil: dateOrNull(b.clarificationUntil), bidDeadline: dateOrNull(b.bidDeadline), openingAt: dateOrNull(b.openingAt) };
  checkPeriods(periods);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const t = await repo.insertTender(tx, {
      project_id: p.id, lot_id: b.lotId ?? null, center_id: p.center_id, status: 'draft', title: b.title, description: b.description ?? '',
      clarification_until: periods.clarificationUntil, bid_deadline: periods.bidDeadline, bidding_until: periods.bidDeadline,
      opening_at: periods.openingAt ?? periods.bidDeadline, criteria: JSON.stringify(b.criteria), committee_size: b.committeeSize ?? null,
      sector: b.sector ?? null, budget_fen: b.budgetFen ?? null, created_by: who!.id, created_at: now, updated_at: now,
    });
    await writeRevision(tx, null, t, { action: 'create', reason: null, actorId: who!.id, at: now });
    return { id: t.id };
  });
}

/** The public face of a tender: what the notice, the revisions and the OCDS release show. */
export function tenderSnapshot(t: repo.TenderRow) {
  return {
    id: t.id, projectId: t.project_id, lotId: t.lot_id, status: t.status, title: t.title, description: t.description, version: t.version,
    publishedAt: t.published_at?.toISOString() ?? null, clarificationUntil: t.clarification_until?.toISOString() ?? null,
    bidDeadline: t.bid_deadline?.toISOString() ?? null, openingAt: t.opening_at?.toISOString() ?? null, openedAt: t.opened_at?.toISOString() ?? null,
    candidatesPublishedAt: t.candidates_published_at?.toISOString() ?? null, candidatesUntil: t.candidates_until?.toISOString() ?? null,
    awardedAt: t.awarded_at?.toISOString() ?? null, contractAt: t.contract_at?.toISOString() ?? null, completedAt: t.completed_at?.toISOString() ?? null,
    closedReason: t.closed_reason, closedDocumentId: t.closed_document_id,
    criteria: t.criteria, committeeSize: t.committee_size, sector: t.sector, budgetFen: t.budget_fen,
    candidates: t.candidates, award: t.award, contract: t.contract, publicKey: t.public_key, keyThreshold: t.key_threshold, keyShares: t.key_shares,
  };
}
export type TenderSnapshot = ReturnType<typeof tenderSnapshot>;

/** Every change of a tender is a revision anyone can read (once published), and an event of its hash-chained audit stream. */
async function writeRevision(
  tx: Tx, before: repo.TenderRow | null, after: repo.TenderRow,
  r: { action: string; reason: string | null; actorId: string | null; at: Date; extra?: Record<string, { from: unknown; to: unknown }> },
) {
  const a = tenderSnapshot(after);
  const b = before ? tenderSnapshot(before) : null;
  const changes: Record<string, { from: unknown; to: unknown }> = { ...r.extra };
  if (b) {
    for (const k of Object.keys(a) as Array<keyof TenderSnapshot>) {
      if (k === 'version') continue;
      if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) changes[k] = { from: b[k], to: a[k] };
    }
  }
  await repo.insertRevision(tx, {
    tender_id: after.id, version: after.version, action: r.action, from_status: before?.status ?? null, to_status: after.status,
    reason: r.reason, changes: JSON.stringify(changes), snapshot: JSON.stringify(a), actor_id: r.actorId, at: r.at,
  });
  await appendAudit(tx, { stream: tenderStream(after.id), action: `tender.${r.action}`, actorId: r.actorId, at: r.at, data: { version: after.version, from: before?.status ?? null, to: after.status, changes: Object.keys(changes) } });
}

/** The facts a row's guard reads (docs/trading.md, "The lifecycle"): the bidders for the opening and 流标 before it. */
async function factsFor(db: Db | Tx, row: TenderTransition, t: repo.TenderRow, input: TransitionInput = {}): Promise<TenderFacts> {
  const facts: TenderFacts = row.countsBidders ? { bidders: await repo.biddersHandedIn(db, t.id, t.bid_deadline) } : {};
  if (input.validBids !== undefined) facts.validBids = input.validBids;
  return facts;
}

/** The actions the caller may take now: every row of the state for their sides, less those offered only when their guard lets them through. */
async function offeredActions(ctx: AppContext, t: repo.TenderRow, kind: TradingProjectKind, sides: readonly TenderSide[]) {
  const now = ctx.clock.now();
  const offered: TenderVerb[] = [];
  for (const action of tenderActionsFrom(t.status, sides)) {
    const row = tenderRow(t.status, action, sides);
    if (row.offeredOnlyWhenAllowed) {
      const facts = await factsFor(ctx.db, row, t);
      try { row.guard?.(t, now, kind, facts); } catch (e) { if (e instanceof DomainError) continue; throw e; }
    }
    offered.push(action);
  }
  return offered;
}

export interface TransitionInput {
  reason?: string; documentId?: string;
  candidates?: TenderCandidate[]; candidatesUntil?: string;
  /** With `publish_candidates`: the bids the committee did not reject (the evaluation's ranking). */
  validBids?: number;
  winnerOrgCode?: string; passedOver?: { orgCode: string; reason: PassOverReason }[];
  contract?: TenderContract;
}

/**
 * Moves a LOCKED tender by one row of the transition table: the row's guard (server time), the action's own
 * checks and columns, the status, a revision. The bids module calls it with `sides: ['system']` to open after the
 * deadline (`open`); the experts module to publish the ranked candidates (`publish_candidates`). Run inside the
 * caller's transaction; a refusal throws before anything is written.
 */
export async function runTransition(tx: Tx, t: repo.TenderRow, action: TenderVerb, input: TransitionInput, by: { actorId: string | null; sides: readonly TenderSide[]; now: Date }) {
  // A suspended tender takes no action at all (条例 第六十二条), whoever asks (suspension.ts).
  await assertNotSuspended(tx, t.id);
  const row = tenderRow(t.status, action, by.sides);
  const project = await repo.findProject(tx, t.project_id);
  row.guard?.(t, by.now, project!.kind as TradingProjectKind, await factsFor(tx, row, t, input));
  // An unanswered objection holds the step it concerns: the opening (documents), the award (candidates).
  await assertNoPendingObjection(tx, t.id, action);
  const now = by.now;
  let fields: repo.TenderFields = {};
  switch (action) {
    case 'publish': fields = { published_at: now }; break;
    case 'open': fields = { opened_at: now }; break;
    case 'publish_candidates': {
      const c = input.candidates ?? [];
      if (!c.length || c.some((x, i) => x.rank !== i + 1) || new Set(c.map((x) => x.orgCode)).size !== c.length) throw errors.TENDER_CANDIDATES_INVALID({ field: 'candidates' });
      const minUntil = new Date(now.getTime() + MIN_CANDIDATE_DAYS * DAY_MS);
      const until = input.candidatesUntil ? new Date(input.candidatesUntil) : minUntil;
      if (until < minUntil) throw errors.TENDER_CANDIDATES_PERIOD({ days: MIN_CANDIDATE_DAYS, field: 'candidatesUntil' });
      fields = { candidates: JSON.stringify(c), candidates_published_at: now, candidates_until: until };
      break;
    }
    case 'award': {
      // The winner, in the candidates' order where the project's funding requires it (award-order.ts).
      const award = decideAward(t.candidates ?? [], input, awardsInOrder(project!));
      fields = { award: JSON.stringify(award), awarded_at: now };
      break;
    }
    case 'reaward': {
      // The new award keeps the grounds already given and adds the one of the winner it replaces.
      const award = reAward(t.candidates ?? [], t.award!, input, awardsInOrder(project!));
      fields = { award: JSON.stringify(award), awarded_at: now };
      break;
    }
    case 'sign_contract': {
      // 招标投标法 第四十六条: the contract is made on the tender documents and the winning bid; its price is the award's.
      const awarded = t.award?.priceFen ?? null;
      if (awarded !== null && input.contract?.priceFen !== awarded) {
        throw errors.TENDER_CONTRACT_PRICE_MISMATCH({ awarded: (awarded / 100).toFixed(2), field: 'contract.priceFen' });
      }
      // The same article: the contract is made from the day the award notice is sent (the last one, after a re-award),
      // and a date still to come is not a contract signed.
      const awardedOn = chinaDate(t.awarded_at!);
      const today = chinaDate(now);
      const signedOn = input.contract!.signedOn;
      if (signedOn < awardedOn || signedOn > today) throw errors.TENDER_CONTRACT_DATE_INVALID({ awardedOn, today, field: 'contract.signedOn' });
      fields = { contract: JSON.stringify(contractTerms(input.contract!, awardedOn, input.reason)), contract_at: now };
      break;
    }
    case 'complete': fields = { completed_at: now }; break;
    case 'cancel':
    case 'declare_unsuccessful':
      fields = { closed_reason: input.reason ?? null, closed_document_id: input.documentId ?? null };
      break;
    default: break;
  }
  // The one write of a status.
  const moved = await repo.moveTender(tx, t.id, row.from, row.to, fields, now);
  await writeRevision(tx, t, moved, { action, reason: input.reason ?? null, actorId: by.actorId, at: now });
  return moved;
}

/** What the public revision of the key ceremony states: never a share, a check value or private material. */
export interface TenderKeyFacts {
  publicKey: string;
  /** SM3 of the public key (the key id bids are sealed to). */
  fingerprint: string;
  threshold: number;
  /** The custodians by share number, names masked (张*): the public revision names no official. */
  custodians: { shareNo: number; name: string }[];
}

/**
 * Writes the tender's public key and its k of n on a LOCKED tender (the bids module's key ceremony, in its
 * transaction): a change that keeps the status, so a revision (action `bid_key`) anyone can read once the tender is
 * published, with the key's fingerprint, k, n and the masked custodians, and the audit event `tender.bid_key`.
 */
export async function recordTenderKey(tx: Tx, t: repo.TenderRow, key: TenderKeyFacts, by: { actorId: string; at: Date }) {
  const moved = await repo.updateTender(tx, t.id, { public_key: key.publicKey, key_threshold: key.threshold, key_shares: key.custodians.length }, by.at);
  const ceremony = {
    fingerprint: key.fingerprint, threshold: key.threshold, shares: key.custodians.length,
    custodians: key.custodians.map((c) => ({ shareNo: c.shareNo, name: maskName(c.name) })),
  };
  await writeRevision(tx, t, moved, { action: 'bid_key', reason: null, actorId: by.actorId, at: by.at, extra: { bidKey: { from: null, to: ceremony } } });
  return moved;
}

/** Loads and locks a tender for a change by the caller, checking they may act on it. */
async function lockForStaff(tx: Tx, who: Actor | null, id: string) {
  const t = await repo.lockTender(tx, id);
  if (!t) throw NOT_FOUND(TENDER);
  const p = (await repo.findProject(tx, t.project_id))!;
  authorize(tradingPolicy, who, 'read', refOf(t, p));
  authorize(tradingPolicy, who, 'manage', refOf(t, p));
  return { t, p };
}

async function fileOfActor(tx: Tx, fileId: string, actorId: string) {
  const f = await tx.selectFrom('files').select(['id', 'sha256', 'uploaded_by']).where('id', '=', fileId).executeTakeFirst();
  if (!f || f.uploaded_by !== actorId) throw errors.TENDER_FILE_UNKNOWN({ field: 'documentId' });
  return f;
}

/** A staff member takes a lifecycle action (HTTP). */
export async function act(ctx: AppContext, who: Actor | null, id: string, b: ActionBody) {
  requireActor(who);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const { t, p } = await lockForStaff(tx, who, id);
    // Candidates come from the committee's scores (POST /api/tenders/:id/evaluation/publish), never typed in.
    if (b.action === 'publish_candidates') throw errors.TENDER_CANDIDATES_FROM_EVALUATION({ field: 'action' });
    if (b.documentId) await fileOfActor(tx, b.documentId, who!.id);
    await runTransition(tx, t, b.action, b, { actorId: who!.id, sides: sidesOnTender(who, refOf(t, p)), now });
  });
  return tenderDetail(ctx, who, id);
}

/**
 * A change of the conditions (招标投标法 第二十三条). Before publication, a plain edit. After it, the change is
 * a revision every bidder must re-confirm, and the bid deadline moves so that at least 15 days remain after the
 * change (a later deadline asked for is kept); the opening follows the deadline.
 */
export async function amend(ctx: AppContext, who: Actor | null, id: string, b: AmendBody) {
  requireActor(who);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const { t, p } = await lockForStaff(tx, who, id);
    await assertNotSuspended(tx, t.id);
    if (!AMENDABLE_STATES.includes(t.status)) throw errors.TENDER_NOT_AMENDABLE({ status: t.status });
    // Once the deadline has passed (server time) the bids are fixed: moving it would take bids after the deadline.
    if (t.published_at && t.bid_deadline && now >= t.bid_deadline) throw errors.TENDER_DEADLINE_PASSED({ deadline: t.bid_deadline });
    if (b.criteria) checkCriteria(b.criteria);
    let deadline = b.bidDeadline ? new Date(b.bidDeadline) : t.bid_deadline;
    const published = t.published_at !== null;
    if (published && deadline) {
      const min = new Date(now.getTime() + MIN_DAYS_AFTER_CHANGE * DAY_MS);
      if (deadline < min) deadline = min;
    }
    let opening = b.openingAt ? new Date(b.openingAt) : t.opening_at;
    if (deadline && opening && opening < deadline) opening = deadline;
    const clarification = b.clarificationUntil !== undefined ? dateOrNull(b.clarificationUntil) : t.clarification_until;
    checkPeriods({ clarificationUntil: clarification, bidDeadline: deadline, openingAt: opening });
    if (published && deadline) {
      assertBiddingPeriod(p.kind, t.published_at!, deadline);
    }
    const moved = await repo.updateTender(tx, t.id, {
      title: b.title ?? t.title, description: b.description ?? t.description, bid_deadline: deadline, bidding_until: deadline, opening_at: opening,
      clarification_until: clarification, ...(b.criteria ? { criteria: JSON.stringify(b.criteria) } : {}),
      ...(b.committeeSize !== undefined ? { committee_size: b.committeeSize } : {}),
    }, now);
    await writeRevision(tx, t, moved, { action: 'amend', reason: b.reason, actorId: who!.id, at: now });
    if (published) {
      // Every registered bidder (who took the documents) re-confirms the changed conditions.
      for (const { user_id } of await repo.registeredBidders(tx, t.id)) {
        await repo.requireReconfirmation(tx, { tender_id: t.id, user_id, version: moved.version, required_at: now });
        await messageApplicant(tx, {
          kind: 'trading.amended', userId: user_id, centerId: t.center_id,
          title: { zh: `招标文件已变更：${t.title}`, en: `Tender conditions changed: ${t.title}` },
          body: { zh: `投标截止时间：${deadline?.toISOString() ?? '-'}（服务器时间）。请查看变更内容并确认。`, en: `Bid deadline: ${deadline?.toISOString() ?? '-'} (server time). Please read the change and confirm it.` },
          link: `/trading/tenders/${t.id}`, dedupeKey: `tender-amend:${t.id}:${moved.version}`, at: now,
        });
      }
    }
  });
  return tenderDetail(ctx, who, id);
}

/**
 * The supervising department of the project (its approvers and chiefs, who decide the complaints) lifts the
 * suspension its upheld complaint ordered, with a reason: every open suspension of the tender is closed and the
 * audit event `tender.resume` written, in one transaction. Not suspended: TENDER_NOT_SUSPENDED, nothing written.
 */
export async function resumeTender(ctx: AppContext, who: Actor | null, id: string, reason: string) {
  requireActor(who);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const t = await repo.lockTender(tx, id);
    if (!t) throw NOT_FOUND(TENDER);
    const p = (await repo.findProject(tx, t.project_id))!;
    authorize(tradingPolicy, who, 'read', refOf(t, p));
    authorize(tradingPolicy, who, 'lift_suspension', refOf(t, p));
    const lifted = await repo.resumeSuspensions(tx, t.id, { resumed_at: now, resumed_by: who!.id, resume_reason: reason });
    if (!lifted.length) throw errors.TENDER_NOT_SUSPENDED();
    await appendAudit(tx, { stream: tenderStream(t.id), action: 'tender.resume', actorId: who!.id, at: now, data: { reason, complaintIds: lifted.map((r) => r.complaint_id), status: t.status } });
  });
  return tenderDetail(ctx, who, id);
}

/** A bidder confirms the latest changed conditions. */
export async function reconfirm(ctx: AppContext, who: Actor | null, id: string) {
  requireActor(who);
  const t = await repo.findTender(ctx.db, id);
  if (!t) throw NOT_FOUND(TENDER);
  const p = (await repo.findProject(ctx.db, t.project_id))!;
  authorize(tradingPolicy, who, 'download', refOf(t, p));
  const n = await ctx.db.transaction().execute((tx) => repo.confirmReconfirmations(tx, t.id, who!.id, ctx.clock.now()));
  return { confirmed: n };
}

// ---------------------------------------------------------------- reading

async function readable(ctx: AppContext, who: Actor | null, id: string) {
  const t = await repo.findTender(ctx.db, id);
  if (!t) throw NOT_FOUND(TENDER);
  const p = (await repo.findProject(ctx.db, t.project_id))!;
  authorize(tradingPolicy, who, 'read', refOf(t, p));
  return { t, p };
}

export function projectView(p: repo.ProjectRow) {
  return {
    id: p.id, centerId: p.center_id, kind: p.kind, code: p.code, name: p.name, buyerName: p.buyer_name, buyerOrgCode: p.buyer_org_code,
    agentName: p.agent_name, agentOrgCode: p.agent_org_code, departmentId: p.department_id, regionCode: p.region_code, createdAt: p.created_at.toISOString(),
    stateFunded: p.state_funded,
  };
}

export async function tenderDetail(ctx: AppContext, who: Actor | null, id: string) {
  const { t, p } = await readable(ctx, who, id);
  const [documents, lots, pending, suspensions, sealed] = await Promise.all([
    repo.documentsOf(ctx.db, t.id), repo.lotsOf(ctx.db, p.id),
    who && who.kind !== 'staff' ? repo.pendingReconfirmations(ctx.db, t.id, who.id) : Promise.resolve([]),
    repo.suspensionsOf(ctx.db, t.id), biddersSealed(ctx.db, t),
  ]);
  const suspension = suspensionView(suspensions);
  return {
    ...tenderSnapshot(t), updatedAt: t.updated_at.toISOString(), serverTime: ctx.clock.now().toISOString(),
    project: projectView(p), awardInOrder: awardsInOrder(p),
    contractDueBy: t.awarded_at ? contractDueBy(chinaDate(t.awarded_at)) : null, lots: lots.map((l) => ({ id: l.id, lotNo: l.lot_no, name: l.name, budgetFen: l.budget_fen })),
    documents: documents.map((d) => ({ id: d.id, version: d.version, title: d.title, sha256: d.sha256, createdAt: d.created_at.toISOString() })),
    // A suspended tender offers no action (each would be refused with TENDER_SUSPENDED).
    actions: suspension.suspended ? [] : await offeredActions(ctx, t, p.kind, sidesOnTender(who, refOf(t, p))),
    ...suspension,
    // Only the supervising department's approvers and chiefs lift it (the workbench shows them the button).
    canResume: suspension.suspended && tradingPolicy.can(who, 'lift_suspension', refOf(t, p)),
    // The console shows the download register to those the register's route serves (trading staff, supervising department, oversight).
    canReadRegister: tradingPolicy.can(who, 'read_register', refOf(t, p)),
    // 招标投标法 第二十二条: until the opening the register (and every list of bidders) answers TENDER_BIDDERS_SEALED.
    biddersSealed: sealed,
    mustReconfirm: pending.map((r) => r.version),
  };
}

export async function tenderRevisions(ctx: AppContext, who: Actor | null, id: string) {
  const { t } = await readable(ctx, who, id);
  const rows = await repo.revisionsOf(ctx.db, t.id);
  return {
    revisions: rows.map((r) => ({
      version: r.version, action: r.action, from: r.from_status, to: r.to_status, reason: r.reason, changes: r.changes, at: r.at.toISOString(),
    })),
  };
}

/** The public notices (published tenders, newest first), or a staff member's scope with drafts. */
export async function listTenders(ctx: AppContext, who: Actor | null, q: { status?: repo.TenderRow['status']; staff: boolean; page: number; pageSize: number }) {
  const scope = q.staff ? tenderListScope(requireActor(who)) : null;
  if (q.staff && !scope) authorize(tradingPolicy, who, 'read_register');
  const { rows, total } = await repo.listTenders(ctx.db, { scope, status: q.status, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return {
    rows: rows.map((r) => ({
      id: r.id, title: r.title, status: r.status, kind: r.kind, projectCode: r.code, projectName: r.name, buyerName: r.buyer_name,
      publishedAt: r.published_at?.toISOString() ?? null, bidDeadline: r.bid_deadline?.toISOString() ?? null, awardedAt: r.awarded_at?.toISOString() ?? null,
    })),
    total, page: q.page, pageSize: q.pageSize,
  };
}
