/**
 * The service network below Haikou (issue 17, docs/network.md): Longhua District's center (county,
 * 460106), Zhongshan Subdistrict's center (township, 460106001) and Donghu Community's service point
 * (village, 460106001001), each with its departments, windows and staff; and one basic item of the
 * province (老年人优待证办理) that the district and the subdistrict implement with their own
 * departments, materials and shorter promises. As data, seeded by `seedNetwork` (idempotent).
 */
import { appendAudit, streamOf } from '../lib/audit.ts';
import type { AppContext } from '../lib/context.ts';
import { makeCreditCode } from '../lib/identity.ts';
import { insertUser } from '../modules/auth/auth.repository.ts';
import { buildBasicCode, buildImplementationCode } from '../modules/items/item-codes.ts';
import * as items from '../modules/items/items.repository.ts';
import { itemContent, type ItemContent, type ItemLevel } from '../modules/items/items.schemas.ts';
import { documentTokens } from '../modules/items/search.ts';
import * as org from '../modules/org/org.repository.ts';
import type { StaffRole } from '../policies/index.ts';
import { flow, form, idProof, item, mat, PERSON_FIELDS } from './demo-kit.ts';

export type NetworkCenter = 'longhua' | 'zhongshan' | 'donghu';

export const NETWORK_CENTERS: Record<NetworkCenter, { region: string; level: ItemLevel; kind: 'center' | 'service_point'; name: string; nameEn: string; address: string }> = {
  longhua: { region: '460106', level: 'county', kind: 'center', name: '海口市龙华区政务服务中心', nameEn: 'Longhua District Government Service Center, Haikou', address: '海口市龙华区龙昆南路 龙华区政务服务中心' },
  zhongshan: { region: '460106001', level: 'township', kind: 'center', name: '龙华区中山街道便民服务中心', nameEn: 'Zhongshan Subdistrict Service Center, Longhua', address: '海口市龙华区中山街道办事处一楼' },
  donghu: { region: '460106001001', level: 'village', kind: 'service_point', name: '中山街道东湖社区便民服务站', nameEn: 'Donghu Community Service Point, Zhongshan', address: '海口市龙华区东湖社区居委会一楼' },
};

// [key, center, name, English name, organisation code (8)]
const DEPARTMENTS: Array<[string, NetworkCenter, string, string, string]> = [
  ['lh-civil', 'longhua', '海口市龙华区民政局', 'Civil Affairs Bureau of Longhua District', '46010601'],
  ['lh-market', 'longhua', '海口市龙华区市场监督管理局', 'Market Regulation Bureau of Longhua District', '46010602'],
  ['zs-affairs', 'zhongshan', '龙华区中山街道社会事务办公室', 'Social Affairs Office of Zhongshan Subdistrict', '46010611'],
  ['dh-committee', 'donghu', '东湖社区居民委员会', 'Donghu Community Residents\' Committee', '46010621'],
];

const WINDOWS: Record<NetworkCenter, Array<{ name: string; nameEn: string; kind: 'intake' | 'delivery' }>> = {
  longhua: [{ name: '综合受理窗口1', nameEn: 'Intake window 1', kind: 'intake' }, { name: '出件窗口', nameEn: 'Delivery window', kind: 'delivery' }],
  zhongshan: [{ name: '综合受理窗口1', nameEn: 'Intake window 1', kind: 'intake' }, { name: '出件窗口', nameEn: 'Delivery window', kind: 'delivery' }],
  donghu: [{ name: '代办窗口', nameEn: 'Service window', kind: 'intake' }],
};

/** The network's demo accounts (password DEMO_PASSWORD, listed in README and docs/network.md). */
export const NETWORK_STAFF: Array<{ username: string; name: string; roles: StaffRole[]; center: NetworkCenter; department?: string; window?: string }> = [
  { username: 'lh.manager', name: '龙主任', roles: ['manager'], center: 'longhua' },
  { username: 'lh.supervisor', name: '龙监察', roles: ['supervisor'], center: 'longhua' },
  { username: 'lh.window1', name: '龙窗口', roles: ['window'], center: 'longhua', window: '综合受理窗口1' },
  { username: 'lh.approver.civil', name: '龙审批', roles: ['approver'], center: 'longhua', department: 'lh-civil' },
  { username: 'lh.chief.civil', name: '龙首席', roles: ['chief'], center: 'longhua', department: 'lh-civil' },
  { username: 'zs.manager', name: '中主任', roles: ['manager'], center: 'zhongshan' },
  { username: 'zs.supervisor', name: '中监察', roles: ['supervisor'], center: 'zhongshan' },
  { username: 'zs.window1', name: '中窗口', roles: ['window'], center: 'zhongshan', window: '综合受理窗口1' },
  { username: 'zs.approver', name: '中审批', roles: ['approver'], center: 'zhongshan', department: 'zs-affairs' },
  { username: 'zs.chief', name: '中首席', roles: ['chief'], center: 'zhongshan', department: 'zs-affairs' },
  { username: 'dh.window1', name: '东代办', roles: ['window'], center: 'donghu', window: '代办窗口' },
];

/** The province's basic item (statutory 10, promised 5 working days), implemented below with shorter promises. */
const BASIC = item({
  key: 'p-senior-card', center: 'province', dept: 'p-civil', type: '20', region: '46', main: '04011',
  name: '老年人优待证办理', en: 'Issuing the senior citizen\'s preferential card',
  basis: ['《中华人民共和国老年人权益保障法》', '《海南省老年人优待办法》'],
  conditions: ['年满60周岁的本省户籍老年人，或在本省居住的外省户籍老年人'],
  materials: [
    form('application', '老年人优待证申请表', [...PERSON_FIELDS, ['出生日期', '1958-03-07']]),
    idProof(),
    mat('photo', '近期一寸免冠彩色照片'),
  ],
  limits: [10, 5],
  who: ['person'], themes: ['civil_affairs'], events: ['retirement'], zone: 'social',
  result: '老年人优待证',
});

// Longhua's implementation is handled province-wide (通办, docs/network.md): applications may be handed in and
// results collected at any center of the province, e.g. the Donghu service point and the Zhongshan center.
const IMPLEMENTATIONS: Array<{ center: NetworkCenter; department: string; promised: number; location: string; acrossRegions?: 'province' }> = [
  { center: 'longhua', department: 'lh-civil', promised: 3, location: '龙华区政务服务中心一楼民政窗口（全省通办：可在省内任一中心或便民服务站提交、领取）', acrossRegions: 'province' },
  { center: 'zhongshan', department: 'zs-affairs', promised: 2, location: '中山街道便民服务中心综合受理窗口（东湖社区便民服务站可代收材料）' },
];

/** The items seedNetwork adds: the basic item and its implementations. */
export const NETWORK_ITEM_COUNT = 1 + IMPLEMENTATIONS.length;

type Dept = { id: string; creditCode: string; name: string };

/** Seeds the centers below Haikou, their staff and the basic item's implementations; changes nothing the second time. */
export async function seedNetwork(ctx: AppContext, provinceDepartments: Map<string, Dept>, passwordHash: string, validFrom: string): Promise<number> {
  const db = ctx.db;
  const centerIds = {} as Record<NetworkCenter, string>;
  for (const [key, c] of Object.entries(NETWORK_CENTERS) as Array<[NetworkCenter, (typeof NETWORK_CENTERS)[NetworkCenter]]>) {
    centerIds[key] = await org.ensureCenter(db, { regionCode: c.region, name: c.name, nameEn: c.nameEn, address: c.address });
    if (c.kind !== 'center') await org.setCenterKind(db, centerIds[key], c.kind);
  }
  const departments = new Map<string, Dept>();
  for (const [key, center, name, nameEn, code] of DEPARTMENTS) {
    const creditCode = makeCreditCode('1', '1', '460106', code);
    departments.set(key, { id: await org.ensureDepartment(db, { centerId: centerIds[center], name, nameEn, creditCode }), creditCode, name });
  }
  const windowIds = new Map<string, string>();
  for (const [center, list] of Object.entries(WINDOWS) as Array<[NetworkCenter, (typeof WINDOWS)[NetworkCenter]]>) {
    for (const w of list) windowIds.set(`${center}:${w.name}`, await org.ensureWindow(db, { centerId: centerIds[center], ...w, departmentId: null }));
  }
  for (const s of NETWORK_STAFF) {
    await insertUser(db, {
      kind: 'staff', name: s.name, username: s.username, passwordHash, roles: s.roles, centerId: centerIds[s.center],
      departmentId: s.department ? departments.get(s.department)!.id : null, windowId: s.window ? windowIds.get(`${s.center}:${s.window}`)! : null,
    });
  }
  // The basic item first (at the province), then its implementations: the basic code's limits bind them.
  const civil = provinceDepartments.get('p-civil');
  if (!civil) throw new Error('demo network: the province has no p-civil department');
  let created = await seedPublished(ctx, { centerId: (await org.findDepartment(db, civil.id))!.center_id, dept: civil, level: 'province', validFrom }, BASIC.content);
  for (const impl of IMPLEMENTATIONS) {
    const dept = departments.get(impl.department)!;
    const content = {
      ...BASIC.content,
      materials: [...BASIC.content.materials.filter((m) => m.key !== 'photo'), mat('residence', '社区出具的居住证明', { requirement: 'conditional', condition: '外省户籍老年人' })],
      procedure: flow(impl.promised),
      promisedLimitDays: impl.promised,
      acceptanceLocation: impl.location,
      ...(impl.acrossRegions ? { acrossRegions: impl.acrossRegions } : {}),
      consultPhone: '12345',
      progressQuery: `登录海南政务服务网“我的办件”查询，或凭受理回执编号和查询码在${NETWORK_CENTERS[impl.center].name}查询。`,
    };
    created += await seedPublished(ctx, { centerId: centerIds[impl.center], dept, level: NETWORK_CENTERS[impl.center].level, validFrom }, content);
  }
  return created;
}

async function seedPublished(ctx: AppContext, at: { centerId: string; dept: Dept; level: ItemLevel; validFrom: string }, demo: (typeof BASIC)['content']): Promise<number> {
  const identity = { ...BASIC.identity, level: at.level };
  const basicCode = buildBasicCode(identity);
  const implementationCode = buildImplementationCode(at.dept.creditCode, at.level, basicCode);
  if (await items.findByImplementationCode(ctx.db, at.centerId, implementationCode)) return 0;
  const { reportTo: _none, ...rest } = demo;
  const content: ItemContent = itemContent.parse({ ...rest, materials: demo.materials.map(({ template: _t, ...m }) => m) });
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (tx) => {
    const id = await items.insertItem(tx, {
      centerId: at.centerId, departmentId: at.dept.id, type: identity.type, level: at.level,
      codeRegion: identity.codeRegion, codeMain: identity.codeMain, codeSub: identity.codeSub ?? '000', basicCode, implementationCode,
    }, content, now, null, 'in_hall');
    if (!id) return 0;
    await items.insertVersion(tx, { itemId: id, version: 1, content, by: null, now });
    await items.markPublished(tx, id, 1, at.validFrom, null, now);
    await items.updateItem(tx, id, { latest_version: 1 });
    await items.setSearchDocument(tx, id, documentTokens({ name: content.name, nameEn: content.nameEn, basicCode, implementationCode, keywords: [at.dept.name] }));
    const stream = streamOf('item', id);
    await appendAudit(tx, { stream, action: 'item.created', actorId: null, at: now, data: { basicCode, implementationCode, version: 1, source: 'demo seed' } });
    await appendAudit(tx, { stream, action: 'item.published', actorId: null, at: now, data: { version: 1, validFrom: at.validFrom } });
    await appendAudit(tx, { stream, action: 'item.admission_approved', actorId: null, at: now, data: { reason: '演示数据：随中心开通进驻 / demo data' } });
    return 1;
  });
}
