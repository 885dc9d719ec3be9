import { sealAudit, verifyAudit } from '../../lib/audit.ts';
import { auditSigner } from '../../lib/audit-signing.ts';
import type { AppContext } from '../../lib/context.ts';
import { every } from '../../lib/periodic.ts';
import { requirePermission, type Actor } from '../../policies/index.ts';
import { notify } from '../notifications/notifications.ts';
import * as repo from './performance.repository.ts';
import { presentAudit } from './performance.service.ts';
import { staffWithRole } from '../notifications/notifications.repository.ts';

/** How often the audit chain is verified by default. */
export const AUDIT_CHECK_EVERY_MS = 10 * 60_000;

/**
 * One scheduled verification of the audit chain. Only one instance runs it: the transaction takes
 * `pg_try_advisory_xact_lock` and gives up when another holds it, and skips when the last check is
 * younger than `everyMs` (so N instances still verify once per period). The walk reads one
 * repeatable-read snapshot. It verifies first (chains, checkpoints and their signatures against the
 * key in AUDIT_KEY_FILE) and seals only a log that passed: a broken log is never vouched for. A broken chain is stored and is a red alarm to every center's supervisors
 * (once per distinct break).
 */
export async function runAuditCheck(ctx: AppContext, opts: { everyMs?: number; force?: boolean } = {}) {
  const everyMs = opts.everyMs ?? AUDIT_CHECK_EVERY_MS;
  return ctx.db.transaction().setIsolationLevel('repeatable read').execute(async (tx) => {
    if (!(await repo.tryAuditLock(tx))) return null;
    const now = ctx.clock.now();
    const last = await repo.lastAuditCheck(tx);
    if (!opts.force && last && now.getTime() - last.checked_at.getTime() < everyMs) return null;
    const t0 = Date.now();
    const signer = auditSigner(ctx.config.auditKeyFile);
    const r = await verifyAudit(tx, { key: signer });
    // Only then seal what no checkpoint covers yet, from the same snapshot that was just verified.
    const sealed = r.broken ? null : await sealAudit(tx, now, signer);
    const broken = r.broken ? { stream: r.broken.stream, seq: r.broken.seq, reason: r.broken.reason } : null;
    await repo.insertAuditCheck(tx, { checked_at: now, ok: broken === null, events: r.checked, streams: r.streams, broken, duration_ms: Date.now() - t0 });
    const lastBroken = last?.broken as { stream: string; seq: number; reason: string } | null | undefined;
    const sameBreak = lastBroken && broken && lastBroken.stream === broken.stream && lastBroken.seq === broken.seq && lastBroken.reason === broken.reason;
    if (broken && !sameBreak) {
      for (const center of await repo.allCenters(tx)) {
        const supervisors = await staffWithRole(tx, 'supervisor', { centerId: center.id });
        await notify(tx, {
          kind: 'audit_broken', centerId: center.id, caseId: null, userIds: supervisors.map((s) => s.id), departmentId: null,
          title: { zh: `审计链校验失败（红色警报）：${broken.stream} 第 ${broken.seq} 条`, en: `Audit chain broken (red alarm): ${broken.stream} #${broken.seq}` },
          data: { ...broken, light: 'red' }, at: now,
        });
      }
    }
    return { ok: broken === null, events: r.checked, broken, sealed: sealed?.events ?? 0 };
  });
}

export async function listAuditChecks(ctx: AppContext, who: Actor | null, page: number, pageSize: number) {
  requirePermission(who, 'supervision.watch');
  const { rows, total } = await repo.listAuditChecks(ctx.db, pageSize, (page - 1) * pageSize);
  return { checks: rows.map((r) => presentAudit(r)!), total, page, pageSize };
}

/** Checks on a timer; the database (lock + last check time) says whether this instance runs it. */
export function startAuditChecks(ctx: AppContext, log: (m: string) => void, everyMs = AUDIT_CHECK_EVERY_MS): () => void {
  return every('audit check', Math.min(everyMs, 60_000), log, async () => {
    const r = await runAuditCheck(ctx, { everyMs });
    if (r && !r.ok) log(`AUDIT CHAIN BROKEN at ${r.broken!.stream} #${r.broken!.seq} (${r.broken!.reason})`);
  });
}
