import type { Tx } from '../../db/database.ts';
import { errors } from '../../lib/errors.ts';
import * as items from '../items/items.repository.ts';
import type { ItemContent } from '../items/items.schemas.ts';
import { findCenter } from '../org/org.repository.ts';
import { calendarFor } from './calendar-adapter.ts';
import * as repo from './cases.repository.ts';
import { cascade, recordSubmission } from './cases.service.ts';
import type { EventBus } from '../../events/bus.ts';
import type { DomainEvents } from '../../events/catalogue.ts';
import type { AppContext } from '../../lib/context.ts';
import { ACCEPTANCE_WORKDAYS } from './clock.ts';
import { copyMaterials, findOpenUpper, latestUpper } from './reported.repository.ts';
import { notify } from '../notifications/notifications.ts';
import { staffWithRole } from '../notifications/notifications.repository.ts';

/**
 * Reported cases (上报件): the accepting level reviews and forwards, the level above decides, and the
 * result comes back to the accepting window. Each level keeps its own case, so each level's staff
 * act on their own case with the ordinary actions and their own clock, and neither level sees the
 * other's case beyond what the lower case shows of the upper one. Every step here runs inside the
 * transaction of the action that causes it: a forward without its upper case cannot be committed.
 */
export function subscribeReportedCases(bus: EventBus<AppContext>) {
  bus.on('case.forward', async (tx, e, ctx) => {
    if (e.before.kind === 'single') await createUpperCase(ctx, tx, e);
  });
  // The upper level hands its decision back: the lower case is decided as the level above decided.
  bus.on('case.handover', async (tx, e, ctx) => {
    const c = e.before;
    if (c.kind !== 'upper') return;
    await cascade(ctx, tx, c.parent_id!, {
      action: 'return_result', result: c.decision as 'approved' | 'denied', reason: c.decision_reason ?? '', upperCaseId: c.id,
    });
  });
  // Nobody is left to receive the decision: the level above stops working on it.
  const stopUpper = (why: string) => async (tx: Tx, e: DomainEvents['case.withdraw' | 'case.terminate'], ctx: AppContext) => {
    const c = e.before;
    // Forwarded, or sent back down for a supplement: the upper case is still open either way.
    if (c.kind !== 'single' || (c.status !== 'forwarded' && c.status !== 'supplement_requested')) return;
    const upper = await findOpenUpper(tx, c.id);
    if (upper) await cascade(ctx, tx, upper.id, { action: 'terminate', reason: `${why}: ${e.data.reason}`.slice(0, 2000) });
  };
  bus.on('case.withdraw', stopUpper('申请人已撤回申请 / withdrawn by the applicant'));
  bus.on('case.terminate', stopUpper('报送的办件已终止 / the forwarding case was terminated'));
  subscribeUpperRefusals(bus);
}

/**
 * The level above may refuse a reported case (不予受理) or ask for a supplement, like any window
 * within its acceptance period. Either comes back down to the lower case, whose applicant it
 * concerns: refused with the upper level's reasons and remedies (the refusal notice is the lower
 * case's), or waiting for the supplement with the upper level's notice as its own; the lower window is
 * told. The applicant's supplement, given on the lower case, goes up with it: the upper case is
 * resubmitted with the same files and a new acceptance period above.
 */
function subscribeUpperRefusals(bus: EventBus<AppContext>) {
  bus.on('case.refuse', async (tx, e, ctx) => {
    const upper = e.before;
    if (upper.kind !== 'upper') return;
    const reason = `上级（${await centerName(tx, upper.center_id)}）不予受理 / refused by the level above：${e.data.reason}`.slice(0, 2000);
    await cascade(ctx, tx, upper.parent_id!, { action: 'return_refused', reason, remedies: e.data.remedies, upperCaseId: upper.id }, e.actorId);
    await tellLowerWindow(tx, upper.parent_id!, e.at, { zh: '上级不予受理，请告知申请人', en: 'Refused by the level above: tell the applicant' }, upper.id);
  });
  bus.on('case.request_supplement', async (tx, e, ctx) => {
    const upper = e.before;
    if (upper.kind !== 'upper') return;
    await cascade(ctx, tx, upper.parent_id!, {
      action: 'return_supplement', items: e.data.items, ...(e.data.note ? { note: e.data.note } : {}), upperCaseId: upper.id,
    }, e.actorId);
    await tellLowerWindow(tx, upper.parent_id!, e.at, { zh: '上级要求补正材料，请告知申请人', en: 'The level above asks for a supplement: tell the applicant' }, upper.id);
  });
  bus.on('case.resubmit', async (tx, e, ctx) => {
    const lower = e.before;
    // Only a lower case the level above sent back (it had been accepted; an ordinary supplement comes before acceptance).
    if (lower.kind !== 'single' || !lower.accepted_date || e.data.to !== 'forwarded') return;
    const upper = await latestUpper(tx, lower.id);
    if (upper?.status !== 'supplement_requested') return;
    await cascade(ctx, tx, upper.id, { action: 'resubmit', materials: e.data.materials }, e.actorId);
  });
}

async function centerName(tx: Tx, centerId: string) {
  return (await findCenter(tx, centerId))?.name ?? '';
}

async function tellLowerWindow(tx: Tx, lowerId: string, at: Date, title: { zh: string; en: string }, upperCaseId: string) {
  const lower = (await repo.getCase(tx, lowerId))!;
  const clerks = await staffWithRole(tx, 'window', { centerId: lower.center_id });
  await notify(tx, { kind: 'returned_from_above', centerId: lower.center_id, caseId: lower.id, userIds: clerks.map((u) => u.id), departmentId: lower.department_id, title, data: { upperCaseId }, at });
}

const targetUnavailable = () => errors.REPORT_TARGET_UNAVAILABLE();

/**
 * The case at the deciding level: an application as if the forwarding center had brought it to the
 * upper center's window, with the same applicant, form and files, received today. The window
 * above accepts it within the 5-day period like any other, which is what limits the hand-over.
 */
async function createUpperCase(ctx: AppContext, tx: Tx, e: DomainEvents['case.forward']) {
  const lower = e.before;
  const lowerVersion = await items.getVersion(tx, lower.item_id!, lower.item_version!);
  const reportTo = (lowerVersion!.content as ItemContent).reportTo;
  if (!reportTo) throw targetUnavailable();
  const item = await items.getItem(tx, reportTo.itemId);
  const version = item && (await items.versionInForce(tx, item.id, e.today));
  if (!item || !version) throw targetUnavailable();
  const content = version.content as ItemContent;
  const center = (await findCenter(tx, item.center_id))!;
  const due = (await calendarFor(tx, center.region_code)).addWorkdays(e.today, ACCEPTANCE_WORKDAYS);
  const now = e.at;
  const id = await repo.insertCase(tx, {
    kind: 'upper', parent_id: lower.id, item_id: item.id, item_version: version.version, center_id: item.center_id,
    department_id: item.department_id, region_code: center.region_code, applicant_id: lower.applicant_id, applicant_name: lower.applicant_name,
    channel: 'forwarded', idempotency_key: `forward:${lower.id}`,
    processing_mode: content.processingMode, form: JSON.stringify(lower.form), submitted_at: now, received_date: e.today,
    acceptance_due_date: due.due, promised_days: content.promisedLimitDays, statutory_days: content.statutoryLimitDays, due_provisional: due.provisional,
    created_at: now, updated_at: now,
  });
  // The key is per lower case, and a case is forwarded once: a second upper case is a bug, not a retry.
  if (!id) throw new Error(`case ${lower.id} was already forwarded`);
  await copyMaterials(tx, lower.id, id, now);
  // The upper center's intake clerks and the deciding department learn that a case is on its way.
  const clerks = await staffWithRole(tx, 'window', { centerId: item.center_id });
  await notify(tx, {
    kind: 'forwarded', centerId: item.center_id, caseId: id, userIds: clerks.map((u) => u.id), departmentId: item.department_id,
    title: { zh: `下级报送办件：${item.name}`, en: `Case forwarded from the level below: ${item.name_en ?? item.name}` },
    data: { forwardedFrom: lower.id }, at: now,
  });
  await recordSubmission(ctx, tx, id, {
    channel: 'forwarded', itemVersion: version.version, receivedAt: now.toISOString(), forwardedFrom: lower.id, opinion: e.data.opinion,
  }, e.actorId);
}
