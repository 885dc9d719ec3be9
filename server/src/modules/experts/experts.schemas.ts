import { z } from 'zod';
import { isoDate, pageQuery } from '../../lib/schemas.ts';
import { creditCode, idNumber } from '../auth/auth.schemas.ts';

/** Request and response shapes of the expert pool, draw and evaluation routes (docs/experts.md). */
const iso = z.string();
const specialty = z.string().trim().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a specialty key: lower-case letters, digits, _');
const regionCode = z.string().regex(/^\d{6}(\d{3}|\d{6})?$/, 'a GB/T 2260 region code');
const nonEmpty = (max: number) => z.string().trim().min(1).max(max);

export const expertBody = z.object({
  name: nonEmpty(100), idNumber, phone: z.string().trim().regex(/^[0-9+-]{5,20}$/).optional(),
  specialties: z.array(specialty).min(1).max(20), regionCode, employerCode: creditCode, employerName: nonEmpty(200),
  available: z.boolean().optional(), userId: z.uuid().optional().describe("the expert's own account (a staff account with the role expert)"),
}).strict();

export const expert = z.object({
  id: z.uuid(), name: z.string(), idNumber: z.string().describe('masked'), phone: z.string().nullable().describe('masked'),
  specialties: z.array(z.string()), regionCode: z.string(), employerCode: z.string(), employerName: z.string(),
  available: z.boolean(), hasAccount: z.boolean(), createdAt: iso,
});
export const expertDetail = expert.extend({
  declarations: z.array(z.object({
    id: z.uuid(), kind: z.enum(['relative', 'interest']), orgCode: z.string(), orgName: z.string(),
    relativeName: z.string().nullable(), relation: z.string().nullable(), declaredAt: iso,
  })),
  penalties: z.array(z.object({ id: z.uuid(), imposedOn: z.string(), reason: z.string() })),
});
export const expertList = z.object({ total: z.number(), page: z.number(), pageSize: z.number(), experts: z.array(expert) });
export const expertListQuery = z.object({ ...pageQuery });

export const declarationBody = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('relative'), orgCode: creditCode, orgName: nonEmpty(200), relativeName: nonEmpty(100), relation: nonEmpty(40) }).strict(),
  z.object({ kind: z.literal('interest'), orgCode: creditCode, orgName: nonEmpty(200) }).strict(),
]);
export const penaltyBody = z.object({ imposedOn: isoDate, reason: nonEmpty(1000) }).strict();

export const tenderParam = z.object({ tenderId: z.uuid() });
export const memberParams = z.object({ id: z.uuid(), expertId: z.uuid() });

export const commitBody = z.object({
  buyerReps: z.number().int().min(0).max(20).describe("the buyer's representatives on the committee (at most a third)"),
  reserves: z.number().int().min(0).max(50).describe('experts drawn after the seats, in order, to replace any who decline'),
  seedSource: nonEmpty(500).describe('the future public value the seed will be, e.g. the numbers of a named lottery draw'),
  seedSources: z.number().int().min(1).max(16).describe('how many lists of numbers the seed will have'),
  seedDueAt: z.iso.datetime().describe('when the seed becomes public (server time); the draw cannot be made before'),
  filters: z.object({
    specialties: z.array(specialty).max(20).optional(), regionCode: regionCode.optional(),
    penaltyMonths: z.number().int().min(0).max(120).optional().describe('a penalty this many months back or less excludes (default 24)'),
  }).strict(),
}).strict();
export const seedBody = z.object({
  seed: z.array(z.array(z.string().trim().regex(/^\d{1,30}$/, 'a non-negative integer')).min(1).max(16)).min(1).max(16)
    .describe('the public random values, one list of integers per source (RFC 3797)'),
}).strict();
export const declineBody = z.object({ reason: nonEmpty(500) }).strict();

const facts = {
  id: z.uuid(), tenderId: z.uuid(), status: z.enum(['committed', 'drawn', 'cancelled']), algorithm: z.string(),
  expertSeats: z.number(), reserves: z.number(),
  poolSize: z.number().nullable().describe('the eligible experts after recusal; null while `poolSealed`'),
  poolSealed: z.boolean().describe('the pool\'s size and the commitment\'s text are left out: to the draw operators until the tender\'s opening, to everyone else until the candidates are published (with the filters they would count the experts recused for a bidder\'s sake: 招标投标法 第二十二条)'),
  filters: z.record(z.string(), z.unknown()),
  seedSource: z.string(), seedSources: z.number(), seedDueAt: iso, committedAt: iso,
  commitment: z.object({ text: z.string().nullable().describe('null while `poolSealed`'), hash: z.string().describe('SHA-256 of the text, published from the start') }), drawnAt: iso.nullable(),
};
export const operatorDraw = z.object({
  ...facts, committeeSize: z.number(), buyerReps: z.number(),
  members: z.array(z.object({ rank: z.number(), expertId: z.uuid(), name: z.string(), employerName: z.string(), specialties: z.array(z.string()), seat: z.enum(['seated', 'reserve', 'declined']) })),
  exclusions: z.array(z.object({ expertId: z.uuid(), name: z.string(), employerName: z.string(), reasons: z.array(z.string()) })),
  // One flag says what is sealed before the opening: here `poolSealed` also means the exclusions for a bidder's sake
  // (bidder_employee, bidder_relative, economic_interest) are left out: they would name a bidder (招标投标法 第二十二条).
  poolSealed: facts.poolSealed.describe('before the tender\'s opening: the pool\'s size and the commitment\'s text are left out, and so are the exclusions for a bidder\'s sake (bidder_employee, bidder_relative, economic_interest), which would name a bidder (招标投标法 第二十二条)'),
});
export const publicProof = z.object({
  ...facts, tenderTitle: z.string(), resultPublic: z.boolean(),
  pool: z.array(z.string()).nullable(), seed: z.array(z.array(z.string())).nullable(), keyString: z.string().nullable(),
  order: z.array(z.string()).nullable(), committee: z.array(z.object({ rank: z.number(), name: z.string() })).nullable(),
  declined: z.array(z.number()).nullable(),
});
export const committee = z.object({ tenderId: z.uuid(), members: z.array(z.object({ rank: z.number(), name: z.string(), employerName: z.string() })) });
