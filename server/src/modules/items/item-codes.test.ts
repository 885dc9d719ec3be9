import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { makeCreditCode } from '../../lib/identity.ts';
import {
  buildBasicCode,
  buildImplementationCode,
  ITEM_CODE_RULE_MESSAGES,
  parseBasicCode,
  parseImplementationCode,
} from './item-codes.ts';

const CREDIT = makeCreditCode('1', '1', '460100', '46010008');

describe('basic code', () => {
  it('joins region, type, main and sub into 12 digits and parses back', () => {
    const code = buildBasicCode({ codeRegion: '00', type: '01', codeMain: '15001', codeSub: '000' });
    assert.equal(code, '000115001000');
    assert.deepEqual(parseBasicCode(code), {
      ok: true, basicCode: code, codeRegion: '00', type: '01', codeMain: '15001', codeSub: '000',
    });
    assert.equal(buildBasicCode({ codeRegion: '46', type: '20', codeMain: '00042' }), '462000042000');
  });

  it('refuses malformed basic codes', () => {
    for (const s of ['', '00011500100', '0001150010000', '0001150010A0', ' 000115001000']) {
      assert.deepEqual(parseBasicCode(s), { ok: false, rule: 'BASIC_CODE_FORMAT' }, s);
    }
    for (const t of ['00', '11', '19', '21', '99']) {
      assert.deepEqual(parseBasicCode(`00${t}15001000`), { ok: false, rule: 'BASIC_CODE_TYPE' }, t);
    }
  });

  it('throws when built from bad parts', () => {
    assert.throws(() => buildBasicCode({ codeRegion: '0', type: '01', codeMain: '150010', codeSub: '000' }));
    assert.throws(() => buildBasicCode({ codeRegion: '00', type: '11' as '01', codeMain: '15001' }));
    assert.throws(() => buildBasicCode({ codeRegion: '00', type: '01', codeMain: '1500', codeSub: '0000' }));
  });
});

describe('implementation code', () => {
  it('joins credit code, level digit and basic code into 31 characters', () => {
    const basic = buildBasicCode({ codeRegion: '00', type: '01', codeMain: '15001', codeSub: '000' });
    const code = buildImplementationCode(CREDIT, 'city', basic);
    assert.equal(code.length, 31);
    assert.equal(code, `${CREDIT}3${basic}`);
    assert.deepEqual(parseImplementationCode(code), {
      ok: true, implementationCode: code, creditCode: CREDIT, level: 'city', basicCode: basic,
      codeRegion: '00', type: '01', codeMain: '15001', codeSub: '000',
    });
    assert.equal(buildImplementationCode(CREDIT.toLowerCase(), 'province', basic)[18], '2');
  });

  it('uses the level digits 1–6', () => {
    const basic = '462000042000';
    const levels = ['national', 'province', 'city', 'county', 'township', 'village'] as const;
    levels.forEach((level, i) => {
      const r = parseImplementationCode(buildImplementationCode(CREDIT, level, basic));
      assert.ok(r.ok);
      assert.equal(r.level, level);
      assert.equal(buildImplementationCode(CREDIT, level, basic)[18], String(i + 1));
    });
  });

  it('reports the rule that failed', () => {
    const basic = '000115001000';
    assert.deepEqual(parseImplementationCode(`${CREDIT}3${basic}0`), { ok: false, rule: 'IMPLEMENTATION_CODE_FORMAT' });
    assert.deepEqual(parseImplementationCode(`${CREDIT}3${basic.slice(1)}`), { ok: false, rule: 'IMPLEMENTATION_CODE_FORMAT' });
    assert.deepEqual(parseImplementationCode(`${CREDIT}X${basic}`), { ok: false, rule: 'IMPLEMENTATION_CODE_FORMAT' });
    const flipped = CREDIT.slice(0, 17) + (CREDIT[17] === '1' ? '2' : '1');
    assert.deepEqual(parseImplementationCode(`${flipped}3${basic}`), { ok: false, rule: 'IMPLEMENTATION_CODE_CREDIT_CODE' });
    assert.deepEqual(parseImplementationCode(`${CREDIT}0${basic}`), { ok: false, rule: 'IMPLEMENTATION_CODE_LEVEL' });
    assert.deepEqual(parseImplementationCode(`${CREDIT}7${basic}`), { ok: false, rule: 'IMPLEMENTATION_CODE_LEVEL' });
    assert.deepEqual(parseImplementationCode(`${CREDIT}3001515001000`), { ok: false, rule: 'BASIC_CODE_TYPE' });
    assert.throws(() => buildImplementationCode(flipped, 'city', basic));
    assert.throws(() => buildImplementationCode(CREDIT, 'city', '0001150010'));
  });

  it('has bilingual messages for every rule', () => {
    for (const m of Object.values(ITEM_CODE_RULE_MESSAGES)) {
      assert.match(m.zh, /[\u4e00-\u9fff]/);
      assert.ok(m.en.length > 10);
    }
    assert.equal(Object.keys(ITEM_CODE_RULE_MESSAGES).length, 5);
  });
});
