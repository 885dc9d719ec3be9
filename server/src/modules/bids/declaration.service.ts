import { appendAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { maskIdNumber } from '../../lib/mask.ts';
import { requireActor, type Actor } from '../../policies/actor.ts';
import { bidPolicy } from '../../policies/bid.policy.ts';
import { authorize } from '../../policies/policy.ts';
import * as repo from './bids.repository.ts';
import type { DeclarationBody } from './bids.schemas.ts';

/**
 * The bidder's declaration (招标投标法实施条例 第三十四条; docs/trading.md "Related bidders"): the resident ID number of
 * its principal, and the units it is controlled (控股) or managed (管理) by. Made once for all the bidder's bids and
 * changed when the facts change; each change is an audit event. The evaluation relates opened bids by these facts
 * (evaluation.compute.ts relatedBids); the full ID number is never answered.
 */
const view = (d: Awaited<ReturnType<typeof repo.declarationOf>>) => ({
  declared: !!d, representativeIdNumber: d ? maskIdNumber(d.representative_id_number) : null,
  controllerCode: d?.controller_code ?? null, managerCode: d?.manager_code ?? null,
  declaredAt: d?.declared_at.toISOString() ?? null, version: d?.version ?? 0,
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
  const now = ctx.clock.now();
  const saved = await ctx.db.transaction().execute(async (tx) => {
    const d = await repo.saveDeclaration(tx, { userId: me.id, ...body, at: now });
    await appendAudit(tx, {
      stream: `user:${me.id}`, action: 'bid.declaration', actorId: me.id, at: now,
      data: { representativeIdNumber: maskIdNumber(body.representativeIdNumber), controllerCode: body.controllerCode, managerCode: body.managerCode, version: d.version },
    });
    return d;
  });
  return view(saved);
}
