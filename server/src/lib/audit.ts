import { createHash } from 'node:crypto';
import type { Db, Tx } from '../db/database.ts';

/**
 * The audit trail. Each stream (one item, one case, one account …) is its own hash chain: an
 * event stores the hash of the stream's previous event, so writers on different streams never
 * wait on each other. Callers append inside the transaction that makes the change they record.
 */
export interface AuditInput {
  stream: string;
  action: string;
  actorId: string | null;
  at: Date;
  data?: Record<string, unknown>;
}

export interface AuditRecord extends Required<AuditInput> {
  seq: number;
  prevHash: string | null;
}

export async function appendAudit(tx: Tx, input: AuditInput): Promise<void> {
  // The caller holds the row lock of the entity the stream belongs to; UNIQUE (stream, seq)
  // still refuses a second writer that slipped past it.
  const last = await tx
    .selectFrom('audit_events')
    .select(['seq', 'hash'])
    .where('stream', '=', input.stream)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const record: AuditRecord = {
    stream: input.stream,
    action: input.action,
    actorId: input.actorId,
    at: input.at,
    data: input.data ?? {},
    seq: (last?.seq ?? 0) + 1,
    prevHash: last?.hash ?? null,
  };
  await tx
    .insertInto('audit_events')
    .values({
      stream: record.stream,
      seq: record.seq,
      at: record.at,
      actor_id: record.actorId,
      action: record.action,
      data: JSON.stringify(record.data),
      prev_hash: record.prevHash,
      hash: hashAudit(record),
    })
    .execute();
}

export function hashAudit(r: AuditRecord): string {
  const body = canonicalJson({
    stream: r.stream, seq: r.seq, at: r.at.toISOString(), actorId: r.actorId, action: r.action, data: r.data,
  });
  return createHash('sha256').update(`${r.prevHash ?? ''}\n${body}`).digest('hex');
}

/** JSON with object keys sorted, so the hash does not depend on how jsonb reorders keys. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
}

export const streamOf = (kind: 'item' | 'user' | 'org', id: string) => `${kind}:${id}`;


export interface AuditBreak {
  stream: string;
  seq: number;
  id: number;
  reason: 'hash' | 'link' | 'gap';
}

/**
 * Walks every stream in order and recomputes each hash and link. Reports the first broken link:
 * an altered event (its hash no longer matches), a removed one (a gap in seq, or the next event's
 * prev_hash pointing at nothing). Reads in keyset pages, so it runs in constant memory.
 */
export async function verifyAudit(db: Db, pageSize = 5000): Promise<{ checked: number; streams: number; broken: AuditBreak | null }> {
  let after: { stream: string; seq: number } | null = null;
  let prev = null as { stream: string; seq: number; hash: string } | null;
  let checked = 0;
  let streams = 0;
  for (;;) {
    let q = db.selectFrom('audit_events').selectAll().orderBy('stream').orderBy('seq').limit(pageSize);
    if (after) {
      const a = after;
      q = q.where((eb) => eb.or([eb('stream', '>', a.stream), eb.and([eb('stream', '=', a.stream), eb('seq', '>', a.seq)])]));
    }
    const rows = await q.execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const first: boolean = !prev || prev.stream !== r.stream;
      if (first) streams++;
      const expectSeq: number = first ? 1 : prev!.seq + 1;
      const expectPrev = first ? null : prev!.hash;
      const at = { stream: r.stream, seq: r.seq, id: Number(r.id) };
      if (r.seq !== expectSeq) return { checked, streams, broken: { ...at, reason: 'gap' } };
      if (r.prev_hash !== expectPrev) return { checked, streams, broken: { ...at, reason: 'link' } };
      const record = { stream: r.stream, seq: r.seq, at: r.at, actorId: r.actor_id, action: r.action, data: r.data as Record<string, unknown>, prevHash: r.prev_hash };
      if (hashAudit(record) !== r.hash) return { checked, streams, broken: { ...at, reason: 'hash' } };
      prev = { stream: r.stream, seq: r.seq, hash: r.hash };
      checked++;
    }
    const last = rows.at(-1)!;
    after = { stream: last.stream, seq: last.seq };
  }
  return { checked, streams, broken: null };
}
