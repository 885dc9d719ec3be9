import type { ServerResponse } from 'node:http';
import type { AppContext } from '../../lib/context.ts';
import { EventHub, eventDatabaseUrl, type LiveEvent } from './events.ts';
import { hallBoard } from './performance.service.ts';

/** Server-Sent Events: one hub per app, SSE clients per center; the hall board throttled per center. */
export const HEARTBEAT_MS = 15_000;
export const HALL_MIN_INTERVAL_MS = 2_000;

interface Client { res: ServerResponse; centerId: string; kind: 'supervision' | 'hall' }

export function sse(res: ServerResponse, event: string, data: unknown) {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export class Live {
  readonly hub: EventHub;
  private clients = new Set<Client>();
  private hall = new Map<string, { last: number; timer: NodeJS.Timeout | null }>();
  private readonly onEvent = (e: LiveEvent) => this.dispatch(e);

  constructor(private readonly ctx: AppContext, log: (m: string) => void = () => {}) {
    this.hub = new EventHub(() => eventDatabaseUrl(ctx.config.DATABASE_URL), log);
  }

  /** Takes over the response: headers, an opening comment, heartbeats, clean-up on close. */
  async open(res: ServerResponse, onClose: () => void, client: Client) {
    await this.hub.ready();
    if (this.hub.listenerCount('event') === 0) this.hub.on('event', this.onEvent);
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    res.write('retry: 3000\n: connected\n\n');
    this.clients.add(client);
    const beat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
    const done = () => {
      clearInterval(beat);
      this.clients.delete(client);
      if (this.clients.size === 0) this.hub.off('event', this.onEvent);
      onClose();
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

  async close() {
    for (const h of this.hall.values()) if (h.timer) clearTimeout(h.timer);
    for (const c of this.clients) c.res.end();
    this.clients.clear();
    await this.hub.close();
  }
}
