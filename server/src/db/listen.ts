import type pg from 'pg';
import { dedicatedClient, type Db } from './database.ts';

/**
 * One LISTEN connection per app instance for all its channels (the hall display's `hall_display`,
 * the live boards' `ow_events`), listening to a channel only while someone in this instance is
 * subscribed to it.
 *
 * Why one, and why only while needed: PostgreSQL wakes every backend in the database that LISTENs
 * to anything on each NOTIFY, whatever its channel, and each wake-up costs the database CPU (about
 * 40 µs per listening connection per notification on the bench machine, bench/README.md "A lead
 * for the next step"). Every submission notifies once (the live board), so each idle listener in a
 * province's instances is paid for by every application. A backend that has UNLISTENed its last
 * channel is no longer woken.
 *
 * Subscriptions are counted per (channel, subscriber): a subscriber may hold several (one per open
 * stream) and the channel stays listened to until the last is released. A lost connection is opened
 * again (1 s, doubling to 30 s) while anything is subscribed; notifications sent meanwhile are lost,
 * so every subscriber's `resumed` is called once the channels are listened to again.
 */
export interface Subscriber {
  /** A notification on the channel (its payload; '' when none). */
  message(payload: string): void;
  /** Listening again after a loss: what was notified meanwhile did not arrive. */
  resumed?(): void;
}

const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
export const LISTEN_APPLICATION_NAME = 'onewindow-listen';
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;

export class Listener {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private retryMs = RETRY_MIN_MS;
  /** A connection was lost since the last one: subscribers are told when listening again. */
  private missed = false;
  private readonly channels = new Map<string, Map<Subscriber, number>>();
  /** Channels LISTENed on the current connection: the statement's promise, awaited by later subscribers too. */
  private readonly listened = new Map<string, Promise<void>>();

  constructor(private readonly db: Db, private readonly log: (m: string) => void = () => {}) {}

  /**
   * Subscribes `sub` to `channel`; resolves once the channel is listened to, so a NOTIFY committed after
   * that is delivered, with the function that releases this subscription (once; later calls do nothing).
   * Rejects, holding nothing, when the database cannot be reached.
   */
  async subscribe(channel: string, sub: Subscriber): Promise<() => void> {
    if (!CHANNEL_NAME.test(channel)) throw new Error(`listen: not a channel name: ${channel}`);
    if (this.closed) throw new Error('listen: closed');
    let subs = this.channels.get(channel);
    if (!subs) this.channels.set(channel, (subs = new Map()));
    subs.set(sub, (subs.get(sub) ?? 0) + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.release(channel, sub);
    };
    try {
      await this.ready();
      await this.listen(channel);
    } catch (e) {
      release();
      throw e;
    }
    return release;
  }

  /** The channels this instance's connection listens to, as PostgreSQL reports them (none when not connected). */
  async listening(): Promise<string[]> {
    if (!this.client) return [];
    const { rows } = await this.client.query<{ channel: string }>('SELECT pg_listening_channels() AS channel');
    return rows.map((r) => r.channel).sort();
  }

  private release(channel: string, sub: Subscriber) {
    const subs = this.channels.get(channel);
    const n = subs?.get(sub) ?? 0;
    if (!subs || n === 0) return;
    if (n > 1) { subs.set(sub, n - 1); return; }
    subs.delete(sub);
    if (subs.size > 0) return;
    this.channels.delete(channel);
    // Queued on the same connection after any LISTEN of it, so the last statement sent wins.
    if (this.client && this.listened.delete(channel)) void this.client.query(`UNLISTEN ${channel}`).catch(() => {});
  }

  private listen(channel: string): Promise<void> {
    const c = this.client;
    if (!c || !this.channels.has(channel)) return Promise.resolve();
    let p = this.listened.get(channel);
    if (!p) {
      p = c.query(`LISTEN ${channel}`).then(() => undefined);
      this.listened.set(channel, p);
      // A failed LISTEN is not kept as done: the connection's loss handler opens a new one.
      p.catch(() => { if (this.listened.get(channel) === p) this.listened.delete(channel); });
    }
    return p;
  }

  private ready(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => { this.connecting = null; });
    return this.connecting;
  }

  private async connect() {
    const c = dedicatedClient(this.db, LISTEN_APPLICATION_NAME);
    c.on('notification', (m) => {
      const subs = this.channels.get(m.channel);
      if (!subs) return;
      for (const sub of [...subs.keys()]) {
        try { sub.message(m.payload ?? ''); } catch (e) { this.log(`listen: a subscriber of ${m.channel} failed: ${(e as Error).message}`); }
      }
    });
    const lost = () => {
      if (this.client !== c) return;
      this.client = null;
      this.listened.clear();
      this.missed = true;
      c.removeAllListeners('end');
      void c.end().catch(() => {});
      this.schedule();
    };
    c.on('error', lost);
    c.on('end', lost);
    try {
      await c.connect();
    } catch (e) {
      c.removeAllListeners('end');
      await c.end().catch(() => {});
      throw e;
    }
    if (this.closed) { c.removeAllListeners('end'); await c.end().catch(() => {}); throw new Error('listen: closed'); }
    this.client = c;
    this.retryMs = RETRY_MIN_MS;
    if (this.retry) { clearTimeout(this.retry); this.retry = null; }
    await Promise.all([...this.channels.keys()].map((ch) => this.listen(ch)));
    if (this.missed) {
      this.missed = false;
      this.log('listen: listening again');
      const everyone = new Set([...this.channels.values()].flatMap((subs) => [...subs.keys()]));
      for (const sub of everyone) {
        try { sub.resumed?.(); } catch (e) { this.log(`listen: a subscriber failed on resuming: ${(e as Error).message}`); }
      }
    }
  }

  private schedule() {
    if (this.closed || this.retry || this.channels.size === 0) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.ready().catch(() => {
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
        this.schedule();
      });
    }, this.retryMs);
    this.retry.unref();
  }

  async close() {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    await this.connecting?.catch(() => {});
    const c = this.client;
    this.client = null;
    this.channels.clear();
    this.listened.clear();
    if (c) { c.removeAllListeners('end'); await c.end().catch(() => {}); }
  }
}
