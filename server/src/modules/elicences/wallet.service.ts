import type { Readable } from 'node:stream';
import type { AppContext } from '../../lib/context.ts';
import { chinaDate } from '../../lib/clock.ts';
import { NOT_FOUND, UNAUTHENTICATED } from '../../lib/errors.ts';
import { authorize, elicencePolicy, type Actor, type ElicenceAction } from '../../policies/index.ts';
import { holds, walletCodeOf } from './holder.ts';
import { presentLicence } from './present.ts';
import * as repo from './wallet.repository.ts';

/**
 * The holder's wallet (我的证照): the licences whose holder code is the signed-in applicant's ID
 * number or credit code, each with its versions, its signed PDF, who used it and which staff read it
 * through a case. Nobody else reads a wallet (policies/elicence.policy.ts).
 */
const notFound = () => NOT_FOUND({ zh: '电子证照', en: 'E-licence' });
const today = (ctx: AppContext) => chinaDate(ctx.clock.now());

/** Loads a licence for its holder: 404 when it does not exist or is someone else's (the same answer). */
export async function loadAsHolder(ctx: AppContext, who: Actor | null, id: string, action: ElicenceAction = 'read') {
  if (!who) throw UNAUTHENTICATED();
  authorize(elicencePolicy, who, action);
  const l = await repo.getLicence(ctx.db, id);
  if (!l) throw notFound();
  const me = await repo.userCodes(ctx.db, who.id);
  authorize(elicencePolicy, who, action, { isHolder: !!me && holds(me, l), citingCase: null });
  return l;
}

export async function listWallet(ctx: AppContext, who: Actor | null, q: { page: number; pageSize: number; status?: 'valid' | undefined; types?: string[] | undefined }) {
  if (!who) throw UNAUTHENTICATED();
  authorize(elicencePolicy, who, 'read');
  const me = await repo.userCodes(ctx.db, who.id);
  const code = me && walletCodeOf(me);
  const day = today(ctx);
  if (!code) return { licences: [], total: 0, page: q.page, pageSize: q.pageSize };
  const { rows, total } = await repo.walletPage(ctx.db, { ...code, status: q.status, types: q.types, today: day }, q.page, q.pageSize);
  return { licences: rows.map((l) => presentLicence(l, day)), total, page: q.page, pageSize: q.pageSize };
}

export async function walletLicence(ctx: AppContext, who: Actor | null, id: string) {
  const l = await loadAsHolder(ctx, who, id);
  const versions = await repo.versionsOf(ctx.db, id);
  return {
    ...presentLicence(l, today(ctx)),
    versions: versions.map((v) => ({
      seq: v.seq, version: v.version, event: v.event, status: v.status, validTo: v.valid_to, reason: v.reason,
      caseId: v.case_id, at: v.at.toISOString(), by: v.by_name,
    })),
  };
}

/** The signed PDF of the current version (the file the issuance stored). */
export async function licenceFile(ctx: AppContext, who: Actor | null, id: string): Promise<{ name: string; mime: string; size: number; sha256: string; stream: Readable }> {
  const l = await loadAsHolder(ctx, who, id);
  const meta = l.file_id ? await repo.fileMeta(ctx.db, l.file_id) : undefined;
  if (!meta) throw NOT_FOUND({ zh: '电子证照文件', en: 'Licence file' });
  return { name: meta.name, mime: meta.mime, size: Number(meta.size), sha256: meta.sha256, stream: ctx.storage.open(meta.storage_key) };
}

export async function licenceUses(ctx: AppContext, who: Actor | null, id: string, page: number, pageSize: number) {
  await loadAsHolder(ctx, who, id);
  const { rows, total } = await repo.usesPage(ctx.db, id, page, pageSize);
  return {
    uses: rows.map((u) => ({
      id: u.id, caseId: u.case_id, receiptNo: u.receipt_no, materialKey: u.material_key, purpose: u.purpose,
      by: u.by_name, byKind: u.by_kind, byDepartment: u.by_department, consentedAt: u.consented_at.toISOString(), usedAt: u.used_at.toISOString(),
    })),
    total, page, pageSize,
  };
}

export async function licenceReads(ctx: AppContext, who: Actor | null, id: string, page: number, pageSize: number) {
  await loadAsHolder(ctx, who, id);
  const { rows, total } = await repo.readsPage(ctx.db, id, page, pageSize);
  return {
    reads: rows.map((r) => ({
      caseId: r.case_id, receiptNo: r.receipt_no, by: r.by_name, byDepartment: r.by_department, day: r.day,
      firstAt: r.first_at.toISOString(), lastAt: r.last_at.toISOString(), reads: r.reads,
    })),
    total, page, pageSize,
  };
}
