import type { Tx } from '../../db/database.ts';
import type { CaseRow } from '../../events/catalogue.ts';
import type { EventBus } from '../../events/bus.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import { holds, statusNow } from './holder.ts';
import * as repo from './wallet.repository.ts';

/**
 * Reuse of e-licences in place of materials (issue 12). Issue 10 let an application, a supplement and
 * the counter checklist name a licence by type and number; each is now checked against the library
 * where it is named, inside the transaction that names it (a domain event listener: the cases module
 * never imports this one), and refused with nothing written unless
 *   - the library holds a licence of that type and number (ELICENCE_NOT_FOUND),
 *   - the case's applicant holds it: a person by ID number, an enterprise by credit code (ELICENCE_NOT_HOLDER),
 *   - it is valid today (ELICENCE_NOT_VALID, naming its status: suspended, revoked, expired, …).
 * Whether the material accepts that type was already refused before (MATERIAL_ELICENCE_REFUSED).
 * Each accepted reference becomes a use (elicence_uses): who used it, for which case, 申请事由 (the
 * item applied for), and when consent was given. Online and at the counter the request itself
 * carries the consent (`consent: true`, required by the schema); on the counter checklist the
 * applicant presents the licence in person at the window, and the record is the consent.
 */
export interface LicenceRef { key: string; type: string; number: string }

export async function verifyAndRecordUses(tx: Tx, c: CaseRow, refs: LicenceRef[], by: { userId: string; at: Date; today: string; field: string }) {
  if (refs.length === 0) return;
  const applicant = await repo.userCodes(tx, c.applicant_id);
  const { purpose } = await repo.casePurpose(tx, c.id);
  for (const ref of refs) {
    const l = await repo.findByTypeAndNumber(tx, ref.type, ref.number);
    const details = { material: ref.key, type: ref.type, number: ref.number };
    if (!l) throw errors.ELICENCE_NOT_FOUND({ type: ref.type, number: ref.number, field: by.field, details });
    // The holder first: the status of someone else's licence is not the applicant's to learn.
    if (!applicant || !holds(applicant, l)) throw errors.ELICENCE_NOT_HOLDER({ number: ref.number, field: by.field, details });
    const status = statusNow(l, by.today);
    if (status !== 'valid') throw errors.ELICENCE_NOT_VALID({ number: ref.number, status, field: by.field, details: { ...details, status } });
    await repo.insertUse(tx, { licenceId: l.id, caseId: c.id, materialKey: ref.key, usedBy: by.userId, purpose: purpose || ref.key, consentedAt: by.at, usedAt: by.at });
  }
}

/** The references of one round (0: the application; n: the answer to supplement notice n). */
async function verifyRound(tx: Tx, c: CaseRow, round: number, actorId: string | null, at: Date, today: string) {
  const rows = await repo.refsOfRound(tx, c.id, round);
  const refs = rows.map((r) => ({ key: r.material_key, type: r.licence_type, number: r.licence_no }));
  await verifyAndRecordUses(tx, c, refs, { userId: actorId ?? c.applicant_id, at, today, field: 'materials' });
}

export function subscribeElicenceReuse(bus: EventBus<AppContext>) {
  // The application's references come with the event when the submission stored them (cases' submit); else read.
  bus.on('case.submitted', (tx, e) => (e.licences
    ? verifyAndRecordUses(tx, e.before, e.licences, { userId: e.actorId ?? e.before.applicant_id, at: e.at, today: e.today, field: 'materials' })
    : verifyRound(tx, e.before, 0, e.actorId, e.at, e.today)));
  bus.on('case.resubmit', (tx, e) => verifyRound(tx, e.before, e.before.supplement_rounds, e.actorId, e.at, e.today));
  bus.on('case.materials_checked', async (tx, e) => {
    const refs = e.data.items.flatMap((i) => (i.state === 'e_licence' && i.eLicence ? [{ key: i.key, ...i.eLicence }] : []));
    await verifyAndRecordUses(tx, e.before, refs, { userId: e.actorId ?? e.before.applicant_id, at: e.at, today: e.today, field: 'items' });
  });
}
