import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskAddress, maskCreditCode, maskIdNumber, maskMiddle, maskName, maskPhone } from './mask.ts';

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

  it('drops the house and room numbers of an address, keeping district and street', () => {
    const shapes: [string, string][] = [
      ['海口市龙华区金盘路阳光花园12栋2单元501室', '海口市龙华区金盘路阳光花园'],
      ['龙华区滨海大道88号工地', '龙华区滨海大道'],
      ['美兰区海甸五西路28号院3号楼1202', '美兰区海甸五西路'],
      ['秀英区长滨路１２号', '秀英区长滨路'],
      ['琼山区府城镇红旗村第3户', '琼山区府城镇红旗村'],
      ['龙华区国贸大道东方大厦B座1703', '龙华区国贸大道东方大厦'],
      ['美兰区新埠岛12-3-501', '美兰区新埠岛'],
      ['三亚市吉阳区迎宾路, 5幢 2单元', '三亚市吉阳区迎宾路'],
      ['龙华区政务中心五楼', '龙华区政务中心'],
      ['海口市滨海大道 88 号', '海口市滨海大道'],
      ['龙华区金盘路203', '龙华区金盘路'],
      ['3栋501室', ''],
    ];
    for (const [place, shown] of shapes) assert.equal(maskAddress(place), shown, place);
    // No house part: the place is shown as given (a district, a street, a landmark; numerals inside names stay).
    for (const place of ['秀英区长滨路', '三亚市吉阳区迎宾路', '五指山市', '琼中县千户苗寨', '海口市第一中学门口', '']) assert.equal(maskAddress(place), place);
  });
});
