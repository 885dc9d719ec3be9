import type { ServerResponse } from 'node:http';
import type { Listener, Subscriber } from '../../db/listen.ts';
import type { AppContext } from '../../lib/context.ts';
import { CHANNEL, type LiveEvent } from './events.ts';
import { hallBoard } from './performance.service.ts';

/** Server-Sent Events: SSE clients per center, fed from the app's LISTEN connection; the hall board throttled per center. */
export const HEARTBEAT_MS = 15_000;
export const HALL_MIN_INTERVAL_MS = 2_000;

interface Client { res: ServerResponse; centerId: string; kind: 'supervision' | 'hall' }

export function sse(res: ServerResponse, event: string, data: unknown) {
  if (res.writableEnded || res.destroyed) return;
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export class Live {
  private closed = false;
  private clients = new Set<Client>();
  private hall = new Map<string, { last: number; timer: NodeJS.Timeout | null }>();
  /** One subscriber for all streams, held once per open stream (db/listen.ts counts them). */
  private readonly subscriber: Subscriber = {
    message: (payload) => {
      let e: LiveEvent;
      try { e = JSON.parse(payload) as LiveEvent; } catch { return; /* not ours */ }
      this.dispatch(e);
    },
    // Listening again after a loss (a failover): what changed meanwhile was not heard. Boards refetch, hall screens get their board.
    resumed: () => this.resync(),
  };

  constructor(private readonly ctx: AppContext, private readonly listener: Listener) {}

  /** Listens for this stream; fails as a normal error response while the reply is still ours. Released when the stream closes. */
  listen(): Promise<() => void> {
    if (this.closed) return Promise.reject(new Error('the live push is closed'));
    return this.listener.subscribe(CHANNEL, this.subscriber);
  }

  /** Takes over the response: headers, an opening comment, heartbeats; on close the clean-up and `release` (of `listen`). */
  open(res: ServerResponse, release: () => void, client: Client) {
    // Gone while the route was listening (its 'close' has passed, so it is never registered), or the app is closing.
    if (res.destroyed || res.socket?.destroyed || this.closed) { release(); if (!res.destroyed) res.end(); return; }
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n: connected\n\n');
    this.clients.add(client);
    const beat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    const done = () => {
      clearInterval(beat);
      this.clients.delete(client);
      release();
    };
    res.on('close', done);
  }

  private dispatch(e: LiveEvent) {
    for (const c of this.clients) {
      if (c.kind !== 'supervision' || c.centerId !== e.centerId) continue;
      if (e.type === 'light') sse(c.res, 'light', { caseId: e.caseId, departmentId: e.departmentId, light: e.light });
      else sse(c.res, 'case', { caseId: e.caseId, status: e.status, departmentId: e.departmentId, action: e.action });
    }
    if (e.type === 'case') this.hallChanged(e.centerId);
  }

  /** Every open stream catches up: a supervision page refetches on `resync`, a hall screen is sent its current board. */
  private resync() {
    const halls = new Set<string>();
    for (const c of this.clients) {
      if (c.kind === 'supervision') sse(c.res, 'resync', {});
      else halls.add(c.centerId);
    }
    for (const centerId of halls) void this.sendHall(centerId);
  }

  /** At most one hall update per center every 2 s: the first change goes at once, later ones wait. */
  private hallChanged(centerId: string) {
    if (![...this.clients].some((c) => c.kind === 'hall' && c.centerId === centerId)) return;
    const h = this.hall.get(centerId) ?? { last: 0, timer: null };
    this.hall.set(centerId, h);
    if (h.timer) return;
    const wait = Math.max(0, h.last + HALL_MIN_INTERVAL_MS - Date.now());
    h.timer = setTimeout(() => {
      h.timer = null;
      h.last = Date.now();
      void this.sendHall(centerId);
    }, wait);
  }

  async sendHall(centerId: string, only?: ServerResponse) {
    try {
      const board = await hallBoard(this.ctx, centerId);
      for (const c of this.clients) if (c.kind === 'hall' && c.centerId === centerId && (!only || c.res === only)) sse(c.res, 'update', board);
    } catch { /* the next change sends again */ }
  }

  close() {
    this.closed = true;
    for (const h of this.hall.values()) if (h.timer) clearTimeout(h.timer);
    for (const c of this.clients) c.res.end();
    this.clients.clear();
  }
}
