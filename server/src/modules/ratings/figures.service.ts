import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { authorize, ratingFiguresPolicy, requireStaff, type Actor } from '../../policies/index.ts';
import * as repo from './ratings.repository.ts';

/** China midnight of a YYYY-MM-DD date, as an instant. */
const chinaMidnight = (d: string) => new Date(`${d}T00:00:00+08:00`);
const DAY = 86_400_000;

/**
 * The 好差评 figures of the caller's center for the China dates [from, to], per department, window
 * or staff member: coverage (rated stages / stages that invited a rating), satisfaction (share of 4–5
 * and mean level), bad reviews, and the share of bad reviews rectified by their due date. Voided
 * (malicious, appeal upheld) reviews count nowhere. Feeds the performance evaluation.
 */
export async function ratingFigures(ctx: AppContext, who: Actor | null, q: { by: repo.FiguresBy; from: string; to: string }) {
  authorize(ratingFiguresPolicy, who, 'read');
  const staff = requireStaff(who);
  const from = chinaMidnight(q.from);
  const to = new Date(chinaMidnight(q.to).getTime() + DAY);
  if (to <= from || to.getTime() - from.getTime() > 367 * DAY) throw errors.RATING_PERIOD_INVALID({ field: 'to' });
  const f = await repo.figures(ctx.db, staff.centerId, q.by, from, to);
  const keys = new Set<string | null>([...f.rated.map((r) => r.key), ...f.invited.map((r) => r.key)]);
  const names = await repo.namesOf(ctx.db, q.by, [...keys].filter((k): k is string => k !== null));
  const rows = [...keys].map((key) => {
    const r = f.rated.find((x) => x.key === key);
    const invited = Number(f.invited.find((x) => x.key === key)?.invited ?? 0);
    const ratings = Number(r?.ratings ?? 0);
    const caseRatings = Number(r?.case_ratings ?? 0);
    const bad = Number(r?.bad ?? 0);
    const onTime = Number(f.onTime.find((x) => x.key === key)?.on_time ?? 0);
    const share = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);
    return {
      key, name: key ? names.get(key)?.name ?? '' : null, nameEn: key ? names.get(key)?.nameEn ?? null : null,
      invited, ratings, caseRatings, coverage: share(caseRatings, invited),
      satisfied: Number(r?.satisfied ?? 0), satisfaction: share(Number(r?.satisfied ?? 0), ratings), mean: r?.mean != null ? Number(r.mean) : null,
      bad, rectifiedOnTime: onTime, rectifiedOnTimeRate: share(onTime, bad),
    };
  }).sort((a, b) => b.ratings - a.ratings || (a.name ?? '').localeCompare(b.name ?? ''));
  return { by: q.by, from: q.from, to: q.to, rows };
}
