import type { Db, Tx } from '../db/database.ts';
import { checkpointSignatureValid, type AuditVerifyKey } from './audit-signing.ts';

/**
 * The audit checkpoints as JSON, with the public key that verifies their signatures, to keep
 * outside the platform (a WORM store, another office, a printout of the last hash). Kept copies
 * anchor the log: `verify-audit --against` finds a checkpoint that has since disappeared or changed,
 * which the database alone cannot show once an insider removed the newest checkpoints and events.
 */
export const EXPORT_FORMAT = 'onewindow-audit-checkpoints/1';

export interface ExportedCheckpoint {
  id: number;
  sealedAt: string;
  upto: string;
  events: number;
  digest: string;
  prevHash: string | null;
  hash: string;
  newStreams: number | null;
  totalEvents: number | null;
  totalStreams: number | null;
  keyId: string | null;
  signature: string | null;
}

export interface AuditExport {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  /** The key the exporting platform signs with (PEM, SPKI), or null when it has none yet. */
  publicKey: string | null;
  keyId: string | null;
  checkpoints: ExportedCheckpoint[];
}

export async function exportCheckpoints(db: Db | Tx, key: AuditVerifyKey | null, now: Date): Promise<AuditExport> {
  const rows = await db.selectFrom('audit_checkpoints').selectAll().orderBy('id').execute();
  return {
    format: EXPORT_FORMAT, exportedAt: now.toISOString(), publicKey: key?.publicKeyPem ?? null, keyId: key?.keyId ?? null,
    checkpoints: rows.map((r) => ({
      id: Number(r.id), sealedAt: r.sealed_at.toISOString(), upto: r.upto.toISOString(), events: r.events, digest: r.digest.trim(),
      prevHash: r.prev_hash?.trim() ?? null, hash: r.hash.trim(), newStreams: r.new_streams, totalEvents: r.total_events,
      totalStreams: r.total_streams, keyId: r.key_id, signature: r.signature,
    })),
  };
}

export interface ExportMismatch { id: number; problem: 'missing' | 'changed' | 'bad_signature' }

/**
 * Holds the database to a kept export: every exported checkpoint must still be there, unchanged.
 * With a key, the export's own signatures are checked first (a forged export proves nothing).
 */
export async function compareWithExport(db: Db | Tx, kept: AuditExport, key: AuditVerifyKey | null): Promise<ExportMismatch | null> {
  if (kept.format !== EXPORT_FORMAT) throw new Error(`not an audit checkpoint export (format ${String(kept.format)})`);
  const rows = new Map((await db.selectFrom('audit_checkpoints').selectAll().orderBy('id').execute()).map((r) => [Number(r.id), r]));
  for (const cp of kept.checkpoints) {
    if (key && cp.signature && cp.totalEvents != null) {
      const ok = cp.keyId === key.keyId && checkpointSignatureValid(key, {
        upto: new Date(cp.upto), events: cp.events, digest: cp.digest, prevHash: cp.prevHash, hash: cp.hash,
        newStreams: cp.newStreams ?? 0, totalEvents: cp.totalEvents, totalStreams: cp.totalStreams ?? 0,
      }, cp.signature);
      if (!ok) return { id: cp.id, problem: 'bad_signature' };
    }
    const row = rows.get(cp.id);
    if (!row) return { id: cp.id, problem: 'missing' };
    const same = row.hash.trim() === cp.hash && row.upto.toISOString() === cp.upto && row.events === cp.events
      && (row.signature ?? null) === cp.signature && (row.total_events ?? null) === cp.totalEvents;
    if (!same) return { id: cp.id, problem: 'changed' };
  }
  return null;
}
