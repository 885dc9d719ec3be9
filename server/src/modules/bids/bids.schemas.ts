import { z } from 'zod';
import { pageQuery } from '../../lib/schemas.ts';
import { creditCode, idNumber } from '../auth/auth.schemas.ts';
import { TENDER_BODIES } from '../../policies/trading.policy.ts';

/** Requests and answers of the sealed bids (docs/trading.md, "Sealed bids"). No answer carries a bid's content before the opening. */
const hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const sm2PublicKey = z.string().regex(/^04[0-9a-fA-F]{128}$/).transform((s) => s.toLowerCase());
const at = z.iso.datetime();

export const serverClock = z.object({ now: at, chinaTime: z.string() }).meta({ id: 'ServerClock' });

export const officialKeyBody = z.object({ publicKey: sm2PublicKey });
export const officialKeyView = z.object({ publicKey: z.string().nullable(), registeredAt: at.nullable() });

export const sealTenderBody = z.object({
  custodians: z.array(z.uuid()).min(2).max(255),
  threshold: z.number().int().min(2).max(255),
});
export const custodianChoices = z.object({
  items: z.array(z.object({
    userId: z.string(), name: z.string(), registeredAt: at,
    body: z.enum(TENDER_BODIES).describe("the body the official belongs to on this tender: the trading center (its trading staff) or the supervising department (its approvers and chiefs)"),
  })).describe('only officials of the two bodies with a registered key; the custodians must include both bodies'),
  supervisingDepartment: z.object({ id: z.uuid(), name: z.string(), nameEn: z.string().nullable() }).describe("the project's supervising department"),
});
/** The staff's answer to the ceremony: the custodians named in full, with their ids. */
export const tenderBidKeyView = z.object({
  tenderId: z.uuid(),
  publicKey: z.string().nullable(),
  keyId: hex64.nullable(),
  threshold: z.number().int().nullable(),
  shares: z.number().int().nullable(),
  custodians: z.array(z.object({ userId: z.uuid(), name: z.string(), shareNo: z.number().int() })),
  bidDeadline: at.nullable(),
  status: z.string(),
  serverNow: at,
}).meta({ id: 'TenderBidKey' });
/**
 * The public answer (anyone, a bidder's browser seals to it): as the key ceremony's public revision, the custodians by
 * share number with names masked (张*), never a user id, so no bidder learns whom to approach to open the bids.
 */
export const tenderBidKeyPublic = tenderBidKeyView.extend({
  custodians: z.array(z.object({ shareNo: z.number().int(), name: z.string().describe('masked (张*)') })),
}).meta({ id: 'TenderBidKeyPublic' });

export const bidReceipt = z.object({
  /** The exact text the receipt states (bid, tender, bidder, SM3 and size of the ciphertext, server time). */
  text: z.string(),
  /** The signed data (GB/T 38540 TBS_Sign with the SM3 of `text`) and its SM2 signature, DER base64. */
  signedData: z.string(),
  signature: z.string(),
  verificationId: z.string(),
  sealId: z.uuid(),
  keyVersion: z.number().int(),
}).meta({ id: 'BidReceipt' });

export const bidStatus = z.enum(['submitted', 'withdrawn', 'opened', 'failed']);
export const bidView = z.object({
  id: z.uuid(),
  tenderId: z.uuid(),
  status: bidStatus,
  sm3: hex64,
  size: z.number().int(),
  submittedAt: at,
  withdrawnAt: at.nullable(),
  withdrawnReason: z.enum(['bidder', 'replaced', 'opening_failure']).nullable(),
  failureCause: z.string().nullable(),
  failureFault: z.enum(['bidder', 'platform']).nullable(),
  openedAt: at.nullable(),
  priceFen: z.number().int().nullable(),
  openedFileName: z.string().nullable(),
  receipt: bidReceipt.nullable(),
}).meta({ id: 'Bid' });
export const bidList = z.object({ items: z.array(bidView), page: z.number().int(), pageSize: z.number().int() });
export const myBidsQuery = z.object({ tenderId: z.uuid().optional(), ...pageQuery });

/** A tender's bids as staff see them: who and when; after the opening what was read out. */
export const tenderBidRow = bidView.omit({ receipt: true }).extend({ bidderName: z.string(), bidderCode: z.string().nullable(), openedFileSm3: hex64.nullable() });
export const tenderBidList = z.object({ items: z.array(tenderBidRow), page: z.number().int(), pageSize: z.number().int() });

export const myShareRow = z.object({
  tenderId: z.uuid(),
  title: z.string(),
  tenderStatus: z.string(),
  bidDeadline: at.nullable(),
  shareNo: z.number().int(),
  /** The share, SM2-encrypted to the key the official registered: only their private key opens it (in their browser). */
  encryptedShare: z.string().regex(/^[0-9a-f]+$/),
  publicKey: z.string(),
  handedInAt: at.nullable(),
  openedAt: at.nullable(),
});
export const myShareList = z.object({ items: z.array(myShareRow), page: z.number().int(), pageSize: z.number().int() });

export const handInShareBody = z.object({ share: z.string().regex(/^[0-9a-fA-F]{2,1024}$/).transform((s) => s.toLowerCase()) });

export const openingView = z.object({
  tenderId: z.uuid(),
  threshold: z.number().int().nullable(),
  custodians: z.array(z.object({ userId: z.uuid(), name: z.string(), shareNo: z.number().int(), handedInAt: at.nullable() })),
  bidDeadline: at.nullable(),
  serverNow: at,
  startedAt: at.nullable(),
  openedAt: at.nullable(),
  counts: z.object({ opened: z.number().int(), failed: z.number().int(), withdrawn: z.number().int() }).nullable(),
  /** The read-out (开标记录), only once opened. */
  results: z.array(z.object({
    bidId: z.uuid(), bidderName: z.string(), bidderCode: z.string().nullable(), submittedAt: at, status: bidStatus,
    priceFen: z.number().int().nullable(), fileName: z.string().nullable(), fileSm3: hex64.nullable(),
    failureCause: z.string().nullable(), failureFault: z.enum(['bidder', 'platform']).nullable(),
  })),
}).meta({ id: 'BidOpening' });

/** 招标投标法实施条例 第三十四条 (docs/trading.md "Related bidders"): the bidder's own declaration, once for all its bids. */
export const declarationBody = z.object({
  representativeIdNumber: idNumber.describe('the resident ID number of the principal (单位负责人: the legal representative)'),
  controllerCode: creditCode.nullable().describe('the unified social credit code of the unit that controls the bidder (控股股东 or 实际控制 unit); null: none'),
  managerCode: creditCode.nullable().describe('the unified social credit code of the unit the bidder is managed by (上级主管单位); null: none'),
}).strict();
export const declarationView = z.object({
  declared: z.boolean(),
  representativeIdNumber: z.string().nullable().describe('masked (460***********1234): the full number is never answered'),
  controllerCode: z.string().nullable(), managerCode: z.string().nullable(),
  declaredAt: at.nullable(), version: z.number().int(),
  registryCheck: z.enum(['verified', 'not_found', 'unavailable', 'unchecked', 'contradicted']).nullable()
    .describe('how the declaration was checked against the enterprise registry: verified (it contradicts nothing the registry records), not_found (the registry has no record of the bidder), unavailable (the registry did not answer; asked again at registryRecheckAt), unchecked (made before the check existed; asked in the background), contradicted (the registry, asked after the declaration was made, records another fact: registryContradiction; the bidder should correct it); null: not declared'),
  registryCheckedAt: at.nullable().describe('when the registry was asked'),
  registryContradiction: z.enum(['representativeIdNumber', 'controllerCode', 'managerCode']).nullable().describe('the declared field the registry records otherwise (contradicted only); its value is never answered'),
  registryRecheckAt: at.nullable().describe('when the registry is next asked, while it has not answered'),
  verified: z.boolean().describe('the registry answered and the declaration agrees with its record'),
  verifiedAt: at.nullable(),
}).meta({ id: 'BidderDeclaration' });
export type DeclarationBody = z.infer<typeof declarationBody>;
