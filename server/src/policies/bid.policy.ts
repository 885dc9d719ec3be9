import { errors } from '../lib/errors.ts';
import { isStaff } from './actor.ts';
import { defaultRefusal, type Policy } from './policy.ts';
import { inCenter } from './scope.ts';

/**
 * Sealed bids (docs/trading.md, "Sealed bids"). Nobody reads a bid's content before the opening:
 * there is no plaintext to read, only ciphertext, so these rules govern metadata and actions.
 *
 * - `submit`, `withdraw`, `read`: the bidding enterprise, its own bids only (another bidder's bid is
 *   404: its existence is not told).
 * - `read_tender_bids` (who handed in a bid and when, and what was read out; the service refuses it before the
 *   opening, TENDER_BIDDERS_SEALED, 招标投标法 第二十二条): staff
 *   of the tender's center; the bidders of the tender see the opening's result once it has happened.
 * - `seal_tender` (make the tender key and hand out its shares): the center's managers and the staff
 *   who run its trading (the role the trading module names, when present).
 * - `hand_in_share`: a custodian of the tender; the service checks the share row is theirs.
 * - `register_key`: any staff member (an official who may be named custodian).
 * - `declare`: a bidding enterprise, its own declaration of its principal and of the units it is controlled or
 *   managed by (条例 第三十四条; there is no other's to name).
 */
export const BID_ACTIONS = ['submit', 'withdraw', 'read', 'read_tender_bids', 'read_opening', 'seal_tender', 'hand_in_share', 'register_key', 'declare'] as const;
export type BidAction = (typeof BID_ACTIONS)[number];

export interface BidResource {
  center_id: string;
  bidder_id?: string;
  custodian_ids?: string[];
  /** For read_opening by a bidder: whether this bidder has a bid on the tender, and the opening is over. */
  is_bidder_of_tender?: boolean;
  opened?: boolean;
}

const isBidder = (who: Parameters<typeof isStaff>[0]) => who?.kind === 'enterprise';
/** Staff who run trading in their center (the trading module's role, when present, and managers). */
const TRADING_ROLES = ['manager', 'trading'] as const;
const runsTrading = (who: Parameters<typeof isStaff>[0]) => isStaff(who) && who.roles.some((r) => (TRADING_ROLES as readonly string[]).includes(r));

export const bidPolicy: Policy<BidResource, BidAction> = {
  resource: 'bid',
  actions: BID_ACTIONS,
  can(who, action, r) {
    switch (action) {
      case 'submit':
      case 'declare':
        return isBidder(who);
      case 'withdraw':
      case 'read':
        return isBidder(who) && (!r || r.bidder_id === who!.id);
      case 'read_tender_bids':
        return isStaff(who) && (!r || inCenter(who, r.center_id));
      case 'read_opening':
        if (isStaff(who)) return !r || inCenter(who, r.center_id);
        return isBidder(who) && (!r || (r.is_bidder_of_tender === true && r.opened === true));
      case 'seal_tender':
        return runsTrading(who) && (!r || inCenter(who, r.center_id));
      case 'hand_in_share':
        return isStaff(who) && (!r || (inCenter(who, r.center_id) && (r.custodian_ids ?? []).includes(who.id)));
      case 'register_key':
        return isStaff(who);
    }
  },
  refuse(who, action, r) {
    if (who && isBidder(who) && (action === 'read' || action === 'withdraw') && r && r.bidder_id !== who.id) return errors.NOT_FOUND({ what: { zh: '投标', en: 'Bid' } });
    if (who && isStaff(who) && action === 'hand_in_share' && r && inCenter(who, r.center_id)) return errors.BID_NOT_CUSTODIAN();
    return defaultRefusal(who);
  },
};
