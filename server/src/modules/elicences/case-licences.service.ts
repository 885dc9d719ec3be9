import type { AppContext } from '../../lib/context.ts';
import { chinaDate } from '../../lib/clock.ts';
import { NOT_FOUND, UNAUTHENTICATED } from '../../lib/errors.ts';
import { authorize, elicencePolicy, type Actor } from '../../policies/index.ts';
import * as cases from '../cases/cases.repository.ts';
import { presentLicence } from './present.ts';
import * as repo from './wallet.repository.ts';

/**
 * Staff read a licence only through a case that names it (a use recorded when the application, a
 * supplement or the counter checklist named it), within their case scope, and never by number or
 * holder. Each read is recorded (elicence_reads: one row per licence, case, reader and China day,
 * counted) and shown to the holder in their wallet.
 */
async function loadCase(ctx: AppContext, who: Actor | null, caseId: string) {
  if (!who) throw UNAUTHENTICATED();
  authorize(elicencePolicy, who, 'read_via_case');
  const c = await cases.getCase(ctx.db, caseId);
  if (!c) throw NOT_FOUND({ zh: '办件', en: 'Case' });
  return c;
}

/** The e-licences a case uses, verified, with their data: "e-licence, verified" on the materials list and the checklist. */
export async function caseLicences(ctx: AppContext, who: Actor | null, caseId: string, onlyLicenceId?: string) {
  const c = await loadCase(ctx, who, caseId);
  const uses = await repo.usesOfCase(ctx.db, caseId);
  const named = onlyLicenceId === undefined || uses.some((u) => u.licence_id === onlyLicenceId);
  authorize(elicencePolicy, who, 'read_via_case', { isHolder: false, citingCase: named ? c : null });
  const wanted = uses.filter((u) => onlyLicenceId === undefined || u.licence_id === onlyLicenceId);
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const licences = new Map<string, repo.LicenceRow>();
  for (const id of new Set(wanted.map((u) => u.licence_id))) licences.set(id, (await repo.getLicence(ctx.db, id))!);
  await repo.recordRead(ctx.db, { licenceIds: [...licences.keys()], caseId, readBy: who!.id, day: today, at: now });
  return {
    caseId,
    licences: wanted.map((u) => ({
      materialKey: u.material_key, verifiedAt: u.used_at.toISOString(), consentedAt: u.consented_at.toISOString(),
      licence: presentLicence(licences.get(u.licence_id)!, today),
    })),
  };
}
