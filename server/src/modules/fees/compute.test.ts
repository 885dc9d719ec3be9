import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Fee } from '../items/fee-standard.ts';
import { computeFees, quantityMilli } from './compute.ts';

const ID_CARD: Fee = {
  item: '居民身份证工本费', standard: '申领、换领每证20元；丢失补领、损坏换领每证40元', basis: '发改价格〔2003〕2322号',
  code: 'ID-CARD', fiscalAccount: 'HK-POLICE', charge: { mode: 'fixed', amountFen: 2000 },
  reductions: [{ code: 'LOW-INCOME', name: '城乡低保对象免收', basis: '财综〔2012〕97号', when: { field: 'lowIncome', anyOf: ['yes'] }, kind: 'exempt' }],
};
const FOREST: Fee = {
  item: '森林植被恢复费', standard: '每平方米10元', basis: '财税〔2015〕122号', code: 'FOREST', fiscalAccount: 'P-FOREST',
  charge: { mode: 'per_unit', unit: '平方米', quantityField: 'area', unitFen: 1000 },
  reductions: [{ code: 'HALF', name: '公益项目减半', basis: '省财政厅文件', when: { field: 'publicWelfare', anyOf: ['yes'] }, kind: 'percent', percent: 50 }],
};
const ROAD: Fee = {
  item: '公路赔（补）偿费', standard: '按面积分档', basis: '公路法第四十四条', code: 'ROAD', fiscalAccount: 'P-ROAD',
  charge: { mode: 'tiered', unit: '平方米', quantityField: 'area', bands: [{ upTo: 100, baseFen: 50_000, unitFen: 0 }, { upTo: 1000, baseFen: 50_000, unitFen: 333 }, { upTo: null, baseFen: 350_000, unitFen: 100 }] },
};

test('fixed, per unit and tiered standards, with the rounding rule and the best reduction', () => {
  assert.deepEqual(computeFees([ID_CARD], {}).lines.map((l) => [l.standardFen, l.reductionFen, l.amountFen, l.quantity]), [[2000, 0, 2000, '1.000']]);
  const exempt = computeFees([ID_CARD], { lowIncome: 'yes' });
  assert.deepEqual([exempt.totalFen, exempt.lines[0]!.reductionCode], [0, 'LOW-INCOME']);
  // 12.345 m² × 10.00 元 = 123.45 元; half of 12345 fen is 6172.5 → 6173 (half up).
  const forest = computeFees([FOREST], { area: '12.345', publicWelfare: 'yes' });
  assert.deepEqual(forest.lines.map((l) => [l.standardFen, l.reductionFen, l.amountFen, l.unit]), [[12345, 6173, 6172, '平方米']]);
  // 0.0005 is not a quantity (3 places at most); 0.001 m² × 1000 fen = 1 fen.
  assert.equal(quantityMilli('0.0005'), null);
  assert.equal(computeFees([FOREST], { area: '0.001' }).totalFen, 1);
  // Bands: up to 100 m² 500 元; 100–1000 500 元 plus 3.33 元 per m² over 100; above 1000 3500 元 plus 1 元 per m² over 1000.
  assert.equal(computeFees([ROAD], { area: '80' }).totalFen, 50_000);
  assert.equal(computeFees([ROAD], { area: '100.5' }).totalFen, 50_000 + 167); // 0.5 × 333 = 166.5 → 167
  assert.equal(computeFees([ROAD], { area: '2000' }).totalFen, 350_000 + 100_000);
  const both = computeFees([ID_CARD, FOREST, { item: '旧标准', standard: '10元', basis: '文本' }], { area: '1' });
  assert.deepEqual(both.lines.map((l) => [l.lineNo, l.feeCode]), [[1, 'ID-CARD'], [2, 'FOREST']], 'a text-only fee is never charged');
  assert.equal(both.totalFen, 3000);
  assert.throws(() => computeFees([FOREST], {}), (e: { code?: string }) => e.code === 'FEE_STANDARD_INVALID');
  assert.throws(() => computeFees([FOREST], { area: '-3' }), (e: { code?: string }) => e.code === 'FEE_STANDARD_INVALID');
  assert.throws(() => computeFees([{ ...FOREST, charge: { mode: 'per_unit', unit: 'm', quantityField: 'area', unitFen: 99_999_999_999 } }], { area: '2' }),
    (e: { code?: string }) => e.code === 'FEE_STANDARD_INVALID', 'overflow refused');
});

const feeArb: fc.Arbitrary<Fee> = fc.record({
  code: fc.constantFrom('A', 'B', 'C', 'D'),
  charge: fc.oneof(
    fc.record({ mode: fc.constant('fixed' as const), amountFen: fc.integer({ min: 0, max: 10_000_000 }) }),
    fc.record({ mode: fc.constant('per_unit' as const), unit: fc.constant('件'), quantityField: fc.constant('q'), unitFen: fc.integer({ min: 0, max: 100_000 }) }),
    fc.record({
      mode: fc.constant('tiered' as const), unit: fc.constant('m'), quantityField: fc.constant('q'),
      bands: fc.constant([{ upTo: 10, baseFen: 100, unitFen: 7 }, { upTo: null, baseFen: 1000, unitFen: 13 }]),
    }),
  ),
  reductions: fc.array(fc.oneof(
    fc.record({ code: fc.constant('R1'), name: fc.constant('免'), basis: fc.constant('b'), when: fc.constant({ field: 'x' }), kind: fc.constant('exempt' as const) }),
    fc.record({ code: fc.constant('R2'), name: fc.constant('减'), basis: fc.constant('b'), when: fc.constant({ field: 'x' }), kind: fc.constant('percent' as const), percent: fc.integer({ min: 1, max: 100 }) }),
    fc.record({ code: fc.constant('R3'), name: fc.constant('减额'), basis: fc.constant('b'), when: fc.constant({ field: 'y' }), kind: fc.constant('amount' as const), amountFen: fc.integer({ min: 0, max: 100_000_000 }) }),
  ), { maxLength: 3 }),
}).map((f) => ({ item: `费${f.code}`, standard: '标准', basis: '依据', fiscalAccount: 'FA', ...f }) as unknown as Fee);

// Bounded so that no line passes the limit (overflow is refused, tested above).
test('property: every line and the total are non-negative integers of fen, amount = standard − reduction, total = Σ lines', () => {
  const quantity = fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 999 })).map(([w, f]) => `${w}.${String(f).padStart(3, '0')}`);
  fc.assert(fc.property(fc.array(feeArb, { maxLength: 5 }), quantity, fc.boolean(), fc.boolean(), (fees, q, x, y) => {
    const r = computeFees(fees, { q, ...(x ? { x: 'yes' } : {}), ...(y ? { y: '1' } : {}) });
    assert.equal(r.lines.length, fees.length);
    for (const l of r.lines) {
      for (const v of [l.standardFen, l.reductionFen, l.amountFen]) assert.ok(Number.isSafeInteger(v) && v >= 0, `${v}`);
      assert.equal(l.amountFen, l.standardFen - l.reductionFen);
      assert.ok(l.reductionFen <= l.standardFen);
    }
    assert.ok(Number.isSafeInteger(r.totalFen) && r.totalFen >= 0);
    assert.equal(r.totalFen, r.lines.reduce((s, l) => s + l.amountFen, 0));
  }), { numRuns: 500 });
});
