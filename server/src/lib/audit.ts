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

export const streamOf = (kind: 'item' | 'user' | 'org' | 'matter', id: string) => `${kind}:${id}`;


export interface AuditBreak {
  stream: string;
  seq: number;
  id: number;
  reason: 'hash' | 'link' | 'gap' | 'checkpoint';
}

/** Events younger than this are left to the next checkpoint, so a transaction still committing is not skipped. */
export const CHECKPOINT_LAG_MS = 5 * 60_000;

/** SHA-256 over the hashes of the events with from < at <= upto, in (at, id) order, read in pages. */
async function digestOf(db: Db | Tx, from: Date | null, upto: Date, pageSize = 5000): Promise<{ digest: string; events: number }> {
  const h = createHash('sha256');
  let events = 0;
  let after: { at: Date; id: number } | null = null;
  for (;;) {
    let q = db.selectFrom('audit_events').select(['id', 'at', 'hash']).where('at', '<=', upto).orderBy('at').orderBy('id').limit(pageSize);
    if (from) q = q.where('at', '>', from);
    if (after) {
      const a = after;
      q = q.where((eb) => eb.or([eb('at', '>', a.at), eb.and([eb('at', '=', a.at), eb('id', '>', a.id)])]));
    }
    const rows = await q.execute();
    for (const r of rows) h.update(r.hash);
    events += rows.length;
    if (rows.length < pageSize) break;
    const last = rows.at(-1)!;
    after = { at: last.at, id: last.id };
  }
  return { digest: h.digest('hex'), events };
}

const checkpointHash = (prev: string | null, upto: Date, events: number, digest: string) =>
  createHash('sha256').update(`${prev ?? ''}\n${upto.toISOString()}\n${events}\n${digest}`).digest('hex');

/** Seals the events up to `now - lag` that no checkpoint covers yet. The caller serialises sealers (one at a time). */
export async function sealAudit(db: Db | Tx, now: Date, lagMs = CHECKPOINT_LAG_MS): Promise<{ events: number } | null> {
  const last = await db.selectFrom('audit_checkpoints').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  const upto = new Date(now.getTime() - lagMs);
  if (last && upto <= last.upto) return null;
  const { digest, events } = await digestOf(db, last?.upto ?? null, upto);
  if (events === 0) return null;
  await db.insertInto('audit_checkpoints').values({
    sealed_at: now, upto, events, digest, prev_hash: last?.hash ?? null, hash: checkpointHash(last?.hash ?? null, upto, events, digest),
  }).execute();
  return { events };
}

/** Recomputes every checkpoint from the events it covers; the first that differs is a break. */
async function verifyCheckpoints(db: Db | Tx): Promise<AuditBreak | null> {
  const checkpoints = await db.selectFrom('audit_checkpoints').selectAll().orderBy('id').execute();
  let prev: (typeof checkpoints)[number] | null = null;
  for (const cp of checkpoints) {
    const { digest, events } = await digestOf(db, prev?.upto ?? null, cp.upto);
    const linked = cp.prev_hash === (prev?.hash ?? null) && cp.hash === checkpointHash(cp.prev_hash, cp.upto, cp.events, cp.digest);
    if (!linked || digest !== cp.digest || events !== cp.events) {
      return { stream: 'checkpoint', seq: Number(cp.id), id: Number(cp.id), reason: 'checkpoint' };
    }
    prev = cp;
  }
  return null;
}

/**
 * Walks every stream in order and recomputes each hash and link. Reports the first broken link:
 * an altered event (its hash no longer matches), a removed one (a gap in seq, or the next event's
 * prev_hash pointing at nothing). Reads in keyset pages, so it runs in constant memory.
 */
export async function verifyAudit(db: Db | Tx, pageSize = 5000): Promise<{ checked: number; streams: number; broken: AuditBreak | null }> {
  const chains = await verifyChains(db, pageSize);
  if (chains.broken) return chains;
  return { ...chains, broken: await verifyCheckpoints(db) };
}

async function verifyChains(db: Db | Tx, pageSize: number): Promise<{ checked: number; streams: number; broken: AuditBreak | null }> {
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
