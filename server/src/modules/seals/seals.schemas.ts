import { z } from 'zod';
import { isoDate, pageQuery } from '../../lib/schemas.ts';

/** Request and response shapes of the e-seal and verification routes (validation + OpenAPI). */
const bilingual = z.object({ zh: z.string(), en: z.string() });

export const sealRequestBody = z.object({
  departmentId: z.uuid(),
  kind: z.enum(['create', 'rotate']).describe('create: the department\'s first seal; rotate: a new key version (the old public key stays published)'),
  reason: z.string().trim().min(2).max(500),
  name: z.string().trim().min(2).max(60).optional().describe('create: the seal\'s name; default the department\'s name + 行政许可专用章'),
  validFrom: isoDate.optional().describe('create: required'),
  validTo: isoDate.optional().describe('create: required; rotate: a new end of validity, optional'),
}).strict();

export const sealDecisionBody = z.object({ approve: z.boolean(), reason: z.string().trim().max(500).optional() }).strict();

export const sealRequestView = z.object({
  id: z.string(), departmentId: z.string(), kind: z.enum(['create', 'rotate']), name: z.string().nullable(),
  validFrom: z.string().nullable(), validTo: z.string().nullable(), reason: z.string(),
  status: z.enum(['pending', 'approved', 'rejected']), requestedBy: z.string(), requestedAt: z.string(),
  decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), decisionReason: z.string().nullable(),
});
export const sealDecisionResponse = sealRequestView.extend({ sealId: z.string().nullable() });

export const sealRequestsQuery = z.object({ status: z.enum(['pending', 'approved', 'rejected']).optional(), ...pageQuery });
export const sealRequestList = z.object({
  total: z.number(), page: z.number(), pageSize: z.number(),
  items: z.array(sealRequestView.extend({ departmentName: z.string(), requestedByName: z.string() })),
});

export const publicSealView = z.object({
  id: z.string(), code: z.string(), name: z.string(), holderName: z.string(), holderCreditCode: z.string(), departmentId: z.string(),
  validFrom: z.string(), validTo: z.string(), validNow: z.boolean(), currentVersion: z.number(), imageUrl: z.string(),
  keys: z.array(z.object({
    version: z.number(), algorithm: z.literal('SM2'), publicKey: z.string().describe('04 || x || y, hex'),
    publicKeyPem: z.string().describe('SubjectPublicKeyInfo (curve sm2p256v1)'), activeFrom: z.string(), retiredAt: z.string().nullable(),
  })),
});
export const publicSealsQuery = z.object({ centerId: z.uuid().optional(), ...pageQuery });
export const publicSealList = z.object({ total: z.number(), page: z.number(), pageSize: z.number(), items: z.array(publicSealView) });

export const verificationIdParam = z.object({ verificationId: z.string().regex(/^[0-9A-Za-z]{16}$/).transform((s) => s.toUpperCase()) });

export const verificationResult = z.object({
  verificationId: z.string(), kind: z.string(), title: bilingual, number: z.string().nullable(),
  issuer: z.object({ name: z.string(), creditCode: z.string() }),
  seal: z.object({ id: z.string(), code: z.string(), name: z.string(), keyVersion: z.number() }),
  signedAt: z.string(), digest: z.string().describe('SM3 of the document as signed, hex'),
  holder: z.object({ kind: z.enum(['person', 'enterprise']), name: z.string(), code: z.string().nullable() }).nullable().describe('masked'),
  status: z.object({ code: z.enum(['valid', 'suspended', 'revoked', 'expired', 'cancelled', 'superseded', 'issued', 'unknown']), text: bilingual, since: z.string().nullable(), reason: z.string().nullable() }),
  signatureValid: z.boolean().describe('the SM2 signature (ID 1234567812345678) over the signed data holds under the seal\'s public key of that version'),
  documentIntact: z.boolean().nullable().describe('the uploaded bytes are the bytes signed; null without an upload'),
  uploadedDigest: z.string().nullable(),
});
