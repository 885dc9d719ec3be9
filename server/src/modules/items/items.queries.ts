import { chinaDate } from '../../lib/clock.ts';
import { replicaDb, type AppContext } from '../../lib/context.ts';
import { NOT_FOUND } from '../../lib/errors.ts';
import { streamOf } from '../../lib/audit.ts';
import { findFilesByIds } from '../files/files.repository.ts';
import { listCentersWithRegion } from '../org/org.repository.ts';
import { authorize, itemPolicy, requirePermission, type Actor } from '../../policies/index.ts';
import * as repo from './items.repository.ts';
import type { ItemContent } from './items.schemas.ts';
import { candidateTokens, minimumMatches, normalise, tokenize } from './search.ts';
import { labelOf, LIFE_EVENTS, THEMES } from './taxonomy.ts';
import { awardNoteFor } from './award-requirement.ts';
import { listRow, ref } from './catalog-index.ts';
import { facetsHeld, searchHeld } from './catalog-cache.ts';

/** The read side of the catalog: what the portal and the manager console show. */

export interface PublicQuery {
  q?: string;
  page: number;
  pageSize: number;
  audience?: 'person' | 'enterprise';
  object?: 'person' | 'enterprise';
  departmentId?: string;
  theme?: string;
  lifeEvent?: string;
  centerId?: string;
  type?: string;
}

export async function searchPublic(ctx: AppContext, query: PublicQuery) {
  const q = normalise(query.q ?? '').trim();
  const tokens = tokenize(q);
  if (q && tokens.length === 0) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
  const filter = {
    ...query,
    audience: query.audience ?? query.object,
    q,
    tokens,
    candidateTokens: candidateTokens(tokens),
    minMatches: minimumMatches(tokens.length),
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  };
  const db = replicaDb(ctx);
  // From this instance's copy of the hall when it is current (catalog-cache.ts), else from SQL.
  const held = await searchHeld(db, ctx.config.CATALOG_INDEX_MAX_ITEMS, filter);
  if (held) return { items: held.rows, total: held.total, page: query.page, pageSize: query.pageSize };
  const { rows, total } = await repo.listPublic(db, filter);
  return { items: rows.map(listRow), total, page: query.page, pageSize: query.pageSize };
}

async function filesOf(ctx: AppContext, content: ItemContent) {
  const ids = content.materials.flatMap((m) => [m.templateFileId, m.sampleFileId]).filter((x): x is string => !!x);
  const files = await findFilesByIds(ctx.db, ids);
  return Object.fromEntries(files.map((f) => [f.id, { name: f.name, size: Number(f.size), mime: f.mime }]));
}

/** The guide of an item in the hall: the version in force today, or the first one still to come. */
export async function guide(ctx: AppContext, id: string) {
  // Public and published: a replica a moment behind serves it as well (issue 18).
  const db = replicaDb(ctx);
  const item = await repo.getItem(db, id);
  if (!item || item.hall_status !== 'in_hall' || item.latest_version === 0) throw NOT_FOUND({ zh: '事项', en: 'Item' });
  const today = chinaDate(ctx.clock.now());
  const inForce = (await repo.versionInForce(db, id, today)) ?? (await repo.getVersion(db, id, 1));
  if (!inForce) throw NOT_FOUND({ zh: '事项', en: 'Item' });
  const upcoming = await repo.upcomingVersion(db, id, today);
  const content = inForce.content as ItemContent;
  return {
    item: {
      id: item.id, basicCode: item.basic_code, implementationCode: item.implementation_code, type: item.type, level: item.level,
      department: ref(item.department_id, item.department_name, item.department_name_en),
      center: ref(item.center_id, item.center_name, item.center_name_en),
      hallStatus: item.hall_status,
    },
    version: { version: inForce.version, validFrom: inForce.valid_from!, publishedAt: inForce.published_at!.toISOString(), content },
    upcoming: upcoming && upcoming.version !== inForce.version ? { version: upcoming.version, validFrom: upcoming.valid_from! } : null,
    files: await filesOf(ctx, content),
    tradingAward: await awardNoteFor(db, id, content),
  };
}

export async function catalogFacets(ctx: AppContext, centerId?: string) {
  const db = replicaDb(ctx);
  const [f, centers] = await Promise.all([
    facetsHeld(db, ctx.config.CATALOG_INDEX_MAX_ITEMS, centerId).then((held) => held ?? repo.facets(db, centerId)),
    listCentersWithRegion(db),
  ]);
  const counts = Object.fromEntries(f.audiences.map((a) => [a.key, a.count]));
  return {
    centers: centers.map((c) => ({ id: c.id, name: c.name, nameEn: c.name_en, regionCode: c.region_code, regionName: c.region_name, level: c.level })),
    departments: f.departments.map((d) => ({ id: d.id, name: d.name, nameEn: d.name_en, centerId: d.center_id, count: d.count })),
    themes: f.themes.map((t) => ({ key: t.key, ...labelOf(THEMES, t.key), count: t.count })),
    lifeEvents: f.lifeEvents.map((t) => ({ key: t.key, ...labelOf(LIFE_EVENTS, t.key), count: t.count })),
    audiences: { person: counts.person ?? 0, enterprise: counts.enterprise ?? 0 },
  };
}

// ---- manager console ----

export async function listForManager(ctx: AppContext, who: Actor | null, q: { q?: string; hallStatus?: string; page: number; pageSize: number }) {
  const actor = requirePermission(who, 'catalog.read_drafts');
  const { rows, total } = await repo.listForCenter(ctx.db, { centerId: actor.centerId, q: q.q, hallStatus: q.hallStatus, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return {
    items: rows.map((r) => ({
      ...listRow(r),
      hallStatus: r.hall_status,
      latestVersion: r.latest_version,
      hasDraft: r.draft_version !== null,
      pendingRequest: r.pending_request_id ? { id: r.pending_request_id, kind: r.pending_request_kind as 'admission' | 'removal' } : null,
      updatedAt: r.updated_at.toISOString(),
    })),
    total, page: q.page, pageSize: q.pageSize,
  };
}

function requestView(r: Awaited<ReturnType<typeof repo.listItemRequests>>[number]) {
  return {
    id: r.id, kind: r.kind, reason: r.reason, status: r.status,
    item: { id: r.item_id, name: r.item_name },
    requestedBy: { id: r.requested_by_id, name: r.requested_by_name },
    createdAt: r.created_at.toISOString(),
    decidedBy: r.decided_by_id ? { id: r.decided_by_id, name: r.decided_by_name ?? '' } : null,
    decisionReason: r.decision_reason,
    decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
  };
}

export async function itemForManager(ctx: AppContext, who: Actor | null, id: string) {
  const actor = requirePermission(who, 'catalog.read_drafts');
  const item = await repo.getItem(ctx.db, id);
  if (!item) throw NOT_FOUND({ zh: '事项', en: 'Item' });
  authorize(itemPolicy, actor, 'read_drafts', item);
  const [versions, draft, current, history, requests] = await Promise.all([
    repo.listVersions(ctx.db, id),
    item.draft_version ? repo.getVersion(ctx.db, id, item.draft_version) : undefined,
    item.latest_version ? repo.getVersion(ctx.db, id, item.latest_version) : undefined,
    repo.listHistory(ctx.db, streamOf('item', id)),
    repo.listItemRequests(ctx.db, id),
  ]);
  const pending = requests.find((r) => r.status === 'pending');
  const content = (draft ?? current)?.content as ItemContent | undefined;
  return {
    item: {
      ...listRow(item),
      level: item.level, codeRegion: item.code_region, codeMain: item.code_main, codeSub: item.code_sub, departmentId: item.department_id,
      hallStatus: item.hall_status, latestVersion: item.latest_version, hasDraft: item.draft_version !== null,
      pendingRequest: pending ? { id: pending.id, kind: pending.kind } : null,
      updatedAt: item.updated_at.toISOString(),
    },
    versions: versions.map((v) => ({
      version: v.version, status: v.status, validFrom: v.valid_from,
      publishedAt: v.published_at ? v.published_at.toISOString() : null, createdAt: v.created_at.toISOString(),
    })),
    draft: draft ? { version: draft.version, content: draft.content as ItemContent } : null,
    current: current ? { version: current.version, validFrom: current.valid_from, content: current.content as ItemContent } : null,
    history: history.map((h) => ({ at: h.at.toISOString(), action: h.action, actor: h.actor_id ? { id: h.actor_id, name: h.actor_name ?? '' } : null, data: h.data })),
    requests: requests.map(requestView),
    files: content ? await filesOf(ctx, content) : {},
  };
}

export async function versionForManager(ctx: AppContext, who: Actor | null, id: string, version: number) {
  const actor = requirePermission(who, 'catalog.read_drafts');
  const item = await repo.getItem(ctx.db, id);
  if (!item) throw NOT_FOUND({ zh: '事项', en: 'Item' });
  authorize(itemPolicy, actor, 'read_drafts', item);
  const v = await repo.getVersion(ctx.db, id, version);
  if (!v) throw NOT_FOUND({ zh: '版本', en: 'Version' });
  return { version: v.version, status: v.status, validFrom: v.valid_from, publishedAt: v.published_at ? v.published_at.toISOString() : null, content: v.content as ItemContent };
}

export async function requestsForManager(ctx: AppContext, who: Actor | null, q: { status?: string; page: number; pageSize: number }) {
  const actor = requirePermission(who, 'catalog.read_drafts');
  const { rows, total } = await repo.listRequests(ctx.db, { centerId: actor.centerId, status: q.status, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  return { requests: rows.map(requestView), total, page: q.page, pageSize: q.pageSize };
}
