import { EventEmitter } from 'node:events';
import pg from 'pg';

/**
 * Live events across instances. Writers publish with `pg_notify('ow_events', json)` inside their
 * transaction (delivered at commit, dropped on rollback); each instance holds one dedicated LISTEN
 * connection, reconnecting after a loss, and hands each event to its own SSE clients.
 */
export const CHANNEL = 'ow_events';

export type LiveEvent =
  | { type: 'case'; centerId: string; caseId: string; departmentId: string; status: string; action: string }
  | { type: 'light'; centerId: string; caseId: string; departmentId: string; light: 'green' | 'yellow' | 'red' | null };

export class EventHub extends EventEmitter {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(private readonly url: () => string | undefined, private readonly log: (m: string) => void = () => {}) {
    super();
    this.setMaxListeners(0);
  }

  /** Resolves once this instance is LISTENing (connecting on first use). */
  ready(): Promise<void> {
    if (this.client) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => { this.connecting = null; });
    return this.connecting;
  }

  private async connect() {
    const url = this.url();
    if (!url || this.closed) throw new Error('no database to listen to');
    const c = new pg.Client({ connectionString: url, application_name: 'onewindow-listen' });
    c.on('notification', (m) => {
      if (m.channel !== CHANNEL || !m.payload) return;
      try { this.emit('event', JSON.parse(m.payload) as LiveEvent); } catch { /* not ours */ }
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
    await c.connect();
    await c.query(`LISTEN ${CHANNEL}`);
    if (this.closed) { await c.end(); return; }
    this.client = c;
  }

  private schedule() {
    if (this.closed || this.retry || this.listenerCount('event') === 0) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.ready().then(() => this.log('live events: listening again'), () => this.schedule());
    }, 1000);
    this.retry.unref();
  }

  async close() {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const c = this.client;
    this.client = null;
    if (c) await c.end().catch(() => {});
  }
}

let fallbackUrl: string | undefined;
/** The database the LISTEN connection opens when the config has no DATABASE_URL (the embedded server). */
export function setEventDatabaseUrl(url: string) {
  fallbackUrl = url;
}
export const eventDatabaseUrl = (configured: string | undefined) => configured ?? fallbackUrl;
