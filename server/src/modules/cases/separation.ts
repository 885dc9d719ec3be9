import type { ItemContent } from '../items/items.schemas.ts';
import type { Actor as Role } from './transitions.ts';

/**
 * Separation of duties (审管分离): the front desk accepts, the back office decides. Who accepted a
 * case and who reviewed it are read from the case's own records (the `case.accept` audit event and
 * the review rows), never from the caller's roles, so one account holding several roles is held to
 * the rule like two people would be.
 */
export interface WhoActed {
  /** The person who accepted the case (a part: the clerk who accepted its joint case); null when deemed accepted or forwarded. */
  acceptedBy: string | null;
  /** Everyone who signed a review step of the case. */
  reviewedBy: string[];
}

export const NOBODY_ACTED: WhoActed = { acceptedBy: null, reviewedBy: [] };

/**
 * The recorded exception an item may allow: an instant item (即办件) decided on the spot at the window
 * by the chief representative (首席代表), an account that is both a window and the department's chief
 * on this case.
 */
export function chiefRepresentativeException(content: ItemContent | null, processingMode: string, roles: readonly Role[]): boolean {
  return Boolean(content?.windowDecisionByChiefRepresentative) && processingMode === 'instant' && roles.includes('window') && roles.includes('chief');
}

/** The actor's part in the case so far, as the transition table's facts. */
export function separationFacts(acted: WhoActed, actorId: string | null) {
  return {
    actorAccepted: actorId !== null && acted.acceptedBy === actorId,
    actorReviewed: actorId !== null && acted.reviewedBy.includes(actorId),
  };
}
