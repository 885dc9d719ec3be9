import { appendAudit } from '../../lib/audit.ts';
import { chinaDate } from '../../lib/clock.ts';
import type { AppContext } from '../../lib/context.ts';
import type { Tx } from '../../db/database.ts';
import type { ElicenceStatus, LicenceApplicationKind, LicenceApplicationStatus } from '../../db/types.ts';
import { errors, NOT_FOUND, UNAUTHENTICATED } from '../../lib/errors.ts';
import { authorize, licencePolicy, type Actor } from '../../policies/index.ts';
import { findFile } from '../files/files.repository.ts';
import { signedDocumentOf } from '../seals/index.ts';
import { LICENCE_KIND, licenceRef } from './signing.ts';
import { notify } from '../notifications/notifications.ts';
import { staffWithRole } from '../notifications/notifications.repository.ts';
import * as repo from './elicences.repository.ts';
import { statusNow } from './holder.ts';
import { licenceStream, renderAndKeep } from './issuance.ts';
import { APPLICATION_ACTION, checkApplication, checkLicence, type LicenceAction } from './lifecycle.transitions.ts';
import { validTo, type LicenceField } from './types.service.ts';

const licenceNotFound = () => NOT_FOUND({ zh: '证照', en: 'Licence' });
const applicationNotFound = () => NOT_FOUND({ zh: '证照申请', en: 'Licence application' });

/** A refusal of the licence table, with its stable code; nothing has been written when it is thrown. */
function refuse(reason: 'REVOKED' | 'STATE', status: ElicenceStatus) {
  return reason === 'REVOKED' ? errors.LICENCE_REVOKED({ details: { reason: 'LICENCE_REVOKED' } }) : errors.LICENCE_STATE_CONFLICT({ status, details: { reason: 'LICENCE_STATE_CONFLICT', status } });
}

const EVENT: Record<LicenceAction, 'suspended' | 'reinstated' | 'revoked' | 'expired' | 'changed' | 'renewed' | 'cancelled'> = {
  suspend: 'suspended', reinstate: 'reinstated', revoke: 'revoked', expire: 'expired', change: 'changed', renew: 'renewed', cancel: 'cancelled',
};

/**
 * The status the licence table judges a licence by: one stored valid or suspended past its last day is
 * expired already (the expiry sweep only records it), so it is neither renewed, changed, suspended,
 * reinstated nor revoked in the minutes before the sweep, any more than after it.
 */
export function tableStatus(l: { status: ElicenceStatus; valid_from: string; valid_to: string | null }, today: string): ElicenceStatus {
  return statusNow(l, today) === 'expired' ? 'expired' : l.status;
}

/**
 * Applies one row of the licence table to a locked licence: the status (or, for a change or a renewal,
 * a new version re-rendered and re-signed), the version row, the audit event and the holder's notice,
 * all in `tx`. The caller has checked who may. `asStored`: the sweeps (expiry, a deemed renewal) act on
 * the stored status of a licence whose end date has passed, which is what they are for.
 */
async function applyLicenceAction(ctx: AppContext, tx: Tx, l: repo.LicenceRow, action: LicenceAction, opts: { by: string | null; reason: string; changes?: Record<string, string>; asStored?: boolean }) {
  const current = opts.asStored ? l.status : tableStatus(l, chinaDate(ctx.clock.now()));
  const verdict = checkLicence(action, current);
  if (!verdict.ok) throw refuse(verdict.reason, current);
  const now = ctx.clock.now();
  let data = l.data as Record<string, string>;
  let newValidTo = l.valid_to;
  let version = l.version;
  let holderName = l.holder_name;
  let doc: { fileId: string | null; signatureId: string | null } = { fileId: l.file_id, signatureId: l.signature_id };
  if (verdict.newVersion) {
    const type = (await repo.getType(tx, l.type_id))!;
    const issuer = (await repo.department(tx, l.issuer_department_id))!;
    if (action === 'change') {
      data = { ...data, ...opts.changes };
      // A change of the field printing the holder's name (a company renamed, a person's new name) is the
      // holder's new name: the holder block, the lists and the verification page follow it, not only the field.
      const renamed = (type.fields as LicenceField[]).find((f) => f.source === 'applicant.name' && opts.changes?.[f.key] !== undefined);
      if (renamed) holderName = opts.changes![renamed.key]!;
    }
    if (action === 'renew') {
      if (!l.valid_to || type.validity_months === null) throw errors.LICENCE_NOT_RENEWABLE();
      const next = new Date(`${l.valid_to}T00:00:00Z`);
      next.setUTCDate(next.getUTCDate() + 1);
      newValidTo = validTo(next.toISOString().slice(0, 10), type.validity_months);
    }
    version = l.version + 1;
    doc = await renderAndKeep(ctx, tx, {
      licenceId: l.id, type, issuer, version, holderId: l.holder_id, identifier: l.identifier, licenceNo: l.licence_no, holderName,
      holderCode: l.holder_code, issueDate: chinaDate(now), validFrom: l.valid_from, validTo: newValidTo, data, actorId: opts.by,
    });
  }
  const patch = verdict.newVersion
    ? { data: JSON.stringify(data), holder_name: holderName, valid_to: newValidTo, version, file_id: doc.fileId, signature_id: doc.signatureId, expiry_notified_at: null }
    : { status: verdict.to, status_changed_at: now, status_reason: opts.reason };
  if (!(await repo.updateLicence(tx, l.id, l.row_version, patch))) throw errors.LICENCE_STATE_CONFLICT({ status: l.status, details: { reason: 'BUSY' } });
  await repo.insertVersion(tx, {
    licenceId: l.id, version, event: EVENT[action], data, status: verdict.to, validTo: newValidTo, fileId: doc.fileId, signatureId: doc.signatureId,
    caseId: null, reason: opts.reason, by: opts.by, at: now,
  });
  await appendAudit(tx, { stream: licenceStream(l.id), action: `licence.${EVENT[action]}`, actorId: opts.by, at: now, data: { from: l.status, to: verdict.to, version, reason: opts.reason } });
  if (l.holder_id) {
    const t = await repo.typeNames(tx, l.type_id);
    await notify(tx, {
      kind: `licence_${EVENT[action]}`, centerId: l.issuer_center_id, caseId: l.case_id, userIds: [l.holder_id], departmentId: null,
      title: { zh: `您的${t.name}（${l.licence_no}）${STATUS_ZH[EVENT[action]]}`, en: `Your ${t.name_en ?? t.name} (${l.licence_no}) was ${EVENT[action]}` },
      data: { licenceId: l.id, reason: opts.reason, version }, at: now,
    });
  }
}
const STATUS_ZH = { suspended: '已暂停', reinstated: '已恢复', revoked: '已撤销', expired: '已过期', changed: '已变更', renewed: '已延续', cancelled: '已注销' };

/** Revoke (撤销), suspend or reinstate, by the chief of the issuing department, with a reason. */
export async function actOnLicence(ctx: AppContext, who: Actor | null, id: string, action: 'revoke' | 'suspend' | 'reinstate', reason: string) {
  authorize(licencePolicy, who, action);
  await ctx.db.transaction().execute(async (tx) => {
    const l = await repo.lockLicence(tx, id);
    if (!l) throw licenceNotFound();
    authorize(licencePolicy, who, action, l);
    await applyLicenceAction(ctx, tx, l, action, { by: who!.id, reason });
  });
  return licenceView(ctx, who, id);
}

/**
 * The holder applies for a change (变更: the printed fields' new values), a renewal (延续) or the
 * cancellation (注销) of their licence. Refused at once, nothing written, when the licence table would
 * refuse the action now (a revoked or cancelled licence), when another application is open, and for a
 * renewal of a licence without an end date; the chiefs of the issuing department are told.
 */
export async function applyOnLicence(ctx: AppContext, who: Actor | null, id: string, body: { kind: LicenceApplicationKind; reason: string; changes?: Record<string, string> }) {
  if (!who) throw UNAUTHENTICATED();
  authorize(licencePolicy, who, 'apply');
  const appId = await ctx.db.transaction().execute(async (tx) => {
    const l = await repo.lockLicence(tx, id);
    if (!l) throw licenceNotFound();
    authorize(licencePolicy, who, 'apply', l);
    const current = tableStatus(l, chinaDate(ctx.clock.now()));
    const verdict = checkLicence(APPLICATION_ACTION[body.kind], current);
    if (!verdict.ok) throw refuse(verdict.reason, current);
    if (await repo.openApplication(tx, l.id)) throw errors.LICENCE_APPLICATION_OPEN();
    const changes = body.kind === 'change' ? await checkChanges(tx, l, body.changes) : {};
    if (body.kind === 'renewal' && l.valid_to === null) throw errors.LICENCE_NOT_RENEWABLE();
    const now = ctx.clock.now();
    const appId = await repo.insertApplication(tx, { licenceId: l.id, kind: body.kind, applicantId: who.id, departmentId: l.issuer_department_id, reason: body.reason, changes, at: now });
    await appendAudit(tx, { stream: licenceStream(l.id), action: 'licence.application_submitted', actorId: who.id, at: now, data: { applicationId: appId, kind: body.kind, reason: body.reason, changes } });
    const chiefs = await staffWithRole(tx, 'chief', { departmentId: l.issuer_department_id });
    await notify(tx, {
      kind: 'licence_application', centerId: l.issuer_center_id, caseId: null, userIds: chiefs.map((u) => u.id), departmentId: l.issuer_department_id,
      title: { zh: `证照${KIND_ZH[body.kind]}申请：${l.licence_no}`, en: `Licence ${body.kind} application: ${l.licence_no}` }, data: { applicationId: appId, licenceId: l.id }, at: now,
    });
    return appId;
  });
  return applicationView(ctx, appId);
}
const KIND_ZH: Record<LicenceApplicationKind, string> = { change: '变更', renewal: '延续', cancellation: '注销' };

/**
 * A change names printed fields of the licence's type, each with a new value — never a field printing
 * the holder's code (`applicant.code`): the code is who holds the licence (the wallet, reuse and the
 * holder's rights follow it), and a licence is not transferred by a change (Licensing Law Art. 9).
 */
async function checkChanges(tx: Tx, l: repo.LicenceRow, changes: Record<string, string> | undefined) {
  const type = (await repo.getType(tx, l.type_id))!;
  const fields = type.fields as LicenceField[];
  const keys = new Set(fields.map((f) => f.key));
  const entries = Object.entries(changes ?? {});
  if (entries.length === 0 || entries.some(([k, v]) => !keys.has(k) || typeof v !== 'string' || v.trim() === '')) throw errors.LICENCE_CHANGE_INVALID({ field: 'changes' });
  const holderKeys = new Set(fields.filter((f) => f.source === 'applicant.code').map((f) => f.key));
  if (entries.some(([k]) => holderKeys.has(k))) throw errors.LICENCE_HOLDER_CODE_FIXED({ field: 'changes' });
  return Object.fromEntries(entries.map(([k, v]) => [k, v.trim()]));
}

/**
 * The chief of the issuing department grants or refuses an application. A grant applies the licence
 * table's row (a new signed version for a change or a renewal; cancelled for a cancellation) in the same
 * transaction; when the table refuses it now (revoked meanwhile), nothing is written.
 */
export async function decideApplication(ctx: AppContext, who: Actor | null, appId: string, body: { approve: boolean; reason: string }) {
  authorize(licencePolicy, who, 'decide');
  await ctx.db.transaction().execute(async (tx) => {
    const a = await repo.lockApplication(tx, appId);
    if (!a) throw applicationNotFound();
    const l = (await repo.lockLicence(tx, a.licence_id))!;
    authorize(licencePolicy, who, 'decide', l);
    const to = checkApplication(body.approve ? 'grant' : 'refuse', a.status);
    if (!to) throw errors.LICENCE_APPLICATION_STATE_CONFLICT();
    if (body.approve) await applyLicenceAction(ctx, tx, l, APPLICATION_ACTION[a.kind], { by: who!.id, reason: body.reason, changes: a.changes as Record<string, string> });
    const now = ctx.clock.now();
    if (!(await repo.moveApplication(tx, a.id, a.row_version, to, who!.id, body.reason, now))) throw errors.LICENCE_APPLICATION_STATE_CONFLICT();
    await appendAudit(tx, { stream: licenceStream(l.id), action: body.approve ? 'licence.application_granted' : 'licence.application_refused', actorId: who!.id, at: now, data: { applicationId: a.id, kind: a.kind, reason: body.reason } });
    if (!body.approve) {
      await notify(tx, {
        kind: 'licence_application_refused', centerId: l.issuer_center_id, caseId: null, userIds: [a.applicant_id], departmentId: null,
        title: { zh: `您的证照${KIND_ZH[a.kind]}申请未获批准`, en: `Your licence ${a.kind} application was refused` }, data: { applicationId: a.id, licenceId: l.id, reason: body.reason }, at: now,
      });
    }
  });
  return applicationView(ctx, appId);
}

export async function applicationView(ctx: AppContext, id: string) {
  const a = (await repo.getApplication(ctx.db, id))!;
  return appView(a);
}
export const appView = (a: repo.ApplicationRow) => ({
  id: a.id, licenceId: a.licence_id, kind: a.kind, status: a.status, reason: a.reason, changes: a.changes as Record<string, string>,
  createdAt: a.created_at.toISOString(), decidedAt: a.decided_at?.toISOString() ?? null, decisionReason: a.decision_reason,
});

/** A licence with its version history and applications, for its holder and the staff who may read it. */
export async function licenceView(ctx: AppContext, who: Actor | null, id: string) {
  authorize(licencePolicy, who, 'read');
  const l = await repo.getLicence(ctx.db, id);
  if (!l) throw licenceNotFound();
  authorize(licencePolicy, who, 'read', l);
  const [type, issuer, versions, applications, signed] = await Promise.all([
    repo.getType(ctx.db, l.type_id), repo.department(ctx.db, l.issuer_department_id), repo.versionsOf(ctx.db, l.id), repo.applicationsOf(ctx.db, l.id),
    signedDocumentOf(ctx.db, LICENCE_KIND, licenceRef(l.id, l.version)),
  ]);
  const fields = (type!.fields as LicenceField[]);
  const data = l.data as Record<string, string>;
  const isIssuerChief = licencePolicy.can(who, 'revoke', l);
  const current = tableStatus(l, chinaDate(ctx.clock.now()));
  const actions: Array<'revoke' | 'suspend' | 'reinstate'> = isIssuerChief ? (['revoke', 'suspend', 'reinstate'] as const).filter((a) => checkLicence(a, current).ok) : [];
  const open = applications.find((a) => a.status === 'requested');
  const canApply = licencePolicy.can(who, 'apply', l) && !open;
  return {
    id: l.id, identifier: l.identifier, licenceNo: l.licence_no, status: l.status, statusChangedAt: l.status_changed_at?.toISOString() ?? null, statusReason: l.status_reason,
    type: { id: type!.id, code: type!.code, name: type!.name, nameEn: type!.name_en },
    holder: { name: l.holder_name, codeType: l.holder_code_type, code: l.holder_code },
    issuer: { id: issuer!.id, name: issuer!.name, nameEn: issuer!.name_en, creditCode: issuer!.credit_code },
    regionCode: l.region_code, caseId: l.case_id, issueDate: l.issue_date, validFrom: l.valid_from, validTo: l.valid_to, version: l.version,
    fields: fields.map((f) => ({ key: f.key, label: f.label, labelEn: f.labelEn ?? null, value: data[f.key] ?? '' })),
    fileUrl: l.file_id ? `/api/licences/${l.id}/pdf` : null, signed: l.signature_id !== null,
    // The current version's verification id: its QR code opens /verify/<id>.
    verificationId: signed?.verification_id ?? null,
    versions: versions.map((v) => ({
      seq: v.seq, version: v.version, event: v.event, status: v.status, validTo: v.valid_to, reason: v.reason, at: v.at.toISOString(),
      fileUrl: v.file_id ? `/api/licences/${l.id}/pdf?version=${v.version}` : null,
    })),
    applications: applications.map(appView),
    actions,
    applyKinds: canApply ? (['change', 'renewal', 'cancellation'] as const).filter((k) => checkLicence(APPLICATION_ACTION[k], current).ok && (k !== 'renewal' || l.valid_to !== null)) : [],
  };
}

/** The PDF of the current version, or of an earlier one: old versions stay readable. */
export async function licencePdf(ctx: AppContext, who: Actor | null, id: string, version?: number) {
  authorize(licencePolicy, who, 'read');
  const l = await repo.getLicence(ctx.db, id);
  if (!l) throw licenceNotFound();
  authorize(licencePolicy, who, 'read', l);
  const versions = await repo.versionsOf(ctx.db, l.id);
  const fileId = version === undefined ? l.file_id : versions.filter((v) => v.version === version && v.file_id).at(-1)?.file_id;
  if (!fileId) throw NOT_FOUND({ zh: '证照文件', en: 'Licence file' });
  const f = (await findFile(ctx.db, fileId))!;
  return { stream: ctx.storage.open(f.storage_key), name: f.name, size: f.size };
}

export async function departmentLicences(ctx: AppContext, who: Actor | null, q: { status?: ElicenceStatus; page: number; pageSize: number }) {
  authorize(licencePolicy, who, 'list_department');
  const departmentId = who!.departmentId!;
  const limit = q.pageSize;
  const [rows, total] = await Promise.all([
    repo.listDepartmentLicences(ctx.db, departmentId, { status: q.status, limit, offset: (q.page - 1) * limit }), repo.countDepartmentLicences(ctx.db, departmentId, q.status),
  ]);
  return {
    licences: rows.map((r) => ({
      id: r.id, identifier: r.identifier, licenceNo: r.licence_no, holderName: r.holder_name, holderCode: r.holder_code, status: r.status,
      issueDate: r.issue_date, validTo: r.valid_to, version: r.version, caseId: r.case_id, typeName: r.type_name, typeNameEn: r.type_name_en,
    })),
    total, page: q.page, pageSize: limit,
  };
}

export async function applicationQueue(ctx: AppContext, who: Actor | null, q: { status: LicenceApplicationStatus; page: number; pageSize: number }) {
  authorize(licencePolicy, who, 'list_queue');
  const departmentId = who!.departmentId!;
  const limit = q.pageSize;
  const [rows, total] = await Promise.all([
    repo.applicationQueue(ctx.db, departmentId, q.status, { limit, offset: (q.page - 1) * limit }), repo.countQueue(ctx.db, departmentId, q.status),
  ]);
  return {
    applications: rows.map((r) => ({
      ...appView(r), licence: { identifier: r.identifier, licenceNo: r.licence_no, holderName: r.holder_name, status: r.licence_status, validTo: r.valid_to, typeName: r.type_name, typeNameEn: r.type_name_en },
    })),
    total, page: q.page, pageSize: limit,
  };
}

/** Licensing Law Art. 50: a renewal is applied for at least 30 days before the licence ends. */
export const RENEWAL_APPLY_DAYS = 30;
const DEEMED_REASON = '有效期届满前未作决定，视为准予延续（《行政许可法》第五十条） / Not decided before the end of validity: deemed granted (Licensing Law Art. 50)';

/**
 * The expiry sweep: valid and suspended licences past their last day become expired (claimed with SKIP LOCKED, in
 * batches) — except one whose holder applied for its renewal in time (RENEWAL_APPLY_DAYS before the end)
 * and the department has not decided: Art. 50 deems that renewal granted, so it is granted here by the
 * system (a new signed version, the application granted with the article as its reason), not expired.
 * A deemed renewal that fails (e.g. the body has no seal) leaves the licence stored valid and is tried
 * again on the next sweep.
 */
export async function expireDue(ctx: AppContext, batch = 100): Promise<number> {
  const today = chinaDate(ctx.clock.now());
  // Expiries first: a deemed renewal that cannot be signed now (no seal) must not hold them up.
  const expired = await ctx.db.transaction().execute(async (tx) => {
    const rows = await repo.claimExpired(tx, today, batch, RENEWAL_APPLY_DAYS);
    for (const r of rows) await applyLicenceAction(ctx, tx, (await repo.getLicence(tx, r.id))!, 'expire', { by: null, reason: '有效期届满 / validity ended', asStored: true });
    return rows.length;
  });
  const renewed = await ctx.db.transaction().execute(async (tx) => {
    const rows = await repo.claimDeemedRenewals(tx, today, batch, RENEWAL_APPLY_DAYS);
    for (const r of rows) {
      const a = (await repo.lockApplication(tx, r.application_id))!;
      const l = (await repo.lockLicence(tx, r.licence_id))!;
      await applyLicenceAction(ctx, tx, l, 'renew', { by: null, reason: DEEMED_REASON, asStored: true });
      const now = ctx.clock.now();
      if (!(await repo.moveApplication(tx, a.id, a.row_version, 'granted', null, DEEMED_REASON, now))) throw errors.LICENCE_APPLICATION_STATE_CONFLICT();
      await appendAudit(tx, { stream: licenceStream(l.id), action: 'licence.application_granted', actorId: null, at: now, data: { applicationId: a.id, kind: a.kind, reason: DEEMED_REASON, deemed: true } });
    }
    return rows.length;
  });
  return renewed + expired;
}

/** Days before expiry at which the holder is told (Licensing Law Art. 50: renewal is applied for 30 days before). */
export const EXPIRY_NOTICE_DAYS = 30;

/** Tells each holder once, `days` before their licence ends (a notification the wallet lists). */
export async function remindExpiring(ctx: AppContext, days = EXPIRY_NOTICE_DAYS, batch = 100): Promise<number> {
  const now = ctx.clock.now();
  const today = chinaDate(now);
  const until = new Date(`${today}T00:00:00Z`);
  until.setUTCDate(until.getUTCDate() + days);
  return ctx.db.transaction().execute(async (tx) => {
    const rows = await repo.claimExpiring(tx, today, until.toISOString().slice(0, 10), batch);
    for (const r of rows) {
      await repo.updateLicence(tx, r.id, r.row_version, { expiry_notified_at: now });
      if (!r.holder_id) continue;
      await notify(tx, {
        kind: 'licence_expiring', centerId: r.center_id, caseId: null, userIds: [r.holder_id], departmentId: null,
        title: { zh: `您的${r.type_name}（${r.licence_no}）将于${r.valid_to}到期，请及时申请延续`, en: `Your ${r.type_name_en ?? r.type_name} (${r.licence_no}) expires on ${r.valid_to}; apply for renewal in time` },
        data: { licenceId: r.id, identifier: r.identifier, validTo: r.valid_to }, at: now,
      });
    }
    return rows.length;
  });
}
