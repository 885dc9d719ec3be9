import { z } from 'zod';

/** Request and response shapes of the message centre and the preferences (validation and OpenAPI from one place). */
const bilingual = z.object({ zh: z.string(), en: z.string() });

/** A kind (`case.accepted`) or a group of kinds (`case`), as applicant_messages' CHECK allows. */
export const kindOrGroup = z.string().regex(/^[a-z][a-z0-9_]{0,63}(\.[a-z0-9_.]{1,63})?$/).max(128)
  .describe('a kind of message (case.accepted) or a group of kinds, the part before the first dot (case)');

export const message = z.object({
  id: z.number().int(), kind: z.string(), caseId: z.string().nullable(), title: bilingual, body: bilingual,
  link: z.string().nullable().describe('a portal path the message opens'), createdAt: z.string(), readAt: z.string().nullable(),
});

export const messageQuery = z.object({
  cursor: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).optional().describe('the nextCursor of the previous page'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const messagePage = z.object({ rows: z.array(message), nextCursor: z.number().int().nullable().describe('null: no older messages') });
export const unreadCount = z.object({ unread: z.number().int() });
export const messageIdParam = z.object({ id: z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER) });
export const readAnswer = z.object({ id: z.number().int(), readAt: z.string() });
export const readAllAnswer = z.object({ updated: z.number().int() });

export const preferences = z.object({
  phone: z.string().nullable().describe('the SMS number, masked; null: no SMS can be sent'),
  groups: z.array(z.object({
    group: z.string(), sms: z.boolean().describe('SMS for the kinds of the group without a setting of their own'),
    kinds: z.array(z.object({ kind: z.string(), sms: z.boolean().describe('what applies to this kind now'), own: z.boolean().describe('set for this kind itself') })),
  })),
});
export const preferencesBody = z.object({
  preferences: z.array(z.object({ kind: kindOrGroup, sms: z.boolean() })).min(1).max(100)
    .refine((a) => new Set(a.map((p) => p.kind)).size === a.length, 'each kind once'),
});
