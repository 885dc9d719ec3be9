import type { Db } from '../db/database.ts';
import type { ElicenceStatus, HolderCodeType } from '../db/types.ts';

/**
 * E-licences written straight into the library for tests of the wallet and of reuse (issue 12), so
 * they need neither issuance nor seals: a type issued by a department of the demo data, and
 * licences of it held by whom the test says.
 */
export async function fixtureLicenceType(db: Db, t: { code: string; name?: string; holderType: HolderCodeType; department?: string }) {
  const dept = await db.selectFrom('departments').select(['id', 'center_id'])
    .where('name', '=', t.department ?? '海南省市场监督管理局').executeTakeFirstOrThrow();
  // A type the demo data already has (the licences seeds) is taken as it is.
  const existing = await db.selectFrom('licence_types').select(['id', 'issuing_department_id', 'center_id']).where('code', '=', t.code).executeTakeFirst();
  if (existing) return { id: existing.id, departmentId: existing.issuing_department_id, centerId: existing.center_id };
  const row = await db.insertInto('licence_types').values({
    code: t.code, name: t.name ?? `测试证照 ${t.code}`, name_en: `Test licence ${t.code}`, center_id: dept.center_id, issuing_department_id: dept.id,
    holder_type: t.holderType, validity_months: 60, created_at: new Date('2026-01-01T00:00:00Z'),
    fields: JSON.stringify([{ key: 'scope', label: '经营范围', labelEn: 'Business scope', source: 'form.scope' }]) as never,
  }).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, departmentId: dept.id, centerId: dept.center_id };
}

let serial = 0;

export async function fixtureLicence(db: Db, l: {
  typeId: string; departmentId: string; holderName: string; holderCodeType: HolderCodeType; holderCode: string;
  number?: string; holderId?: string | null; status?: ElicenceStatus; validFrom?: string; validTo?: string | null; issueDate?: string; fileId?: string | null;
}) {
  serial += 1;
  const number = l.number ?? `TEST${String(Date.now() % 1e8)}${String(serial).padStart(4, '0')}`;
  const issueDate = l.issueDate ?? '2026-01-05';
  const row = await db.insertInto('elicences').values({
    identifier: `1.2.156.3005.2.${l.typeId.slice(0, 8)}.${number}`, licence_no: number, type_id: l.typeId, holder_id: l.holderId ?? null,
    holder_name: l.holderName, holder_code_type: l.holderCodeType, holder_code: l.holderCode, issuer_department_id: l.departmentId,
    region_code: '460000', issue_date: issueDate, valid_from: l.validFrom ?? issueDate, valid_to: l.validTo === undefined ? '2031-01-04' : l.validTo,
    status: l.status ?? 'valid', data: JSON.stringify({ scope: '餐饮服务' }) as never, file_id: l.fileId ?? null, created_at: new Date(`${issueDate}T02:00:00Z`),
  }).returning(['id', 'licence_no']).executeTakeFirstOrThrow();
  await db.insertInto('elicence_versions').values({
    licence_id: row.id, seq: 1, version: 1, event: 'issued', data: JSON.stringify({ scope: '餐饮服务' }) as never, status: 'valid',
    valid_to: l.validTo === undefined ? '2031-01-04' : l.validTo, at: new Date(`${issueDate}T02:00:00Z`),
  }).execute();
  return { id: row.id, number: row.licence_no };
}
