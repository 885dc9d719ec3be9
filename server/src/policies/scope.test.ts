import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Actor, RegionLevel, StaffRole } from './actor.ts';
import { readsByLevel, regionsBelowReadBy } from './scope.ts';

const staff = (roles: StaffRole[], code: string, level: RegionLevel): Actor => ({
  id: 'u', kind: 'staff', name: 'x', roles, centerId: 'c', departmentId: null, windowId: null, centerRegion: { code, level },
});

test('level scope: the province rule reaches every region below the province by GB/T 2260 prefix, never itself, a sibling or upward', () => {
  const provinceSupervisor = staff(['supervisor'], '460000', 'province');
  assert.deepEqual(regionsBelowReadBy(provinceSupervisor), { prefix: '46', except: '460000' });
  for (const below of ['460100', '460105', '469001', '460105001', '460105001001']) assert.ok(readsByLevel(provinceSupervisor, below), below);
  for (const outside of ['460000', '440100', '450000']) assert.ok(!readsByLevel(provinceSupervisor, outside), outside);
});

test('level scope: only the roles the rule names, only at the levels it names; applicants and the public have none', () => {
  assert.equal(regionsBelowReadBy(staff(['window'], '460000', 'province')), null);
  assert.equal(regionsBelowReadBy(staff(['chief', 'approver'], '460000', 'province')), null);
  assert.ok(regionsBelowReadBy(staff(['manager'], '460000', 'province')));
  // A city center's supervisor and manager keep to their own center: no rule for the city level.
  assert.equal(regionsBelowReadBy(staff(['supervisor', 'manager'], '460100', 'city')), null);
  assert.ok(!readsByLevel(staff(['manager'], '460100', 'city'), '460000'));
  assert.equal(regionsBelowReadBy({ ...staff([], '460000', 'province'), kind: 'person', centerRegion: null }), null);
  assert.equal(regionsBelowReadBy(null), null);
});
