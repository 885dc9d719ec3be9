import type { Tx } from '../../db/database.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { sm3Hex } from '../../lib/sm2.ts';
import type { Actor } from '../../policies/actor.ts';
import { bidPolicy } from '../../policies/bid.policy.ts';
import { authorize } from '../../policies/policy.ts';
import { hexToBytes } from './bid-envelope.ts';
import { causeFault, unsealBid, type OpeningCause } from './bid-unseal.ts';
import { transitionBid } from './bid.transitions.ts';
import * as repo from './bids.repository.ts';
import { lookUpRegistryRecords } from './registry-records.ts';
import { custodianNames } from './bids.service.ts';
import { rebuildTenderKey, shareHolds, TenderKeyMismatch, type TenderOpener } from './tender-key.ts';
import { moveTender, refuseIfSuspended, tenderWithProject, type TenderRow } from './tender-link.ts';

/**
 * The opening (开标): only after the deadline by the server's clock, k custodians each hand in their
 * share (decrypted in their own browser with their own key); with the k-th the server rebuilds the
 * tender key in memory, checks it, opens every live bid, records what each read out or why it did
 * not open, wipes the handed-in shares and moves the tender bidding → opening → evaluation.
 */
const NOT_FOUND_TENDER = () => errors.NOT_FOUND({ what: { zh: '招标项目', en: 'Tender' } });
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The moment the opening may start: the deadline, or the opening time when it is later. */
export function opensAt(t: { bid_deadline: Date | null; opening_at: Date | null }): Date | null {
  if (!t.bid_deadline) return null;
  return t.opening_at && t.opening_at > t.bid_deadline ? t.opening_at : t.bid_deadline;
}

/** "1234567.89" (yuan) → 123456789 (fen), by the digits, never through a float. */
export function priceToFen(price: string): number {
  const [yuan, cents = ''] = price.split('.');
  return Number(yuan) * 100 + Number(cents.padEnd(2, '0'));
}

async function readStored(ctx: AppContext, key: string): Promise<Buffer | null> {
  try {
    const chunks: Buffer[] = [];
    for await (const c of ctx.storage.open(key)) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  } catch {
    return null;
  }
}

/** Opens one bid and records the outcome through the bid's transition table. */
async function openOne(ctx: AppContext, tx: Tx, bid: repo.BidRow, opener: TenderOpener, at: Date): Promise<'opened' | 'failed' | 'withdrawn'> {
  const bytes = await readStored(ctx, bid.file_key);
  let cause: OpeningCause | null = null;
  let result: ReturnType<typeof unsealBid> | null = null;
  if (!bytes) cause = 'ciphertext_missing';
  else if (bytes.length !== bid.size || sm3Hex(bytes) !== bid.sm3) cause = 'ciphertext_altered';
  else {
    result = unsealBid(bytes, opener, { tenderId: bid.tender_id, bidderId: bid.bidder_id });
    if (!result.ok) cause = result.cause;
  }
  const audit = { actorId: null, at };
  if (result?.ok) {
    const stored = await ctx.storage.putBuffer(result.file);
    await transitionBid(tx, bid, 'open', {
      opened_at: at, price_fen: priceToFen(result.manifest.price), opened_file_key: stored.key,
      opened_file_name: result.manifest.fileName, opened_file_sm3: result.manifest.sm3, opened_file_size: result.file.length,
    }, { ...audit, data: { priceFen: priceToFen(result.manifest.price), fileSm3: result.manifest.sm3 } });
    return 'opened';
  }
  const fault = causeFault(cause!);
  if (fault === 'bidder') {
    await transitionBid(tx, bid, 'reject_at_opening', { withdrawn_at: at, withdrawn_reason: 'opening_failure', failure_cause: cause, failure_fault: 'bidder' }, { ...audit, data: { cause } });
    return 'withdrawn';
  }
  await transitionBid(tx, bid, 'fail_at_opening', { failure_cause: cause, failure_fault: 'platform' }, { ...audit, data: { cause } });
  return 'failed';
}

async function open(ctx: AppContext, tx: Tx, tender: TenderRow, actor: Actor, at: Date) {
  const key = (await repo.bidKeyOf(tx, tender.id))!;
  const handedIn = (await repo.sharesOf(tx, tender.id)).filter((s) => s.submitted_share);
  let opener: TenderOpener;
  try {
    opener = await rebuildTenderKey(handedIn.map((s) => new Uint8Array(s.submitted_share!)), { publicKey: tender.public_key!, keyCheck: key.key_check });
  } catch (err) {
    if (err instanceof TenderKeyMismatch) throw errors.BID_KEY_REBUILD_FAILED();
    throw err;
  }
  const counts = { opened: 0, failed: 0, withdrawn: 0 };
  for (const bid of await repo.liveBidsOfTender(tx, tender.id)) counts[await openOne(ctx, tx, bid, opener, at)]++;
  await repo.finishOpening(tx, tender.id, { opened_at: at, opened_by: actor.id, bids_opened: counts.opened, bids_failed: counts.failed, bids_withdrawn: counts.withdrawn });
  await repo.wipeHandedInShares(tx, tender.id);
  const current = (await tenderWithProject(tx, tender.id))!.tender;
  if (current.status === 'opening') await moveTender(ctx, tx, current, 'evaluation', actor, at);
  await appendAudit(tx, { stream: `opening:${tender.id}`, action: 'bid.opening_done', actorId: actor.id, at, data: { ...counts, custodians: handedIn.map((s) => s.user_id) } });
}

/**
 * A custodian hands in their decrypted share. Refused before the deadline (server time), by anyone
 * not holding a share of the tender, twice, or with a share that fails its check value; nothing is
 * written then. With the k-th share the bids are opened in the same transaction.
 */
export async function handInShare(ctx: AppContext, actor: Actor | null, tenderId: string, body: { share: string }) {
  authorize(bidPolicy, actor, 'hand_in_share');
  const opened = await ctx.db.transaction().execute(async (tx) => {
    const found = await tenderWithProject(tx, tenderId, true);
    if (!found) throw NOT_FOUND_TENDER();
    const { tender } = found;
    const shares = await repo.sharesOf(tx, tenderId);
    authorize(bidPolicy, actor, 'hand_in_share', { center_id: tender.center_id, custodian_ids: shares.map((s) => s.user_id) });
    const now = ctx.clock.now();
    const from = opensAt(tender);
    if (!from || !tender.public_key) throw errors.BID_TENDER_NOT_OPEN();
    if (now < from) throw errors.BID_OPENING_TOO_EARLY({ opensAt: from });
    await refuseIfSuspended(tx, tenderId);
    if ((await repo.openingOf(tx, tenderId))?.opened_at) throw errors.BID_ALREADY_OPENED();
    if (!['bidding', 'opening', 'published', 'clarification'].includes(tender.status)) throw errors.BID_TENDER_NOT_OPEN();
    const mine = shares.find((s) => s.user_id === actor!.id)!;
    if (mine.submitted_at) throw errors.BID_SHARE_ALREADY();
    const share = hexToBytes(body.share);
    if (!shareHolds(tenderId, share, mine.share_check)) throw errors.BID_SHARE_INVALID({ field: 'share' });
    await repo.startOpening(tx, tenderId, now);
    if (tender.status !== 'opening') await moveTender(ctx, tx, tender, 'opening', actor!, now);
    await repo.handInShare(tx, tenderId, actor!.id, Buffer.from(share), now);
    await appendAudit(tx, { stream: `opening:${tenderId}`, action: 'bid.share_handed_in', actorId: actor!.id, at: now, data: { shareNo: mine.share_no } });
    const handed = shares.filter((s) => s.submitted_at).length + 1;
    const key = (await repo.bidKeyOf(tx, tenderId))!;
    if (handed < key.threshold) return false;
    await open(ctx, tx, tender, actor!, now);
    return true;
  });
  // The registry's records of the bidders as at the opening (条例 第三十四条), after the commit: an outside party is
  // never asked under the tender's lock. Whatever it does not answer is asked again when the evaluation is read.
  if (opened) await lookUpRegistryRecords(ctx, tenderId);
  return openingView(ctx, actor, tenderId);
}

/** The opening as it stands: who handed in, and once opened the read-out (开标记录). */
export async function openingView(ctx: AppContext, actor: Actor | null, tenderId: string) {
  authorize(bidPolicy, actor, 'read_opening');
  const found = await tenderWithProject(ctx.db, tenderId);
  if (!found) throw NOT_FOUND_TENDER();
  const { tender } = found;
  const opening = await repo.openingOf(ctx.db, tenderId);
  const isBidderOfTender = actor?.kind === 'enterprise' ? await repo.hasBidOn(ctx.db, tenderId, actor.id) : false;
  authorize(bidPolicy, actor, 'read_opening', { center_id: tender.center_id, is_bidder_of_tender: isBidderOfTender, opened: !!opening?.opened_at });
  const key = await repo.bidKeyOf(ctx.db, tenderId);
  const rows = opening?.opened_at ? await repo.bidsOfTender(ctx.db, tenderId, 1000, 0) : [];
  return {
    tenderId, threshold: key?.threshold ?? null, custodians: await custodianNames(ctx.db, tenderId), bidDeadline: iso(tender.bid_deadline),
    serverNow: ctx.clock.now().toISOString(), startedAt: iso(opening?.started_at), openedAt: iso(opening?.opened_at),
    counts: opening?.opened_at ? { opened: opening.bids_opened ?? 0, failed: opening.bids_failed ?? 0, withdrawn: opening.bids_withdrawn ?? 0 } : null,
    results: rows.filter((b) => b.status !== 'withdrawn' || b.withdrawn_reason === 'opening_failure').map((b) => ({
      bidId: b.id, bidderName: b.bidder_name, bidderCode: b.bidder_code, submittedAt: b.submitted_at.toISOString(), status: b.status,
      priceFen: b.price_fen, fileName: b.opened_file_name, fileSm3: b.opened_file_sm3, failureCause: b.failure_cause, failureFault: b.failure_fault,
    })),
  };
}
