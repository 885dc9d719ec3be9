import type { Tx } from '../../db/database.ts';
import type { AppContext } from '../../lib/context.ts';
import { prepareStamp, signDocument } from '../seals/index.ts';
import { renderLicencePdf, type LicencePrint } from './licence-pdf.ts';

/** The kind e-licences are signed and verified as (seals' registry). A version is its own ref: `<licence id>@<version>`. */
export const LICENCE_KIND = 'elicence';
export const licenceRef = (licenceId: string, version: number) => `${licenceId}@${version}`;

/**
 * The one place an e-licence version is signed: the issuing body's e-seal (seals module) is drawn on
 * the page with the verification QR code, the PDF's bytes are signed (SM3 + SM2, GB/T 38540 layout) and
 * kept by the seals module. A body without a seal cannot issue (SEAL_MISSING): the issuance retries.
 */
export async function renderSigned(ctx: AppContext, tx: Tx, input: { departmentId: string; licenceId: string; version: number; actorId: string | null; print: Omit<LicencePrint, 'stamp'> }) {
  const stamp = await prepareStamp(ctx, tx, input.departmentId);
  const pdf = await renderLicencePdf({ ...input.print, stamp });
  const signed = await signDocument(ctx, tx, {
    bodyId: input.departmentId, kind: LICENCE_KIND, ref: licenceRef(input.licenceId, input.version), bytes: pdf, verificationId: stamp.verificationId, actorId: input.actorId,
  });
  return { pdf, signatureId: signed.id, verificationId: signed.verificationId };
}
