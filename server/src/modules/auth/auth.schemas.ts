import { z } from 'zod';
import { schemaIssue } from '../../lib/errors.ts';
import { checkCreditCode, checkIdNumber } from '../../lib/identity.ts';

export const password = z
  .string()
  .min(8)
  .max(128)
  .superRefine((p, ctx) => {
    if (!/[A-Za-z]/.test(p) || !/\d/.test(p)) {
      ctx.addIssue({ code: 'custom', ...schemaIssue('PASSWORD_WEAK') });
    }
  });

/**
 * The staff password rule of docs/security.md: 10+ characters with letters and digits. Checked in
 * one refinement so that every failure (too short included) answers PASSWORD_WEAK_STAFF.
 */
export const staffPassword = z
  .string()
  .max(128)
  .superRefine((p, ctx) => {
    if (p.length < 10 || !/[A-Za-z]/.test(p) || !/\d/.test(p)) {
      ctx.addIssue({ code: 'custom', ...schemaIssue('PASSWORD_WEAK_STAFF') });
    }
  });

const phone = z.string().trim().regex(/^1\d{10}$|^0\d{2,3}-?\d{7,8}$/, 'a mainland mobile or landline number');

/** Resident ID number: the message names the rule that failed (format, region, birth date, check digit). */
export const idNumber = z.string().trim().transform((s, ctx) => {
  const r = checkIdNumber(s);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', ...schemaIssue(r.rule) });
    return z.NEVER;
  }
  return s.toUpperCase();
});

export const creditCode = z.string().trim().transform((s, ctx) => {
  const r = checkCreditCode(s);
  if (!r.ok) {
    ctx.addIssue({ code: 'custom', ...schemaIssue(r.rule) });
    return z.NEVER;
  }
  return s.toUpperCase();
});

export const registerBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('person'),
    name: z.string().trim().min(1).max(50),
    idNumber,
    phone,
    password,
  }),
  z.object({
    kind: z.literal('enterprise'),
    name: z.string().trim().min(1).max(200),
    creditCode,
    legalRepresentative: z.string().trim().min(1).max(50),
    phone,
    password,
  }),
]);
export type RegisterInput = z.infer<typeof registerBody>;

export const loginBody = z.object({
  login: z.string().trim().min(1).max(100).describe('ID number, credit code or staff username'),
  password: z.string().min(1).max(128),
});

export const userView = z.object({
  id: z.string(),
  kind: z.enum(['person', 'enterprise', 'staff']),
  name: z.string(),
  roles: z.array(z.string()),
  centerId: z.string().nullable(),
  departmentId: z.string().nullable(),
  windowId: z.string().nullable(),
  maskedId: z.string().nullable(),
});
export type UserView = z.infer<typeof userView>;

export const sessionView = z.object({ user: userView, csrfToken: z.string() });
