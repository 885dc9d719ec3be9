import { z } from 'zod';
import { deliveryChoice, DELIVERY_METHODS } from '../../lib/delivery-choice.ts';
import { pageQuery } from '../../lib/schemas.ts';
import { CARRIERS } from './carrier.ts';

export { deliveryChoice };

/**
 * How the clerk recognised the holder: the receipt number with its query code (from the receipt), or
 * the holder's ID number (a person) or unified social credit code (an enterprise).
 */
const verification = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('query_code'), receiptNo: z.string().trim().min(6).max(40), queryCode: z.string().trim().min(1).max(20) }),
  z.object({ kind: z.literal('identity'), number: z.string().trim().min(1).max(40).describe("the holder's ID number or credit code, as on the document shown") }),
]);

/** Who collects: the holder, or a proxy (代领) with a written authorisation whose scan the clerk uploaded (POST /api/files). */
const collector = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('holder') }),
  z.object({
    kind: z.literal('proxy'),
    // Optional here so that a missing one is refused with its own code (DELIVERY_PROXY_AUTHORISATION_REQUIRED).
    name: z.string().trim().max(50).optional(), idNumber: z.string().trim().max(18).optional(),
    authorisationFileId: z.uuid().optional().describe('the scanned written authorisation (授权委托书), uploaded by the clerk'),
  }),
]);

export const pickupBody = z.object({ verification, collector });
export type PickupInput = z.infer<typeof pickupBody>;

export const postBody = z.object({
  carrier: z.enum(CARRIERS).describe('ems (中国邮政 EMS) · sf (顺丰) · jd (京东物流)'),
  trackingNo: z.string().trim().toUpperCase().min(8).max(30),
});
export type PostInput = z.infer<typeof postBody>;

export const returnBody = z.object({ reason: z.string().trim().min(2).max(500) });

export const cabinetPickupBody = z.object({
  cabinetId: z.string().trim().min(1).max(40), lockerNo: z.string().trim().min(1).max(10),
  code: z.string().trim().regex(/^\d{1,12}$/).describe('the pickup code the applicant typed'),
});

const carrierEvent = z.object({ status: z.enum(['dispatched', 'collected', 'in_transit', 'signed', 'returned']), at: z.string(), note: z.string().optional() });
export const deliveryView = z.object({
  id: z.string(), method: z.enum(DELIVERY_METHODS), status: z.enum(['out', 'delivered', 'returned']),
  createdAt: z.string(), endedAt: z.string().nullable(),
  verifiedBy: z.enum(['query_code', 'identity']).nullable(), collector: z.enum(['holder', 'proxy']).nullable(),
  proxyName: z.string().nullable(), proxyIdNumber: z.string().nullable().describe('masked'), authorisationFileId: z.string().nullable(),
  carrier: z.string().nullable(), trackingNo: z.string().nullable(), carrierStatus: carrierEvent.shape.status.nullable(), carrierEvents: z.array(carrierEvent),
  signedDate: z.string().nullable(),
  cabinetId: z.string().nullable(), lockerNo: z.string().nullable(), holdUntilDate: z.string().nullable(), locked: z.boolean(),
  pickupCode: z.string().nullable().describe('the cabinet pickup code: shown to the applicant only, while the result is in the locker'),
  returnedReason: z.string().nullable(),
});

export const deliveryResponse = z.object({
  caseId: z.string(),
  choice: z.object({
    method: z.enum(DELIVERY_METHODS), recipientName: z.string().nullable(), recipientPhone: z.string().nullable(),
    regionCode: z.string().nullable(), address: z.string().nullable(), chosenAt: z.string().nullable(),
  }).describe('pickup at the window when the applicant chose nothing'),
  canChange: z.boolean().describe('the applicant may still change the choice (open, not delivered, nothing posted or in a cabinet)'),
  current: deliveryView.nullable().describe('the result now posted or in a cabinet'),
  history: z.array(deliveryView),
});

export const deliveryListQuery = z.object({ status: z.enum(['out', 'returned']).default('out'), ...pageQuery });
export const deliveryList = z.object({
  deliveries: z.array(z.object({
    id: z.string(), caseId: z.string(), receiptNo: z.string().nullable(), applicantName: z.string(), method: z.enum(DELIVERY_METHODS),
    carrier: z.string().nullable(), trackingNo: z.string().nullable(), carrierStatus: z.string().nullable(),
    cabinetId: z.string().nullable(), lockerNo: z.string().nullable(), locked: z.boolean(), holdUntilDate: z.string().nullable(),
    returnedReason: z.string().nullable(), createdAt: z.string(),
  })),
  total: z.number(), page: z.number(), pageSize: z.number(),
});

export const cabinetPickupResponse = z.object({ open: z.literal(true), lockerNo: z.string(), caseId: z.string() });
