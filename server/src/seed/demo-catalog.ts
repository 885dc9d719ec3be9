/**
 * The demo catalog, as data: the departments of two service centers in Hainan (the provincial
 * center, region 460000, and Haikou City's, region 460100), the themes and life events that
 * group items on the portal, and the service items themselves (in the demo-items-*.ts files,
 * one per category of the Qinghai catalogue appendix, seed 001). No I/O: the seeder turns this
 * into rows, files and published item versions.
 *
 * Sample persons and companies are fictional (张三, 李四, 海南示例…有限公司, 示例区); the credit
 * codes of the departments are made up but valid, and none belongs to the real body.
 */
import { makeCreditCode } from '../lib/identity.ts';
import type { ItemContent, ItemIdentity, Material } from '../modules/items/items.schemas.ts';
import { CONSTRUCTION_ITEMS } from './demo-items-construction.ts';
import { ENVIRONMENT_ITEMS } from './demo-items-environment.ts';
import { FILING_ITEMS } from './demo-items-filing.ts';
import { LICENSING_HAIKOU_ITEMS } from './demo-items-licensing-haikou.ts';
import { LICENSING_PROVINCE_ITEMS } from './demo-items-licensing-province.ts';
import { QUALIFICATION_LEVY_ITEMS } from './demo-items-qualification-levy.ts';
import { REGISTRATION_ITEMS } from './demo-items-registration.ts';
import { SERVICE_ITEMS } from './demo-items-services.ts';
import { FOREIGN_ITEMS } from './demo-items-foreign.ts';

export type DemoCenter = 'province' | 'haikou';

export interface DemoDepartment {
  key: string;
  center: DemoCenter;
  name: string;
  nameEn: string;
  /** Valid, built with makeCreditCode('1', '1', region, orgBase8): authority 1 (机构编制), type 1 (机关). */
  creditCode: string;
}

/** A form's fields, rendered later into a blank template PDF and a filled-in sample PDF. */
export interface DemoMaterialTemplate {
  title: string;
  fields: { label: string; sample: string }[];
}

export type DemoMaterial = Omit<Material, 'templateFileId' | 'sampleFileId'> & { template?: DemoMaterialTemplate };

export interface DemoItem {
  key: string;
  center: DemoCenter;
  /** DemoDepartment.key */
  department: string;
  identity: Omit<ItemIdentity, 'departmentId'>;
  /** reportTo names the deciding item by its demo key; the seeder resolves it to the item's id. */
  content: Omit<ItemContent, 'materials' | 'reportTo'> & { materials: DemoMaterial[]; reportTo?: { itemKey: string } };
}

/** The centers: the name used in acceptance locations, the region code, the level of their items. */
export const DEMO_CENTERS = {
  province: { name: '海南省政务服务中心', nameEn: 'Hainan Provincial Government Service Center', region: '460000', level: 'province' },
  haikou: { name: '海口市政务服务中心', nameEn: 'Haikou Municipal Government Service Center', region: '460100', level: 'city' },
} as const;

// [key, name, English name]; the order fixes each department's made-up organisation code.
const PROVINCE_DEPARTMENTS: [string, string, string][] = [
  ['p-drc', '海南省发展和改革委员会', 'Hainan Provincial Development and Reform Commission'],
  ['p-edu', '海南省教育厅', 'Hainan Provincial Department of Education'],
  ['p-police', '海南省公安厅', 'Hainan Provincial Department of Public Security'],
  ['p-civil', '海南省民政厅', 'Hainan Provincial Department of Civil Affairs'],
  ['p-justice', '海南省司法厅', 'Hainan Provincial Department of Justice'],
  ['p-finance', '海南省财政厅', 'Hainan Provincial Department of Finance'],
  ['p-hrss', '海南省人力资源和社会保障厅', 'Hainan Provincial Department of Human Resources and Social Security'],
  ['p-nature', '海南省自然资源和规划厅', 'Hainan Provincial Department of Natural Resources and Planning'],
  ['p-eco', '海南省生态环境厅', 'Hainan Provincial Department of Ecology and Environment'],
  ['p-housing', '海南省住房和城乡建设厅', 'Hainan Provincial Department of Housing and Urban-Rural Development'],
  ['p-transport', '海南省交通运输厅', 'Hainan Provincial Department of Transport'],
  ['p-water', '海南省水务厅', 'Hainan Provincial Department of Water Affairs'],
  ['p-agri', '海南省农业农村厅', 'Hainan Provincial Department of Agriculture and Rural Affairs'],
  ['p-tourism', '海南省旅游和文化广电体育厅', 'Hainan Provincial Department of Tourism, Culture, Radio, Television and Sports'],
  ['p-health', '海南省卫生健康委员会', 'Health Commission of Hainan Province'],
  ['p-emergency', '海南省应急管理厅', 'Hainan Provincial Department of Emergency Management'],
  ['p-market', '海南省市场监督管理局', 'Hainan Provincial Administration for Market Regulation'],
  ['p-forestry', '海南省林业局', 'Hainan Provincial Forestry Bureau'],
  ['p-medsec', '海南省医疗保障局', 'Hainan Provincial Healthcare Security Administration'],
  ['p-tax', '国家税务总局海南省税务局', 'Hainan Provincial Tax Service of the State Taxation Administration'],
];

const HAIKOU_DEPARTMENTS: [string, string, string][] = [
  ['h-drc', '海口市发展和改革委员会', 'Haikou Municipal Development and Reform Commission'],
  ['h-edu', '海口市教育局', 'Haikou Municipal Bureau of Education'],
  ['h-police', '海口市公安局', 'Haikou Municipal Public Security Bureau'],
  ['h-civil', '海口市民政局', 'Haikou Municipal Bureau of Civil Affairs'],
  ['h-justice', '海口市司法局', 'Haikou Municipal Bureau of Justice'],
  ['h-finance', '海口市财政局', 'Haikou Municipal Bureau of Finance'],
  ['h-hrss', '海口市人力资源和社会保障局', 'Haikou Municipal Bureau of Human Resources and Social Security'],
  ['h-nature', '海口市自然资源和规划局', 'Haikou Municipal Bureau of Natural Resources and Planning'],
  ['h-eco', '海口市生态环境局', 'Haikou Municipal Bureau of Ecology and Environment'],
  ['h-housing', '海口市住房和城乡建设局', 'Haikou Municipal Bureau of Housing and Urban-Rural Development'],
  ['h-transport', '海口市交通运输和港航管理局', 'Haikou Municipal Bureau of Transport and Port Administration'],
  ['h-water', '海口市水务局', 'Haikou Municipal Water Affairs Bureau'],
  ['h-agri', '海口市农业农村局', 'Haikou Municipal Bureau of Agriculture and Rural Affairs'],
  ['h-tourism', '海口市旅游和文化广电体育局', 'Haikou Municipal Bureau of Tourism, Culture, Radio, Television and Sports'],
  ['h-health', '海口市卫生健康委员会', 'Haikou Municipal Health Commission'],
  ['h-emergency', '海口市应急管理局', 'Haikou Municipal Bureau of Emergency Management'],
  ['h-market', '海口市市场监督管理局', 'Haikou Municipal Administration for Market Regulation'],
  ['h-garden', '海口市园林和环境卫生管理局', 'Haikou Municipal Bureau of Landscaping and Environmental Sanitation'],
  ['h-medsec', '海口市医疗保障局', 'Haikou Municipal Healthcare Security Administration'],
  ['h-tax', '国家税务总局海口市税务局', 'Haikou Municipal Tax Service of the State Taxation Administration'],
  ['h-fire', '海口市消防救援支队', 'Haikou Fire and Rescue Detachment'],
];

function departments(center: DemoCenter, rows: [string, string, string][]): DemoDepartment[] {
  const region = DEMO_CENTERS[center].region;
  return rows.map(([key, name, nameEn], i) => ({
    key,
    center,
    name,
    nameEn,
    creditCode: makeCreditCode('1', '1', region, `${region.slice(0, 4)}${String(i + 1).padStart(4, '0')}`),
  }));
}

export const DEMO_DEPARTMENTS: DemoDepartment[] = [
  ...departments('province', PROVINCE_DEPARTMENTS),
  ...departments('haikou', HAIKOU_DEPARTMENTS),
];

/** Themes and life events are the portal's taxonomy, owned by the catalog module. */
export { THEMES as DEMO_THEMES, LIFE_EVENTS as DEMO_LIFE_EVENTS } from '../modules/items/taxonomy.ts';

export const DEMO_ITEMS: DemoItem[] = [
  ...CONSTRUCTION_ITEMS,
  ...ENVIRONMENT_ITEMS,
  ...LICENSING_PROVINCE_ITEMS,
  ...LICENSING_HAIKOU_ITEMS,
  ...REGISTRATION_ITEMS,
  ...FILING_ITEMS,
  ...QUALIFICATION_LEVY_ITEMS,
  ...SERVICE_ITEMS,
  ...FOREIGN_ITEMS,
];
