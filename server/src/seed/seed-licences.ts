import type { AppContext } from '../lib/context.ts';
import * as repo from '../modules/elicences/elicences.repository.ts';
import { licenceIdentifier, licenceNumber } from '../modules/elicences/identifier.ts';
import { renderAndKeep } from '../modules/elicences/issuance.ts';
import { validTo, type LicenceField } from '../modules/elicences/types.service.ts';
import { findUserByLogin } from '../modules/auth/auth.repository.ts';

/**
 * Demo e-licence types linked to demo items that issue them, and a few licences held by the demo
 * person and enterprise, so the wallet has something to show after a clean start and a licence can be
 * reused as a material. The type code of the birth certificate is the one the demo item's material
 * names in `eLicenceTypes`; the others follow the national pattern: the issuing body's credit code and
 * a three-digit serial. Idempotent (types by code, licences by identifier).
 */
interface DemoType {
  code: (creditCode: string) => string; name: string; nameEn: string; department: string; holderType: 'id_number' | 'credit_code';
  validityMonths: number | null; items: string[]; fields: LicenceField[];
}

const ENTERPRISE_FIELDS: LicenceField[] = [
  { key: 'holder', label: '单位名称', labelEn: 'Holder', source: 'applicant.name' },
  { key: 'creditCode', label: '统一社会信用代码', labelEn: 'Unified social credit code', source: 'applicant.code' },
  { key: 'legalRep', label: '法定代表人', labelEn: 'Legal representative', source: 'form.f3' },
  { key: 'address', label: '住所', labelEn: 'Address', source: 'form.f5' },
];

export const DEMO_LICENCE_TYPES: DemoType[] = [
  {
    code: () => '出生医学证明电子证照', name: '出生医学证明', nameEn: 'Medical birth certificate', department: 'h-health', holderType: 'id_number', validityMonths: null, items: [],
    fields: [
      { key: 'guardian', label: '监护人', labelEn: 'Guardian', source: 'applicant.name' },
      { key: 'guardianId', label: '监护人身份证号', labelEn: 'Guardian ID number', source: 'applicant.code' },
      { key: 'child', label: '新生儿姓名', labelEn: 'Name of the newborn', source: 'form.f1' },
      { key: 'hospital', label: '接生机构', labelEn: 'Delivering institution', source: 'text:海口市妇幼保健院' },
    ],
  },
  {
    code: (cc) => `${cc}001`, name: '公共场所卫生许可证', nameEn: 'Public venue hygiene licence', department: 'h-health', holderType: 'credit_code', validityMonths: 48,
    items: ['h-public-venue-hygiene'],
    fields: [...ENTERPRISE_FIELDS, { key: 'venue', label: '场所名称', labelEn: 'Venue', source: 'form.f6' }, { key: 'category', label: '许可项目', labelEn: 'Licensed category', source: 'form.f7' }],
  },
  {
    code: (cc) => `${cc}001`, name: '旅行社业务经营许可证', nameEn: 'Travel agency business licence', department: 'p-tourism', holderType: 'credit_code', validityMonths: null,
    items: ['p-travel-agency'],
    fields: [...ENTERPRISE_FIELDS, { key: 'scope', label: '经营范围', labelEn: 'Business scope', source: 'form.f7' }],
  },
];

/** The demo licences: [type index, holder, data, issue date]. */
type Person = { name: string; idNumber: string };
type Enterprise = { name: string; creditCode: string; legalRepresentative: string };
const demoLicences = (DEMO_PERSON: Person, DEMO_ENTERPRISE: Enterprise): Array<{ type: number; holder: 'person' | 'enterprise'; data: Record<string, string>; issueDate: string }> => [
  { type: 0, holder: 'person', issueDate: '2026-01-05', data: { guardian: DEMO_PERSON.name, guardianId: DEMO_PERSON.idNumber, child: '张小明', hospital: '海口市妇幼保健院' } },
  {
    type: 1, holder: 'enterprise', issueDate: '2026-01-05',
    data: { holder: DEMO_ENTERPRISE.name, creditCode: DEMO_ENTERPRISE.creditCode, legalRep: DEMO_ENTERPRISE.legalRepresentative, address: '海口市龙华区滨海大道1号', venue: '椰风示例餐厅', category: '餐饮场所' },
  },
];

export async function seedLicences(ctx: AppContext, who: { person: Person; enterprise: Enterprise }, itemIds: Map<string, string>, departments: Map<string, { id: string; creditCode: string; name: string }>) {
  const now = ctx.clock.now();
  const typeIds: string[] = [];
  for (const t of DEMO_LICENCE_TYPES) {
    const dept = departments.get(t.department)!;
    const code = t.code(dept.creditCode);
    const existing = await repo.getTypeByCode(ctx.db, code);
    if (existing) { typeIds.push(existing.id); continue; }
    const d = (await repo.department(ctx.db, dept.id))!;
    const id = await ctx.db.transaction().execute(async (tx) => {
      const id = (await repo.insertType(tx, {
        code, name: t.name, nameEn: t.nameEn, centerId: d.center_id, departmentId: dept.id, holderType: t.holderType, validityMonths: t.validityMonths,
        fields: t.fields, template: {}, by: null, at: now,
      }))!;
      await repo.setTypeItems(tx, id, t.items.map((k) => itemIds.get(k)!).filter(Boolean));
      return id;
    });
    typeIds.push(id);
  }
  const { person: DEMO_PERSON, enterprise: DEMO_ENTERPRISE } = who;
  let created = 0;
  for (const [i, l] of demoLicences(DEMO_PERSON, DEMO_ENTERPRISE).entries()) {
    const t = DEMO_LICENCE_TYPES[l.type]!;
    const type = (await repo.getType(ctx.db, typeIds[l.type]!))!;
    const issuer = (await repo.department(ctx.db, type.issuing_department_id))!;
    const holder = l.holder === 'person' ? await findUserByLogin(ctx.db, DEMO_PERSON.idNumber) : await findUserByLogin(ctx.db, DEMO_ENTERPRISE.creditCode);
    if (!holder) continue;
    const region = t.department.startsWith('h-') ? '460100' : '460000';
    const licenceNo = licenceNumber(region, l.issueDate.slice(0, 4), i + 1);
    const identifier = licenceIdentifier(type.code, issuer.credit_code, licenceNo);
    if (await repo.getLicenceByIdentifier(ctx.db, identifier)) continue;
    const v = {
      identifier, licenceNo, typeId: type.id, holderId: holder.id, holderName: holder.name, holderCodeType: t.holderType,
      holderCode: l.holder === 'person' ? DEMO_PERSON.idNumber : DEMO_ENTERPRISE.creditCode, departmentId: issuer.id, regionCode: region, caseId: null,
      issueDate: l.issueDate, validFrom: l.issueDate, validTo: validTo(l.issueDate, type.validity_months), data: l.data, at: now,
    };
    await ctx.db.transaction().execute(async (tx) => {
      const id = await repo.insertLicence(tx, v);
      const doc = await renderAndKeep(ctx, tx, { licenceId: id, type, issuer, version: 1, ...v });
      await repo.updateLicence(tx, id, 0, { file_id: doc.fileId, signature_id: doc.signatureId });
      await repo.insertVersion(tx, { licenceId: id, version: 1, event: 'issued', data: v.data, status: 'valid', validTo: v.validTo, fileId: doc.fileId, signatureId: doc.signatureId, caseId: null, reason: '演示数据 / demo data', by: null, at: now });
    });
    created++;
  }
  return created;
}
