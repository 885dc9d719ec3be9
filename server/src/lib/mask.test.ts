import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskCreditCode, maskIdNumber, maskMiddle, maskName, maskPhone } from './mask.ts';

describe('mask', () => {
  it('masks ID numbers to the first 3 and last 4', () => {
    assert.equal(maskIdNumber('460100199001011234'), '460***********1234');
    assert.equal(maskIdNumber('11010519491231002X'), '110***********002X');
  });

  it('masks names to the first character', () => {
    assert.equal(maskName('张三'), '张*');
    assert.equal(maskName('欧阳娜娜'), '欧***');
    assert.equal(maskName('王'), '*');
    assert.equal(maskName('𠮷一'), '𠮷*');
    assert.equal(maskName(''), '');
  });

  it('masks phones to the first 3 and last 4', () => {
    assert.equal(maskPhone('13800001234'), '138****1234');
  });

  it('masks credit codes to the first 6 and last 4', () => {
    assert.equal(maskCreditCode('91350100M000100Y43'), '913501********0Y43');
  });

  it('never leaks a short value', () => {
    assert.equal(maskMiddle('1234567', 3, 4), '*******');
    assert.equal(maskMiddle('12345678', 3, 4), '123*5678');
    assert.equal(maskPhone('123'), '***');
  });
});
