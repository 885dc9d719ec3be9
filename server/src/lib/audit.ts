import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Db, Tx } from '../db/database.ts';
import { prepared } from '../db/prepared.ts';
import { checkpointSignatureValid, signCheckpoint, type AuditSigner, type AuditVerifyKey, type SignedCheckpoint } from './audit-signing.ts';

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

// Every change writes one: built and compiled once (db/prepared.ts).
const insertAuditEvent = prepared((db, p: { stream: string; seq: number; at: Date; actor_id: string | null; action: string; data: string; prev_hash: string | null; hash: string }) => db
  .insertInto('audit_events')
  .values({ stream: p.stream, seq: p.seq, at: p.at, actor_id: p.actor_id, action: p.action, data: p.data, prev_hash: p.prev_hash, hash: p.hash }));

/**
 * `newStream`: the caller created the stream's entity in this transaction (a case's submission), so
 * the event is seq 1 without reading the stream's head; were the stream not empty after all,
 * UNIQUE (stream, seq) refuses the insert and the whole transaction rolls back.
 */
export async function appendAudit(tx: Tx, input: AuditInput, opts: { newStream?: boolean } = {}): Promise<void> {
  // The caller holds the row lock of the entity the stream belongs to; UNIQUE (stream, seq)
  // still refuses a second writer that slipped past it.
  const last = opts.newStream ? undefined : await tx
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
  await insertAuditEvent(tx, rowOf(record));
}

/** The audit_events row of a record, its hash made. */
function rowOf(record: AuditRecord) {
  return {
    stream: record.stream,
    seq: record.seq,
    at: record.at,
    actor_id: record.actorId,
    action: record.action,
    data: JSON.stringify(record.data),
    prev_hash: record.prevHash,
    hash: hashAudit(record),
  };
}

export type AuditRow = ReturnType<typeof rowOf>;

/**
 * The row of a new stream's first event (seq 1, no previous hash), for a statement that writes it
 * together with the entity the stream belongs to, created in the same statement (a case's
 * submission, cases.repository.ts `insertSubmittedCase`): the same row `appendAudit(…, { newStream: true })` writes.
 */
export function firstEventRow(input: AuditInput): AuditRow {
  return rowOf({ stream: input.stream, action: input.action, actorId: input.actorId, at: input.at, data: input.data ?? {}, seq: 1, prevHash: null });
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


/**
 * Why verification stopped: an event altered (hash), unlinked (link) or missing inside its stream
 * (gap); a checkpoint whose sealed events no longer match it (checkpoint), that lacks a valid
 * signature (signature), that counted more events than are there (truncated) or more streams
 * (stream_removed); or a case whose stream is gone altogether (stream_removed, also before sealing).
 */
export type AuditBreakReason = 'hash' | 'link' | 'gap' | 'checkpoint' | 'signature' | 'truncated' | 'stream_removed';

export interface AuditBreak {
  stream: string;
  seq: number;
  id: number;
  reason: AuditBreakReason;
}

/** Events younger than this are left to the next checkpoint, so a transaction still committing is not skipped. */
export const CHECKPOINT_LAG_MS = 5 * 60_000;

interface Window { digest: string; events: number; newStreams: number }

/**
 * SHA-256 over the hashes of the events with from < at <= upto, in (at, id) order, read in pages;
 * with the number of events and of streams begun (seq 1) among them.
 */
async function digestOf(db: Db | Tx, from: Date | null, upto: Date, pageSize = 5000): Promise<Window> {
  const h = createHash('sha256');
  let events = 0;
  let newStreams = 0;
  let after: { at: Date; id: number } | null = null;
  for (;;) {
    let q = db.selectFrom('audit_events').select(['id', 'at', 'seq', 'hash']).where('at', '<=', upto).orderBy('at').orderBy('id').limit(pageSize);
    if (from) q = q.where('at', '>', from);
    if (after) {
      const a = after;
      q = q.where((eb) => eb.or([eb('at', '>', a.at), eb.and([eb('at', '=', a.at), eb('id', '>', a.id)])]));
    }
    const rows = await q.execute();
    for (const r of rows) {
      h.update(r.hash);
      if (r.seq === 1) newStreams++;
    }
    events += rows.length;
    if (rows.length < pageSize) break;
    const last = rows.at(-1)!;
    after = { at: last.at, id: last.id };
  }
  return { digest: h.digest('hex'), events, newStreams };
}

export const checkpointHash = (prev: string | null, upto: Date, events: number, digest: string) =>
  createHash('sha256').update(`${prev ?? ''}\n${upto.toISOString()}\n${events}\n${digest}`).digest('hex');

type CheckpointRow = Awaited<ReturnType<typeof checkpointsOf>>[number];
const checkpointsOf = (db: Db | Tx) => db.selectFrom('audit_checkpoints').selectAll().orderBy('id').execute();

const signedFields = (cp: CheckpointRow): SignedCheckpoint => ({
  upto: cp.upto, events: cp.events, digest: cp.digest, prevHash: cp.prev_hash, hash: cp.hash,
  newStreams: cp.new_streams ?? 0, totalEvents: cp.total_events ?? 0, totalStreams: cp.total_streams ?? 0,
});

/**
 * Seals the events up to `now - lag` that no checkpoint covers yet, signed by `signer`. The caller
 * serialises sealers (one at a time) and verifies first (runAuditCheck): a log that fails is never sealed.
 */
export async function sealAudit(db: Db | Tx, now: Date, signer: AuditSigner, lagMs = CHECKPOINT_LAG_MS): Promise<{ events: number } | null> {
  const last = await db.selectFrom('audit_checkpoints').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
  const upto = new Date(now.getTime() - lagMs);
  if (last && upto <= last.upto) return null;
  const w = await digestOf(db, last?.upto ?? null, upto);
  if (w.events === 0) return null;
  // The running counts go on from the last checkpoint's; one sealed before they existed is counted once.
  const base = !last ? { events: 0, streams: 0 }
    : last.total_events != null ? { events: last.total_events, streams: last.total_streams ?? 0 }
      : await countUpto(db, last.upto);
  const cp: SignedCheckpoint = {
    upto, events: w.events, digest: w.digest, prevHash: last?.hash ?? null, hash: checkpointHash(last?.hash ?? null, upto, w.events, w.digest),
    newStreams: w.newStreams, totalEvents: base.events + w.events, totalStreams: base.streams + w.newStreams,
  };
  await db.insertInto('audit_checkpoints').values({
    sealed_at: now, upto, events: cp.events, digest: cp.digest, prev_hash: cp.prevHash, hash: cp.hash,
    new_streams: cp.newStreams, total_events: cp.totalEvents, total_streams: cp.totalStreams,
    key_id: signer.keyId, signature: signCheckpoint(signer, cp),
  }).execute();
  return { events: w.events };
}

async function countUpto(db: Db | Tx, upto: Date): Promise<{ events: number; streams: number }> {
  const r = await db.selectFrom('audit_events').where('at', '<=', upto)
    .select((eb) => [eb.fn.countAll<number>().as('events'), sql<number>`count(*) FILTER (WHERE seq = 1)`.as('streams')])
    .executeTakeFirstOrThrow();
  return { events: Number(r.events), streams: Number(r.streams) };
}

/**
 * Recomputes every checkpoint from the events it covers, in order; the first that differs is a
 * break. Every checkpoint after those made before signing existed must carry a signature; with a
 * key, the signature must verify (a chain rewritten with recomputed hashes and digests does not).
 * The running counts tell a shortened log (truncated) and a stream removed whole (stream_removed).
 */
async function verifyCheckpoints(db: Db | Tx, key: AuditVerifyKey | null): Promise<AuditBreak | null> {
  const checkpoints = await checkpointsOf(db);
  // Inserting a row cannot loosen this (the smallest wins); deleting it requires every checkpoint signed.
  const start = await db.selectFrom('audit_signing_start').select((eb) => eb.fn.min('last_unsigned_id').as('id')).executeTakeFirst();
  const lastUnsigned = Number(start?.id ?? 0);
  let prev: CheckpointRow | null = null;
  let total = { events: 0, streams: 0 };
  for (const cp of checkpoints) {
    const at = { stream: 'checkpoint', seq: Number(cp.id), id: Number(cp.id) };
    const w = await digestOf(db, prev?.upto ?? null, cp.upto);
    total = { events: total.events + w.events, streams: total.streams + w.newStreams };
    const mustBeSigned = Number(cp.id) > lastUnsigned;
    if (mustBeSigned) {
      if (!cp.signature || cp.total_events == null || cp.total_streams == null || cp.new_streams == null) return { ...at, reason: 'signature' };
      if (key && (cp.key_id !== key.keyId || !checkpointSignatureValid(key, signedFields(cp), cp.signature))) return { ...at, reason: 'signature' };
    }
    const linked = cp.prev_hash === (prev?.hash ?? null) && cp.hash === checkpointHash(cp.prev_hash, cp.upto, cp.events, cp.digest);
    if (!linked) return { ...at, reason: 'checkpoint' };
    if (cp.total_streams != null && (total.streams < cp.total_streams || w.newStreams < (cp.new_streams ?? 0))) return { ...at, reason: 'stream_removed' };
    if (w.events < cp.events || (cp.total_events != null && total.events < cp.total_events)) return { ...at, reason: 'truncated' };
    if (w.digest !== cp.digest || w.events !== cp.events) return { ...at, reason: 'checkpoint' };
    prev = cp;
  }
  return null;
}

/**
 * A case that exists while its stream does not: the removal of a whole stream no checkpoint covers
 * yet (the chain walk cannot see a stream that is not there). Every case writes seq 1 of its stream
 * in the transaction that creates it, except the parts of a joint case (their parent's stream records them).
 */
async function caseWithoutStream(db: Db | Tx): Promise<AuditBreak | null> {
  const r = await sql<{ id: string }>`
    SELECT c.id FROM cases c
     WHERE c.kind <> 'part'
       AND NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.stream = 'case:' || c.id::text AND e.seq = 1)
     ORDER BY c.id LIMIT 1`.execute(db);
  const row = r.rows[0];
  return row ? { stream: `case:${row.id}`, seq: 1, id: 0, reason: 'stream_removed' } : null;
}

export interface AuditVerification {
  checked: number;
  streams: number;
  broken: AuditBreak | null;
  /** Whether signatures were checked against a key (without one, only their presence is). */
  signaturesChecked: boolean;
}

/**
 * Verifies the whole trail: every stream's chain, every checkpoint (with its signature when `key`
 * is given), and that no case lost its stream. Run it inside one repeatable-read transaction for a
 * consistent snapshot (runAuditCheck, the verify-audit command): it takes no lock.
 */
export async function verifyAudit(db: Db | Tx, opts: { key?: AuditVerifyKey | null; pageSize?: number } = {}): Promise<AuditVerification> {
  const signaturesChecked = !!opts.key;
  const chains = await verifyChains(db, opts.pageSize ?? 5000);
  if (chains.broken) return { ...chains, signaturesChecked };
  const broken = await verifyCheckpoints(db, opts.key ?? null) ?? await caseWithoutStream(db);
  return { ...chains, broken, signaturesChecked };
}

/**
 * Walks every stream in order and recomputes each hash and link. Reports the first broken link:
 * an altered event (its hash no longer matches), a removed one (a gap in seq, or the next event's
 * prev_hash pointing at nothing). Reads in keyset pages, so it runs in constant memory.
 */
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
