import { randomUUID } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';
import type { Db, Tx } from '../../db/database.ts';
import type { TenderStatus } from '../../db/types.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { maskName } from '../../lib/mask.ts';
import { sm3Hex } from '../../lib/sm2.ts';
import type { Actor } from '../../policies/actor.ts';
import { bidPolicy } from '../../policies/bid.policy.ts';
import { authorize } from '../../policies/policy.ts';
import { TENDER_BODIES, tenderBodyOf, type TenderBody, type TenderRef } from '../../policies/trading.policy.ts';
import { signDocument, signedDocumentOf } from '../seals/index.ts';
import { keyIdOf, readEnvelope } from './bid-envelope.ts';
import { transitionBid } from './bid.transitions.ts';
import * as repo from './bids.repository.ts';
import { createTenderKey } from './tender-key.ts';
import { pendingReconfirmations, refuseIfBiddersSealed, refuseIfSuspended, tenderWithProject, writeTenderKey, type TenderRow } from './tender-link.ts';

/**
 * Sealed bids: the officials' keys, the tender key made and split, bids handed in, replaced and
 * withdrawn before the deadline by the server's clock, each with a signed receipt. The opening is
 * in opening.service.ts. Nothing here ever sees a bid's plaintext: the server gets ciphertext.
 */
const NOT_FOUND_TENDER = () => errors.NOT_FOUND({ what: { zh: '招标项目', en: 'Tender' } });
const NOT_FOUND_BID = () => errors.NOT_FOUND({ what: { zh: '投标', en: 'Bid' } });

/** The statuses in which a tender takes bids (always also before its deadline). */
export const BIDDING_STATUSES: TenderStatus[] = ['published', 'clarification', 'bidding'];
/** A tender key can be made until bidding ends. */
const KEYABLE_STATUSES: TenderStatus[] = ['draft', 'published', 'clarification', 'bidding'];

const iso = (d: Date | null) => (d ? d.toISOString() : null);

// ---------------------------------------------------------------- the officials' keys

export async function myOfficialKey(ctx: AppContext, actor: Actor | null) {
  authorize(bidPolicy, actor, 'register_key');
  const row = await repo.officialKey(ctx.db, actor!.id);
  return { publicKey: row?.public_key ?? null, registeredAt: iso(row?.registered_at ?? null) };
}

/** Registers (or changes) the official's SM2 public key; refused while they hold shares of tenders not yet opened. */
export async function registerOfficialKey(ctx: AppContext, actor: Actor | null, body: { publicKey: string }) {
  authorize(bidPolicy, actor, 'register_key');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const current = await repo.officialKey(tx, actor!.id);
    if (current?.public_key === body.publicKey) return { publicKey: current.public_key, registeredAt: iso(current.registered_at) };
    if (current && (await repo.pendingSharesOf(tx, actor!.id)).length) throw errors.BID_OFFICIAL_KEY_IN_USE();
    try {
      // A point off the curve would make every share encrypted to it unreadable.
      if (!sm2.verifyPublicKey(body.publicKey)) throw new Error('off curve');
    } catch {
      throw errors.BID_OFFICIAL_KEY_INVALID({ field: 'publicKey' });
    }
    const row = await repo.upsertOfficialKey(tx, actor!.id, body.publicKey, now);
    await appendAudit(tx, { stream: `user:${actor!.id}`, action: 'bid.official_key', actorId: actor!.id, at: now, data: { keyId: keyIdOf(body.publicKey) } });
    return { publicKey: row.public_key, registeredAt: iso(row.registered_at) };
  });
}

// ---------------------------------------------------------------- the tender key

async function custodianNames(db: Db | Tx, tenderId: string) {
  const shares = await repo.sharesOf(db, tenderId);
  const names = new Map((await repo.userNames(db, shares.map((s) => s.user_id))).map((u) => [u.id, u.name]));
  return shares.map((s) => ({ userId: s.user_id, name: names.get(s.user_id) ?? '', shareNo: s.share_no, handedInAt: iso(s.submitted_at) }));
}

/** The tender's public key, for anyone (a bidder's browser seals to it), with the server's time; the custodians masked, as in the public revision. */
export async function tenderBidKey(ctx: AppContext, tenderId: string) {
  const found = await tenderWithProject(ctx.db, tenderId);
  if (!found || found.tender.status === 'draft') throw NOT_FOUND_TENDER();
  const key = await repo.bidKeyOf(ctx.db, tenderId);
  const t = found.tender;
  return {
    tenderId, publicKey: t.public_key, keyId: key?.key_id ?? null, threshold: key?.threshold ?? null, shares: key?.shares ?? null,
    custodians: (await custodianNames(ctx.db, tenderId)).map(({ name, shareNo }) => ({ shareNo, name: maskName(name) })),
    bidDeadline: iso(t.bid_deadline), status: t.status, serverNow: ctx.clock.now().toISOString(),
  };
}

/** Which body a staff row is an official of on this tender (trading.policy's `tenderBodyOf`), or null. */
function bodyOf(u: { id: string; name: string; roles: string[]; center_id: string | null; department_id: string | null }, ref: TenderRef): TenderBody | null {
  const who: Actor = { id: u.id, kind: 'staff', name: u.name, roles: u.roles as Actor['roles'], centerId: u.center_id, departmentId: u.department_id, windowId: null, centerRegion: null };
  return tenderBodyOf(who, ref);
}

const refOfTender = (found: { tender: TenderRow; project: { department_id: string } }): TenderRef =>
  ({ centerId: found.tender.center_id, departmentId: found.project.department_id, published: found.tender.published_at !== null });

/**
 * The officials who may hold the tender's key shares, to choose the custodians from (for the staff who make the key):
 * those of the two bodies (the trading center's `trading` staff, the supervising department's approvers and chiefs)
 * who registered a key, each with their body, and the supervising department named, so the form can group them.
 */
export async function custodianChoices(ctx: AppContext, actor: Actor | null, tenderId: string) {
  authorize(bidPolicy, actor, 'seal_tender');
  const found = await tenderWithProject(ctx.db, tenderId);
  if (!found) throw NOT_FOUND_TENDER();
  authorize(bidPolicy, actor, 'seal_tender', { center_id: found.tender.center_id });
  const ref = refOfTender(found);
  const [rows, dept] = await Promise.all([repo.registeredOfficials(ctx.db, found.tender.center_id), repo.departmentName(ctx.db, found.project.department_id)]);
  const items = rows.flatMap((r) => {
    const body = bodyOf(r, ref);
    return body ? [{ userId: r.id, name: r.name, body, registeredAt: r.registered_at.toISOString() }] : [];
  });
  return { items, supervisingDepartment: { id: found.project.department_id, name: dept?.name ?? '', nameEn: dept?.name_en ?? null } };
}

/**
 * Who may hold the shares (issue 16): every custodian an official of the trading center or of the supervising
 * department (else BID_KEY_CUSTODIAN_NOT_OFFICIAL, naming them), and both bodies among them, so neither alone holds
 * every share (else BID_KEY_CUSTODIANS_ONE_BODY), and each body holding fewer than k shares, so neither can open the
 * bids without the other (else BID_KEY_BODY_HOLDS_QUORUM, naming the body and its count). Staff outside the center or
 * without a key: BID_CUSTODIANS_INVALID.
 */
function checkCustodians(ids: string[], threshold: number, rows: Awaited<ReturnType<typeof repo.custodianCandidates>>, ref: TenderRef) {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = ids.filter((i) => !byId.has(i));
  if (missing.length) throw errors.BID_CUSTODIANS_INVALID({ field: 'custodians', details: { missing } });
  const bodies = new Map(ids.map((i) => [i, bodyOf(byId.get(i)!, ref)]));
  const notOfficial = ids.filter((i) => bodies.get(i) === null);
  if (notOfficial.length) throw errors.BID_KEY_CUSTODIAN_NOT_OFFICIAL({ field: 'custodians', details: { userIds: notOfficial } });
  const noKey = ids.filter((i) => !byId.get(i)!.public_key);
  if (noKey.length) throw errors.BID_CUSTODIANS_INVALID({ field: 'custodians', details: { missing: noKey } });
  const held = new Set(bodies.values());
  const absent = TENDER_BODIES.filter((b) => !held.has(b));
  if (absent.length) throw errors.BID_KEY_CUSTODIANS_ONE_BODY({ field: 'custodians', details: { missing: absent } });
  for (const body of TENDER_BODIES) {
    const shares = ids.filter((i) => bodies.get(i) === body).length;
    if (shares >= threshold) throw errors.BID_KEY_BODY_HOLDS_QUORUM({ body, shares, threshold, field: 'custodians', details: { body, shares, threshold } });
  }
  return ids.map((userId) => ({ userId, name: byId.get(userId)!.name, publicKey: byId.get(userId)!.public_key! }));
}

/**
 * Makes the tender's key pair, splits the private key k of n among the named custodians (officials of
 * both bodies with a registered key: checkCustodians), stores only the encrypted shares and check values,
 * and writes the public key on the tender. The private key is never stored.
 */
export async function sealTender(ctx: AppContext, actor: Actor | null, tenderId: string, body: { custodians: string[]; threshold: number }) {
  authorize(bidPolicy, actor, 'seal_tender');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const found = await tenderWithProject(tx, tenderId, true);
    if (!found) throw NOT_FOUND_TENDER();
    const { tender } = found;
    authorize(bidPolicy, actor, 'seal_tender', { center_id: tender.center_id });
    // The ceremony is a change of the tender (a revision): refused while it is suspended, like every other.
    await refuseIfSuspended(tx, tenderId);
    if (tender.public_key || (await repo.bidKeyOf(tx, tenderId))) throw errors.BID_KEY_EXISTS();
    if (!KEYABLE_STATUSES.includes(tender.status) || (tender.bid_deadline && now >= tender.bid_deadline)) throw errors.BID_KEY_TOO_LATE();
    const ids = [...new Set(body.custodians)];
    if (ids.length !== body.custodians.length || body.threshold > ids.length) throw errors.BID_CUSTODIANS_INVALID({ field: 'custodians' });
    const custodians = checkCustodians(ids, body.threshold, await repo.custodianCandidates(tx, tender.center_id, ids), refOfTender(found));
    const key = await createTenderKey(tenderId, custodians, body.threshold);
    await repo.insertBidKey(tx, { tender_id: tenderId, key_id: key.keyId, key_check: key.keyCheck, threshold: key.threshold, shares: custodians.length, created_by: actor!.id, created_at: now });
    await repo.insertShares(tx, key.shares.map((s, i) => ({
      tender_id: tenderId, user_id: s.userId, share_no: i + 1, public_key: custodians[i]!.publicKey, encrypted_share: s.encryptedShare, share_check: s.shareCheck,
    })));
    await writeTenderKey(tx, tender, {
      publicKey: key.publicKey, fingerprint: key.keyId, threshold: key.threshold,
      custodians: custodians.map((c, i) => ({ shareNo: i + 1, name: c.name })),
    }, actor!, now);
    await appendAudit(tx, { stream: `bidkey:${tenderId}`, action: 'bid.tender_key', actorId: actor!.id, at: now, data: { keyId: key.keyId, threshold: key.threshold, custodians: ids } });
    return {
      tenderId, publicKey: key.publicKey, keyId: key.keyId, threshold: key.threshold, shares: custodians.length,
      custodians: await custodianNames(tx, tenderId).then((l) => l.map(({ userId, name, shareNo }) => ({ userId, name, shareNo }))),
      bidDeadline: iso(tender.bid_deadline), status: tender.status, serverNow: now.toISOString(),
    };
  });
}

// ---------------------------------------------------------------- bids

async function receiptOf(db: Db | Tx, bid: repo.BidRow) {
  const signed = await signedDocumentOf(db, 'bid_receipt', bid.id);
  if (!signed) return null;
  return {
    text: receiptText(bid), signedData: signed.signed_data, signature: signed.signature, verificationId: signed.verification_id,
    sealId: signed.seal_id, keyVersion: signed.key_version,
  };
}

/** What the receipt states, field by field in a fixed order: its SM3 is what the seal signs. */
export function receiptText(b: { id: string; tender_id: string; bidder_id: string; sm3: string; size: number; submitted_at: Date }): string {
  return JSON.stringify({ type: 'onewindow-bid-receipt', version: 1, bid: b.id, tender: b.tender_id, bidder: b.bidder_id, ciphertextSm3: b.sm3, size: b.size, serverTime: b.submitted_at.toISOString() });
}

export async function bidView(db: Db | Tx, b: repo.BidRow) {
  return {
    id: b.id, tenderId: b.tender_id, status: b.status, sm3: b.sm3, size: b.size, submittedAt: b.submitted_at.toISOString(),
    withdrawnAt: iso(b.withdrawn_at), withdrawnReason: b.withdrawn_reason, failureCause: b.failure_cause, failureFault: b.failure_fault,
    openedAt: iso(b.opened_at), priceFen: b.price_fen, openedFileName: b.opened_file_name, receipt: await receiptOf(db, b),
  };
}

/** A bidder who took the documents confirms every change of the conditions before bidding on them (docs/trading.md, "Amendments"). */
async function refuseIfUnconfirmed(db: Db | Tx, tenderId: string, bidderId: string) {
  const versions = await pendingReconfirmations(db, tenderId, bidderId);
  if (versions.length) throw errors.BID_RECONFIRM_REQUIRED({ versions });
}

function refuseIfClosed(tender: { status: TenderStatus; bid_deadline: Date | null; public_key: string | null }, now: Date) {
  if (tender.bid_deadline && now >= tender.bid_deadline) throw errors.BID_DEADLINE_PASSED({ deadline: tender.bid_deadline });
  if (!BIDDING_STATUSES.includes(tender.status) || !tender.bid_deadline) throw errors.BID_TENDER_NOT_OPEN();
}

/** The gate before an upload is read: only a bidding enterprise sends one. */
export const submitGate = (actor: Actor | null) => authorize(bidPolicy, actor, 'submit');

/**
 * Hands in a sealed bid (the envelope's bytes), or replaces the bidder's live one. Refused, with
 * nothing written, after the deadline by the server's clock, when the tender takes no bids, and
 * when the bytes are not an envelope sealed to this tender's key.
 */
export async function submitBid(ctx: AppContext, actor: Actor | null, tenderId: string, bytes: Buffer) {
  authorize(bidPolicy, actor, 'submit');
  const found = await tenderWithProject(ctx.db, tenderId);
  if (!found || found.tender.status === 'draft') throw NOT_FOUND_TENDER();
  refuseIfClosed(found.tender, ctx.clock.now());
  await refuseIfSuspended(ctx.db, tenderId);
  if (!found.tender.public_key) throw errors.BID_TENDER_NOT_SEALED();
  await refuseIfUnconfirmed(ctx.db, tenderId, actor!.id);
  const parts = readEnvelope(bytes);
  if (!parts) throw errors.BID_ENVELOPE_INVALID({ field: 'envelope' });
  if (parts.keyId !== keyIdOf(found.tender.public_key)) throw errors.BID_WRONG_TENDER_KEY({ field: 'envelope' });
  const stored = await ctx.storage.putBuffer(bytes);
  return ctx.db.transaction().execute(async (tx) => {
    const locked = (await tenderWithProject(tx, tenderId, true))!;
    const now = ctx.clock.now();
    refuseIfClosed(locked.tender, now);
    await refuseIfSuspended(tx, tenderId);
    // Checked again under the tender's lock: an amendment (which takes the same lock) may have come in between.
    await refuseIfUnconfirmed(tx, tenderId, actor!.id);
    const previous = await repo.liveBidOf(tx, tenderId, actor!.id);
    if (previous) await transitionBid(tx, previous, 'replace', { withdrawn_at: now, withdrawn_reason: 'replaced' }, { actorId: actor!.id, at: now });
    const draft = { id: randomUUID(), tender_id: tenderId, bidder_id: actor!.id, sm3: sm3Hex(bytes), size: bytes.length, submitted_at: now };
    const text = receiptText(draft);
    const signed = await signDocument(ctx, tx, { bodyId: locked.project.department_id, kind: 'bid_receipt', ref: draft.id, digest: sm3Hex(text), actorId: actor!.id });
    const bid = await repo.insertBid(tx, { ...draft, status: 'submitted', file_key: stored.key, receipt_id: signed.id });
    if (previous) await repo.setReplacedBy(tx, previous.id, bid.id);
    await appendAudit(tx, { stream: `bid:${bid.id}`, action: 'bid.submit', actorId: actor!.id, at: now, data: { tenderId, sm3: bid.sm3, size: bid.size, replaces: previous?.id ?? null } });
    return bidView(tx, bid);
  });
}

/** Withdraws the bidder's live bid before the deadline (server time), unless the tender is suspended. */
export async function withdrawBid(ctx: AppContext, actor: Actor | null, bidId: string) {
  authorize(bidPolicy, actor, 'withdraw');
  return ctx.db.transaction().execute(async (tx) => {
    const bid = await repo.findBid(tx, bidId, true);
    if (!bid) throw NOT_FOUND_BID();
    authorize(bidPolicy, actor, 'withdraw', { center_id: '', bidder_id: bid.bidder_id });
    const { tender } = (await tenderWithProject(tx, bid.tender_id, true))!;
    const now = ctx.clock.now();
    if (tender.bid_deadline && now >= tender.bid_deadline) throw errors.BID_DEADLINE_PASSED({ deadline: tender.bid_deadline });
    // A suspended tender (条例 第六十二条) keeps its bids as they stand: no withdrawal either.
    await refuseIfSuspended(tx, bid.tender_id);
    const moved = await transitionBid(tx, bid, 'withdraw', { withdrawn_at: now, withdrawn_reason: 'bidder' }, { actorId: actor!.id, at: now });
    return bidView(tx, moved);
  });
}

export async function myBid(ctx: AppContext, actor: Actor | null, bidId: string) {
  authorize(bidPolicy, actor, 'read');
  const bid = await repo.findBid(ctx.db, bidId);
  if (!bid) throw NOT_FOUND_BID();
  authorize(bidPolicy, actor, 'read', { center_id: '', bidder_id: bid.bidder_id });
  return bidView(ctx.db, bid);
}

export async function myBids(ctx: AppContext, actor: Actor | null, q: { tenderId?: string; page: number; pageSize: number }) {
  authorize(bidPolicy, actor, 'read');
  const rows = await repo.bidsOfBidder(ctx.db, actor!.id, q.tenderId, q.pageSize, (q.page - 1) * q.pageSize);
  return { items: await Promise.all(rows.map((b) => bidView(ctx.db, b))), page: q.page, pageSize: q.pageSize };
}

/**
 * A tender's bids for its center's staff: who handed in what (SM3, size) when, and the read-out. Only once the opening
 * has read them out: before, who handed in a bid and how many are sealed (招标投标法 第二十二条, TENDER_BIDDERS_SEALED).
 */
export async function tenderBids(ctx: AppContext, actor: Actor | null, tenderId: string, q: { page: number; pageSize: number }) {
  authorize(bidPolicy, actor, 'read_tender_bids');
  const found = await tenderWithProject(ctx.db, tenderId);
  if (!found) throw NOT_FOUND_TENDER();
  authorize(bidPolicy, actor, 'read_tender_bids', { center_id: found.tender.center_id });
  await refuseIfBiddersSealed(ctx.db, found.tender);
  const rows = await repo.bidsOfTender(ctx.db, tenderId, q.pageSize, (q.page - 1) * q.pageSize);
  return {
    items: rows.map((b) => ({
      id: b.id, tenderId: b.tender_id, status: b.status, sm3: b.sm3, size: b.size, submittedAt: b.submitted_at.toISOString(),
      withdrawnAt: iso(b.withdrawn_at), withdrawnReason: b.withdrawn_reason, failureCause: b.failure_cause, failureFault: b.failure_fault,
      openedAt: iso(b.opened_at), priceFen: b.price_fen, openedFileName: b.opened_file_name, openedFileSm3: b.opened_file_sm3,
      bidderName: b.bidder_name, bidderCode: b.bidder_code,
    })),
    page: q.page, pageSize: q.pageSize,
  };
}

/** The tenders an official holds a share of, with the share encrypted to their key (their browser decrypts it). */
export async function myShares(ctx: AppContext, actor: Actor | null, q: { page: number; pageSize: number }) {
  authorize(bidPolicy, actor, 'register_key');
  const rows = await repo.sharesHeldBy(ctx.db, actor!.id, q.pageSize, (q.page - 1) * q.pageSize);
  return {
    items: rows.map((r) => ({
      tenderId: r.tender_id, title: r.title, tenderStatus: r.status, bidDeadline: iso(r.bid_deadline), shareNo: r.share_no,
      encryptedShare: r.encrypted_share.toString('hex'), publicKey: r.public_key, handedInAt: iso(r.submitted_at), openedAt: iso(r.opened_at),
    })),
    page: q.page, pageSize: q.pageSize,
  };
}

export { custodianNames };
