import type { Tx } from '../../db/database.ts';
import type { AppContext } from '../../lib/context.ts';

/**
 * The one place an e-licence is signed: the issuing body's e-seal (the seals module) signs the
 * rendered PDF. Until the seals module is merged the document is kept unsigned (signatureId null).
 */
export async function signLicence(_ctx: AppContext, _tx: Tx, input: { departmentId: string; pdf: Buffer; licenceId: string; title: string }): Promise<{ pdf: Buffer; signatureId: string | null }> {
  return { pdf: input.pdf, signatureId: null };
}

/** The public verification address printed as the QR code. */
export function verifyUrl(ctx: AppContext, identifier: string): string {
  const base = ctx.config.PUBLIC_URL ?? `http://localhost:${ctx.config.PORT}`;
  return `${base}/verify?id=${encodeURIComponent(identifier)}`;
}
