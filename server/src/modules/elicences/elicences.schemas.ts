import { z } from 'zod';

const reason = z.string().trim().min(2).max(500);
export const licenceStatus = z.enum(['valid', 'suspended', 'revoked', 'expired', 'cancelled']);
export const applicationKind = z.enum(['change', 'renewal', 'cancellation']);
export const applicationStatus = z.enum(['requested', 'granted', 'refused']);
const pages = { page: z.coerce.number().int().min(1).max(10_000).default(1), pageSize: z.coerce.number().int().min(1).max(100).default(20) };

export const licenceActionBody = z.object({ reason }).strict();
export const applyBody = z.object({
  kind: applicationKind,
  reason,
  changes: z.record(z.string().max(40), z.string().max(200)).optional().describe('a change: the printed fields (by key) and their new values'),
}).strict();
export const decideBody = z.object({ approve: z.boolean(), reason }).strict();
export const departmentQuery = z.object({ status: licenceStatus.optional(), ...pages });
export const queueQuery = z.object({ status: applicationStatus.default('requested'), ...pages });
export const pdfQuery = z.object({ version: z.coerce.number().int().min(1).max(10_000).optional() });

export const applicationView = z.object({
  id: z.string(), licenceId: z.string(), kind: applicationKind, status: applicationStatus, reason: z.string(), changes: z.record(z.string(), z.string()),
  createdAt: z.string(), decidedAt: z.string().nullable(), decisionReason: z.string().nullable(),
});
export const licenceView = z.object({
  id: z.string(), identifier: z.string(), licenceNo: z.string(), status: licenceStatus, statusChangedAt: z.string().nullable(), statusReason: z.string().nullable(),
  type: z.object({ id: z.string(), code: z.string(), name: z.string(), nameEn: z.string().nullable() }),
  holder: z.object({ name: z.string(), codeType: z.enum(['id_number', 'credit_code', 'other']), code: z.string() }),
  issuer: z.object({ id: z.string(), name: z.string(), nameEn: z.string().nullable(), creditCode: z.string() }),
  regionCode: z.string(), caseId: z.string().nullable(), issueDate: z.string(), validFrom: z.string(), validTo: z.string().nullable(), version: z.number(),
  fields: z.array(z.object({ key: z.string(), label: z.string(), labelEn: z.string().nullable(), value: z.string() })),
  fileUrl: z.string().nullable(), signed: z.boolean(),
  versions: z.array(z.object({ seq: z.number(), version: z.number(), event: z.string(), status: z.string(), validTo: z.string().nullable(), reason: z.string().nullable(), at: z.string(), fileUrl: z.string().nullable() })),
  applications: z.array(applicationView),
  actions: z.array(z.enum(['revoke', 'suspend', 'reinstate'])),
  applyKinds: z.array(applicationKind),
});
export const departmentLicences = z.object({
  licences: z.array(z.object({
    id: z.string(), identifier: z.string(), licenceNo: z.string(), holderName: z.string(), holderCode: z.string(), status: licenceStatus,
    issueDate: z.string(), validTo: z.string().nullable(), version: z.number(), caseId: z.string().nullable(), typeName: z.string(), typeNameEn: z.string().nullable(),
  })),
  total: z.number(), page: z.number(), pageSize: z.number(),
});
export const applicationQueue = z.object({
  applications: z.array(applicationView.extend({
    licence: z.object({ identifier: z.string(), licenceNo: z.string(), holderName: z.string(), status: licenceStatus, validTo: z.string().nullable(), typeName: z.string(), typeNameEn: z.string().nullable() }),
  })),
  total: z.number(), page: z.number(), pageSize: z.number(),
});
