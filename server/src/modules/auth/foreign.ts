import { z } from 'zod';
import { appendAudit, streamOf } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, schemaIssue } from '../../lib/errors.ts';
import { checkPassport, checkPermanentResidence, normaliseDocNumber } from '../../lib/foreign-identity.ts';
import { hashPassword } from '../../lib/passwords.ts';
import * as repo from './auth.repository.ts';
import { password, userView, type UserView } from './auth.schemas.ts';
import { toUserView } from './auth.service.ts';

/**
 * Registration of a foreign person (issue 17, docs/portal.md "Foreign applicants"): a passport with the
 * holder's nationality, or a foreign permanent resident ID card (2017 or 2023 format). The account is a
 * `person` without a resident ID number; the document number is its sign-in name.
 */
export const foreignRegisterBody = z.object({
  name: z.string().trim().min(1).max(100).describe('The name as in the document (Latin letters allowed)'),
  nationality: z.string().trim().toUpperCase().describe('ISO 3166-1 alpha-3 code, e.g. USA'),
  docKind: z.enum(['passport', 'permanent_residence']),
  docNumber: z.string().max(40),
  // A foreigner's phone may be a mainland number or an international one (+country code).
  phone: z.string().trim().regex(/^(1\d{10}|0\d{2,3}-?\d{7,8}|\+\d{6,15})$/, 'a mainland or international (+…) phone number'),
  password,
}).superRefine((b, ctx) => {
  const r = b.docKind === 'passport' ? checkPassport(b.nationality, b.docNumber) : checkPermanentResidence(b.nationality, b.docNumber);
  if (!r.ok) ctx.addIssue({ code: 'custom', path: [r.rule === 'FOREIGN_DOC_NATIONALITY' ? 'nationality' : 'docNumber'], ...schemaIssue(r.rule) });
});
export type ForeignRegisterBody = z.infer<typeof foreignRegisterBody>;
export const foreignRegistered = z.object({ user: userView });

export async function registerForeign(ctx: AppContext, input: ForeignRegisterBody): Promise<UserView> {
  const docNumber = normaliseDocNumber(input.docNumber);
  if (await repo.foreignDocTaken(ctx.db, docNumber)) throw errors.FOREIGN_DOC_EXISTS({ field: 'docNumber' });
  const passwordHash = await hashPassword(input.password);
  const id = await ctx.db.transaction().execute(async (tx) => {
    const newId = await repo.insertForeignUser(tx, { name: input.name, docKind: input.docKind, docNumber, nationality: input.nationality, phone: input.phone, passwordHash });
    if (!newId) return null;
    await appendAudit(tx, { stream: streamOf('user', newId), action: 'user.registered', actorId: newId, at: ctx.clock.now(), data: { kind: 'person', foreign: input.docKind } });
    return newId;
  });
  if (!id) throw errors.FOREIGN_DOC_EXISTS({ field: 'docNumber' });
  return toUserView({ id, kind: 'person', name: input.name, roles: [], centerId: null, departmentId: null, windowId: null }, { idNumber: null, creditCode: null });
}
