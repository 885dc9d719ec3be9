import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  checkCreditCode,
  checkIdNumber,
  creditCheckChar,
  idCheckDigit,
  makeCreditCode,
  makeIdNumber,
  orgCodeCheckChar,
  RULE_MESSAGES,
  type RuleCode,
} from './identity.ts';

const TODAY = new Date('2024-06-15T04:00:00Z');

describe('checkIdNumber', () => {
  it('accepts the GB 11643 standard example 11010519491231002X', () => {
    assert.deepEqual(checkIdNumber('11010519491231002X', TODAY), {
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
      regionCode: '110105',
    });
  });

  it('accepts a lowercase x and normalises it', () => {
    const r = checkIdNumber('11010519491231002x', TODAY);
    assert.equal(r.ok, true);
    assert.equal(r.ok && r.idNumber, '11010519491231002X');
  });

  it('reads sex from the 17th digit and birth date from digits 7–14', () => {
    const male = makeIdNumber('460100', '19900101', '123');
    const r = checkIdNumber(male, TODAY);
    assert.ok(r.ok);
    assert.equal(r.sex, 'male');
    assert.equal(r.birthDate, '1990-01-01');
    assert.equal(r.regionCode, '460100');
    const female = checkIdNumber(makeIdNumber('460105', '20011231', '042'), TODAY);
    assert.ok(female.ok);
    assert.equal(female.sex, 'female');
  });

  it('refuses a well-formed number born before 1900 (the Wikipedia example 440524188001010014)', () => {
    assert.equal(idCheckDigit('44052418800101001'), '4');
    assert.deepEqual(checkIdNumber('440524188001010014', TODAY), { ok: false, rule: 'ID_NUMBER_BIRTH_DATE' });
  });

  it('refuses bad formats', () => {
    for (const s of ['', '1101051949123100', '11010519491231002XX', '1101051949123100A2', '11010519491231002Y', ' 11010519491231002X', '１１０１０５１９４９１２３１００２X']) {
      assert.deepEqual(checkIdNumber(s, TODAY), { ok: false, rule: 'ID_NUMBER_FORMAT' }, s);
    }
  });

  it('refuses province codes outside GB/T 2260', () => {
    for (const p of ['00', '10', '16', '20', '24', '30', '38', '40', '47', '55', '60', '66', '70', '72', '80', '83', '91', '99']) {
      const id = makeIdNumber(`${p}0100`, '19900101', '123');
      assert.deepEqual(checkIdNumber(id, TODAY), { ok: false, rule: 'ID_NUMBER_REGION' }, p);
    }
    for (const p of ['11', '15', '21', '23', '31', '37', '41', '46', '50', '54', '61', '65', '71', '81', '82']) {
      assert.equal(checkIdNumber(makeIdNumber(`${p}0100`, '19900101', '123'), TODAY).ok, true, p);
    }
  });

  it('checks leap years: 1900-02-29 is not a date, 2000-02-29 is', () => {
    assert.deepEqual(checkIdNumber(makeIdNumber('460100', '19000229', '001'), TODAY), { ok: false, rule: 'ID_NUMBER_BIRTH_DATE' });
    assert.equal(checkIdNumber(makeIdNumber('460100', '20000229', '001'), TODAY).ok, true);
    assert.deepEqual(checkIdNumber(makeIdNumber('460100', '20230229', '001'), TODAY), { ok: false, rule: 'ID_NUMBER_BIRTH_DATE' });
    assert.equal(checkIdNumber(makeIdNumber('460100', '20240229', '001'), TODAY).ok, true);
  });

  it('refuses impossible dates, dates before 1900 and dates after today', () => {
    for (const birth of ['19901301', '19900001', '19900100', '19900431', '18991231', '20240616', '20300101']) {
      assert.deepEqual(checkIdNumber(makeIdNumber('460100', birth, '001'), TODAY), { ok: false, rule: 'ID_NUMBER_BIRTH_DATE' }, birth);
    }
    assert.equal(checkIdNumber(makeIdNumber('460100', '19000101', '001'), TODAY).ok, true);
    assert.equal(checkIdNumber(makeIdNumber('460100', '20240615', '001'), TODAY).ok, true);
  });

  it('judges "today" by the China date, not the server zone', () => {
    // 2024-06-15T17:00Z is already 2024-06-16 in Beijing.
    const id = makeIdNumber('460100', '20240616', '001');
    assert.equal(checkIdNumber(id, new Date('2024-06-15T17:00:00Z')).ok, true);
    assert.equal(checkIdNumber(id, new Date('2024-06-15T15:00:00Z')).ok, false);
  });

  it('refuses a wrong check digit', () => {
    const good = makeIdNumber('460100', '19900101', '123');
    for (const c of '0123456789X') {
      if (c === good[17]) continue;
      assert.deepEqual(checkIdNumber(good.slice(0, 17) + c, TODAY), { ok: false, rule: 'ID_NUMBER_CHECK_DIGIT' }, c);
    }
    assert.deepEqual(checkIdNumber('110105194912310021', TODAY), { ok: false, rule: 'ID_NUMBER_CHECK_DIGIT' });
  });

  it('detects any single changed digit in the body', () => {
    const good = makeIdNumber('460100', '19900101', '123');
    for (let i = 0; i < 17; i++) {
      const d = String((Number(good[i]) + 1) % 10);
      const r = checkIdNumber(good.slice(0, i) + d + good.slice(i + 1), TODAY);
      assert.equal(r.ok, false, `position ${i + 1}`);
    }
  });

  it('makeIdNumber refuses malformed parts', () => {
    assert.throws(() => makeIdNumber('46010', '19900101', '123'));
    assert.throws(() => makeIdNumber('460100', '1990011', '123'));
    assert.throws(() => makeIdNumber('460100', '19900101', '12a'));
  });
});

describe('checkCreditCode', () => {
  it('accepts the well-known code 91350100M000100Y43', () => {
    assert.deepEqual(checkCreditCode('91350100M000100Y43'), {
      ok: true,
      creditCode: '91350100M000100Y43',
      regionCode: '350100',
      orgCode: 'M000100Y4',
    });
  });

  it('normalises lower case', () => {
    const r = checkCreditCode('91350100m000100y43');
    assert.ok(r.ok);
    assert.equal(r.creditCode, '91350100M000100Y43');
  });

  it('computes the check characters by the standards', () => {
    assert.equal(orgCodeCheckChar('M000100Y'), '4');
    assert.equal(creditCheckChar('91350100M000100Y4'), '3');
    // GB 11714 edge cases: 11 - (sum mod 11) of 10 is X, of 11 is 0.
    assert.equal(orgCodeCheckChar('00000001'), '9');
    assert.equal(orgCodeCheckChar('00000000'), '0');
  });

  it('accepts generated codes and reports their parts', () => {
    const code = makeCreditCode('1', '1', '460000', '00800101');
    assert.equal(code.length, 18);
    const r = checkCreditCode(code);
    assert.ok(r.ok);
    assert.equal(r.regionCode, '460000');
    assert.equal(r.orgCode, code.slice(8, 17));
    for (const [a, t, region, base] of [
      ['9', '1', '460100', 'MA5T0001'],
      ['5', '2', '460105', '12345678'],
      ['Y', '1', '110000', 'ABCDEFGH'],
      ['1', '3', '460000', 'X0000000'],
    ] as const) {
      assert.equal(checkCreditCode(makeCreditCode(a, t, region, base)).ok, true, base);
    }
  });

  it('covers org check characters X and 0', () => {
    const seen = new Set<string>();
    for (let n = 0; n < 200; n++) {
      const base = String(n).padStart(8, '0');
      const c = orgCodeCheckChar(base);
      seen.add(c);
      assert.equal(checkCreditCode(makeCreditCode('9', '1', '460100', base)).ok, true, base);
    }
    assert.ok(seen.has('X') && seen.has('0'));
  });

  it('refuses bad length and charset', () => {
    for (const s of ['', '91350100M000100Y4', '91350100M000100Y433', '91350100M000100I43', '91350100M000100O43', '91350100M000100Z43', '91350100M000100S43', '91350100M000100V43', '9135010AM000100Y43', 'I1350100M000100Y43', '91350100M000100Y4-']) {
      assert.deepEqual(checkCreditCode(s), { ok: false, rule: 'CREDIT_CODE_FORMAT' }, s);
    }
  });

  it('refuses a flipped character in the organisation code', () => {
    const code = makeCreditCode('1', '1', '460000', '00800101');
    for (let i = 8; i < 17; i++) {
      const flipped = code[i] === '7' ? '8' : '7';
      const bad = code.slice(0, i) + flipped + code.slice(i + 1);
      assert.deepEqual(checkCreditCode(bad), { ok: false, rule: 'CREDIT_CODE_ORG_CODE' }, `position ${i + 1}`);
    }
  });

  it('refuses a flipped character outside the organisation code or in the check character', () => {
    const code = makeCreditCode('9', '1', '460100', 'MA5T0001');
    for (const i of [0, 1, 2, 5, 7, 17]) {
      const flipped = code[i] === '1' ? '2' : '1';
      const bad = code.slice(0, i) + flipped + code.slice(i + 1);
      assert.deepEqual(checkCreditCode(bad), { ok: false, rule: 'CREDIT_CODE_CHECK_CHAR' }, `position ${i + 1}`);
    }
    assert.deepEqual(checkCreditCode('91350100M000100Y44'), { ok: false, rule: 'CREDIT_CODE_CHECK_CHAR' });
  });

  it('makeCreditCode refuses malformed parts', () => {
    assert.throws(() => makeCreditCode('I', '1', '460000', '00800101'));
    assert.throws(() => makeCreditCode('1', '1', '46000A', '00800101'));
    assert.throws(() => makeCreditCode('1', '1', '460000', '0080010'));
    assert.throws(() => makeCreditCode('1', '1', '460000', '0080010O'));
  });
});

describe('RULE_MESSAGES', () => {
  it('has a Chinese and an English message for every rule', () => {
    const rules: RuleCode[] = [
      'ID_NUMBER_FORMAT', 'ID_NUMBER_REGION', 'ID_NUMBER_BIRTH_DATE', 'ID_NUMBER_CHECK_DIGIT',
      'CREDIT_CODE_FORMAT', 'CREDIT_CODE_ORG_CODE', 'CREDIT_CODE_CHECK_CHAR',
    ];
    assert.deepEqual(Object.keys(RULE_MESSAGES).sort(), [...rules].sort());
    for (const r of rules) {
      assert.match(RULE_MESSAGES[r].zh, /[\u4e00-\u9fff]/);
      assert.match(RULE_MESSAGES[r].en, /^[A-Z]/);
    }
    assert.equal(RULE_MESSAGES.ID_NUMBER_CHECK_DIGIT.zh, '身份证号码校验位错误');
  });
});
