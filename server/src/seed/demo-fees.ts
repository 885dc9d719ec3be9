import type { Fee } from '../modules/items/fee-standard.ts';
import type { FormField } from '../modules/items/items.schemas.ts';

/**
 * Demo fee standards (docs/fees.md "Fee standards"): the computable part of the demo items' fees,
 * merged into their display texts at seed time by position, and the form fields their quantities and
 * reductions read. Fees of taxes (契税, 个人所得税, 社会保险费) stay text only: they are not non-tax
 * revenue collected on a notice, so they are shown and never charged here.
 */
export interface DemoFiscalAccount { code: string; name: string; bank: string; accountNo: string; agencyCode: string }

export const DEMO_FISCAL_ACCOUNTS: Record<'province' | 'haikou', DemoFiscalAccount[]> = {
  province: [{ code: 'HN-NONTAX', name: '海南省财政厅非税收入汇缴结算户', bank: '中国工商银行海口国贸支行', accountNo: '2201020109200088888', agencyCode: '460000001' }],
  haikou: [{ code: 'HK-NONTAX', name: '海口市财政局非税收入汇缴结算户', bank: '中国建设银行海口龙华支行', accountNo: '46050100363600000777', agencyCode: '460100001' }],
};

const yesNo = (key: string, label: string, labelEn: string): FormField => ({
  key, label, labelEn, type: 'select', required: false,
  options: [{ value: 'yes', label: '是', labelEn: 'Yes' }, { value: 'no', label: '否', labelEn: 'No' }],
});
const number = (key: string, label: string, labelEn: string, required = true): FormField => ({ key, label, labelEn, type: 'number', required });

type Computable = Pick<Fee, 'code' | 'fiscalAccount' | 'charge' | 'reductions'>;

export const DEMO_FEE_STANDARDS: Record<string, { fees: Computable[]; fields?: FormField[] }> = {
  'h-resident-id-card': {
    fields: [yesNo('lowIncome', '是否城乡最低生活保障对象', 'Recipient of minimum living allowance')],
    fees: [{
      code: 'ID-CARD', fiscalAccount: 'HK-NONTAX', charge: { mode: 'fixed', amountFen: 2000 },
      reductions: [{ code: 'LOW-INCOME', name: '城乡低保对象免收', basis: '《财政部 国家发展改革委关于免收城乡居民最低生活保障对象居民身份证工本费的通知》', when: { field: 'lowIncome', anyOf: ['yes'] }, kind: 'exempt' }],
    }],
  },
  'h-temporary-id-card': { fees: [{ code: 'TEMP-ID-CARD', fiscalAccount: 'HK-NONTAX', charge: { mode: 'fixed', amountFen: 1000 } }] },
  'h-vehicle-registration': {
    fields: [number('plates', '号牌副数', 'Number of plate pairs', false)],
    fees: [{ code: 'PLATE', fiscalAccount: 'HK-NONTAX', charge: { mode: 'per_unit', unit: '副', quantityField: 'plates', unitFen: 10000, minQuantity: 1 } }],
  },
  'h-property-transfer': {
    fields: [number('units', '不动产单元数（件）', 'Real estate units (cases)', false), yesNo('smallEnterprise', '申请人是否小微企业', 'Applicant is a small or micro enterprise')],
    fees: [{
      code: 'RE-REG', fiscalAccount: 'HK-NONTAX', charge: { mode: 'per_unit', unit: '件', quantityField: 'units', unitFen: 8000, minQuantity: 1 },
      reductions: [{ code: 'SMALL-ENT', name: '小微企业免收', basis: '《财政部 国家发展改革委关于不动产登记收费有关政策问题的通知》（财税〔2016〕79号）', when: { field: 'smallEnterprise', anyOf: ['yes'] }, kind: 'exempt' }],
    }],
  },
  'h-mortgage-registration': {
    fields: [number('units', '不动产单元数（件）', 'Real estate units (cases)', false)],
    fees: [{ code: 'RE-REG', fiscalAccount: 'HK-NONTAX', charge: { mode: 'per_unit', unit: '件', quantityField: 'units', unitFen: 8000, minQuantity: 1 } }],
  },
  'p-temporary-forest-land': {
    fields: [number('area', '使用林地面积（平方米）', 'Forest land used (m²)'), yesNo('publicWelfare', '是否公益性基础设施项目', 'A public-welfare infrastructure project')],
    fees: [{
      code: 'FOREST-VEG', fiscalAccount: 'HN-NONTAX', charge: { mode: 'per_unit', unit: '平方米', quantityField: 'area', unitFen: 1000 },
      reductions: [{ code: 'PUBLIC-WELFARE', name: '公益性基础设施项目减半', basis: '财税〔2015〕122号第三条', when: { field: 'publicWelfare', anyOf: ['yes'] }, kind: 'percent', percent: 50 }],
    }],
  },
  'p-road-works-permit': {
    fields: [number('area', '占用、挖掘公路面积（平方米）', 'Road area occupied or dug (m²)')],
    fees: [{
      code: 'ROAD-COMP', fiscalAccount: 'HN-NONTAX',
      charge: { mode: 'tiered', unit: '平方米', quantityField: 'area', bands: [{ upTo: 100, baseFen: 50_000, unitFen: 0 }, { upTo: 1000, baseFen: 50_000, unitFen: 300 }, { upTo: null, baseFen: 320_000, unitFen: 200 }] },
    }],
  },
  'p-soil-conservation-compensation': {
    fields: [number('area', '征占用土地面积（平方米）', 'Land occupied (m²)')],
    fees: [{ code: 'SOIL-COMP', fiscalAccount: 'HN-NONTAX', charge: { mode: 'per_unit', unit: '平方米', quantityField: 'area', unitFen: 140 } }],
  },
};

/** A demo item's fees with their computable standard, and its form with the fields the standard reads. */
export function withFeeStandard(key: string, fees: Fee[], formFields: FormField[] | undefined): { fees: Fee[]; formFields: FormField[] | undefined } {
  const std = DEMO_FEE_STANDARDS[key];
  if (!std) return { fees, formFields };
  const merged = fees.map((f, i) => ({ ...f, ...(std.fees[i] ?? {}) }));
  const fields = std.fields ? [...(formFields ?? [{ key: 'summary', label: '申请事项说明', labelEn: 'What you apply for', type: 'textarea' as const, required: true }]), ...std.fields] : formFields;
  return { fees: merged, formFields: fields };
}
