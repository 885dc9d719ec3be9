import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import type { Tx } from '../../db/database.ts';
import { STAFF_ROLES } from '../../policies/index.ts';
import { updateCase } from './cases.repository.ts';
import {
  allowedActions, CASE_KINDS, CASE_STATES, check, CLOCK_STATES, INITIAL_STATE, OPEN_STATES, TRANSITIONS,
  type Actor, type CaseFacts, type CaseKind, type CaseState, type Transition,
} from './transitions.ts';

const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  status: 'submitted', suspended: false, extended: false, reviewsDone: 0, reviewSteps: 1, decision: null, hasFees: false,
  kind: 'single', reportsUpward: false, partsUndecided: 0, partsNotReady: 0, limitPassed: false, instant: false, acceptancePeriodPassed: false, ...over,
});

test('every state a transition names is a known state, and every open state can be left', () => {
  for (const t of TRANSITIONS) for (const s of t.from) assert.ok(CASE_STATES.includes(s), `${t.action} from ${s}`);
  for (const s of OPEN_STATES) {
    assert.ok(TRANSITIONS.some((t) => t.from.includes(s) && t.action !== 'terminate'), `${s} has a way forward`);
  }
});

test('the role is asked before the state; a guard names its reason', () => {
  assert.deepEqual(check('decide', ['window'], facts()), { ok: false, reason: 'ROLE' });
  assert.deepEqual(check('decide', ['chief'], facts()), { ok: false, reason: 'STATE' });
  assert.deepEqual(check('decide', ['chief'], facts({ status: 'in_review', reviewsDone: 0 })), { ok: false, reason: 'REVIEW_PENDING' });
  assert.deepEqual(check('decide', ['chief'], facts({ status: 'in_review', reviewsDone: 1, suspended: true })), { ok: false, reason: 'CASE_SUSPENDED' });
  assert.deepEqual(check('decide', ['chief'], facts({ status: 'in_review', reviewsDone: 1 })), { ok: true, to: 'decided' });
  assert.deepEqual(check('extend', ['chief'], facts({ status: 'accepted', extended: true })), { ok: false, reason: 'ALREADY_EXTENDED' });
});

test('Art. 42: extension only while the limit runs and never for an instant item; withdrawal only before the decision', () => {
  assert.deepEqual(check('extend', ['chief'], facts({ status: 'in_review' })), { ok: true, to: 'in_review' });
  assert.deepEqual(check('extend', ['chief'], facts({ status: 'in_review', limitPassed: true })), { ok: false, reason: 'EXTENSION_LIMIT_PASSED' });
  assert.deepEqual(check('extend', ['chief'], facts({ status: 'accepted', instant: true })), { ok: false, reason: 'EXTENSION_INSTANT_ITEM' });
  assert.ok(!allowedActions(['chief'], facts({ status: 'accepted', limitPassed: true })).includes('extend'));
  for (const status of ['submitted', 'supplement_requested', 'accepted', 'in_review', 'forwarded'] as const) {
    assert.deepEqual(check('withdraw', ['applicant'], facts({ status })), { ok: true, to: 'withdrawn' }, status);
  }
  for (const status of ['decided', 'awaiting_payment', 'ready'] as const) {
    assert.deepEqual(check('withdraw', ['applicant'], facts({ status })), { ok: false, reason: 'WITHDRAW_AFTER_DECISION' }, status);
    assert.deepEqual(allowedActions(['applicant'], facts({ status })), [], status);
  }
  assert.deepEqual(check('withdraw', ['applicant'], facts({ status: 'withdrawn' })), { ok: false, reason: 'STATE' });
});

test('handover leads to payment only for an approved case with fees', () => {
  assert.deepEqual(check('handover', ['chief'], facts({ status: 'decided', decision: 'approved', hasFees: true })), { ok: true, to: 'awaiting_payment' });
  assert.deepEqual(check('handover', ['chief'], facts({ status: 'decided', decision: 'denied', hasFees: true })), { ok: true, to: 'ready' });
  assert.deepEqual(check('handover', ['chief'], facts({ status: 'decided', decision: 'approved', hasFees: false })), { ok: true, to: 'ready' });
});

test('issue 12: an approved case whose item issues a licence is handed over to issuing, and the system issues it on to payment or delivery', () => {
  for (const kind of ['single', 'part'] as const) {
    assert.deepEqual(check('handover', ['approver'], facts({ kind, status: 'decided', decision: 'approved', issuesLicence: true })), { ok: true, to: 'issuing' });
    assert.deepEqual(check('handover', ['approver'], facts({ kind, status: 'decided', decision: 'denied', issuesLicence: true })), { ok: true, to: 'ready' });
    assert.deepEqual(check('issue', ['system'], facts({ kind, status: 'issuing', decision: 'approved', hasFees: true })), { ok: true, to: 'awaiting_payment' });
    assert.deepEqual(check('issue', ['system'], facts({ kind, status: 'issuing', decision: 'approved' })), { ok: true, to: 'ready' });
  }
  assert.deepEqual(check('issue', ['chief'], facts({ status: 'issuing', decision: 'approved' })), { ok: false, reason: 'ROLE' });
  assert.deepEqual(check('issue', ['system'], facts({ status: 'decided', decision: 'approved' })), { ok: false, reason: 'STATE' });
  assert.deepEqual(check('withdraw', ['applicant'], facts({ status: 'issuing' })), { ok: false, reason: 'WITHDRAW_AFTER_DECISION' });
  assert.deepEqual(allowedActions(['chief', 'approver', 'window'], facts({ status: 'issuing', decision: 'approved' })), ['terminate']);
  assert.ok(OPEN_STATES.includes('issuing'));
});

test('allowed actions per role, and none for the system-only deemed acceptance', () => {
  assert.deepEqual(allowedActions(['applicant'], facts()), ['withdraw']);
  assert.deepEqual(allowedActions(['window'], facts()).sort(), ['accept', 'refuse', 'request_supplement', 'terminate']);
  // Art. 45: the chief stops the clock; the reviewer may restart it, never stop it (no suspend button).
  assert.deepEqual(allowedActions(['approver'], facts({ status: 'accepted' })).sort(), ['review']);
  assert.deepEqual(allowedActions(['chief'], facts({ status: 'accepted' })).sort(), ['extend', 'review', 'suspend', 'terminate']);
  assert.deepEqual(check('suspend', ['approver'], facts({ status: 'in_review' })), { ok: false, reason: 'ROLE' });
  assert.deepEqual(allowedActions(['approver'], facts({ status: 'accepted', suspended: true })).sort(), ['resume']);
  assert.deepEqual(allowedActions(['applicant'], facts({ status: 'delivered' })), []);
  assert.ok(!allowedActions(['system'], facts()).includes('deem_accept'));
});

test('kinds: a joint parent moves only with its parts; a part is delivered with its parent; a reported case is forwarded, not decided', () => {
  const joint = (over: Partial<CaseFacts>) => facts({ kind: 'joint', reviewSteps: 0, ...over });
  // The parent is never reviewed or decided by a department: 409 (KIND), not 403, for the roles that review other cases.
  assert.deepEqual(check('review', ['approver'], joint({ status: 'accepted' })), { ok: false, reason: 'KIND' });
  assert.deepEqual(check('joint_decide', ['system'], joint({ status: 'accepted', partsUndecided: 1 })), { ok: false, reason: 'PARTS_PENDING' });
  assert.deepEqual(check('joint_decide', ['system'], joint({ status: 'accepted', partsUndecided: 0 })), { ok: true, to: 'decided' });
  assert.deepEqual(check('joint_ready', ['system'], joint({ status: 'decided', partsNotReady: 2 })), { ok: false, reason: 'PARTS_PENDING' });
  assert.deepEqual(check('joint_ready', ['window'], joint({ status: 'decided' })), { ok: false, reason: 'ROLE' });
  assert.deepEqual(allowedActions(['chief'], joint({ status: 'accepted' })), ['extend', 'terminate']);
  assert.deepEqual(check('deliver', ['window'], joint({ status: 'ready' })), { ok: true, to: 'delivered' });

  const part = (over: Partial<CaseFacts>) => facts({ kind: 'part', ...over });
  assert.deepEqual(check('deliver', ['window'], part({ status: 'ready' })), { ok: false, reason: 'KIND' });
  assert.deepEqual(check('deliver', ['system'], part({ status: 'ready' })), { ok: true, to: 'delivered' });
  assert.deepEqual(check('withdraw', ['applicant'], part({ status: 'accepted' })), { ok: false, reason: 'KIND' });
  assert.deepEqual(check('terminate', ['system'], part({ status: 'in_review' })), { ok: true, to: 'terminated' });
  assert.ok(!allowedActions(['window'], part({ status: 'ready' })).includes('deliver'));
  // View-only roles take no action at all.
  assert.deepEqual(allowedActions(['lead', 'coordinator'], part({ status: 'in_review', reviewsDone: 1 })), []);
  // 通办 (docs/network.md): the receiving window answers the application, the collecting window delivers; nothing else.
  assert.deepEqual(allowedActions(['receiving_window'], facts({ status: 'submitted' })).sort(), ['accept', 'refuse', 'request_supplement']);
  assert.deepEqual(allowedActions(['receiving_window'], facts({ status: 'in_review', reviewsDone: 1 })), []);
  assert.deepEqual(allowedActions(['delivery_window'], facts({ status: 'ready' })), ['deliver']);
  assert.deepEqual(allowedActions(['delivery_window'], facts({ status: 'submitted' })), []);
  assert.deepEqual(check('terminate', ['receiving_window', 'delivery_window'], facts({ status: 'accepted' })), { ok: false, reason: 'ROLE' });

  const reported = facts({ status: 'in_review', reviewsDone: 1, reportsUpward: true });
  assert.deepEqual(check('decide', ['chief'], reported), { ok: false, reason: 'DECIDED_ABOVE' });
  assert.deepEqual(check('forward', ['chief'], reported), { ok: true, to: 'forwarded' });
  assert.deepEqual(check('forward', ['chief'], facts({ status: 'in_review', reviewsDone: 1 })), { ok: false, reason: 'NOT_REPORTED_UPWARD' });
  assert.deepEqual(check('decide', ['chief'], { ...reported, kind: 'upper' }), { ok: true, to: 'decided' });
  assert.deepEqual(check('handover', ['chief'], facts({ kind: 'upper', status: 'decided', decision: 'approved' })), { ok: true, to: 'delivered' });
});

// ---- the whole table, row by row ------------------------------------------------------------------

const ACTORS: readonly Actor[] = ['applicant', ...STAFF_ROLES, 'system', 'lead', 'coordinator', 'receiving_window', 'delivery_window'];

/** Facts of every shape the guards look at, for one kind of case in one state. */
function shapes(kind: CaseKind, status: CaseState): CaseFacts[] {
  const out: CaseFacts[] = [];
  for (const suspended of [false, true]) for (const extended of [false, true]) for (const reviewsDone of [0, 1])
    for (const decision of [null, 'approved', 'denied'] as const) for (const hasFees of [false, true]) for (const reportsUpward of [false, true])
      for (const parts of [0, 1]) for (const limitPassed of [false, true]) for (const instant of [false, true]) for (const acceptancePeriodPassed of [false, true]) for (const inDepartment of [false, true]) for (const issuesLicence of [false, true]) {
        out.push({ status, kind, suspended, extended, reviewsDone, reviewSteps: 1, decision, hasFees, reportsUpward, partsUndecided: parts, partsNotReady: parts, limitPassed, instant, acceptancePeriodPassed, inDepartment, sentToDepartment: false, issuesLicence });
      }
  return out;
}

/** Where a row can lead a kind of case from a state, for an actor it names (empty: its guard never lets it). */
function targets(t: Transition, kind: CaseKind, from: CaseState, who: Actor): Set<CaseState> {
  const to = new Set<CaseState>();
  for (const f of shapes(kind, from)) {
    const r = check(t.action, [who], f);
    if (r.ok) to.add(r.to);
  }
  return to;
}

test('Art. 32: after the acceptance period the window can no longer accept, refuse or ask for a supplement, also once deemed accepted', () => {
  for (const action of ['accept', 'refuse', 'request_supplement'] as const) {
    for (const kind of ['single', 'joint'] as const) {
      assert.deepEqual(check(action, ['window'], facts({ kind, acceptancePeriodPassed: true })), { ok: false, reason: 'ACCEPTANCE_PERIOD_PASSED' }, `${action} ${kind}`);
      assert.deepEqual(check(action, ['window'], facts({ kind, status: 'accepted', acceptancePeriodPassed: true })), { ok: false, reason: 'ACCEPTANCE_PERIOD_PASSED' }, `${action} ${kind} deemed`);
      assert.equal(check(action, ['window'], facts({ kind, acceptancePeriodPassed: false })).ok, true, `${action} ${kind} in time`);
      // A case accepted in time: a plain state conflict, not the Art. 32 rule.
      assert.deepEqual(check(action, ['window'], facts({ kind, status: 'accepted' })), { ok: false, reason: 'STATE' });
    }
  }
  assert.deepEqual(check('accept', ['window'], facts({ kind: 'upper', acceptancePeriodPassed: true })), { ok: false, reason: 'ACCEPTANCE_PERIOD_PASSED' });
  // The deeming itself and the system's acceptance of a part are not the window's answer.
  assert.equal(check('deem_accept', ['system'], facts({ acceptancePeriodPassed: true })).ok, true);
  assert.equal(check('accept', ['system'], facts({ kind: 'part', acceptancePeriodPassed: true })).ok, true);
  assert.deepEqual(allowedActions(['window'], facts({ acceptancePeriodPassed: true })).filter((a) => ['accept', 'refuse', 'request_supplement'].includes(a)), []);
});

test('each action has at most one row per kind of case', () => {
  for (const kind of CASE_KINDS) {
    const actions = TRANSITIONS.filter((t) => t.kinds.includes(kind)).map((t) => t.action);
    assert.deepEqual(actions.filter((a, i) => actions.indexOf(a) !== i), [], kind);
  }
});

test('every row: allowed for each actor it names in each of its states, refused for every other actor and every other state', () => {
  for (const t of TRANSITIONS) {
    for (const kind of t.kinds) {
      for (const from of CASE_STATES) {
        for (const who of ACTORS) {
          const to = targets(t, kind, from, who);
          const label = `${t.action} (${kind}) from ${from} by ${who}`;
          if (t.from.includes(from) && t.who.includes(who)) {
            assert.ok(to.size > 0, `${label}: the guard never lets it`);
            for (const s of to) assert.ok(CASE_STATES.includes(s), `${label} leads to unknown ${s}`);
          } else {
            assert.equal(to.size, 0, `${label} is allowed`);
          }
        }
        // The state is refused as a state (409 STATE), once the actor may take the action at all,
        // unless the row names the state's refusal as a rule of its own (withdrawal after the decision).
        // (and, where the row narrows it by `if`, only for the cases it names: Art. 32 after a deemed acceptance).
        const f = shapes(kind, from)[0]!;
        const reason = t.refusedFrom?.states.includes(from) && (t.refusedFrom.if?.(f) ?? true) ? t.refusedFrom.reason : 'STATE';
        if (!t.from.includes(from)) assert.deepEqual(check(t.action, [t.who[0]!], f), { ok: false, reason }, `${t.action} (${kind}) from ${from}`);
      }
    }
  }
});

test('every state is reachable from the initial state, and every row from a reachable state', () => {
  const reached = new Set<CaseState>([INITIAL_STATE]);
  for (let grew = true; grew;) {
    grew = false;
    for (const t of TRANSITIONS) for (const kind of t.kinds) for (const from of t.from) {
      if (!reached.has(from)) continue;
      for (const who of t.who) for (const s of targets(t, kind, from, who)) if (!reached.has(s)) { reached.add(s); grew = true; }
    }
  }
  assert.deepEqual(CASE_STATES.filter((s) => !reached.has(s)), [], 'unreachable states');
  for (const t of TRANSITIONS) assert.ok(t.from.some((s) => reached.has(s)), `${t.action} never applies`);
});

test('closed states are final; the open states are every other one', () => {
  const closed = CASE_STATES.filter((s) => !OPEN_STATES.includes(s));
  assert.deepEqual(closed.sort(), ['delivered', 'refused', 'terminated', 'withdrawn']);
  for (const t of TRANSITIONS) for (const s of closed) assert.ok(!t.from.includes(s), `${t.action} leaves the closed state ${s}`);
  assert.ok(OPEN_STATES.includes(INITIAL_STATE));
});

test("the clock column agrees with where a row leads: starts enter the clock states, stops leave them, the rest keep them", () => {
  for (const t of TRANSITIONS) for (const kind of t.kinds) for (const from of t.from) for (const who of t.who) {
    for (const to of targets(t, kind, from, who)) {
      const label = `${t.action} (${kind}) ${from} → ${to}: clock ${t.clock}`;
      const wasRunning = CLOCK_STATES.includes(from);
      const runs = CLOCK_STATES.includes(to);
      if (t.clock === 'start' || t.clock === 'start_deemed') assert.ok(!wasRunning && runs, label);
      else if (t.clock === 'stop') assert.ok(!runs, label);
      else if (t.clock === 'extend' || t.clock === 'suspend' || t.clock === 'resume') assert.ok(wasRunning && to === from, label);
      else assert.ok(wasRunning === runs, label);
    }
  }
});

test('only the transition path writes a status: moveCase, called by transition() alone; inserts take the initial state', () => {
  const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const files = (fs.readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const writers: string[] = [];
  const callers: string[] = [];
  for (const f of files) {
    const text = fs.readFileSync(path.join(src, f), 'utf8');
    // Every statement that updates or inserts cases, raw SQL included, and what it sets.
    for (const m of text.matchAll(/(updateTable\('cases'\)|insertInto\('cases'\)|UPDATE\s+cases\b|INSERT\s+INTO\s+cases\b)[^;]*/gi)) {
      // What it writes, not what it filters on (a WHERE on status writes none).
      const written = m[0].split(/\.where\(|\bWHERE\b/i)[0]!;
      if (/\bstatus\b/.test(written)) writers.push(`${f}: ${written.replace(/\s+/g, ' ')}`);
    }
    for (const m of text.matchAll(/\bmoveCase\(/g)) callers.push(`${f}@${text.slice(0, m.index).split('\n').length}`);
  }
  // One update (moveCase's), and inserts that each give the initial state themselves (issue 18 added
  // compiled-once forms of the submission's insert beside the plain one).
  assert.ok(writers.every((w) => w.startsWith(path.join('modules', 'cases', 'cases.repository.ts'))), writers.join('\n'));
  const updates = writers.filter((w) => /updateTable|UPDATE/i.test(w.split(': ')[1]!));
  const inserts = writers.filter((w) => !updates.includes(w));
  assert.equal(updates.length, 1, writers.join('\n'));
  assert.ok(updates[0]!.includes('status: to'), writers.join('\n'));
  assert.ok(inserts.length >= 1 && inserts.every((w) => /status: INITIAL_STATE/.test(w)), writers.join('\n'));
  assert.deepEqual(callers.map((c) => c.split('@')[0]).sort(), [path.join('modules', 'cases', 'cases.repository.ts'), path.join('modules', 'cases', 'cases.service.ts')]);
  // And by type: an update that names a status does not compile (npm run typecheck).
  const _typeOnly = (tx: Tx) => updateCase(tx, '', 0, {
    // @ts-expect-error a status is written by moveCase, from transition()
    status: 'accepted',
  });
  void _typeOnly;
});

test('separation of duties: whoever accepted or reviewed a case does not decide it, unless the item allows the exception', () => {
  const ready = { status: 'in_review', reviewsDone: 1 } as const;
  assert.deepEqual(check('decide', ['chief'], facts({ ...ready, actorAccepted: true })), { ok: false, reason: 'SEPARATION_OF_DUTIES' });
  assert.deepEqual(check('decide', ['chief'], facts({ ...ready, actorReviewed: true })), { ok: false, reason: 'SEPARATION_OF_DUTIES' });
  assert.deepEqual(check('decide', ['chief'], facts({ ...ready, actorAccepted: true, actorReviewed: true, separationException: true })), { ok: true, to: 'decided' });
  for (const kind of ['single', 'part', 'upper'] as const) {
    assert.deepEqual(check('decide', ['chief'], facts({ ...ready, kind, actorReviewed: true })), { ok: false, reason: 'SEPARATION_OF_DUTIES' }, kind);
    assert.ok(!allowedActions(['chief'], facts({ ...ready, kind, actorAccepted: true })).includes('decide'), `${kind}: no decide button`);
  }
  // A state conflict or a pending review is still named first.
  assert.deepEqual(check('decide', ['chief'], facts({ status: 'in_review', reviewsDone: 0, actorAccepted: true })), { ok: false, reason: 'REVIEW_PENDING' });
});

test('joint extension: the joint case by the lead department chief only; a part only with it, by the system', () => {
  const joint = { kind: 'joint', status: 'accepted' } as const;
  assert.deepEqual(check('extend', ['chief'], facts(joint)), { ok: true, to: 'accepted' });
  assert.deepEqual(check('extend', ['lead'], facts(joint)), { ok: false, reason: 'EXTENSION_LEAD_CHIEF_ONLY' });
  assert.deepEqual(check('extend', ['chief'], facts({ ...joint, extended: true })), { ok: false, reason: 'ALREADY_EXTENDED' });
  assert.deepEqual(check('extend', ['window'], facts(joint)), { ok: false, reason: 'ROLE' });
  const part = { kind: 'part', status: 'in_review' } as const;
  assert.deepEqual(check('extend', ['chief'], facts(part)), { ok: false, reason: 'EXTENSION_LEAD_CHIEF_ONLY' });
  assert.deepEqual(check('extend', ['lead'], facts(part)), { ok: false, reason: 'EXTENSION_LEAD_CHIEF_ONLY' });
  assert.deepEqual(check('extend', ['system'], facts(part)), { ok: true, to: 'in_review' });
  assert.deepEqual(check('extend', ['system'], facts({ ...part, instant: true })), { ok: false, reason: 'EXTENSION_INSTANT_ITEM' });
});

test('退回部门办理件: the window sends a department item once; the department reviews it only after', () => {
  const accepted = facts({ status: 'accepted', inDepartment: true });
  assert.deepEqual(check('send_to_department', ['window'], accepted), { ok: true, to: 'accepted' });
  assert.deepEqual(check('send_to_department', ['window'], facts({ status: 'accepted' })), { ok: false, reason: 'HANDOFF_NOT_DEPARTMENT_ITEM' });
  assert.deepEqual(check('send_to_department', ['window'], { ...accepted, sentToDepartment: true }), { ok: false, reason: 'HANDOFF_ALREADY_SENT' });
  assert.deepEqual(check('send_to_department', ['approver'], accepted), { ok: false, reason: 'ROLE' });
  assert.deepEqual(check('send_to_department', ['window'], { ...accepted, status: 'in_review' }), { ok: false, reason: 'STATE' });
  assert.deepEqual(check('review', ['approver'], accepted), { ok: false, reason: 'HANDOFF_NOT_IN_DEPARTMENT' });
  assert.deepEqual(check('review', ['approver'], { ...accepted, sentToDepartment: true }), { ok: true, to: 'in_review' });
});
