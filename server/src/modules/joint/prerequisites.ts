import type { Tx } from '../../db/database.ts';
import type { EventBus } from '../../events/bus.ts';
import type { DomainEvents } from '../../events/catalogue.ts';
import { appendAudit } from '../../lib/audit.ts';
import type { AppContext } from '../../lib/context.ts';
import { errors } from '../../lib/errors.ts';
import * as cases from '../cases/cases.repository.ts';
import { caseStream, transition } from '../cases/cases.service.ts';
import { partsOfItems } from '../cases/joint-prerequisites.repository.ts';
import { snapshotOf } from '../cases/joint-snapshot.ts';
import { CLOCK_STATES, INITIAL_STATE, type CaseState } from '../cases/transitions.ts';
import type { MatterDefinition } from './joint.schemas.ts';
import type { MatterItemInfo } from './merge.ts';

/**
 * Prerequisites inside a joint matter (一件事): an item that needs another item's result first (the
 * food business licence needs the company registered). The manager declares them per matter with the
 * dependent item's materials the prerequisite's result stands for (not asked of the applicant), and
 * what a denied prerequisite does to its dependents: `terminate_dependents` ends them, `continue` lets
 * them be decided on their own. The waiting itself is a guard of the transition table
 * (cases/joint-prerequisites.ts); this file checks declarations and carries a prerequisite's outcome
 * to its dependents, inside the transaction of the decision that caused it.
 */
export function validatePrerequisites(def: MatterDefinition, infos: Map<string, MatterItemInfo>) {
  const list = def.prerequisites ?? [];
  const items = new Set(def.items.map((i) => i.itemId));
  const pairs = new Set<string>();
  list.forEach((p, n) => {
    const field = `definition.prerequisites.${n}`;
    if (!items.has(p.itemId) || !items.has(p.requires)) throw errors.MATTER_PREREQUISITE_INVALID({ reason: 'ITEM', field });
    if (p.itemId === p.requires) throw errors.MATTER_PREREQUISITE_INVALID({ reason: 'SELF', field });
    const pair = `${p.itemId}/${p.requires}`;
    if (pairs.has(pair)) throw errors.MATTER_PREREQUISITE_INVALID({ reason: 'DUPLICATE', field });
    pairs.add(pair);
    const own = infos.get(p.itemId)!.content.materials;
    const bad = p.materials.findIndex((m) => !own.some((x) => x.key === m));
    if (bad >= 0) throw errors.MATTER_PREREQUISITE_INVALID({ reason: 'MATERIAL', field: `${field}.materials.${bad}` });
  });
  if (hasCycle(list)) throw errors.MATTER_PREREQUISITE_INVALID({ reason: 'CYCLE', field: 'definition.prerequisites' });
}

/** Whether an item waits, through its prerequisites, for itself. */
function hasCycle(list: ReadonlyArray<{ itemId: string; requires: string }>) {
  const next = new Map<string, string[]>();
  for (const p of list) next.set(p.itemId, [...(next.get(p.itemId) ?? []), p.requires]);
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string): boolean => {
    if (state.get(id) === 'done') return false;
    if (state.get(id) === 'visiting') return true;
    state.set(id, 'visiting');
    const found = (next.get(id) ?? []).some(visit);
    state.set(id, 'done');
    return found;
  };
  return [...next.keys()].some(visit);
}

const WAITING: readonly string[] = [INITIAL_STATE, ...CLOCK_STATES];

export function subscribePrerequisites(bus: EventBus<AppContext>) {
  bus.on('case.decide', async (tx, e, ctx) => {
    if (e.before.kind !== 'part') return;
    await prerequisiteSettled(ctx, tx, e, e.data.result === 'approved' ? 'met' : 'failed', e.data.reason);
  });
  // A prerequisite ended without a result (by the matter's stop rule, or by a manager) fails its dependents too.
  bus.on('case.terminate', async (tx, e, ctx) => {
    if (e.before.kind === 'part') await prerequisiteSettled(ctx, tx, e, 'failed', e.data.reason);
  });
}

async function prerequisiteSettled(ctx: AppContext, tx: Tx, e: DomainEvents['case.decide' | 'case.terminate'], outcome: 'met' | 'failed', reason: string) {
  const done = e.before;
  const parent = await cases.getCase(tx, done.parent_id!);
  // A parent withdrawn or terminated takes every part with it: nothing is left to carry on.
  if (!parent || parent.status === 'withdrawn' || parent.status === 'terminated') return;
  const snap = snapshotOf(parent);
  const links = (snap.prerequisites ?? []).filter((p) => p.requires === done.item_id);
  if (!links.length) return;
  const itemName = snap.items.find((i) => i.itemId === done.item_id)?.name ?? '';
  const rule = snap.prerequisiteDenial ?? 'terminate_dependents';
  for (const d of await partsOfItems(tx, parent.id, links.map((l) => l.itemId))) {
    const part = await cases.lockCaseWaiting(tx, d.id);
    if (!part || !WAITING.includes(part.status as CaseState)) continue;
    const materials = links.find((l) => l.itemId === part.item_id)?.materials ?? [];
    const data = { prerequisiteCaseId: done.id, prerequisiteItemId: done.item_id, receiptNo: done.receipt_no, item: itemName, materials };
    if (outcome === 'met') {
      // The result now stands for the materials the applicant was not asked for.
      await appendAudit(tx, { stream: caseStream(part.id), action: 'case.prerequisite_met', actorId: e.actorId, at: e.at, data });
    } else if (rule === 'terminate_dependents') {
      const why = `前置事项「${itemName}」未获准予，按本联办事项规则终止办理 / prerequisite not granted, ended by the matter's rule：${reason}`;
      await transition(ctx, tx, part, ['system'], { action: 'terminate', reason: why.slice(0, 2000) }, null, e.actorId);
    } else {
      await appendAudit(tx, { stream: caseStream(part.id), action: 'case.prerequisite_failed', actorId: e.actorId, at: e.at, data: { ...data, rule, reason } });
    }
  }
}
