/**
 * Builders for the demo items: they fill the elements every item shares (location, phones,
 * progress query, the usual four-step procedure) so each demo-items-*.ts file states only what
 * is particular to an item. Imports demo-catalog.ts for types only, never for values: the
 * catalog imports the item files, and a value import back would be a cycle.
 */
import { makeCreditCode, makeIdNumber } from '../lib/identity.ts';
import type { ItemContent, ItemType } from '../modules/items/items.schemas.ts';
import type { DemoCenter, DemoItem, DemoMaterial } from './demo-catalog.ts';

type Step = ItemContent['procedure'][number];
type Fee = ItemContent['fees'][number];
type Special = ItemContent['specialProcedures'][number];
type Mode = ItemContent['processingMode'];
type Audience = ItemContent['audiences'][number];

const CENTER_NAME: Record<DemoCenter, string> = { province: '海南省政务服务中心', haikou: '海口市政务服务中心' };

/** Fictional sample values for filled-in sample forms. */
export const SAMPLE = {
  person: '张三',
  person2: '李四',
  idNumber: makeIdNumber('460100', '19900101', '001'),
  idNumber2: makeIdNumber('460100', '19920615', '002'),
  phone: '13800000000',
  address: '海口市示例区样板路1号',
  company: '海南示例建设工程有限公司',
  creditCode: makeCreditCode('9', '1', '460100', 'DEM00001'),
  date: '2025年3月18日',
} as const;

// Department key suffixes, in the order of the department lists; a suffix fixes the consult phone.
const SUFFIXES = [
  'drc', 'edu', 'police', 'civil', 'justice', 'finance', 'hrss', 'nature', 'eco', 'housing', 'transport',
  'water', 'agri', 'tourism', 'health', 'emergency', 'market', 'forestry', 'garden', 'medsec', 'tax', 'fire',
];

/** The consult phone of a department's window, e.g. 0898-65301000 (made up). */
export function consultPhoneOf(department: string): string {
  const [c, suffix] = department.split('-');
  const i = SUFFIXES.indexOf(suffix ?? '');
  if (i < 0 || (c !== 'p' && c !== 'h')) throw new Error(`no consult phone for department ${department}`);
  return `0898-${c === 'p' ? '6530' : '6870'}${String(i + 1).padStart(2, '0')}00`;
}

/** Zones of the halls, used for the acceptance location. */
const ZONES = {
  general: '一楼综合受理窗口',
  business: '一楼企业开办专区综合窗口',
  police: '一楼公安综合服务窗口',
  tax: '一楼税费综合服务窗口',
  construction: '二楼工程建设项目审批综合窗口',
  realestate: '二楼不动产登记综合窗口',
  social: '三楼社会事务综合窗口',
} as const;
export type Zone = keyof typeof ZONES;

// ---------------------------------------------------------------------------------------------
// Materials

type MatOpts = Partial<Omit<DemoMaterial, 'key' | 'name'>>;

export function mat(key: string, name: string, o: MatOpts = {}): DemoMaterial {
  return { form: 'both', originalOrCopy: 'original', copies: 1, requirement: 'required', eLicenceAccepted: false, ...o, key, name };
}

/** Makes a material conditional, with the condition that requires it. */
export const when = (condition: string): MatOpts => ({ requirement: 'conditional', condition });

type Fields = [label: string, sample: string][];

/** Applicant fields of a person, to head a form's field list. */
export const PERSON_FIELDS: Fields = [
  ['申请人姓名', SAMPLE.person],
  ['公民身份号码', SAMPLE.idNumber],
  ['联系电话', SAMPLE.phone],
  ['通讯地址', SAMPLE.address],
];

/** Applicant fields of an organisation. */
export const ORG_FIELDS: Fields = [
  ['单位名称', SAMPLE.company],
  ['统一社会信用代码', SAMPLE.creditCode],
  ['法定代表人', SAMPLE.person],
  ['联系人及电话', `${SAMPLE.person2} ${SAMPLE.phone}`],
  ['住所', SAMPLE.address],
];

/** The application form: required original, with a template and a filled-in sample. */
export function form(key: string, name: string, fields: Fields, o: MatOpts = {}): DemoMaterial {
  return mat(key, name, {
    specification: '可在本中心窗口领取或在网上办事大厅下载，按样表填写并签字（盖章）',
    ...o,
    template: { title: name, fields: fields.map(([label, sample]) => ({ label, sample })) },
  });
}

const ID_KEYS: Record<string, string> = { 申请人: 'id_card', 法定代表人: 'legal_rep_id' };

/** A person's identity proof: the ID card checked at the window, or the e-ID licence instead. */
export const idProof = (who = '申请人', key = ID_KEYS[who] ?? 'holder_id'): DemoMaterial =>
  mat(key, `${who}身份证明`, {
    specification: '居民身份证原件，窗口核验后退还；已领取电子身份证照的可免于提交',
    source: '公安机关',
    eLicenceAccepted: true,
    copies: 0,
  });

export const businessLicence = (): DemoMaterial =>
  mat('business_licence', '营业执照', {
    originalOrCopy: 'copy',
    source: '市场监督管理部门',
    specification: '加盖申请单位公章；可通过电子营业执照共享获取的免于提交',
    eLicenceAccepted: true,
  });

export const proxy = (): DemoMaterial =>
  mat('power_of_attorney', '授权委托书及受托人身份证明', {
    ...when('委托他人代为办理的'),
    specification: '委托书载明委托事项和权限，由委托人签字（盖章）',
  });

// ---------------------------------------------------------------------------------------------
// Procedures

export interface FlowWords {
  review?: string;
  decision?: string;
  delivery?: string;
}

/** 受理 → 审查 → 决定 → 送达, with the promised days spread over the back-office steps. */
export function flow(promised: number, w: FlowWords = {}): Step[] {
  const review = promised <= 2 ? Math.max(promised - 1, 1) : promised - 2;
  return [
    {
      name: '受理',
      role: 'window',
      workdays: 0,
      description: '综合受理窗口核验申请材料：齐全且符合法定形式的当场受理并出具受理回执；不齐全的一次性告知需补正的全部内容；不属于受理范围的出具不予受理通知书并说明理由。',
    },
    {
      name: '审查',
      role: 'approver',
      workdays: review,
      description: w.review ?? '部门后台审批人员对申请材料的实质内容进行审查，需要核实的指派两名以上工作人员进行核查。',
    },
    {
      name: '决定',
      role: 'chief',
      workdays: promised >= 2 ? 1 : 0,
      description: w.decision ?? '首席代表作出准予许可或不予许可的书面决定；不予许可的说明理由，并告知申请人依法申请行政复议或者提起行政诉讼的权利。',
    },
    {
      name: '送达',
      role: 'delivery',
      workdays: promised >= 3 ? 1 : 0,
      description: w.delivery ?? '结果送至出件窗口，申请人凭受理回执领取，也可选择免费邮寄；电子证照同步推送至申请人账户。',
    },
  ];
}

/** 即办件: accepted, checked and decided at the window on the spot. */
export function instantFlow(result: string): Step[] {
  return [
    { name: '受理', role: 'window', workdays: 0, description: '窗口核验申请人身份和申请材料，材料齐全、符合法定形式的当场受理。' },
    { name: '审核', role: 'window', workdays: 0, description: '窗口工作人员当场审核，符合条件的即时办结。' },
    { name: '办结', role: 'delivery', workdays: 0, description: `当场${result}；不符合条件的当场说明理由。` },
  ];
}

/** 联办件: one window takes the case, the departments review in parallel under a lead department. */
export function jointFlow(promised: number, lead: string, partners: string): Step[] {
  return [
    { name: '一窗受理', role: 'window', workdays: 0, description: `综合受理窗口一次收取全部材料，受理后同步推送${lead}（牵头）及${partners}。` },
    { name: '并联审查', role: 'approver', workdays: Math.max(promised - 2, 0), description: `${lead}牵头，${partners}同步审查，信息共享，不互为前置。` },
    { name: '联合决定', role: 'chief', workdays: promised >= 2 ? 1 : 0, description: '牵头部门首席代表汇总各部门意见，统一作出决定。' },
    { name: '统一送达', role: 'delivery', workdays: promised >= 3 ? 1 : 0, description: '全部结果在出件窗口一次发放，或免费邮寄送达。' },
  ];
}

/** 上报件: the center reviews and forwards the case to the deciding authority above it. */
export function reportedFlow(promised: number, authority: string): Step[] {
  return [
    { name: '受理', role: 'window', workdays: 0, description: '综合受理窗口核验材料，齐全且符合法定形式的受理并出具受理回执。' },
    { name: '初审', role: 'approver', workdays: Math.max(promised - 1, 0), description: '部门审批人员进行初审，必要时进行实地核查，提出初审意见。' },
    { name: '上报', role: 'chief', workdays: promised >= 1 ? 1 : 0, description: `首席代表签署初审意见，连同全部申请材料报送${authority}。` },
    { name: '上级决定', workdays: 0, description: `${authority}依法作出决定；上级审查期间不计入本中心承诺时限。` },
    { name: '送达', role: 'delivery', workdays: 0, description: '收到上级决定后通知申请人到出件窗口领取或邮寄送达。' },
  ];
}

// ---------------------------------------------------------------------------------------------
// Items

export interface ItemSpec {
  key: string;
  center: DemoCenter;
  dept: string;
  type: ItemType;
  /** '00' national list (default), '46' a Hainan item. */
  region?: '00' | '46';
  main: string;
  sub?: string;
  name: string;
  en: string;
  basis: string[];
  conditions: string[];
  materials: DemoMaterial[];
  /** [statutory, promised] working days. */
  limits: [number, number];
  mode?: Mode;
  steps?: Step[];
  words?: FlowWords;
  special?: Special[];
  fees?: Fee[];
  visits?: number;
  online?: boolean;
  inHall?: boolean;
  notInHallApproval?: string;
  who: Audience[];
  themes: string[];
  events?: string[];
  zone?: Zone;
  /** 上报件: the key of the demo item that decides at the level above. */
  reportTo?: string;
  /** Overrides the zone-based acceptance location (an item handled outside the hall). */
  location?: string;
  result: string;
}

export function item(s: ItemSpec): DemoItem {
  const [statutory, promised] = s.limits;
  const mode: Mode = s.mode ?? (promised === 0 ? 'instant' : 'promised');
  const phone = consultPhoneOf(s.dept);
  const centerName = CENTER_NAME[s.center];
  return {
    key: s.key,
    center: s.center,
    department: s.dept,
    identity: {
      type: s.type,
      level: s.center === 'province' ? 'province' : 'city',
      codeRegion: s.region ?? '00',
      codeMain: s.main,
      codeSub: s.sub ?? '000',
    },
    content: {
      name: s.name,
      nameEn: s.en,
      legalBasis: s.basis,
      conditions: s.conditions,
      materials: s.materials,
      procedure: s.steps ?? (mode === 'instant' ? instantFlow(`发放${s.result}`) : flow(promised, s.words)),
      statutoryLimitDays: statutory,
      promisedLimitDays: promised,
      specialProcedures: s.special ?? [],
      fees: s.fees ?? [],
      processingMode: mode,
      visits: s.visits ?? (mode === 'instant' ? 1 : s.online === false ? 2 : 1),
      online: s.online ?? true,
      inHall: s.inHall ?? true,
      ...(s.notInHallApproval ? { notInHallApproval: s.notInHallApproval } : {}),
      ...(s.reportTo ? { reportTo: { itemKey: s.reportTo } } : {}),
      audiences: s.who,
      themes: s.themes,
      lifeEvents: s.events ?? [],
      acceptanceLocation: s.location ?? `${centerName}${ZONES[s.zone ?? 'general']}`,
      consultPhone: phone,
      complaintPhone: '12345',
      progressQuery: `登录海南政务服务网“我的办件”查询，或凭受理回执编号和查询码在${centerName}自助查询机查询，也可拨打${phone}咨询。`,
      result: s.result,
    },
  };
}

/** Free of charge: the usual case, stated so the guide page can say so. */
export const FREE: Fee[] = [];

export const P: Audience[] = ['person'];
export const E: Audience[] = ['enterprise'];
export const PE: Audience[] = ['person', 'enterprise'];
