import type { Bilingual } from '../../lib/errors.ts';
import type { CaseFacts } from './messages.repository.ts';

/**
 * The texts of the messages this module sends, short and in both languages: what happened, to which
 * application (item and receipt number), and what to do next. The SMS copy is the Chinese text.
 */
export interface MessageText { title: Bilingual; body: Bilingual }

/** `「营业执照」（受理号 HN…）` / `"Business licence" (receipt HN…)`. */
function label(c: CaseFacts): Bilingual {
  const zh = `「${c.item_name ?? '您的办件'}」`;
  const en = c.item_name_en ? `"${c.item_name_en}"` : 'your application';
  return c.receipt_no ? { zh: `${zh}（受理号 ${c.receipt_no}）`, en: `${en} (receipt ${c.receipt_no})` } : { zh, en };
}

const clip = (s: string, n = 120) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const yuan = (fen: number) => (fen / 100).toFixed(2);

export function accepted(c: CaseFacts, date: string, deemed: boolean): MessageText {
  const l = label(c);
  return deemed
    ? { title: { zh: '办件视为已受理', en: 'Application deemed accepted' },
      body: { zh: `${l.zh}未在法定期限内答复，自收到材料之日起视为受理（${date}）。`, en: `No answer came in the legal period, so ${l.en} counts as accepted (${date}).` } }
    : { title: { zh: '办件已受理', en: 'Application accepted' },
      body: { zh: `${l.zh}已于 ${date} 受理，可凭受理号查询办理进度。`, en: `${l.en} was accepted on ${date}; track it with the receipt number.` } };
}

export function supplementRequested(c: CaseFacts, items: Array<{ name: string; reason: string }>): MessageText {
  const l = label(c);
  const list = items.map((i) => `${i.name}${i.reason ? `（${i.reason}）` : ''}`).join('；');
  const listEn = items.map((i) => `${i.name}${i.reason ? ` (${i.reason})` : ''}`).join('; ');
  return {
    title: { zh: '请补正材料', en: 'Please supplement your materials' },
    body: { zh: clip(`${l.zh}需一次性补正：${list || '见办件页'}。`, 240), en: clip(`${l.en} needs, all at once: ${listEn || 'see the case page'}.`, 240) },
  };
}

export function refused(c: CaseFacts, reason: string, remedies: string): MessageText {
  const l = label(c);
  return {
    title: { zh: '申请不予受理', en: 'Application not accepted' },
    body: { zh: clip(`${l.zh}不予受理：${reason}。${remedies ? `救济途径：${remedies}` : ''}`, 240), en: clip(`${l.en} was not accepted: ${reason}. ${remedies ? `Remedies: ${remedies}` : ''}`, 240) },
  };
}

export function decided(c: CaseFacts, result: 'approved' | 'denied' | 'partial', reason: string): MessageText {
  const l = label(c);
  if (result === 'approved') return { title: { zh: '审批通过', en: 'Application approved' }, body: { zh: `${l.zh}已审批通过。`, en: `${l.en} was approved.` } };
  if (result === 'partial') return { title: { zh: '部分事项获批', en: 'Partly approved' }, body: { zh: `${l.zh}部分事项获批，详见办件页。`, en: `${l.en} was partly approved; see the case page.` } };
  return { title: { zh: '审批未通过', en: 'Application denied' }, body: { zh: clip(`${l.zh}未予批准：${reason}`, 240), en: clip(`${l.en} was denied: ${reason}`, 240) } };
}

export function feeDue(c: CaseFacts, totalFen: number, dueDate: string, noticeNo: string): MessageText {
  const l = label(c);
  return {
    title: { zh: '请缴纳费用', en: 'Fee to pay' },
    body: { zh: `${l.zh}需缴纳 ${yuan(totalFen)} 元，请于 ${dueDate} 前缴纳（缴款码 ${noticeNo}）。`, en: `Please pay CNY ${yuan(totalFen)} for ${l.en} by ${dueDate} (payment code ${noticeNo}).` },
  };
}

export function licenceIssued(c: CaseFacts, identifier: string): MessageText {
  const l = label(c);
  return {
    title: { zh: '电子证照已签发', en: 'E-licence issued' },
    body: { zh: `${l.zh}的电子证照已签发（${identifier}），可在“我的证照”查看。`, en: `The e-licence of ${l.en} was issued (${identifier}); see "My licences".` },
  };
}

export function ready(c: CaseFacts): MessageText {
  const l = label(c);
  switch (c.delivery_method) {
    case 'post': return { title: { zh: '办理结果待寄出', en: 'Result to be posted' }, body: { zh: `${l.zh}已办结，结果将按您填写的地址邮寄。`, en: `${l.en} is done; the result will be posted to your address.` } };
    case 'cabinet': return { title: { zh: '办理结果待存入智能柜', en: 'Result going to the cabinet' }, body: { zh: `${l.zh}已办结，结果将存入自助取件柜，取件码另行告知。`, en: `${l.en} is done; the result goes to the pickup cabinet, the code follows.` } };
    default: return { title: { zh: '办理结果可领取', en: 'Result ready for pickup' }, body: { zh: `${l.zh}已办结，请携带身份证件到出件窗口领取。`, en: `${l.en} is done; collect it at the delivery window with your ID.` } };
  }
}

export function delivered(c: CaseFacts, method: 'pickup' | 'post' | 'cabinet', trackingNo: string | undefined): MessageText {
  const l = label(c);
  const how = method === 'post'
    ? { zh: `已签收${trackingNo ? `（运单号 ${trackingNo}）` : ''}`, en: `was delivered by post${trackingNo ? ` (tracking ${trackingNo})` : ''}` }
    : method === 'cabinet' ? { zh: '已从取件柜取出', en: 'was collected from the cabinet' } : { zh: '已领取', en: 'was collected' };
  return { title: { zh: '办理结果已送达', en: 'Result delivered' }, body: { zh: `${l.zh}的办理结果${how.zh}。`, en: `The result of ${l.en} ${how.en}.` } };
}

export function closed(c: CaseFacts, how: 'withdrawn' | 'terminated', reason: string): MessageText {
  const l = label(c);
  return how === 'withdrawn'
    ? { title: { zh: '办件已撤回', en: 'Application withdrawn' }, body: { zh: `${l.zh}已按您的申请撤回。`, en: `${l.en} was withdrawn as you asked.` } }
    : { title: { zh: '办件已终止', en: 'Application terminated' }, body: { zh: clip(`${l.zh}已终止办理：${reason}`, 240), en: clip(`${l.en} was terminated: ${reason}`, 240) } };
}
