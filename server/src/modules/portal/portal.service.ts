import type { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND, UNAUTHENTICATED } from '../../lib/errors.ts';
import { authorize, myDataPolicy, type Actor } from '../../policies/index.ts';
import { materialFilesUsable } from '../cases/applicants.ts';
import { prefillOf } from './profile.ts';
import * as repo from './portal.repository.ts';
import type { draftData } from './portal.schemas.ts';

/**
 * The applicant's own portal data (issue 14, docs/portal.md): the profile that pre-fills forms,
 * drafts (暂存) with their uploads, bookmarks (收藏) and frequent services. Everything here is the
 * signed-in applicant's: the policy (policies/my-data.policy.ts) refuses signed-out callers and staff,
 * and another applicant's row is never addressed (every query is keyed by the caller's id).
 */
type DraftData = z.infer<typeof draftData>;
type Kind = 'item' | 'matter';

function me(who: Actor | null, action: 'read' | 'write' = 'read'): Actor {
  if (!who) throw UNAUTHENTICATED();
  authorize(myDataPolicy, who, action);
  return who;
}

export async function profile(ctx: AppContext, who: Actor | null) {
  const u = await repo.findProfile(ctx.db, me(who).id);
  if (!u || u.kind === 'staff') throw NOT_FOUND({ zh: '账户', en: 'Account' });
  return {
    kind: u.kind, name: u.name, idNumber: u.id_number, creditCode: u.credit_code, legalRepresentative: u.legal_representative,
    phone: u.phone, address: u.address, prefill: prefillOf(u),
  };
}

export async function updateProfile(ctx: AppContext, who: Actor | null, body: { address: string | null }) {
  const a = me(who, 'write');
  await repo.setAddress(ctx.db, a.id, body.address?.trim() ? body.address.trim() : null);
  return profile(ctx, a);
}

const draftNotFound = () => NOT_FOUND({ zh: '草稿', en: 'Draft' });

function draftOf(d: repo.DraftRow) {
  return {
    id: d.id, kind: d.target_kind, targetId: d.target_id, name: d.name, nameEn: d.name_en, centerId: d.center_id, matterKey: d.matter_key,
    data: d.data as DraftData, rowVersion: d.row_version, updatedAt: d.updated_at.toISOString(),
  };
}

export async function getDraft(ctx: AppContext, who: Actor | null, kind: Kind, targetId: string) {
  const a = me(who);
  const d = await repo.findDraft(ctx.db, a.id, kind, targetId);
  if (!d) throw draftNotFound();
  authorize(myDataPolicy, a, 'read', { ownerId: d.user_id });
  return draftOf(d);
}

export async function listDrafts(ctx: AppContext, who: Actor | null, page: number, pageSize: number) {
  const a = me(who);
  const { rows, total } = await repo.listDrafts(ctx.db, a.id, pageSize, (page - 1) * pageSize);
  return { drafts: rows.map((d) => { const { data: _, ...rest } = draftOf(d); return rest; }), total, page, pageSize };
}

/**
 * Saves the draft in place: the first save creates it, a later one names the version it read, so two
 * tabs never silently overwrite each other (DRAFT_STALE). The files it names must be the applicant's own
 * uploads, as for a submission; they are kept with the draft by their ids.
 */
export async function saveDraft(ctx: AppContext, who: Actor | null, kind: Kind, targetId: string, body: { data: DraftData; rowVersion?: number | undefined }) {
  const a = me(who, 'write');
  const target = kind === 'item' ? await repo.itemTarget(ctx.db, targetId) : await repo.matterTarget(ctx.db, targetId);
  if (!target) throw errors.DRAFT_TARGET_UNKNOWN({ field: 'targetId' });
  await materialFilesUsable(ctx, a, Object.values(body.data.materials).flat().map((f) => f.id));
  const now = ctx.clock.now();
  const saved = await ctx.db.transaction().execute(async (tx) => body.rowVersion === undefined
    ? (await repo.insertDraft(tx, { userId: a.id, kind, targetId, data: body.data, now })) !== null
    : repo.updateDraft(tx, { userId: a.id, kind, targetId, rowVersion: body.rowVersion, data: body.data, now }));
  if (!saved) throw errors.DRAFT_STALE({ field: 'rowVersion' });
  return getDraft(ctx, a, kind, targetId);
}

export async function discardDraft(ctx: AppContext, who: Actor | null, kind: Kind, targetId: string) {
  const a = me(who, 'write');
  if (!(await repo.deleteDraft(ctx.db, a.id, kind, targetId))) throw draftNotFound();
}

export async function bookmarks(ctx: AppContext, who: Actor | null) {
  const rows = await repo.listBookmarks(ctx.db, me(who).id, 100);
  return {
    bookmarks: rows.map((r) => ({
      itemId: r.item_id, name: r.name, nameEn: r.name_en, online: r.online, departmentName: r.department_name, departmentNameEn: r.department_name_en,
      createdAt: r.created_at.toISOString(),
    })),
  };
}

export async function setBookmark(ctx: AppContext, who: Actor | null, itemId: string, on: boolean) {
  const a = me(who, 'write');
  if (on) {
    if (!(await repo.itemTarget(ctx.db, itemId))) throw NOT_FOUND({ zh: '事项', en: 'Item' });
    await repo.addBookmark(ctx.db, a.id, itemId, ctx.clock.now());
  } else {
    await repo.removeBookmark(ctx.db, a.id, itemId);
  }
  return { itemId, bookmarked: on };
}

const serviceOf = (r: Awaited<ReturnType<typeof repo.frequentItems>>[number]) => ({
  itemId: r.item_id, name: r.name, nameEn: r.name_en, online: r.online, departmentName: r.department_name, departmentNameEn: r.department_name_en, cases: Number(r.n),
});

export async function frequent(ctx: AppContext, who: Actor | null) {
  return { items: (await repo.frequentItems(ctx.db, me(who).id, 8)).map(serviceOf) };
}

/**
 * Popular services (热门服务) of a center: cases of the last 90 days per item, from the index
 * cases_center_recent_items, kept for 10 minutes per center and instance (the order changes slowly,
 * and the home page is the busiest page there is).
 */
const POPULAR_TTL_MS = 10 * 60_000;
const popularCache = new WeakMap<AppContext, Map<string, { at: number; items: ReturnType<typeof serviceOf>[] }>>();

export async function popular(ctx: AppContext, centerId: string | undefined, limit: number) {
  const now = ctx.clock.now();
  let cache = popularCache.get(ctx);
  if (!cache) popularCache.set(ctx, cache = new Map());
  const key = `${centerId ?? '*'}:${limit}`;
  const hit = cache.get(key);
  if (hit && now.getTime() - hit.at < POPULAR_TTL_MS && now.getTime() >= hit.at) return { items: hit.items };
  const since = new Date(now.getTime() - 90 * 24 * 3600_000);
  const items = (await repo.popularItems(ctx.db, centerId, since, limit)).map(serviceOf);
  cache.set(key, { at: now.getTime(), items });
  return { items };
}

/** Drafts end with the application: a listener of case.submitted, in the submission's transaction. */
export const discardDraftOnSubmit = repo.deleteDraft;
