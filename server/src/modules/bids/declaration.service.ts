import type { Tx } from '../../db/database.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { maskIdNumber } from '../../lib/mask.ts';
import { requireActor, type Actor } from '../../policies/actor.ts';
import { bidPolicy } from '../../policies/bid.policy.ts';
import { authorize } from '../../policies/policy.ts';
import * as repo from './bids.repository.ts';
import type { DeclarationBody } from './bids.schemas.ts';
import {
  askRegistry, contradiction, DECLARED_FACT_NAMES, registryRetryAt, type DeclaredFact, type DeclaredFacts, type RegistryAnswer,
} from '../../lib/enterprise-registry.ts';
import { messageApplicant } from '../notifications/applicant-messages.ts';

/**
 * The bidder's declaration (招标投标法实施条例 第三十四条; docs/trading.md "Related bidders"): the resident ID number of
 * its principal, and the units it is controlled (控股) or managed (管理) by. Made once for all the bidder's bids and
 * changed when the facts change; each change is an audit event. The evaluation relates opened bids by these facts
 * (evaluation.compute.ts relatedBids); the full ID number is never answered.
 *
 * Each declaration is checked against the enterprise registry (registry.ts; docs/trading.md "The enterprise
 * registry"): one it contradicts is refused, nothing written; when the registry does not answer, or has no record
 * of the bidder, the declaration is kept as the bidder's own word and says so (`registryCheck`).
 */
const view = (d: Awaited<ReturnType<typeof repo.declarationOf>>) => ({
  declared: !!d, representativeIdNumber: d ? maskIdNumber(d.representative_id_number) : null,
  controllerCode: d?.controller_code ?? null, managerCode: d?.manager_code ?? null,
  declaredAt: d?.declared_at.toISOString() ?? null, version: d?.version ?? 0,
  registryCheck: d?.registry_check ?? null, registryCheckedAt: d?.registry_checked_at?.toISOString() ?? null,
  registryContradiction: d?.registry_contradiction ?? null, registryRecheckAt: d?.registry_recheck_at?.toISOString() ?? null,
  verified: d?.registry_check === 'verified',
  verifiedAt: d?.registry_check === 'verified' ? d.registry_checked_at!.toISOString() : null,
});

export async function myDeclaration(ctx: AppContext, who: Actor | null) {
  authorize(bidPolicy, who, 'declare');
  return view(await repo.declarationOf(ctx.db, requireActor(who).id));
}

export async function declare(ctx: AppContext, who: Actor | null, body: DeclarationBody) {
  authorize(bidPolicy, who, 'declare');
  const me = requireActor(who);
  const own = await repo.creditCodeOf(ctx.db, me.id);
  // A unit is neither controlled nor managed by itself: such a declaration would relate nothing and hide a mistake.
  for (const field of ['controllerCode', 'managerCode'] as const) {
    if (body[field] !== null && body[field] === own) throw errors.BIDDER_DECLARATION_SELF({ field });
  }
  // Asked before the transaction: an outside party's latency never holds a connection or a lock.
  const checked = checkAgainstRegistry(body, await askAbout(ctx, own));
  if (checked.check === 'contradicted') throw errors.BIDDER_DECLARATION_MISMATCH({ fact: checked.fact, field: checked.fact });
  const registryCheck = checked.check;
  const now = ctx.clock.now();
  const recheckAt = nextAttempt(ctx, registryCheck, now);
  const saved = await ctx.db.transaction().execute(async (tx) => {
    const d = await repo.saveDeclaration(tx, { userId: me.id, ...body, at: now, registryCheck, recheckAt });
    await appendAudit(tx, {
      stream: `user:${me.id}`, action: 'bid.declaration', actorId: me.id, at: now,
      data: { representativeIdNumber: maskIdNumber(body.representativeIdNumber), controllerCode: body.controllerCode, managerCode: body.managerCode, version: d.version, registryCheck },
    });
    return d;
  });
  return view(saved);
}

/** The registry's answer about a bidder; one without a credit code is a unit it has no record of. */
const askAbout = async (ctx: AppContext, creditCode: string | null): Promise<RegistryAnswer> =>
  creditCode ? askRegistry(ctx.registry, creditCode, ctx.config.ENTERPRISE_REGISTRY_TIMEOUT_MS) : { outcome: 'not_found' };

/** How an answer checks a declaration: `contradicted` with the first field it contradicts, else the answer's outcome. */
function checkAgainstRegistry(declared: DeclaredFacts, answer: RegistryAnswer):
  { check: 'contradicted'; fact: DeclaredFact } | { check: 'verified' | 'not_found' | 'unavailable'; fact: null } {
  if (answer.outcome !== 'found') return { check: answer.outcome, fact: null };
  const fact = contradiction(declared, answer.record);
  return fact ? { check: 'contradicted', fact } : { check: 'verified', fact: null };
}

/** When the registry is asked again: only while it has not answered. */
const nextAttempt = (ctx: AppContext, check: string, at: Date) => (check === 'unavailable' ? registryRetryAt(ctx.config, at) : null);

/**
 * The background check (bids.jobs.ts): declarations the registry could not check when they were made are asked about
 * again, a batch of `limit` at a time, until it answers. Each is claimed first (its next attempt moved a retry period
 * on, so another instance skips it), the registry asked outside any transaction, and the answer written only if the
 * declaration is unchanged, with an audit event. An answer that contradicts the declaration does not undo it (the word
 * was given and bids may rest on it): it is marked `contradicted`, naming the field, and the bidder is asked to
 * correct it, in the portal's message centre (and by SMS if they have it on). Answers how many were claimed.
 */
export async function recheckDeclarations(ctx: AppContext, limit = 20): Promise<number> {
  const claimedAt = ctx.clock.now();
  let registryDown = false;
  const due = await repo.claimDueRechecks(ctx.db, claimedAt, registryRetryAt(ctx.config, claimedAt), limit);
  for (const d of due) {
    // The registry did not answer for one: the rest of the batch keeps its claim and waits the retry period, rather
    // than each waiting out the timeout in turn.
    if (registryDown) break;
    const declared = { representativeIdNumber: d.representative_id_number, controllerCode: d.controller_code, managerCode: d.manager_code };
    const { check, fact } = checkAgainstRegistry(declared, await askAbout(ctx, d.credit_code));
    registryDown = check === 'unavailable';
    const at = ctx.clock.now();
    await ctx.db.transaction().execute(async (tx) => {
      const saved = await repo.recordRecheck(tx, {
        userId: d.user_id, version: d.version, check, contradiction: fact, at, recheckAt: nextAttempt(ctx, check, at),
      });
      if (!saved) return;
      await appendAudit(tx, {
        stream: `user:${d.user_id}`, action: 'bid.declaration_rechecked', actorId: null, at,
        data: { version: d.version, registryCheck: check, contradiction: fact },
      });
      if (fact) await askToCorrect(tx, d.user_id, d.version, fact, at);
    });
  }
  return due.length;
}

/**
 * Tells the bidder that the registry contradicts the declaration they gave, naming the field (never the registry's
 * value), once per declaration: the message opens the bid page of their latest bid, where the declaration is corrected.
 */
async function askToCorrect(tx: Tx, userId: string, version: number, fact: DeclaredFact, at: Date) {
  const [latest] = await repo.bidsOfBidder(tx, userId, undefined, 1, 0);
  const name = DECLARED_FACT_NAMES[fact];
  await messageApplicant(tx, {
    kind: 'trading.declaration_contradicted', userId, centerId: null,
    title: { zh: '投标人声明与企业登记信息不一致，请更正', en: 'Your bidder declaration differs from the enterprise registry: please correct it' },
    body: {
      zh: `市场监管部门企业登记信息记载的${name.zh}与您的声明不一致。声明仍然有效并已标注；请按登记信息如实更正，登记有误的请先向登记机关申请更正（《招标投标法实施条例》第三十四条）。`,
      en: `The enterprise registry of market regulation records another ${name.en} than the one you declared. Your declaration stands and is marked; please correct it to the registered facts, or, if the registry is wrong, have the registration authority correct it first (Regulation on the Bidding Law, Art. 34).`,
    },
    link: latest ? `/bids/${latest.tender_id}` : '/trading', dedupeKey: `bid.declaration_contradicted:${userId}:${version}`, at,
  });
}
