import { replicaDb, type AppContext } from '../../lib/context.ts';
import { chinaDate } from '../../lib/clock.ts';
import { NOT_FOUND } from '../../lib/errors.ts';
import { maskName } from '../../lib/mask.ts';
import {
  authorize, networkPolicy, readsByLevel, regionPrefix, requirePermission, type Actor, type RegionLevel, type StaffActor,
} from '../../policies/index.ts';
import { addDays } from '../supervision/lights.ts';
import * as repo from './network.repository.ts';

/**
 * The service network's views (issue 17, docs/network.md): the level-by-level board from the
 * reader's region down to a center and its cases, and the report of which centers implement which
 * basic items. Figures of a region are the sums over every center under it; open cases by light come
 * from the cases (index-only, one query for all the centers), the period figures from the daily
 * rollup `perf_dept_daily`, so no view scans the cases of a region.
 */
export const PERIOD_DAYS = 30;

export interface Figures {
  open: number; green: number; yellow: number; red: number; suspended: number;
  received: number; completed: number; onTime: number; overdue: number; onTimeRate: number | null;
}
const zero = (): Figures => ({ open: 0, green: 0, yellow: 0, red: 0, suspended: 0, received: 0, completed: 0, onTime: 0, overdue: 0, onTimeRate: null });

function add(into: Figures, f: Figures) {
  for (const k of ['open', 'green', 'yellow', 'red', 'suspended', 'received', 'completed', 'onTime', 'overdue'] as const) into[k] += f[k];
  into.onTimeRate = into.completed > 0 ? Math.round((into.onTime / into.completed) * 10_000) / 10_000 : null;
}

type Region = { code: string; name: string; name_en: string | null; level: string };
const presentRegion = (r: Region) => ({ code: r.code, name: r.name, nameEn: r.name_en, level: r.level as RegionLevel });

/** Each center's figures: open cases by light, and the last PERIOD_DAYS China days of the rollup. */
// The network board's figures and lists are counts over many centers: the replicas carry them (issue 18).
async function figuresOf(ctx: AppContext, centerIds: string[]): Promise<Map<string, Figures>> {
  const today = chinaDate(ctx.clock.now());
  const [open, period] = await Promise.all([repo.openCounts(replicaDb(ctx), centerIds), repo.periodSums(replicaDb(ctx), centerIds, addDays(today, -(PERIOD_DAYS - 1)), today)]);
  const out = new Map(centerIds.map((id) => [id, zero()]));
  for (const r of open) {
    const f = out.get(r.center_id)!;
    f.open += r.n;
    f.suspended += r.suspended;
    if (r.light) f[r.light] += r.n;
  }
  for (const r of period) {
    const f = out.get(r.center_id)!;
    add(f, { ...zero(), received: r.received, completed: r.completed, onTime: r.on_time, overdue: r.overdue });
  }
  return out;
}

const sum = (list: Figures[]) => list.reduce((acc, f) => (add(acc, f), acc), zero());

/** The trail from the reader's own region down to the region shown (breadcrumbs); never above the reader. */
async function trailTo(ctx: AppContext, me: StaffActor, code: string) {
  const up = await repo.regionWithAncestors(ctx.db, code);
  const stop = up.findIndex((r) => r.code === me.centerRegion!.code);
  return (stop >= 0 ? up.slice(0, stop + 1) : up.slice(0, 1)).reverse().map(presentRegion);
}

function watcher(who: Actor | null): StaffActor {
  const me = requirePermission(who, 'supervision.watch');
  authorize(networkPolicy, me, 'read_region');
  return me;
}

/** A region of the reader's scope: its figures, the regions under it that hold centers, and its own centers. */
export async function regionBoard(ctx: AppContext, who: Actor | null, code: string | undefined) {
  const me = watcher(who);
  const regionCode = code ?? me.centerRegion!.code;
  const region = await repo.findRegion(replicaDb(ctx), regionCode);
  if (!region) throw NOT_FOUND({ zh: '地区', en: 'Region' });
  authorize(networkPolicy, me, 'read_region', { regionCode });
  const level = region.level as RegionLevel;
  const [all, children, trail] = await Promise.all([
    repo.centersUnder(replicaDb(ctx), regionPrefix(region.code, level)), repo.childRegions(replicaDb(ctx), region.code), trailTo(ctx, me, region.code),
  ]);
  // At the reader's own region only the reader's own center: another center there is a sibling.
  const centers = all.filter((c) => c.id === me.centerId || readsByLevel(me, c.region_code));
  const figures = await figuresOf(ctx, centers.map((c) => c.id));
  const childPrefixes = children.map((c) => ({ region: c, prefix: regionPrefix(c.code, c.level as RegionLevel) }));
  const rows = childPrefixes.map(({ region: c, prefix }) => {
    const inside = centers.filter((x) => x.region_code !== region.code && x.region_code.startsWith(prefix));
    return { ...presentRegion(c), centers: inside.length, ...sum(inside.map((x) => figures.get(x.id)!)) };
  }).filter((r) => r.centers > 0);
  const here = centers.filter((c) => c.region_code === region.code);
  return {
    region: presentRegion(region), trail, periodDays: PERIOD_DAYS,
    totals: { centers: centers.length, ...sum(centers.map((c) => figures.get(c.id)!)) },
    children: rows,
    centers: here.map((c) => ({ id: c.id, name: c.name, nameEn: c.name_en, kind: c.kind, regionCode: c.region_code, ...figures.get(c.id)! })),
  };
}

/** One center of the reader's scope: its figures and its cases, newest first (open ones only by default). */
export async function centerBoard(ctx: AppContext, who: Actor | null, centerId: string, q: { open: boolean; page: number; pageSize: number }) {
  const me = watcher(who);
  const center = await repo.findCenter(replicaDb(ctx), centerId);
  if (!center) throw NOT_FOUND({ zh: '中心', en: 'Center' });
  authorize(networkPolicy, me, 'read_center', { regionCode: center.region_code, centerId: center.id });
  const [figures, trail, cases] = await Promise.all([
    figuresOf(ctx, [center.id]), trailTo(ctx, me, center.region_code),
    repo.centerCases(replicaDb(ctx), center.id, { open: q.open, limit: q.pageSize, offset: (q.page - 1) * q.pageSize }),
  ]);
  return {
    center: { id: center.id, name: center.name, nameEn: center.name_en, kind: center.kind, regionCode: center.region_code, level: center.level as RegionLevel },
    trail, periodDays: PERIOD_DAYS, figures: figures.get(center.id)!,
    cases: cases.rows.map((c) => ({
      id: c.id, receiptNo: c.receipt_no, itemName: c.item_name, itemNameEn: c.item_name_en, status: c.status, light: c.light,
      dueDate: c.due_date, applicantName: maskName(c.applicant_name), createdAt: c.created_at.toISOString(),
    })),
    total: cases.total, page: q.page, pageSize: q.pageSize,
  };
}

/**
 * Which centers of the reader's scope implement which basic items: each national or provincial
 * item with its local implementations (center, department, implementation code, limits) and the
 * number of centers of the scope below the province that do not implement it yet.
 */
export async function implementations(ctx: AppContext, who: Actor | null, q: { q?: string; page: number; pageSize: number }) {
  const me = watcher(who);
  const own = me.centerRegion!;
  const centers = (await repo.centersUnder(ctx.db, regionPrefix(own.code, own.level)))
    .filter((c) => c.id === me.centerId || readsByLevel(me, c.region_code));
  const local = centers.filter((c) => c.level !== 'province' && c.kind === 'center');
  const basics = await repo.basicItems(ctx.db, { q: q.q, limit: q.pageSize, offset: (q.page - 1) * q.pageSize });
  const impl = await repo.implementationsOf(ctx.db, [...new Set(basics.rows.map((b) => b.basic_code))], centers.map((c) => c.id));
  const byId = new Map(centers.map((c) => [c.id, c]));
  return {
    localCenters: local.length,
    items: basics.rows.map((b) => {
      const mine = impl.filter((i) => i.basic_code === b.basic_code);
      return {
        id: b.id, basicCode: b.basic_code, name: b.name, nameEn: b.name_en, level: b.level, centerName: b.center_name, centerNameEn: b.center_name_en,
        statutoryLimitDays: b.statutory_limit_days, promisedLimitDays: b.promised_limit_days, hallStatus: b.hall_status,
        implementations: mine.map((i) => {
          const c = byId.get(i.center_id)!;
          return {
            itemId: i.id, centerId: c.id, centerName: c.name, centerNameEn: c.name_en, regionCode: c.region_code, level: i.level,
            departmentName: i.department_name, departmentNameEn: i.department_name_en, implementationCode: i.implementation_code,
            statutoryLimitDays: i.statutory_limit_days, promisedLimitDays: i.promised_limit_days, hallStatus: i.hall_status,
          };
        }),
        notImplemented: Math.max(0, local.length - new Set(mine.map((i) => i.center_id)).size),
      };
    }),
    total: basics.total, page: q.page, pageSize: q.pageSize,
  };
}
