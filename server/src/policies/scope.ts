import { FORBIDDEN } from '../lib/errors.ts';
import type { Actor, RegionLevel, StaffActor, StaffRole } from './actor.ts';

/**
 * Scope by center and by level. Staff act inside their own center. On top of that a rule may give
 * some roles of a center at one level read access to the cases of the centers in the regions below
 * it: the supervisors and managers of every level follow the cases of every center below theirs —
 * the province its cities, counties, townships and village points, a county its townships and
 * villages (read only: acting stays with the center that holds the case; issue 17, docs/network.md).
 * Nothing is ever visible upward or sideways. A village service point has nothing below it.
 */
const WATCHERS = ['supervisor', 'manager'] as const satisfies readonly StaffRole[];
export const DOWNWARD_READERS: Partial<Record<RegionLevel, readonly StaffRole[]>> = {
  province: WATCHERS, city: WATCHERS, county: WATCHERS, township: WATCHERS,
};

/**
 * GB/T 2260 codes nest: a region's code begins with its ancestors' significant digits (province 2,
 * city 4, county 6; the statistical codes below extend to 9 and 12), so "below" is a prefix test
 * that needs no walk of the region tree and translates to an indexable LIKE in SQL.
 */
const SIGNIFICANT_DIGITS: Record<RegionLevel, number> = { province: 2, city: 4, county: 6, township: 9, village: 12 };

/** The regions strictly below the actor's center that the actor may read cases of, or null. */
export interface RegionsBelow { prefix: string; except: string }

export function regionsBelowReadBy(actor: Actor | null): RegionsBelow | null {
  if (!actor || actor.kind !== 'staff' || !actor.centerRegion) return null;
  const readers = DOWNWARD_READERS[actor.centerRegion.level] ?? [];
  if (!actor.roles.some((r) => readers.includes(r))) return null;
  const { code, level } = actor.centerRegion;
  return { prefix: code.slice(0, SIGNIFICANT_DIGITS[level]), except: code };
}

/** The significant digits of a region's code: every region below it has a code that starts with them. */
export const regionPrefix = (code: string, level: RegionLevel) => code.slice(0, SIGNIFICANT_DIGITS[level]);

export const isBelow = (below: RegionsBelow, regionCode: string) => regionCode !== below.except && regionCode.startsWith(below.prefix);

/** A case (or anything held by a center of that region) the actor reads by level, not by center. */
export function readsByLevel(actor: Actor | null, regionCode: string): boolean {
  const below = regionsBelowReadBy(actor);
  return below !== null && isBelow(below, regionCode);
}

export const inCenter = (actor: Actor | null, centerId: string | null): actor is StaffActor =>
  actor?.kind === 'staff' && actor.centerId !== null && actor.centerId === centerId;

/** Staff act only inside their own center; a resource of another center is forbidden. */
export function assertSameCenter(actor: Actor, centerId: string): void {
  if (actor.centerId !== centerId) throw FORBIDDEN();
}
