import type { Tx } from '../db/database.ts';
import type { CaseEvents, DomainEvents, EventName } from './catalogue.ts';

/** One case event of the catalogue with its name (what `onEvery` hears); `switch (e.name)` narrows its payload. */
export type AnyEvent = { [K in keyof CaseEvents]: CaseEvents[K] & { name: K } }[keyof CaseEvents];
const isCaseEvent = (name: EventName) => name.startsWith('case.');

/** A listener runs inside the emitting transaction: what it writes commits or rolls back with the action. */
export type Listener<K extends EventName, Ctx> = (tx: Tx, event: DomainEvents[K] & { name: K }, ctx: Ctx) => Promise<void>;
type AnyListener<Ctx> = (tx: Tx, event: AnyEvent, ctx: Ctx) => Promise<void>;

/**
 * The domain event bus of one platform. Listeners are added when the platform (or a test app) opens,
 * never by HTTP routes, and each platform has its own bus, so two platforms in one process are
 * independent. `Ctx` is what listeners act with (the app context): a parameter, so that this layer
 * imports no module and no module cycle can run through it.
 */
export class EventBus<Ctx> {
  /** In the order they were added: listeners run in that order (`name` null: every event). */
  private readonly entries: Array<{ name: EventName | null; listener: AnyListener<Ctx> }> = [];

  /** Listens to one event. */
  on<K extends EventName>(name: K, listener: Listener<K, Ctx>): this {
    this.entries.push({ name, listener: listener as unknown as AnyListener<Ctx> });
    return this;
  }

  /** Listens to every case event (a rollup that counts them all, a live feed); other domains' events are heard by name. */
  onEvery(listener: AnyListener<Ctx>): this {
    this.entries.push({ name: null, listener });
    return this;
  }

  /** Runs the listeners of `name` inside `tx`, in the order they were added; a listener's error aborts the action. */
  async emit<K extends EventName>(tx: Tx, ctx: Ctx, name: K, payload: DomainEvents[K]): Promise<void> {
    const event = { ...payload, name } as unknown as AnyEvent;
    for (const e of this.entries) if (e.name === name || (e.name === null && isCaseEvent(name))) await e.listener(tx, event, ctx);
  }

  /** How many listeners hear `name` (a process that must react to it can check that it is wired). */
  listenerCount(name: EventName): number {
    return this.entries.filter((e) => e.name === name || (e.name === null && isCaseEvent(name))).length;
  }
}
