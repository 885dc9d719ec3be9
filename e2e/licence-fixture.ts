import pg from 'pg';

/**
 * An e-licence written into the library of an e2e server's database (issue 12), held by the given
 * person or enterprise: the wallet and reuse journeys need one without running issuance and seals.
 * A type the demo data already has (the licences seeds) is used as it is.
 */
export async function insertLicence(databaseUrl: string, l: {
  typeCode: string; typeName: string; holderName: string; holderCodeType: 'id_number' | 'credit_code'; holderCode: string; number: string;
}): Promise<string> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(`INSERT INTO licence_types (code, name, name_en, center_id, issuing_department_id, holder_type, validity_months, fields, created_at)
      SELECT $1, $2, $2, d.center_id, d.id, $3, NULL, '[{"key":"birthPlace","label":"出生地点","labelEn":"Place of birth","source":"form.birthPlace"}]', now()
      FROM departments d JOIN centers c ON c.id = d.center_id WHERE c.region_code = '460100' ORDER BY d.name LIMIT 1
      ON CONFLICT (code) DO NOTHING`, [l.typeCode, l.typeName, l.holderCodeType]);
    const type = (await db.query('SELECT id, issuing_department_id FROM licence_types WHERE code = $1', [l.typeCode])).rows[0] as { id: string; issuing_department_id: string };
    const res = await db.query(`INSERT INTO elicences (identifier, licence_no, type_id, holder_name, holder_code_type, holder_code, issuer_department_id, region_code,
        issue_date, valid_from, valid_to, status, data, created_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, '460100', CURRENT_DATE - 30, CURRENT_DATE - 30, NULL, 'valid', '{"birthPlace":"海口市"}', now()) RETURNING id`,
    [`1.2.156.3005.2.e2e.${l.number}`, l.number, type.id, l.holderName, l.holderCodeType, l.holderCode, type.issuing_department_id]);
    const id = res.rows[0].id as string;
    await db.query(`INSERT INTO elicence_versions (licence_id, seq, version, event, data, status, at) VALUES ($1, 1, 1, 'issued', '{"birthPlace":"海口市"}', 'valid', now())`, [id]);
    return id;
  } finally {
    await db.end();
  }
}
