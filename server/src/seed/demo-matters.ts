/**
 * Demo joint matters (一件事) of the Haikou center, as data: the questions, the items by demo key
 * with the answers that include them, and the shared fields and materials by the items' field
 * labels and material keys. The seeder resolves keys and labels to ids and field keys.
 */
export interface DemoMatter {
  key: string;
  name: string;
  nameEn: string;
  lifeEvent: string;
  lead: string;
  promisedDays: number;
  denialRule: 'continue' | 'stop_all';
  description: string;
  descriptionEn: string;
  questions: Array<{ key: string; label: string; labelEn: string; options: Array<{ value: string; label: string; labelEn: string }> }>;
  items: Array<{ item: string; when?: { question: string; anyOf: string[] } }>;
  fields: Array<{ key: string; label: string; labelEn: string; required: boolean; sources: Array<[item: string, label: string]> }>;
  materials: Array<{ key: string; name: string; sources: Array<[item: string, material: string]> }>;
  /** Items that wait for another item's result, and the materials of theirs that result stands for. */
  prerequisites?: Array<{ item: string; requires: string; materials: string[] }>;
  prerequisiteDenial?: 'terminate_dependents' | 'continue';
}

/** Each of `items` waits for each registration that issues the business licence, which stands for its own copy. */
const licenceFirst = (registrations: string[], items: string[]) =>
  items.flatMap((item) => registrations.map((requires) => ({ item, requires, materials: ['business_licence'] })));

const YES_NO = (zh: string, en: string) => [{ value: 'yes', label: `是，${zh}`, labelEn: `Yes, ${en}` }, { value: 'no', label: '否', labelEn: 'No' }];

export const DEMO_MATTERS: DemoMatter[] = [
  {
    key: 'open-restaurant', name: '我要开餐馆', nameEn: 'I want to open a restaurant', lifeEvent: 'open_restaurant', lead: 'h-market',
    promisedDays: 10, denialRule: 'continue',
    description: '营业执照、食品经营许可、消防安全检查、排水许可一次告知、一表申请、一窗受理、并联审批、统一出件。',
    descriptionEn: 'The business licence, food business licence, fire safety inspection and sewer permit: one checklist, one form, one window, parallel approval, results handed over together.',
    questions: [
      {
        key: 'entity', label: '以什么形式经营？', labelEn: 'In what form will you run it?',
        options: [{ value: 'company', label: '设立公司', labelEn: 'A company' }, { value: 'individual', label: '个体工商户', labelEn: 'An individual business' }],
      },
      { key: 'large', label: '营业面积是否在300平方米以上（属于公众聚集场所）？', labelEn: 'Is the floor area over 300 m² (a public gathering place)?', options: YES_NO('300平方米以上', 'over 300 m²') },
      { key: 'sewage', label: '是否向城镇排水管网排放餐饮污水？', labelEn: 'Will kitchen waste water go into the public sewers?', options: YES_NO('排入市政管网', 'into the public sewers') },
    ],
    items: [
      { item: 'h-company-registration', when: { question: 'entity', anyOf: ['company'] } },
      { item: 'h-individual-business', when: { question: 'entity', anyOf: ['individual'] } },
      { item: 'h-food-business' },
      { item: 'h-fire-safety-check', when: { question: 'large', anyOf: ['yes'] } },
      { item: 'h-sewage-discharge-permit', when: { question: 'sewage', anyOf: ['yes'] } },
    ],
    fields: [
      {
        key: 'entityName', label: '名称（字号）', labelEn: 'Business name', required: true,
        sources: [['h-company-registration', '公司名称'], ['h-individual-business', '个体工商户名称'], ['h-food-business', '单位名称'], ['h-fire-safety-check', '单位名称'], ['h-fire-safety-check', '场所名称'], ['h-sewage-discharge-permit', '单位名称']],
      },
      {
        key: 'legalRep', label: '法定代表人（经营者）', labelEn: 'Legal representative (operator)', required: true,
        sources: [['h-company-registration', '法定代表人'], ['h-individual-business', '申请人姓名'], ['h-food-business', '法定代表人'], ['h-fire-safety-check', '法定代表人'], ['h-sewage-discharge-permit', '法定代表人']],
      },
      {
        key: 'premises', label: '经营场所地址', labelEn: 'Address of the premises', required: true,
        sources: [['h-company-registration', '住所'], ['h-individual-business', '经营场所'], ['h-food-business', '经营场所'], ['h-food-business', '住所'], ['h-fire-safety-check', '场所地址'], ['h-fire-safety-check', '住所'], ['h-sewage-discharge-permit', '排水地址'], ['h-sewage-discharge-permit', '住所']],
      },
      {
        key: 'creditCode', label: '统一社会信用代码（已取得的）', labelEn: 'Unified social credit code (if any)', required: false,
        sources: [['h-food-business', '统一社会信用代码'], ['h-fire-safety-check', '统一社会信用代码'], ['h-sewage-discharge-permit', '统一社会信用代码']],
      },
      {
        key: 'liaison', label: '联络员及电话', labelEn: 'Liaison and phone', required: false,
        sources: [['h-company-registration', '联络员及电话'], ['h-food-business', '联系人及电话'], ['h-fire-safety-check', '联系人及电话'], ['h-sewage-discharge-permit', '联系人及电话']],
      },
      { key: 'scope', label: '经营范围', labelEn: 'Business scope', required: false, sources: [['h-company-registration', '经营范围'], ['h-individual-business', '经营范围']] },
    ],
    materials: [
      { key: 'business_licence', name: '营业执照（取得后共享，可免于提交）', sources: [['h-food-business', 'business_licence'], ['h-fire-safety-check', 'business_licence'], ['h-sewage-discharge-permit', 'business_licence']] },
      { key: 'premises', name: '经营场所使用证明或住所申报承诺书', sources: [['h-company-registration', 'premises'], ['h-individual-business', 'premises']] },
      { key: 'layout', name: '场所平面布局图（设施设备、消防设施、排水管网）', sources: [['h-food-business', 'layout'], ['h-fire-safety-check', 'layout'], ['h-sewage-discharge-permit', 'drawings']] },
      { key: 'legal_rep_id', name: '法定代表人（经营者）身份证明', sources: [['h-food-business', 'legal_rep_id'], ['h-individual-business', 'holder_id']] },
      { key: 'power_of_attorney', name: '授权委托书及受托人身份证明', sources: [['h-company-registration', 'power_of_attorney'], ['h-individual-business', 'power_of_attorney']] },
    ],
    // The registration issues the business licence the other three need: they wait for it, and it is not asked for.
    prerequisites: licenceFirst(['h-company-registration', 'h-individual-business'], ['h-food-business', 'h-fire-safety-check', 'h-sewage-discharge-permit']),
    prerequisiteDenial: 'terminate_dependents',
  },
  {
    key: 'open-hotel', name: '我要开旅馆', nameEn: 'I want to open a hotel', lifeEvent: 'open_hotel', lead: 'h-police',
    promisedDays: 20, denialRule: 'stop_all',
    description: '特种行业许可、公共场所卫生许可、消防安全检查并联审批；任一许可不予批准的，其余事项终止办理。',
    descriptionEn: 'The special-trade licence, hygiene licence and fire safety inspection approved in parallel; if one is refused, the others stop.',
    questions: [
      { key: 'new_company', label: '是否需要新设立公司？', labelEn: 'Do you need to set up a new company?', options: YES_NO('新设立公司', 'a new company') },
    ],
    items: [
      { item: 'h-company-registration', when: { question: 'new_company', anyOf: ['yes'] } },
      { item: 'h-hotel-special-trade' },
      { item: 'h-public-venue-hygiene' },
      { item: 'h-fire-safety-check' },
    ],
    fields: [
      {
        key: 'entityName', label: '单位名称', labelEn: 'Name of the business', required: true,
        sources: [['h-company-registration', '公司名称'], ['h-hotel-special-trade', '单位名称'], ['h-public-venue-hygiene', '单位名称'], ['h-fire-safety-check', '单位名称']],
      },
      {
        key: 'legalRep', label: '法定代表人', labelEn: 'Legal representative', required: true,
        sources: [['h-company-registration', '法定代表人'], ['h-hotel-special-trade', '法定代表人'], ['h-public-venue-hygiene', '法定代表人'], ['h-fire-safety-check', '法定代表人']],
      },
      {
        key: 'premises', label: '场所地址', labelEn: 'Address of the premises', required: true,
        sources: [['h-company-registration', '住所'], ['h-hotel-special-trade', '经营地址'], ['h-hotel-special-trade', '住所'], ['h-public-venue-hygiene', '住所'], ['h-fire-safety-check', '场所地址'], ['h-fire-safety-check', '住所']],
      },
      {
        key: 'creditCode', label: '统一社会信用代码（已取得的）', labelEn: 'Unified social credit code (if any)', required: false,
        sources: [['h-hotel-special-trade', '统一社会信用代码'], ['h-public-venue-hygiene', '统一社会信用代码'], ['h-fire-safety-check', '统一社会信用代码']],
      },
    ],
    materials: [
      { key: 'business_licence', name: '营业执照', sources: [['h-hotel-special-trade', 'business_licence'], ['h-public-venue-hygiene', 'business_licence'], ['h-fire-safety-check', 'business_licence']] },
      { key: 'layout', name: '场所平面布局图', sources: [['h-public-venue-hygiene', 'layout'], ['h-fire-safety-check', 'layout']] },
      { key: 'legal_rep_id', name: '法定代表人身份证明', sources: [['h-hotel-special-trade', 'legal_rep_id'], ['h-public-venue-hygiene', 'legal_rep_id']] },
    ],
    // A new company's registration comes first; an existing company uploads its licence.
    prerequisites: licenceFirst(['h-company-registration'], ['h-hotel-special-trade', 'h-public-venue-hygiene', 'h-fire-safety-check']),
    prerequisiteDenial: 'terminate_dependents',
  },
];
