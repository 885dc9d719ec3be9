import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../../lib/context.ts';
import { chinaDate } from '../../lib/clock.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import type { Actor } from '../../policies/index.ts';
import { presentLicence } from './present.ts';
import * as repo from './wallet.repository.ts';
import { loadAsHolder } from './wallet.service.ts';

/**
 * Share links: the holder shows a licence to someone (a landlord, an employer) by a link that lives a
 * chosen number of hours (at most SHARE_MAX_HOURS). The token is 32 random bytes shown once; only
 * its SHA-256 is stored, so the database alone opens no link. The public page shows the licence with
 * the holder's code masked and its status now; an expired or revoked link is refused, and each view counts.
 */
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

function shareState(s: { expires_at: Date; revoked_at: Date | null }, now: Date) {
  return s.revoked_at ? 'revoked' as const : s.expires_at <= now ? 'expired' as const : 'active' as const;
}
function presentShare(s: { id: string; created_at: Date; expires_at: Date; revoked_at: Date | null; views: number }, now: Date) {
  return {
    id: s.id, createdAt: s.created_at.toISOString(), expiresAt: s.expires_at.toISOString(), revokedAt: s.revoked_at?.toISOString() ?? null,
    views: s.views, state: shareState(s, now),
  };
}

export async function createShare(ctx: AppContext, who: Actor | null, licenceId: string, hours: number) {
  await loadAsHolder(ctx, who, licenceId, 'share');
  const token = randomBytes(32).toString('base64url');
  const now = ctx.clock.now();
  const row = await repo.insertShare(ctx.db, { licenceId, tokenHash: hashOf(token), by: who!.id, now, expiresAt: new Date(now.getTime() + hours * 3_600_000) });
  return { ...presentShare({ ...row, id: row.id }, now), token, path: `/licence-share/${token}` };
}

export async function listShares(ctx: AppContext, who: Actor | null, licenceId: string, page: number, pageSize: number) {
  await loadAsHolder(ctx, who, licenceId, 'share');
  const now = ctx.clock.now();
  const { rows, total } = await repo.sharesPage(ctx.db, licenceId, page, pageSize);
  return { shares: rows.map((s) => presentShare(s, now)), total, page, pageSize };
}

export async function revokeShare(ctx: AppContext, who: Actor | null, licenceId: string, shareId: string) {
  await loadAsHolder(ctx, who, licenceId, 'share');
  const now = ctx.clock.now();
  const row = await repo.revokeShare(ctx.db, licenceId, shareId, now);
  if (!row) throw NOT_FOUND({ zh: '分享链接', en: 'Share link' });
  return presentShare(row, now);
}

/** The public page of a link: the licence masked, its status today; refused once expired or revoked. */
export async function openShare(ctx: AppContext, token: string) {
  const now = ctx.clock.now();
  const hash = hashOf(token);
  const seen = await repo.viewShare(ctx.db, hash, now);
  if (!seen) {
    const s = await repo.shareByHash(ctx.db, hash);
    if (!s) throw NOT_FOUND({ zh: '分享链接', en: 'Share link' });
    throw s.revoked_at ? errors.ELICENCE_SHARE_REVOKED() : errors.ELICENCE_SHARE_EXPIRED();
  }
  const l = (await repo.getLicence(ctx.db, seen.licence_id))!;
  return { licence: presentLicence(l, chinaDate(now), { masked: true }), expiresAt: seen.expires_at.toISOString(), views: seen.views };
}
