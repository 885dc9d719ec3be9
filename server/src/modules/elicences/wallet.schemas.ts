import { z } from 'zod';
import { pageQuery } from '../../lib/schemas.ts';

/** The holder's wallet, the staff reads through a case and the share links (docs/elicences.md, Wallet and reuse). */

export const LICENCE_STATUSES = ['valid', 'suspended', 'revoked', 'expired', 'cancelled'] as const;
export const STATUS_NOW = [...LICENCE_STATUSES, 'not_yet_valid'] as const;
/** The longest a share link may live: 30 days. */
export const SHARE_MAX_HOURS = 720;

export const licenceView = z.object({
  id: z.string(),
  identifier: z.string().describe('the licence identifier in the national form'),
  licenceNo: z.string(),
  type: z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable() }),
  holder: z.object({ name: z.string(), codeType: z.enum(['id_number', 'credit_code', 'other']), code: z.string().describe('masked on public views') }),
  issuer: z.object({ name: z.string(), nameEn: z.string().nullable(), creditCode: z.string() }),
  regionCode: z.string(),
  issueDate: z.string(), validFrom: z.string(), validTo: z.string().nullable().describe('null: long-term (长期)'),
  status: z.enum(LICENCE_STATUSES).describe('as recorded'),
  statusNow: z.enum(STATUS_NOW).describe('today: a licence past its end date is expired even before the expiry sweep records it'),
  statusChangedAt: z.string().nullable(), statusReason: z.string().nullable(),
  version: z.number(),
  hasFile: z.boolean().describe('a signed PDF can be downloaded'),
  data: z.array(z.object({ key: z.string(), label: z.string(), labelEn: z.string().nullable(), value: z.string() })).describe('the printed fields'),
});

export const walletQuery = z.object({
  ...pageQuery,
  status: z.enum(['valid']).optional().describe('valid: only licences valid today (what a material can use)'),
  types: z.union([z.string(), z.array(z.string())]).optional()
    .transform((v) => (v === undefined ? undefined : (Array.isArray(v) ? v : v.split(',')).map((s) => s.trim()).filter(Boolean).slice(0, 20)))
    .describe('type codes, comma separated (a material\'s eLicenceTypes)'),
});
export const walletList = z.object({ licences: z.array(licenceView), total: z.number(), page: z.number(), pageSize: z.number() });

export const licenceDetail = licenceView.extend({
  versions: z.array(z.object({
    seq: z.number(), version: z.number(), event: z.string(), status: z.string(), validTo: z.string().nullable(), reason: z.string().nullable(),
    caseId: z.string().nullable(), at: z.string(), by: z.string().nullable(),
  })),
});

export const pageOnly = z.object(pageQuery);

export const usesList = z.object({
  uses: z.array(z.object({
    id: z.string(), caseId: z.string(), receiptNo: z.string().nullable(), materialKey: z.string(),
    purpose: z.string().describe('申请事由'), by: z.string(), byKind: z.enum(['person', 'enterprise', 'staff']), byDepartment: z.string().nullable(),
    consentedAt: z.string(), usedAt: z.string(),
  })),
  total: z.number(), page: z.number(), pageSize: z.number(),
});

export const readsList = z.object({
  reads: z.array(z.object({
    caseId: z.string(), receiptNo: z.string().nullable(), by: z.string(), byDepartment: z.string().nullable(),
    day: z.string(), firstAt: z.string(), lastAt: z.string(), reads: z.number(),
  })),
  total: z.number(), page: z.number(), pageSize: z.number(),
});

export const shareView = z.object({
  id: z.string(), createdAt: z.string(), expiresAt: z.string(), revokedAt: z.string().nullable(), views: z.number(),
  state: z.enum(['active', 'expired', 'revoked']),
});
export const shareCreated = shareView.extend({
  token: z.string().describe('shown once; only its hash is kept'),
  path: z.string().describe('the public page of the link'),
});
export const shareBody = z.object({ hours: z.number().int().min(1).max(SHARE_MAX_HOURS).describe(`how long the link lives, at most ${SHARE_MAX_HOURS} hours`) });
export const sharesList = z.object({ shares: z.array(shareView), total: z.number(), page: z.number(), pageSize: z.number() });
export const shareParams = z.object({ id: z.uuid(), shareId: z.uuid() });
export const tokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });

export const publicShare = z.object({ licence: licenceView, expiresAt: z.string(), views: z.number() });

export const caseLicenceParams = z.object({ id: z.uuid(), licenceId: z.uuid() });
export const caseLicenceUse = z.object({
  materialKey: z.string(), verifiedAt: z.string().describe('when the library check passed (the use)'), consentedAt: z.string(),
  licence: licenceView,
});
export const caseLicences = z.object({ caseId: z.string(), licences: z.array(caseLicenceUse) });
