import { createHash } from 'node:crypto';
import type { Tx } from '../db/database.ts';

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

