import { errors } from '../lib/errors.ts';
import { hasRole } from './actor.ts';
import { hasPermission, type Permission } from './permissions.ts';
import { defaultRefusal, type Policy } from './policy.ts';
import { inCenter } from './scope.ts';

/**
 * Service items in the manager's console (the published catalog is public and needs no policy).
 * Each action needs its permission and an item of the actor's own center; a chief requests hall
 * admission or removal for their own department's items only. Another center's item is 403: item
 * ids are public in the catalog, so hiding them would protect nothing.
 */
/** decide_hall: change the item's hall status by deciding a request for it (itemRequestPolicy decides the request). */
export const ITEM_ACTIONS = ['read_drafts', 'edit', 'publish', 'request', 'decide_hall'] as const;
export type ItemAction = (typeof ITEM_ACTIONS)[number];

const ITEM_PERMISSION: Record<ItemAction, Permission> = {
  read_drafts: 'catalog.read_drafts', edit: 'catalog.edit', publish: 'catalog.publish', request: 'catalog.request',
  decide_hall: 'catalog.decide_request',
};

/** `department_id` is the implementing department (for a new item, the one it is created in). */
export const itemPolicy: Policy<{ center_id: string; department_id: string }, ItemAction> = {
  resource: 'item',
  actions: ITEM_ACTIONS,
  can(who, action, item) {
    if (!hasPermission(who, ITEM_PERMISSION[action])) return false;
    if (!item) return true;
    if (!inCenter(who, item.center_id)) return false;
    // A chief speaks for their own department only; the manager for the whole center.
    return action !== 'request' || hasRole(who, 'manager') || who.departmentId === item.department_id;
  },
};

/**
 * A request to admit an item to the hall or remove it: the center's managers see and decide it,
 * never the one who made it (four eyes).
 */
export const ITEM_REQUEST_ACTIONS = ['read', 'decide'] as const;
export type ItemRequestAction = (typeof ITEM_REQUEST_ACTIONS)[number];

export const itemRequestPolicy: Policy<{ center_id: string; requested_by: string }, ItemRequestAction> = {
  resource: 'item_request',
  actions: ITEM_REQUEST_ACTIONS,
  can(who, action, r) {
    if (!hasPermission(who, 'catalog.decide_request')) return false;
    if (!r) return true;
    return inCenter(who, r.center_id) && (action === 'read' || r.requested_by !== who.id);
  },
  refuse(who, action, r) {
    if (action === 'decide' && r && who && inCenter(who, r.center_id) && r.requested_by === who.id) {
      return errors.FOUR_EYES();
    }
    return defaultRefusal(who);
  },
};
