import { formView } from './forms.ts';
import { snapshotOf } from '../joint/snapshot.ts';

/** How a joint parent's detail shows its matter: the checklist and form the applicant's answers produced. */
export const jointChecklistOf = (c: { matter: unknown }) => snapshotOf(c).checklist;

export const jointFormOf = (c: { matter: unknown }) => formView(snapshotOf(c).fields);

export function jointMatterView(c: { matter: unknown }) {
  const s = snapshotOf(c);
  return {
    matterId: s.matterId, key: s.key, version: s.version, name: s.name, nameEn: s.nameEn,
    leadDepartmentId: s.leadDepartmentId, denialRule: s.denialRule, answers: s.answers,
    items: s.items.map((i) => ({ itemId: i.itemId, name: i.name, nameEn: i.nameEn, departmentId: i.departmentId, departmentName: i.departmentName })),
  };
}
