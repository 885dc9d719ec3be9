/**
 * Issue 17 (seed 004 三(三), translation for foreign investors): a translation request as a service of
 * the province's center, with its guide in English beside the Chinese (the Chinese authoritative), so a
 * foreign applicant registered with a passport or a permanent resident ID card can apply in English.
 */
import type { DemoItem } from './demo-catalog.ts';
import { form, item, mat, PE } from './demo-kit.ts';

const translation = item({
  key: 'p-foreign-translation', center: 'province', dept: 'p-justice', type: '20', main: '05009',
  name: '涉外投资文书翻译服务', en: 'Translation of documents for foreign investors',
  basis: ['《中华人民共和国外商投资法》第十九条', '《优化营商环境条例》'],
  conditions: ['外国投资者或外商投资企业，或其委托的代理人', '所需翻译的文书用于在本省办理政务服务事项'],
  materials: [
    {
      ...form('request', '翻译服务申请表', [
        ['申请人姓名 Name', 'John Smith'], ['国籍 Nationality', 'USA'], ['证件号码 Document number', '533401372'], ['联系电话 Phone', '+447700900123'],
        ['文书名称 Documents', '公司章程 Articles of association'], ['页数 Pages', '12'], ['译入语言 Into', '中文 Chinese'],
      ], { form: 'electronic' }),
      nameEn: 'Translation request form',
    },
    { ...mat('identity', '申请人身份证件（护照或外国人永久居留身份证）', { specification: '证件原件，窗口核验后退还' }), nameEn: 'Identity document of the applicant (passport or foreign permanent resident ID card)' },
    { ...mat('documents', '需翻译的文书', { originalOrCopy: 'copy', specification: '清晰的复印件或电子扫描件' }), nameEn: 'The documents to translate' },
  ],
  limits: [10, 5], visits: 0,
  who: PE, themes: ['business'], zone: 'general',
  result: '中英文对照译文（加盖翻译专用章）',
});

export const FOREIGN_ITEMS: DemoItem[] = [{
  ...translation,
  content: {
    ...translation.content,
    conditionsEn: [
      'A foreign investor or a foreign-invested enterprise, or its authorised agent',
      'The documents are to be used for government services in this province',
    ],
  },
}];
