import { FORBIDDEN, UNAUTHENTICATED, type DomainError } from '../lib/errors.ts';
import type { Actor } from './actor.ts';

/**
 * One resource's rules: who may take which action on it. `can` without a resource is the gate
 * asked before one is loaded ("may this actor ever do this?"), so a refused caller learns nothing
 * about ids; with a resource it is the whole rule, scope included. `refuse` says how a refusal is
 * told: by default 401 signed out and 403 otherwise; a policy that hides the resource's existence
 * from some actors (another applicant's case, another center's joint matter) answers 404 to them.
 *
 * A new resource (payment notice, licence, ticket, work order, tender, bid) is one more file here
 * with its own `Policy` and an entry in `POLICIES` (index.ts); its service calls `authorize`.
 */
export interface Policy<R, A extends string> {
  readonly resource: string;
  readonly actions: readonly A[];
  can(actor: Actor | null, action: A, resource?: R): boolean;
  refuse?(actor: Actor | null, action: A, resource?: R): DomainError;
}

export const defaultRefusal = (actor: Actor | null): DomainError => (actor ? FORBIDDEN() : UNAUTHENTICATED());

/** Passes when the policy allows the action and throws the policy's refusal otherwise. */
export function authorize<R, A extends string>(policy: Policy<R, A>, actor: Actor | null, action: A, resource?: R): void {
  if (policy.can(actor, action, resource)) return;
  throw policy.refuse ? policy.refuse(actor, action, resource) : defaultRefusal(actor);
}
