import type { ServerResponse } from 'node:http';
import type { Listener, Subscriber } from '../../db/listen.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { DISPLAY_CHANNEL } from './hall.repository.ts';
import { display } from './tickets.service.ts';

/**
 * The hall display, pushed (docs/hall.md "The hall display"). A call or recall queues
 * `pg_notify('hall_display', centerId)` with its transaction (hall.transitions.ts, db/after-commit.ts),
 * sent to every instance once it commits, and never for a rolled-back call. Each app hears it on its
 * one LISTEN connection (db/listen.ts), listening while a display stream is open, and, per
 * notification, reads the center's display body once and writes it to that center's streams.
 */
export const HEARTBEAT_MS = 25_000;
/** Streams one instance holds open; past it a display is refused and polls instead. */
export const MAX_DISPLAY_STREAMS = 500;
/** Streams one client address holds open on one instance (a hall has a few screens, not a flood). */
export const DISPLAY_STREAMS_PER_ADDRESS = 20;

function send(res: ServerResponse, body: unknown) {
  if (!res.writableEnded && !res.destroyed) res.write(`event: calls\ndata: ${JSON.stringify(body)}\n\n`);
}

export class DisplayPush {
  private closed = false;
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly streams = new Map<string, Set<ServerResponse>>();
  private readonly byAddress = new Map<string, number>();
  /** Per center: one read at a time; what arrives meanwhile is served by one more read after it. */
  private readonly reads = new Map<string, { all: boolean; fresh: Set<ServerResponse> }>();
  /** One subscriber for all streams, held once per open stream (db/listen.ts counts them). */
  private readonly subscriber: Subscriber = {
    message: (centerId) => { if (centerId) this.refresh(centerId); },
    // Listening again after a loss: calls made meanwhile were not notified, so every open display gets its current body.
    resumed: () => { for (const centerId of this.streams.keys()) this.refresh(centerId); },
  };

  constructor(private readonly ctx: AppContext, private readonly listener: Listener) {}

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

  /**
   * Listens for a stream about to open, before its first body is read (so no call falls between the two);
   * rejects when the database cannot be reached. `open` takes the release.
   */
  listen(): Promise<() => void> {
    if (this.closed) return Promise.reject(new Error('the hall display push is closed'));
    return this.listener.subscribe(DISPLAY_CHANNEL, this.subscriber);
  }

  /** Takes over a response: SSE headers, the current body at once, a heartbeat; on close its removal and `release` (of `listen`). */
  open(res: ServerResponse, centerId: string, address: string, release: () => void) {
    // Gone while the route checked the center (its 'close' has passed, so it is never registered), or the app is closing.
    if (res.destroyed || res.socket?.destroyed || this.closed) { release(); if (!res.destroyed) res.end(); return; }
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
      release();
    });
    this.refresh(centerId, res);
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

  /** Ends every stream (each releases its subscription as it closes). */
  close() {
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const s of this.streams.values()) for (const r of s) r.end();
    this.streams.clear();
  }
}
