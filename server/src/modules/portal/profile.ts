/**
 * What the account knows, by the form field keys that ask for it (issue 14, pre-fill): the portal
 * fills these in every application form, a joint matter's merged form included (its own fields are
 * keyed `i<position>_<key>`, matched on `<key>`). One list, so a new item asking for the applicant's
 * data under one of these keys is pre-filled without a change here. docs/portal.md lists them.
 */
export interface ProfileFacts {
  kind: 'person' | 'enterprise' | 'staff';
  name: string;
  id_number: string | null;
  credit_code: string | null;
  legal_representative: string | null;
  phone: string | null;
  address: string | null;
}

export function prefillOf(u: ProfileFacts): Record<string, string> {
  const enterprise = u.kind === 'enterprise';
  const facts: Record<string, string | null> = {
    // The contact of an enterprise is its legal representative unless the applicant changes it.
    contactName: enterprise ? u.legal_representative ?? u.name : u.name,
    contactPhone: u.phone,
    address: u.address,
    applicantName: u.name,
    name: u.name,
    ...(enterprise
      ? { entityName: u.name, holder: u.name, legalRep: u.legal_representative, legalRepresentative: u.legal_representative, creditCode: u.credit_code }
      : { idNumber: u.id_number, guardian: u.name, guardianId: u.id_number }),
  };
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(facts)) if (v) out[k] = v;
  return out;
}
