import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskAddress, maskCreditCode, maskIdNumber, maskMiddle, maskName, maskPhone, maskPublicText } from './mask.ts';

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

  it('masks personal numbers inside public free text, one rule for every public page', () => {
    const table: [string, string][] = [
      // mobile numbers, however written
      ['电话13811112222', '电话138****2222'],
      ['联系 +8613955556666 或 139 5555 7777', '联系 +86*******6666 或 139******7777'],
      ['备用 139-5555-8888。', '备用 139******8888。'],
      // landlines with their area code
      ['单位电话0898-66668888', '单位电话089******8888'],
      ['单位电话(0898)66668888', '单位电话(08*******8888'],
      // ID numbers: 18 characters with X, 18 digits, the 15 digits of a first-generation card
      ['身份证46010019900307123X', '身份证460***********123X'],
      ['身份证号460100199003071237，', '身份证号460***********1237，'],
      ['老身份证 460100750101123', '老身份证 460********1123'],
      // e-mail
      ['邮箱 zhangsan.li@163.com 联系', '邮箱 z***@163.com 联系'],
      // bank cards, grouped or not, 16 to 19 digits
      ['卡号6222021234567890123', '卡号***************0123'],
      ['卡号 6222 0212 3456 7890 123', '卡号 ***************0123'],
      ['退款到4392260012345678', '退款到************5678'],
      // house and room numbers inside an address
      ['幸福路12号3栋502室', '幸福路**号*栋***室'],
      ['海甸五西路28号院3号楼1202漏水', '海甸五西路**号院*号楼****漏水'],
      ['东方大厦B座1703门口', '东方大厦*座****门口'],
      ['阳光花园5幢2单元301', '阳光花园*幢*单元***'],
      ['红旗村第3户', '红旗村第*户'],
      ['住在８号楼', '住在*号楼'],
    ];
    for (const [text, shown] of table) assert.equal(maskPublicText(text), shown, text);
    // False positives: none of these lead to a person, so they stay as written.
    for (const text of [
      '2026年11月23日', '交了300元', '2026-11-23 10:00', '受理编号4601002026123456780', '旧编号46010020260000123', '证号4601002026000012',
      '工单GD20261123000001', '拨打12345热线', '12月3号去了3号窗口', '乘15号线', '排队A012号', '2楼300元', '等了2个小时，第3次来',
    ]) assert.equal(maskPublicText(text), text.replace('2楼', '*楼'), text);
    // Names given are masked as maskName does, the longer first.
    assert.equal(maskPublicText('欧阳娜娜和欧阳，电话13811112222', ['欧阳', '欧阳娜娜']), '欧***和欧*，电话138****2222');
  });
});
