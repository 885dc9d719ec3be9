import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import type { Tx } from '../../db/database.ts';
import type { EventBus } from '../../events/bus.ts';
import { insertFile } from '../files/files.repository.ts';
import { calendarFor } from '../cases/calendar-adapter.ts';
import { cascade } from '../cases/cases.service.ts';
import { lockCaseWaiting } from '../cases/cases.repository.ts';
import { assertHolderKind } from './holder.ts';
import * as repo from './elicences.repository.ts';
import { licenceIdentifier, licenceNumber } from './identifier.ts';
import { renderSigned } from './signing.ts';
import { fieldValues, type LicenceField, validTo } from './types.service.ts';

/** Art. 44 (行政许可法): the licence is issued within 10 working days of the decision. */
export const ISSUE_WORKDAYS = 10;

export const licenceStream = (id: string) => `licence:${id}`;

/**
 * The handover of an approved case whose item issues a licence led it to `issuing` (the transition
 * table decides that): the case's licence is queued in the same transaction, with its Art. 44 due date
 * on the region's calendar. The issuance job does the rest. An applicant of another kind than the type's
 * holder refuses the handover (`LICENCE_HOLDER_KIND_MISMATCH`), and the whole transaction rolls back.
 */
export function subscribeIssuance(bus: EventBus<AppContext>) {
  bus.on('case.handover', async (tx, e) => {
    if (e.data.to !== 'issuing' || !e.before.item_id) return;
    const type = await repo.activeTypeOfItem(tx, e.before.item_id);
    if (!type) throw new Error(`case ${e.before.id} went to issuing without a licence type`);
    // Refused here, with the handover, while the department can still be told: the job could only retry.
    const c = await repo.caseForIssue(tx, e.before.id);
    assertHolderKind(type.holder_type, [c!.applicant_kind]);
    const decidedDate = chinaDate(e.before.decided_at ?? e.at);
    const cal = await calendarFor(tx, e.before.region_code);
    await repo.insertIssuance(tx, {
      caseId: e.before.id, typeId: type.id, departmentId: type.issuing_department_id, decidedDate, dueDate: cal.addWorkdays(decidedDate, ISSUE_WORKDAYS).due, at: e.at,
    });
  });
}

/** How long a failed issuance waits before the next attempt: 1, 2, 4 … minutes, at most an hour. */
export const retryDelayMs = (attempts: number) => Math.min(60, 2 ** attempts) * 60_000;

/**
 * Issues one due licence, exactly once: the pending row is claimed with FOR UPDATE SKIP LOCKED, so a
 * second instance takes another case or none; the licence, its first version, its signed PDF, the
 * case's `issue` action and the row marked issued commit together. A failure rolls all of it back and
 * leaves the case in `issuing` with the next attempt's time. Returns the case issued, or null.
 */
export async function issueNext(ctx: AppContext): Promise<{ caseId: string; licenceId: string | null } | null> {
  const now = ctx.clock.now();
  let claimed: string | null = null;
  try {
    return await ctx.db.transaction().execute(async (tx) => {
      const job = await repo.claimIssuance(tx, now);
      if (!job) return null;
      claimed = job.case_id;
      const c = await lockCaseWaiting(tx, job.case_id);
      // A case terminated while its licence waited: nothing to issue any more.
      if (!c || c.status !== 'issuing') {
        await repo.markIssued(tx, job.case_id, null, now);
        return { caseId: job.case_id, licenceId: null };
      }
      const licence = await issueLicence(ctx, tx, job.case_id, job.type_id, now);
      await cascade(ctx, tx, job.case_id, { action: 'issue', licenceId: licence.id, identifier: licence.identifier });
      await repo.markIssued(tx, job.case_id, licence.id, now);
      return { caseId: job.case_id, licenceId: licence.id };
    });
  } catch (err) {
    if (!claimed) throw err;
    const job = await repo.issuanceOf(ctx.db, claimed);
    await repo.markFailed(ctx.db, claimed, (err as Error).message ?? String(err), new Date(now.getTime() + retryDelayMs(job?.attempts ?? 0)));
    return { caseId: claimed, licenceId: null };
  }
}

/** Issues until nothing is due; a failed case is left for its next attempt. */
export async function issueAllDue(ctx: AppContext): Promise<number> {
  let n = 0;
  const failed = new Set<string>();
  for (;;) {
    const r = await issueNext(ctx);
    if (!r || failed.has(r.caseId)) return n;
    if (r.licenceId) n++;
    else failed.add(r.caseId);
  }
}

/** The licence of a case: generated from the case's data and the type's fields, rendered, signed and kept. */
async function issueLicence(ctx: AppContext, tx: Tx, caseId: string, typeId: string, now: Date) {
  const [c, type] = await Promise.all([repo.caseForIssue(tx, caseId), repo.getType(tx, typeId)]);
  if (!c || !type) throw new Error(`issuance of case ${caseId}: case or type missing`);
  assertHolderKind(type.holder_type, [c.applicant_kind]);
  const issuer = (await repo.department(tx, type.issuing_department_id))!;
  const today = chinaDate(now);
  const year = today.slice(0, 4);
  const licenceNo = licenceNumber(c.region_code, year, await repo.nextSerial(tx, type.id, year));
  const identifier = licenceIdentifier(type.code, issuer.credit_code, licenceNo);
  const holderCode = c.applicant_kind === 'enterprise' ? c.credit_code : c.id_number;
  const holderCodeType = c.applicant_kind === 'enterprise' ? 'credit_code' as const : c.id_number ? 'id_number' as const : 'other' as const;
  const fields = type.fields as LicenceField[];
  const data = fieldValues(fields, {
    applicant: { name: c.applicant_name, code: holderCode ?? '', phone: c.phone ?? '' },
    form: (c.form ?? {}) as Record<string, unknown>, receiptNo: c.receipt_no ?? '', decisionReason: c.decision_reason ?? '', itemName: c.item_name ?? '',
  });
  const v = {
    identifier, licenceNo, typeId: type.id, holderId: c.applicant_id, holderName: c.applicant_name, holderCodeType, holderCode: holderCode ?? '',
    departmentId: issuer.id, regionCode: c.region_code, caseId, issueDate: today, validFrom: today, validTo: validTo(today, type.validity_months), data, at: now,
  };
  const id = await repo.insertLicence(tx, v);
  const doc = await renderAndKeep(ctx, tx, { licenceId: id, type, issuer, version: 1, ...v });
  await repo.updateLicence(tx, id, 0, { file_id: doc.fileId, signature_id: doc.signatureId });
  await repo.insertVersion(tx, {
    licenceId: id, version: 1, event: 'issued', data, status: 'valid', validTo: v.validTo, fileId: doc.fileId, signatureId: doc.signatureId, caseId, reason: null, by: null, at: now,
  });
  await appendAudit(tx, { stream: licenceStream(id), action: 'licence.issued', actorId: null, at: now, data: { identifier, licenceNo, caseId, version: 1, signatureId: doc.signatureId } });
  return { id, identifier };
}

/** Renders a version of a licence, has it signed by the issuing body's seal and keeps the PDF (files module). */
export async function renderAndKeep(ctx: AppContext, tx: Tx, p: {
  licenceId: string; type: repo.LicenceTypeRow; issuer: { id: string; center_id: string; name: string; credit_code: string }; version: number; holderId: string | null;
  identifier: string; licenceNo: string; holderName: string; holderCode: string; issueDate: string; validFrom: string; validTo: string | null; data: Record<string, string>;
  actorId?: string | null;
}) {
  const fields = (p.type.fields as LicenceField[]).map((f) => ({ label: f.label, value: p.data[f.key] ?? '' }));
  const title = ((p.type.template ?? {}) as { title?: string }).title || p.type.name;
  const signed = await renderSigned(ctx, tx, {
    departmentId: p.issuer.id, licenceId: p.licenceId, version: p.version, actorId: p.actorId ?? null,
    print: {
      title, issuerName: p.issuer.name, issuerCreditCode: p.issuer.credit_code, identifier: p.identifier, licenceNo: p.licenceNo, holderName: p.holderName,
      holderCode: p.holderCode, issueDate: p.issueDate, validFrom: p.validFrom, validTo: p.validTo, version: p.version, fields,
    },
  });
  const stored = await ctx.storage.putBuffer(signed.pdf);
  const f = await insertFile(tx, {
    sha256: stored.sha256, name: `${title}-${p.licenceNo}-v${p.version}.pdf`, mime: 'application/pdf', size: stored.size, storageKey: stored.key,
    public: false, centerId: p.issuer.center_id, uploadedBy: null, ownerId: p.holderId,
  });
  return { fileId: f.id, signatureId: signed.signatureId };
}
