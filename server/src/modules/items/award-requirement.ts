import { appendAudit, streamOf } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import type { Db, Tx } from '../../db/database.ts';
import { authorize, itemPolicy, requirePermission, type Actor } from '../../policies/index.ts';
import * as repo from './items.repository.ts';
import type { ItemContent } from './items.schemas.ts';

/**
 * Issue 16: an approval item whose cases need a project awarded in the center (the construction permit needs
 * the award notice). The manager marks the item and chooses the text field of its application form in which the
 * applicant gives the project code; trading/award-guard.ts refuses a submission whose project has no award. The
 * setting belongs to the item, not to a version: it takes effect at once and is kept across versions, so the
 * field must be a text field of the newest published version's form and, while a draft is open, of the draft's
 * too (before the first publication, of the draft alone). Items owns the setting (its policy, its audit stream);
 * trading reads the table, and neither module imports the other.
 */

const itemNotFound = () => NOT_FOUND({ zh: '事项', en: 'Item' });

type ItemVersions = { latest_version: number; draft_version: number | null };

/** The forms the field must be in: the newest published version's and the open draft's. */
async function formsOf(db: Db | Tx, id: string, item: ItemVersions): Promise<ItemContent[]> {
  const versions = [item.latest_version || null, item.draft_version].filter((v): v is number => v !== null);
  const rows = await Promise.all(versions.map((v) => repo.getVersion(db, id, v)));
  return rows.filter((r) => r !== undefined).map((r) => r.content as ItemContent);
}

/** The item's own text fields present in every one of the forms (the contact fields every form has are not project codes). */
function choicesOf(forms: ItemContent[]) {
  const [first, ...rest] = forms;
  if (!first) return [];
  const text = (c: ItemContent) => (c.formFields ?? []).filter((f) => f.type === 'text');
  return text(first)
    .filter((f) => rest.every((c) => text(c).some((g) => g.key === f.key)))
    .map((f) => ({ key: f.key, label: f.label, labelEn: f.labelEn ?? null }));
}

async function view(db: Db | Tx, id: string, item: ItemVersions) {
  const [req, forms] = await Promise.all([repo.awardRequirementOf(db, id), formsOf(db, id, item)]);
  return {
    itemId: id,
    projectCodeField: req?.project_code_field ?? null,
    since: req ? req.created_at.toISOString() : null,
    choices: choicesOf(forms),
  };
}

export async function getAwardRequirement(ctx: AppContext, who: Actor | null, id: string) {
  const actor = requirePermission(who, 'catalog.read_drafts');
  const item = await repo.getItem(ctx.db, id);
  if (!item) throw itemNotFound();
  authorize(itemPolicy, actor, 'read_drafts', item);
  return view(ctx.db, id, item);
}

/** Sets (or changes) the field; refused with nothing written when it is not a text field of the item's forms. */
export async function setAwardRequirement(ctx: AppContext, who: Actor | null, id: string, field: string) {
  const actor = requirePermission(who, 'catalog.edit');
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const item = await repo.lockItem(tx, id);
    if (!item) throw itemNotFound();
    authorize(itemPolicy, actor, 'edit', item);
    const forms = await formsOf(tx, id, item);
    if (!choicesOf(forms).some((c) => c.key === field)) throw errors.TRADING_AWARD_FIELD_INVALID({ key: field, field: 'projectCodeField' });
    const before = await repo.awardRequirementOf(tx, id);
    if (before?.project_code_field !== field) {
      await repo.upsertAwardRequirement(tx, id, field, now);
      await appendAudit(tx, {
        stream: streamOf('item', id), action: 'item.trading_award_required', actorId: actor.id, at: now,
        data: { projectCodeField: field, previous: before?.project_code_field ?? null },
      });
    }
    return view(tx, id, item);
  });
}

/** Switches the requirement off; clearing an item that has none changes nothing and writes nothing. */
export async function clearAwardRequirement(ctx: AppContext, who: Actor | null, id: string) {
  const actor = requirePermission(who, 'catalog.edit');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (tx) => {
    const item = await repo.lockItem(tx, id);
    if (!item) throw itemNotFound();
    authorize(itemPolicy, actor, 'edit', item);
    const before = await repo.awardRequirementOf(tx, id);
    if (before && (await repo.deleteAwardRequirement(tx, id))) {
      await appendAudit(tx, {
        stream: streamOf('item', id), action: 'item.trading_award_cleared', actorId: actor.id, at: now,
        data: { previous: before.project_code_field },
      });
    }
  });
}

/** What the guide tells applicants: the field of the version in force that must name a project awarded in the center. */
export async function awardNoteFor(db: Db, id: string, content: ItemContent) {
  const req = await repo.awardRequirementOf(db, id);
  if (!req) return null;
  const f = content.formFields?.find((x) => x.key === req.project_code_field);
  return { field: req.project_code_field, label: f?.label ?? req.project_code_field, labelEn: f?.labelEn ?? null };
}

/**
 * Publishing a version whose form lacks the chosen field would refuse every submission from its first day
 * (TRADING_AWARD_REQUIRED with no code to check): refused instead, in the publishing transaction.
 */
export async function assertAwardFieldKept(tx: Tx, id: string, content: ItemContent) {
  const req = await repo.awardRequirementOf(tx, id);
  if (req && !(content.formFields ?? []).some((f) => f.key === req.project_code_field && f.type === 'text')) {
    throw errors.TRADING_AWARD_FIELD_DROPPED({ key: req.project_code_field, field: 'content.formFields' });
  }
}
