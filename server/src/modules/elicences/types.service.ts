import { appendAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, licenceTypePolicy, requireStaff, type Actor } from '../../policies/index.ts';
import type { HolderCodeType } from '../../db/types.ts';
import { assertHolderKind } from './holder.ts';
import * as repo from './elicences.repository.ts';
import type { CreateLicenceTypeBody, UpdateLicenceTypeBody } from './types.schemas.ts';

export interface LicenceField { key: string; label: string; labelEn?: string; source: string }

const typeStream = (id: string) => `licence_type:${id}`;
const typeNotFound = () => NOT_FOUND({ zh: '证照类型', en: 'Licence type' });

/** The last valid day of a licence issued on `from` for `months` (null: long-term). */
export function validTo(from: string, months: number | null): string | null {
  if (months === null) return null;
  const [y, m, d] = from.split('-').map(Number) as [number, number, number];
  const end = new Date(Date.UTC(y, m - 1 + months, d));
  // Day overflow (31 Jan + 1 month): the period ends with the last day of the month.
  if (end.getUTCDate() !== d) end.setUTCDate(0);
  else end.setUTCDate(end.getUTCDate() - 1);
  return end.toISOString().slice(0, 10);
}

/** Each printed field's value, taken from where its source says. */
export function fieldValues(fields: LicenceField[], c: { applicant: { name: string; code: string; phone: string }; form: Record<string, unknown>; receiptNo: string; decisionReason: string; itemName: string }) {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const s = f.source;
    if (s.startsWith('text:')) out[f.key] = s.slice(5);
    else if (s.startsWith('form.')) out[f.key] = String(c.form[s.slice(5)] ?? '');
    else if (s === 'applicant.name') out[f.key] = c.applicant.name;
    else if (s === 'applicant.code') out[f.key] = c.applicant.code;
    else if (s === 'applicant.phone') out[f.key] = c.applicant.phone;
    else if (s === 'case.receiptNo') out[f.key] = c.receiptNo;
    else if (s === 'case.decisionReason') out[f.key] = c.decisionReason;
    else if (s === 'item.name') out[f.key] = c.itemName;
    else out[f.key] = '';
  }
  return out;
}

async function views(ctx: AppContext, rows: repo.LicenceTypeRow[]) {
  const [depts, items] = await Promise.all([
    repo.departmentsByIds(ctx.db, [...new Set(rows.map((r) => r.issuing_department_id))]), repo.itemsOfTypes(ctx.db, rows.map((r) => r.id)),
  ]);
  return rows.map((t) => {
    const d = depts.find((x) => x.id === t.issuing_department_id)!;
    return {
      id: t.id, code: t.code, name: t.name, nameEn: t.name_en, holderType: t.holder_type, validityMonths: t.validity_months,
      issuingDepartment: { id: d.id, name: d.name, nameEn: d.name_en, creditCode: d.credit_code },
      fields: t.fields as LicenceField[], template: t.template as { title?: string; note?: string }, status: t.status,
      items: items.filter((i) => i.licence_type_id === t.id).map((i) => ({ id: i.id, name: i.name })),
    };
  });
}

export async function listLicenceTypes(ctx: AppContext, who: Actor | null, page: { page: number; pageSize: number }) {
  authorize(licenceTypePolicy, who, 'read');
  const staff = requireStaff(who);
  const limit = page.pageSize;
  const [rows, total] = await Promise.all([
    repo.listTypes(ctx.db, staff.centerId, { limit, offset: (page.page - 1) * limit }), repo.countTypes(ctx.db, staff.centerId),
  ]);
  return { types: await views(ctx, rows), total, page: page.page, pageSize: limit };
}

export async function getLicenceType(ctx: AppContext, who: Actor | null, id: string) {
  authorize(licenceTypePolicy, who, 'read');
  const t = await repo.getType(ctx.db, id);
  if (!t) throw typeNotFound();
  authorize(licenceTypePolicy, who, 'read', t);
  return (await views(ctx, [t]))[0]!;
}

/**
 * The issuing body is a department of the manager's center; the linked items are that department's, and
 * each serves the kind of holder the type is for (an item for persons only does not issue an enterprise's
 * licence). An item for both is linked: its cases are judged one by one at the handover.
 */
async function checkScope(ctx: AppContext, centerId: string, departmentId: string, itemIds: string[], holderType: HolderCodeType) {
  const d = await repo.department(ctx.db, departmentId);
  if (!d || d.center_id !== centerId) throw errors.LICENCE_TYPE_DEPARTMENT_UNKNOWN({ field: 'issuingDepartmentId' });
  const unique = [...new Set(itemIds)];
  const found = await repo.itemsOfDepartment(ctx.db, departmentId, unique);
  if (found.length !== unique.length) throw errors.LICENCE_TYPE_ITEM_UNKNOWN({ field: 'itemIds' });
  for (const i of found) assertHolderKind(holderType, i.audiences, 'itemIds');
  return unique;
}

export async function createLicenceType(ctx: AppContext, who: Actor | null, body: CreateLicenceTypeBody) {
  authorize(licenceTypePolicy, who, 'manage');
  const staff = requireStaff(who);
  const itemIds = await checkScope(ctx, staff.centerId, body.issuingDepartmentId, body.itemIds, body.holderType);
  if (await repo.getTypeByCode(ctx.db, body.code)) throw errors.LICENCE_TYPE_CODE_TAKEN({ field: 'code' });
  const now = ctx.clock.now();
  const id = await ctx.db.transaction().execute(async (tx) => {
    const id = await repo.insertType(tx, {
      code: body.code, name: body.name, nameEn: body.nameEn ?? null, centerId: staff.centerId, departmentId: body.issuingDepartmentId, holderType: body.holderType,
      validityMonths: body.validityMonths, fields: body.fields, template: body.template, by: staff.id, at: now,
    });
    if (!id) throw errors.LICENCE_TYPE_CODE_TAKEN({ field: 'code' });
    await repo.setTypeItems(tx, id, itemIds);
    await appendAudit(tx, { stream: typeStream(id), action: 'licence_type.created', actorId: staff.id, at: now, data: { code: body.code, itemIds } });
    return id;
  });
  return getLicenceType(ctx, who, id);
}

export async function updateLicenceType(ctx: AppContext, who: Actor | null, id: string, body: UpdateLicenceTypeBody) {
  authorize(licenceTypePolicy, who, 'manage');
  const staff = requireStaff(who);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const t = await repo.lockType(tx, id);
    if (!t) throw typeNotFound();
    authorize(licenceTypePolicy, who, 'manage', t);
    const itemIds = await checkScope(ctx, staff.centerId, body.issuingDepartmentId, body.itemIds, body.holderType);
    await repo.updateType(tx, id, {
      name: body.name, nameEn: body.nameEn ?? null, departmentId: body.issuingDepartmentId, holderType: body.holderType, validityMonths: body.validityMonths,
      fields: body.fields, template: body.template, ...(body.status ? { status: body.status } : {}),
    });
    await repo.setTypeItems(tx, id, itemIds);
    await appendAudit(tx, { stream: typeStream(id), action: 'licence_type.updated', actorId: staff.id, at: now, data: { itemIds, status: body.status ?? t.status } });
  });
  return getLicenceType(ctx, who, id);
}
