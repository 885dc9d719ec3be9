import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import { hasSeal, keptBytes, prepareStamp, registerVerifiable, signDocument, signedDocumentOf, type SealStamp } from '../seals/index.ts';
import type { caseDetail } from './cases.queries.ts';
import { renderCaseDocument, type DocumentKind } from './documents.ts';
import { caseForVerification } from './signed-documents.repository.ts';

/**
 * The case documents that carry the department's e-seal: the receipt (受理凭证) and the decision
 * letter (行政许可决定书). Each is rendered ONCE, signed (SM3 digest, SM2 signature of the
 * department's seal) and its bytes kept in file storage; every later download serves the kept
 * bytes, so the PDF a holder downloads today is byte for byte the one signed and verifies. The
 * other letters are rendered on each request, as before. A department without a seal gets its
 * documents unsigned (docs/elicences.md).
 */
export const SIGNED_CASE_DOCUMENTS: readonly DocumentKind[] = ['receipt', 'decision'];
type Detail = Awaited<ReturnType<typeof caseDetail>>;

export async function caseDocumentPdf(ctx: AppContext, d: Detail, kind: DocumentKind, actorId: string | null): Promise<Buffer> {
  if (!SIGNED_CASE_DOCUMENTS.includes(kind) || !(await hasSeal(ctx.db, d.departmentId))) return renderCaseDocument(ctx, d, kind);
  const kept = await signedDocumentOf(ctx.db, kind, d.id);
  if (kept) return (await keptBytes(ctx, kept))!;
  const stamp: SealStamp = await prepareStamp(ctx, ctx.db, d.departmentId);
  const bytes = await renderCaseDocument(ctx, d, kind, stamp);
  try {
    await ctx.db.transaction().execute((tx) => signDocument(ctx, tx, { bodyId: d.departmentId, kind, ref: d.id, bytes, verificationId: stamp.verificationId, actorId }));
    return bytes;
  } catch (err) {
    // Two first downloads at once: UNIQUE (kind, ref) lets one sign; the other serves what it signed.
    const winner = await signedDocumentOf(ctx.db, kind, d.id);
    if (winner) return (await keptBytes(ctx, winner))!;
    throw err;
  }
}

const holderOf = (c: NonNullable<Awaited<ReturnType<typeof caseForVerification>>>) => ({
  kind: c.applicant_kind === 'enterprise' ? 'enterprise' as const : 'person' as const,
  name: c.applicant_name,
  code: c.applicant_kind === 'enterprise' ? c.credit_code : c.id_number,
});

registerVerifiable('receipt', {
  title: { zh: '受理凭证', en: 'Acceptance receipt' },
  resolve: async (db, ref) => {
    const c = await caseForVerification(db, ref);
    return c ? { number: c.receipt_no, holder: holderOf(c), status: 'issued' } : null;
  },
});

registerVerifiable('decision', {
  title: { zh: '行政许可决定书', en: 'Licensing decision letter' },
  resolve: async (db, ref) => {
    const c = await caseForVerification(db, ref);
    if (!c) return null;
    // A licence cancelled (注销) on the holder's application: the letter stands, the permit no longer does.
    if (c.cancelled_at) return { number: c.receipt_no, holder: holderOf(c), status: 'cancelled', since: chinaDate(c.cancelled_at), reason: c.cancel_reason };
    return { number: c.receipt_no, holder: holderOf(c), status: c.decision === 'denied' ? 'issued' : 'valid' };
  },
});
