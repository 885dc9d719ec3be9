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
  // Issue 17 changed this: a city's supervisor and manager now read the centers below the city (a
  // county, a township), never the province above nor a sibling city.
  assert.deepEqual(regionsBelowReadBy(staff(['supervisor', 'manager'], '460100', 'city')), { prefix: '4601', except: '460100' });
  assert.ok(!readsByLevel(staff(['manager'], '460100', 'city'), '460000'));
  assert.ok(!readsByLevel(staff(['manager'], '460100', 'city'), '460200'));
  assert.equal(regionsBelowReadBy(staff(['window'], '460100', 'city')), null);
  assert.equal(regionsBelowReadBy({ ...staff([], '460000', 'province'), kind: 'person', centerRegion: null }), null);
  assert.equal(regionsBelowReadBy(null), null);
});

test('level scope at every level: a county reads its townships and villages, a township its villages; a village point nothing below', () => {
  const county = staff(['supervisor'], '460106', 'county');
  for (const below of ['460106001', '460106001001', '460106002']) assert.ok(readsByLevel(county, below), below);
  for (const outside of ['460106', '460100', '460000', '460105', '460105001', '460107001001']) assert.ok(!readsByLevel(county, outside), outside);
  const township = staff(['manager'], '460106001', 'township');
  assert.ok(readsByLevel(township, '460106001001'));
  for (const outside of ['460106001', '460106', '460106002', '460106002001']) assert.ok(!readsByLevel(township, outside), outside);
  assert.equal(regionsBelowReadBy(staff(['supervisor', 'manager'], '460106001001', 'village')), null);
});
