import type { ServerResponse } from 'node:http';
import type pg from 'pg';
import { dedicatedClient } from '../../db/database.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { display } from './tickets.service.ts';

/**
 * The hall display, pushed (docs/hall.md "The hall display"). A call or recall runs
 * `pg_notify('hall_display', centerId)` in its transaction (hall.transitions.ts), so PostgreSQL
 * delivers it at commit, to every instance, and never for a rolled-back call. Each app holds one
 * dedicated LISTEN connection (opened on the first stream, reconnecting after a loss) and, per
 * notification, reads the center's display body once and writes it to that center's streams.
 */
export const DISPLAY_CHANNEL = 'hall_display';
export const HEARTBEAT_MS = 25_000;
/** Streams one instance holds open; past it a display is refused and polls instead. */
export const MAX_DISPLAY_STREAMS = 500;
/** Streams one client address holds open on one instance (a hall has a few screens, not a flood). */
export const DISPLAY_STREAMS_PER_ADDRESS = 20;
const RETRY_MIN_MS = 1_000;
const RETRY_MAX_MS = 30_000;

function send(res: ServerResponse, body: unknown) {
  if (!res.writableEnded && !res.destroyed) res.write(`event: calls\ndata: ${JSON.stringify(body)}\n\n`);
}

export class DisplayPush {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;
  private retryMs = RETRY_MIN_MS;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly streams = new Map<string, Set<ServerResponse>>();
  private readonly byAddress = new Map<string, number>();
  /** Per center: one read at a time; what arrives meanwhile is served by one more read after it. */
  private readonly reads = new Map<string, { all: boolean; fresh: Set<ServerResponse> }>();

  constructor(private readonly ctx: AppContext, private readonly log: (m: string) => void = () => {}) {}

  get size() {
    let n = 0;
    for (const s of this.streams.values()) n += s.size;
    return n;
  }

  /** Refuses a stream past the limits, before the response is taken over (the display then polls). */
  admit(address: string) {
    if ((this.byAddress.get(address) ?? 0) >= DISPLAY_STREAMS_PER_ADDRESS) throw errors.HALL_STREAMS_LIMIT();
    if (this.size >= MAX_DISPLAY_STREAMS) throw errors.HALL_DISPLAY_STREAMS_FULL();
  }

  /** Resolves once this instance LISTENs (connecting on first use); rejects when the database cannot be reached. */
  ready(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => { this.connecting = null; });
    return this.connecting;
  }

  private async connect() {
    if (this.closed) throw new Error('the hall display push is closed');
    const c = dedicatedClient(this.ctx.db, 'onewindow-hall-display');
    c.on('notification', (m) => {
      if (m.channel === DISPLAY_CHANNEL && m.payload) this.refresh(m.payload);
    });
    const lost = () => {
      if (this.client !== c) return;
      this.client = null;
      c.removeAllListeners('end');
      void c.end().catch(() => {});
      this.schedule();
    };
    c.on('error', lost);
    c.on('end', lost);
    try {
      await c.connect();
      await c.query(`LISTEN ${DISPLAY_CHANNEL}`);
    } catch (e) {
      c.removeAllListeners('end');
      await c.end().catch(() => {});
      throw e;
    }
    if (this.closed) { await c.end().catch(() => {}); return; }
    this.client = c;
    this.retryMs = RETRY_MIN_MS;
  }

  /** After a loss: listen again, then send every open display its current body (calls made meanwhile were not notified). */
  private schedule() {
    if (this.closed || this.retry || this.size === 0) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.ready().then(() => {
        this.log('hall display: listening again');
        for (const centerId of this.streams.keys()) this.refresh(centerId);
      }, () => {
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
        this.schedule();
      });
    }, this.retryMs);
    this.retry.unref();
  }

  /** Takes over a response: SSE headers, the current body at once, a heartbeat, removal on close. */
  open(res: ServerResponse, centerId: string, address: string) {
    // Gone while the route checked the center: its 'close' has passed, so it is never registered.
    if (res.destroyed || res.socket?.destroyed) return;
    // Proxies must pass the stream through unbuffered (x-accel-buffering for nginx; docs/operations.md).
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n\n');
    let set = this.streams.get(centerId);
    if (!set) this.streams.set(centerId, (set = new Set()));
    set.add(res);
    this.byAddress.set(address, (this.byAddress.get(address) ?? 0) + 1);
    this.heartbeat ??= setInterval(() => {
      for (const s of this.streams.values()) for (const r of s) if (!r.writableEnded && !r.destroyed) r.write(': heartbeat\n\n');
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
    res.on('close', () => {
      set.delete(res);
      const n = (this.byAddress.get(address) ?? 1) - 1;
      if (n > 0) this.byAddress.set(address, n); else this.byAddress.delete(address);
      if (set.size === 0 && this.streams.get(centerId) === set) this.streams.delete(centerId);
      if (this.streams.size === 0 && this.heartbeat) { clearInterval(this.heartbeat); this.heartbeat = null; }
    });
    this.refresh(centerId, res);
    // Lost before this stream opened and no retry pending (nobody was listening): start again.
    if (!this.client && !this.connecting) this.schedule();
  }

  /**
   * Reads the display body and writes it: to `only` (a new stream), or to all the center's streams.
   * Reads of a center run one after the other, so a display never gets an older body after a newer one.
   */
  private refresh(centerId: string, only?: ServerResponse) {
    const pending = this.reads.get(centerId);
    if (pending) {
      if (only) pending.fresh.add(only); else pending.all = true;
      return;
    }
    if (!only && !this.streams.has(centerId)) return; // nobody here watches this center
    const st = { all: !only, fresh: new Set(only ? [only] : []) };
    this.reads.set(centerId, st);
    void (async () => {
      try {
        while (st.all || st.fresh.size > 0) {
          const targets = st.all ? [...(this.streams.get(centerId) ?? [])] : [...st.fresh];
          st.all = false;
          st.fresh.clear();
          try {
            const { body } = await display(this.ctx, centerId);
            for (const res of targets) send(res, body);
          } catch {
            // Cannot read now: end these streams; EventSource reconnects (or the display polls).
            for (const res of targets) res.end();
          }
        }
      } finally {
        this.reads.delete(centerId);
      }
    })();
  }

  async close() {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const s of this.streams.values()) for (const r of s) r.end();
    this.streams.clear();
    await this.connecting?.catch(() => {});
    const c = this.client;
    this.client = null;
    if (c) { c.removeAllListeners('end'); await c.end().catch(() => {}); }
  }
}
