import type { Actor } from './actor.ts';
import { hasPermission } from './permissions.ts';
import type { Policy } from './policy.ts';
import { readsByLevel, regionsBelowReadBy, type RegionsBelow } from './scope.ts';

/**
 * The service network (issue 17, docs/network.md): the level-by-level board and the report of which
 * centers implement which basic items. A node is a region, or one center of it. The supervisors and
 * managers of a center read their own center and every region and center below theirs in the region
 * tree (scope.ts, DOWNWARD_READERS); never a region above nor a sibling's (403).
 *
 * - read_region: the figures of a region and of the regions and centers under it; the reader's own
 *   region counts only its own center (another center of the same region is a sibling).
 * - read_center: one center's figures and its cases, newest first (the drill-down's last step).
 */
export const NETWORK_ACTIONS = ['read_region', 'read_center'] as const;
export type NetworkAction = (typeof NETWORK_ACTIONS)[number];

export interface NetworkNode { regionCode: string; centerId?: string }

export const networkPolicy: Policy<NetworkNode, NetworkAction> = {
  resource: 'network',
  actions: NETWORK_ACTIONS,
  can(who, action, node) {
    if (!hasPermission(who, 'supervision.watch') || !who.centerRegion) return false;
    if (!node) return true;
    if (readsByLevel(who, node.regionCode)) return true;
    if (action === 'read_region') return node.regionCode === who.centerRegion.code;
    return node.centerId === who.centerId;
  },
};

/** The part of the network a reader sees, as data for the queries: their own center, and the regions below. */
export interface NetworkScope { centerId: string; regionCode: string; below: RegionsBelow | null }

export function networkScope(who: Actor | null): NetworkScope | null {
  if (!hasPermission(who, 'supervision.watch') || !who.centerRegion) return null;
  return { centerId: who.centerId, regionCode: who.centerRegion.code, below: regionsBelowReadBy(who) };
}
