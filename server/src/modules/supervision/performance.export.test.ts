import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { csvCell, EXPORT_COLUMNS, neutraliseFormula, toCsv } from './performance.export.ts';
import type { PerformanceRow } from './performance.service.ts';

describe('CSV export neutralises formulas (OWASP CSV injection)', () => {
  test('a text starting with = + - @ tab or CR gets a leading single quote', () => {
    for (const bad of ['=HYPERLINK("http://x","y")', '+1+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) {
      assert.equal(neutraliseFormula(bad), `'${bad}`, JSON.stringify(bad));
    }
    for (const ok of ['住房和城乡建设局', 'a=b', '1-2', '', "'already"]) assert.equal(neutraliseFormula(ok), ok);
  });

  test('cells: text is neutralised and still quoted for CSV; numbers stay numbers', () => {
    assert.equal(csvCell('=1+2'), "'=1+2");
    assert.equal(csvCell('=SUM(1,2)'), `"'=SUM(1,2)"`);
    assert.equal(csvCell('\r=1'), `"'\r=1"`);
    assert.equal(csvCell(-0.25), '-0.25');
    assert.equal(csvCell(null), '');
  });

  test('a department named like a formula is exported as text', () => {
    const row = Object.fromEntries(EXPORT_COLUMNS.map((c) => [c.key, 0])) as unknown as PerformanceRow;
    Object.assign(row, { key: 'k1', name: '=cmd|\' /C calc\'!A0', compression: -0.5 });
    const lines = toCsv([row]).toString('utf8').replace(/^\uFEFF/, '').split('\r\n');
    const cells = lines[1]!.split(',');
    assert.equal(cells[1], "'=cmd|' /C calc'!A0");
    assert.equal(cells[EXPORT_COLUMNS.findIndex((c) => c.key === 'compression')], '-0.5');
  });
});
