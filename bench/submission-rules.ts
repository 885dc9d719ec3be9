// The rules a submission checks, each callable alone, and the bare write they guard, so the
// submission benchmark can print what each rule costs beside a reference from the same run.
// A new rule (issue 10: materials completeness, counter identity …) gets a row here that calls its
// check function the way the submission does, with inputs that pass (the cost of the usual case).
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { appendAudit } from '../server/src/lib/audit.ts';
import type { AppContext } from '../server/src/lib/context.ts';
import type { Actor } from '../server/src/policies/index.ts';
import { findApplicantByIdentity } from '../server/src/modules/auth/auth.repository.ts';
import { knownCounterApplicant, materialFilesUsable } from '../server/src/modules/cases/applicants.ts';
import { assertComplete, requiredMaterials } from '../server/src/modules/cases/materials-check.ts';
import * as repo from '../server/src/modules/cases/cases.repository.ts';
import { checkMaterialKeys, recordSubmission } from '../server/src/modules/cases/cases.service.ts';
import type { ApplicantInput } from '../server/src/modules/cases/cases.schemas.ts';
import { checkForm, formFieldsOf } from '../server/src/modules/cases/forms.ts';
import { requestFingerprint } from '../server/src/modules/cases/idempotency.ts';
import type { ItemContent } from '../server/src/modules/items/items.schemas.ts';

export interface RuleBench {
  name: string;
  /** What the call does, in a few words (printed beside the figures). */
  note: string;
  call: (i: number) => Promise<unknown>;
}

export async function submissionRules(ctx: AppContext, input: {
  itemId: string; applicantLogin: string; form: Record<string, string>; fileId: string; company: Record<string, string>;
}): Promise<RuleBench[]> {
  const db = ctx.db;
  const applicant = (await findApplicantByIdentity(db, { creditCode: input.applicantLogin }))!;
  const who = { id: applicant.id } as Actor;
  const sample = await db.selectFrom('cases').selectAll().where('applicant_id', '=', applicant.id).where('item_id', '=', input.itemId).limit(1).executeTakeFirstOrThrow();
  const version = await db.selectFrom('item_versions').select('content').where('item_id', '=', input.itemId).where('version', '=', sample.item_version).executeTakeFirstOrThrow();
  const content = version.content as unknown as ItemContent;
  const materials = [{ key: 'application', fileId: input.fileId }];
  const body = { itemId: input.itemId, form: input.form, materials, applicant: null, receivedAt: null };

  return [
    {
      name: 'bare write (reference)', note: 'case row + materials + case.submitted audit event, one transaction, no check',
      call: () => db.transaction().execute(async (tx) => {
        const now = ctx.clock.now();
        const id = await repo.insertCase(tx, {
          item_id: sample.item_id, item_version: sample.item_version, center_id: sample.center_id, department_id: sample.department_id, region_code: sample.region_code,
          applicant_id: sample.applicant_id, applicant_name: sample.applicant_name, channel: 'online', registered_by: null,
          idempotency_key: randomUUID(), idempotency_fingerprint: requestFingerprint(body), processing_mode: sample.processing_mode, joint: sample.joint,
          form: JSON.stringify(sample.form), submitted_at: now, received_date: sample.received_date, acceptance_due_date: sample.acceptance_due_date,
          promised_days: sample.promised_days ?? undefined, statutory_days: sample.statutory_days ?? undefined, due_provisional: sample.due_provisional, created_at: now, updated_at: now,
        });
        await repo.insertMaterials(tx, id!, materials, 0, now);
        await recordSubmission(ctx, tx, id!, { channel: 'online', itemVersion: sample.item_version ?? undefined, receivedAt: now.toISOString() }, applicant.id);
      }),
    },
    { name: 'SELECT 1 (reference)', note: 'one round trip to PostgreSQL, the floor of any check that reads', call: () => sql`SELECT 1`.execute(db) },
    {
      name: 'idempotency fingerprint', note: 'sha256 of the canonical body + the lookup of the key (a miss, the usual case)',
      call: async () => {
        requestFingerprint(body);
        await repo.findByIdempotencyKey(db, applicant.id, randomUUID());
      },
    },
    {
      name: 'materials: known keys + own files', note: 'every material key is the item\'s, every file exists and is the applicant\'s',
      call: async () => {
        checkMaterialKeys(content.materials.map((m) => m.key), materials.map((m) => m.key));
        await materialFilesUsable(ctx, who, materials.map((m) => m.fileId));
      },
    },
    {
      name: 'form fields', note: 'the submitted form against the item\'s form (required, types)',
      call: async () => checkForm(formFieldsOf(content), input.form),
    },
    {
      name: 'counter identity', note: 'the walk-in applicant\'s account by credit code, the name compared with it',
      call: () => knownCounterApplicant(ctx, input.company as unknown as ApplicantInput),
    },
    {
      name: 'materials completeness', note: 'every required (and answered-conditional) material carried: pure, no round trip',
      call: async () => assertComplete(requiredMaterials(content.materials, input.form), content.materials.map((m) => ({ key: m.key, fileId: input.fileId }))),
    },
    {
      name: 'audit append', note: 'appendAudit alone: the stream\'s last event + the insert, one transaction',
      call: (i) => db.transaction().execute((tx) => appendAudit(tx, { stream: `item:bench-${i}-${randomUUID()}`, action: 'bench.rule', actorId: null, at: ctx.clock.now(), data: { i } })),
    },
  ];
}
