/**
 * The e-seals' API for the domains that sign documents (licences, cases). Import from here only;
 * the seals module never imports them back (it learns a document's current status through
 * `registerVerifiable`). docs/elicences.md, "E-seals and signatures", shows the whole flow:
 *
 *   const stamp = await prepareStamp(ctx, tx, departmentId);        // seal + verification id (SEAL_MISSING if none)
 *   const doc = new PDFDocument({ info: sealedPdfInfo(stamp, { Title, Author }) });
 *   … draw the page …; await drawSealStamp(doc, stamp, { x, y });   // red seal + QR code to /verify/<id>
 *   const bytes = …collected on 'end'…;
 *   const signed = await signDocument(ctx, tx, { bodyId: departmentId, kind: 'elicence', ref: licenceId, bytes, verificationId: stamp.verificationId });
 *   registerVerifiable('elicence', { title: { zh: '电子证照', en: 'E-licence' }, resolve: async (db, ref, now) => ({ holder, status, since }) });
 */
export { prepareStamp, signDocument, signedDocumentOf, keptBytes, hasSeal, verifyUrl, newVerificationId, signatureHolds, type SealStamp, type SealFace, type SignInput, type SignedDocument } from './signing.ts';
export { drawSealStamp, drawSeal, sealedPdfInfo, verificationIdIn, sealSvg } from './seal-pdf.ts';
export { registerVerifiable, verifyById, verifyBytes, maskHolder, STATUS_TEXT, type Verifiable, type VerifiableStatus, type VerifiableStatusCode, type VerificationResult } from './verification.ts';
