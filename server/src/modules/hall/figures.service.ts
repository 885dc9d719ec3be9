import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, hallFiguresPolicy, type Actor } from '../../policies/index.ts';
import * as repo from './figures.repository.ts';
import { addDays, daysBetween } from './hall.time.ts';

/**
 * The hall's figures (docs/hall.md "Figures"): per zone, window or hour of the day, the tickets
 * issued, served and abandoned (no-show, cancelled), the cases registered from them, waiting and service time (mean and p90), and the
 * appointments' use over the same days. Managers and supervisors of the center read them, the
 * province's by level for the centers below.
 */
export const FIGURES_MAX_DAYS = 366;

const secs = (v: number | null) => (v === null || v === undefined ? null : Math.round(Number(v)));

const rowView = (r: repo.TicketFiguresRow) => ({
  issued: r.issued, served: r.served, noShow: r.no_show, cancelled: r.cancelled, abandoned: r.no_show + r.cancelled, open: r.open, cases: r.cases,
  waitMeanSeconds: secs(r.wait_mean), waitP90Seconds: secs(r.wait_p90), serviceMeanSeconds: secs(r.service_mean), serviceP90Seconds: secs(r.service_p90),
});

export async function figures(ctx: AppContext, who: Actor | null, q: { from?: string | undefined; to?: string | undefined; by: 'zone' | 'window' | 'hour'; centerId?: string | undefined }) {
  authorize(hallFiguresPolicy, who, 'read');
  const centerId = q.centerId ?? who!.centerId!;
  const center = await repo.centerWithRegion(ctx.db, centerId);
  if (!center) throw NOT_FOUND({ zh: '政务服务中心', en: 'Service center' });
  authorize(hallFiguresPolicy, who, 'read', { centerId, regionCode: center.region_code });
  const today = chinaDate(ctx.clock.now());
  const to = q.to ?? today;
  const from = q.from ?? addDays(to, -29);
  if (from > to) throw errors.PERIOD_INVALID({ field: 'from' });
  if (daysBetween(from, to) + 1 > FIGURES_MAX_DAYS) throw errors.HALL_FIGURES_RANGE({ maxDays: FIGURES_MAX_DAYS, field: 'to' });

  const [rows, [total], appts, names] = await Promise.all([
    repo.ticketFigures(ctx.db, centerId, from, to, q.by), repo.ticketFigures(ctx.db, centerId, from, to, 'total'),
    repo.appointmentFigures(ctx.db, centerId, from, to),
    q.by === 'zone' ? repo.zoneNames(ctx.db, centerId) : q.by === 'window' ? repo.windowNames(ctx.db, centerId) : Promise.resolve([]),
  ]);
  const label = (key: string | null) => {
    if (q.by === 'hour') return { name: `${key!.padStart(2, '0')}:00`, nameEn: `${key!.padStart(2, '0')}:00` };
    if (key === null) return { name: '未叫号', nameEn: 'Not called' };
    const n = (names as Array<{ id: string; name: string; name_en: string | null; prefix?: string }>).find((x) => x.id === key);
    if (!n) return { name: key, nameEn: key };
    return { name: n.prefix ? `${n.prefix} ${n.name}` : n.name, nameEn: n.prefix ? `${n.prefix} ${n.name_en ?? n.name}` : (n.name_en ?? n.name) };
  };
  const count = (s: repo.AppointmentFiguresRow['status']) => Number(appts.find((a) => a.status === s)?.n ?? 0);
  const appointments = { booked: count('booked'), checkedIn: count('checked_in'), noShow: count('no_show'), cancelled: count('cancelled') };
  const empty: repo.TicketFiguresRow = { key: 'all', issued: 0, served: 0, no_show: 0, cancelled: 0, open: 0, cases: 0, wait_n: 0, wait_mean: null, wait_p90: null, service_mean: null, service_p90: null };
  return {
    center: { id: center.id, name: center.name, nameEn: center.name_en }, from, to, by: q.by,
    // Hours in the day's order (the keys are text), zones by prefix, windows by name.
    rows: rows.map((r) => ({ key: r.key, ...label(r.key), ...rowView(r) }))
      .sort((a, b) => (q.by === 'hour' ? Number(a.key) - Number(b.key) : a.name.localeCompare(b.name))),
    total: rowView(total ?? empty),
    appointments: { ...appointments, total: appointments.booked + appointments.checkedIn + appointments.noShow + appointments.cancelled },
  };
}
