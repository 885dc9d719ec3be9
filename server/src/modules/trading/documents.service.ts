import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, tradingPolicy, type Actor } from '../../policies/index.ts';
import { refOf, tenderStream } from './tender.service.ts';
import { appendAudit } from '../../lib/audit.ts';
import { assertBiddersDisclosed } from './bidders-seal.ts';
import { assertNotSuspended } from './suspension.ts';
import * as repo from './trading.repository.ts';

/**
 * Tender documents (招标文件) and their download register: a document is a new version each time it is
 * attached; only a signed-in person or enterprise downloads it, once the notice is published, and each
 * download is registered (who took which version when). The register is the staff's and the supervisors', once the
 * opening has read the bids out (before it the potential bidders are sealed: TENDER_BIDDERS_SEALED).
 */
const TENDER = { zh: '招标项目', en: 'Tender' };

export async function addDocument(ctx: AppContext, who: Actor | null, tenderId: string, b: { title: string; fileId: string }) {
  authorize(tradingPolicy, who, 'manage');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const t = await repo.lockTender(tx, tenderId);
    if (!t) throw NOT_FOUND(TENDER);
    const p = (await repo.findProject(tx, t.project_id))!;
    authorize(tradingPolicy, who, 'read', refOf(t, p));
    authorize(tradingPolicy, who, 'manage', refOf(t, p));
    await assertNotSuspended(tx, t.id);
    const f = await repo.fileMeta(tx, b.fileId);
    if (!f || f.uploaded_by !== who!.id) throw errors.TENDER_FILE_UNKNOWN({ field: 'fileId' });
    const version = (await repo.latestDocumentVersion(tx, t.id)) + 1;
    const d = await repo.insertDocument(tx, { tender_id: t.id, version, title: b.title, file_id: f.id, sha256: f.sha256, created_by: who!.id, created_at: now });
    await appendAudit(tx, { stream: tenderStream(t.id), action: 'tender.document_added', actorId: who!.id, at: now, data: { documentId: d.id, version, sha256: f.sha256 } });
    return { id: d.id, version };
  });
}

/** A bidder takes a document: registered in the transaction that hands it out. */
export async function downloadDocument(ctx: AppContext, who: Actor | null, tenderId: string, documentId: string) {
  authorize(tradingPolicy, who, 'download');
  const t = await repo.findTender(ctx.db, tenderId);
  if (!t) throw NOT_FOUND(TENDER);
  const p = (await repo.findProject(ctx.db, t.project_id))!;
  authorize(tradingPolicy, who, 'download', refOf(t, p));
  const d = await repo.findDocument(ctx.db, t.id, documentId);
  if (!d) throw NOT_FOUND({ zh: '招标文件', en: 'Tender document' });
  const f = (await repo.fileMeta(ctx.db, d.file_id))!;
  await ctx.db.transaction().execute((tx) => repo.registerDownload(tx, { tender_id: t.id, document_id: d.id, user_id: who!.id, at: ctx.clock.now() }));
  return { meta: { name: f.name, mime: f.mime, size: Number(f.size), sha256: f.sha256 }, stream: ctx.storage.open(f.storage_key) };
}

export async function downloadRegister(ctx: AppContext, who: Actor | null, tenderId: string, q: { page: number; pageSize: number }) {
  authorize(tradingPolicy, who, 'read_register');
  const t = await repo.findTender(ctx.db, tenderId);
  if (!t) throw NOT_FOUND(TENDER);
  const p = (await repo.findProject(ctx.db, t.project_id))!;
  authorize(tradingPolicy, who, 'read', refOf(t, p));
  authorize(tradingPolicy, who, 'read_register', refOf(t, p));
  // 招标投标法 第二十二条: who took the documents is sealed until the opening, for every reader (bidders-seal.ts).
  await assertBiddersDisclosed(ctx.db, t);
  const rows = await repo.downloadsOf(ctx.db, t.id, q.pageSize, (q.page - 1) * q.pageSize);
  return {
    rows: rows.map((r) => ({ userId: r.user_id, name: r.name, kind: r.kind, creditCode: r.credit_code, version: r.version, title: r.title, at: r.at.toISOString() })),
    page: q.page, pageSize: q.pageSize,
  };
}
