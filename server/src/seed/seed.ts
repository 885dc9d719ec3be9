import { appendAudit, streamOf } from '../lib/audit.ts';
import type { AppContext } from '../lib/context.ts';
import { makeIdNumber } from '../lib/identity.ts';
import { hashPassword } from '../lib/passwords.ts';
import { insertUser } from '../modules/auth/auth.repository.ts';
import type { StaffRole } from '../policies/index.ts';
import { insertFile } from '../modules/files/files.repository.ts';
import { buildBasicCode, buildImplementationCode } from '../modules/items/item-codes.ts';
import * as items from '../modules/items/items.repository.ts';
import { itemContent, type ItemContent } from '../modules/items/items.schemas.ts';
import { documentTokens } from '../modules/items/search.ts';
import * as org from '../modules/org/org.repository.ts';
import { DEMO_CENTERS, DEMO_DEPARTMENTS, DEMO_ITEMS, type DemoCenter, type DemoItem } from './demo-catalog.ts';
import { renderFormPdf } from './templates.ts';
import { seedMatters } from './seed-matters.ts';
import { seedLicences } from './seed-licences.ts';
import { DEMO_FISCAL_ACCOUNTS, withFeeStandard } from './demo-fees.ts';
import { ensureFiscalAccount } from '../modules/fees/fees.repository.ts';
import { seedCalendar } from '../modules/calendar/calendar.service.ts';
import { seedSeals } from './seed-seals.ts';
import { seedHall } from '../modules/hall/hall.seed.ts';
import { seedRatings } from '../modules/ratings/ratings.seed.ts';
import { seedWorkOrderCategories } from '../modules/workorders/workorders.seed.ts';
import { seedStaffing } from '../modules/staffing/staffing.seed.ts';
import { seedTrading } from '../modules/trading/trading.seed.ts';
import { seedDemoBidKey } from '../modules/bids/bids.seed.ts';
import { seedExperts } from '../modules/experts/experts.seed.ts';
import { seedNetwork } from './demo-network.ts';
import { DEMO_PASSWORD } from './demo-password.ts';
import { DEMO_ENTERPRISE } from './demo-enterprise.ts';

/** Every demo account shares this password (demo-password.ts). */
export { DEMO_PASSWORD };
const DEMO_VALID_FROM = '2026-01-01';

export const DEMO_PERSON = { name: '张三', idNumber: makeIdNumber('460100', '19900307', '123'), phone: '13800001234' };
/** The demo enterprise (demo-enterprise.ts, shared with the simulated enterprise registry). */
export { DEMO_ENTERPRISE };

interface DemoStaff { username: string; name: string; roles: StaffRole[]; center: DemoCenter; department?: string; window?: string }

export const DEMO_STAFF: DemoStaff[] = [
  { username: 'manager', name: '王主任', roles: ['manager'], center: 'province' },
  { username: 'manager2', name: '陈副主任', roles: ['manager'], center: 'province' },
  { username: 'supervisor', name: '赵监察', roles: ['supervisor'], center: 'province' },
  { username: 'window1', name: '刘窗口', roles: ['window'], center: 'province', window: '综合受理窗口1' },
  { username: 'delivery1', name: '周出件', roles: ['window'], center: 'province', window: '出件窗口' },
  { username: 'approver.housing', name: '孙审批', roles: ['approver'], center: 'province', department: 'p-housing' },
  { username: 'chief.housing', name: '吴首席', roles: ['chief'], center: 'province', department: 'p-housing' },
  { username: 'approver.market', name: '郑审批', roles: ['approver'], center: 'province', department: 'p-market' },
  { username: 'chief.market', name: '冯首席', roles: ['chief'], center: 'province', department: 'p-market' },
  { username: 'hk.manager', name: '林主任', roles: ['manager'], center: 'haikou' },
  // The second Haikou manager: seal creation and rotation need two (four eyes).
  { username: 'hk.manager2', name: '蒙副主任', roles: ['manager'], center: 'haikou' },
  { username: 'hk.supervisor', name: '何监察', roles: ['supervisor'], center: 'haikou' },
  { username: 'hk.window1', name: '黄窗口', roles: ['window'], center: 'haikou', window: '综合受理窗口1' },
  { username: 'hk.approver.market', name: '梁审批', roles: ['approver'], center: 'haikou', department: 'h-market' },
  { username: 'hk.chief.market', name: '罗首席', roles: ['chief'], center: 'haikou', department: 'h-market' },
  { username: 'hk.approver.fire', name: '邓审批', roles: ['approver'], center: 'haikou', department: 'h-fire' },
  { username: 'hk.chief.fire', name: '许首席', roles: ['chief'], center: 'haikou', department: 'h-fire' },
  { username: 'hk.approver.water', name: '韩审批', roles: ['approver'], center: 'haikou', department: 'h-water' },
  { username: 'hk.chief.water', name: '曹首席', roles: ['chief'], center: 'haikou', department: 'h-water' },
  { username: 'hk.approver.health', name: '彭审批', roles: ['approver'], center: 'haikou', department: 'h-health' },
  { username: 'hk.chief.health', name: '袁首席', roles: ['chief'], center: 'haikou', department: 'h-health' },
  // The police departments of both levels: Haikou reviews security-company permits, the province decides them (上报件).
  { username: 'hk.approver.police', name: '符审批', roles: ['approver'], center: 'haikou', department: 'h-police' },
  { username: 'hk.chief.police', name: '邢首席', roles: ['chief'], center: 'haikou', department: 'h-police' },
  // The Department of Justice decides the translation service for foreign investors (docs/portal.md).
  { username: 'approver.justice', name: '唐审批', roles: ['approver'], center: 'province', department: 'p-justice' },
  { username: 'chief.justice', name: '白首席', roles: ['chief'], center: 'province', department: 'p-justice' },
  { username: 'approver.police', name: '钟审批', roles: ['approver'], center: 'province', department: 'p-police' },
  { username: 'chief.police', name: '蔡首席', roles: ['chief'], center: 'province', department: 'p-police' },
  { username: 'hk.proxy1', name: '黄代办', roles: ['window'], center: 'haikou', window: '综合代办窗口' },
  // The finance clerks (收费管理): fees, payments, refunds and reconciliation of their center only (docs/fees.md).
  { username: 'finance', name: '钱财务', roles: ['finance'], center: 'province' },
  { username: 'hk.finance', name: '金财务', roles: ['finance'], center: 'haikou' },
  { username: 'bank1', name: '农行柜员', roles: ['bank'], center: 'province' },
  { username: 'hk.bank1', name: '海口农行柜员', roles: ['bank'], center: 'haikou' },
  // The 12345 hotline of the province (docs/hotline.md): an operator who takes calls, the lead who decides disputes.
  { username: 'hotline1', name: '蒋话务', roles: ['hotline'], center: 'province' },
  { username: 'hotline.lead', name: '沈热线', roles: ['hotline_lead'], center: 'province' },
  // The public resource trading centers (公共资源交易中心, docs/trading.md).
  { username: 'trading1', name: '唐交易', roles: ['trading'], center: 'province' },
  { username: 'hk.trading1', name: '海口交易', roles: ['trading'], center: 'haikou' },
  // The disclosure office (政府信息公开工作机构) of each center (docs/disclosure.md); its head is the center's manager.
  { username: 'disclosure1', name: '柳公开', roles: ['disclosure'], center: 'province' },
  { username: 'hk.disclosure', name: '穆公开', roles: ['disclosure'], center: 'haikou' },
  // The trading center's draw operators and evaluation experts' own accounts (docs/experts.md).
  { username: 'draw1', name: '欧阳抽取', roles: ['draw_operator'], center: 'province' },
  { username: 'hk.draw1', name: '海口抽取', roles: ['draw_operator'], center: 'haikou' },
  ...['甲', '乙', '丙', '丁', '戊', '己', '庚'].map((n, i) => ({ username: `expert${i + 1}`, name: `专家${n}`, roles: ['expert'] as StaffRole[], center: 'province' as const })),
];

/** The departments the Haikou proxy window accepts for: those with few items, which get no window of their own. */
const HAIKOU_PROXY_DEPARTMENTS = ['h-finance', 'h-water', 'h-agri', 'h-garden'];

const WINDOWS: Array<{ name: string; nameEn: string; kind: 'intake' | 'delivery' | 'proxy' }> = [
  { name: '综合受理窗口1', nameEn: 'Intake window 1', kind: 'intake' },
  { name: '综合受理窗口2', nameEn: 'Intake window 2', kind: 'intake' },
  { name: '综合受理窗口3', nameEn: 'Intake window 3', kind: 'intake' },
  { name: '综合代办窗口', nameEn: 'Proxy service window', kind: 'proxy' },
  { name: '出件窗口', nameEn: 'Delivery window', kind: 'delivery' },
];

export interface SeedReport { items: number; itemsCreated: number; staff: number; files: number }

/** Demo data: idempotent, so running it twice (or on every start) changes nothing the second time. */
export async function seedDemo(ctx: AppContext, log: (m: string) => void = () => {}): Promise<SeedReport> {
  const db = ctx.db;
  // The official national holiday schedules (reference data): one query when they are loaded already.
  const calendar = await seedCalendar(db, ctx.clock.now());
  if (calendar.loaded.length) log(`calendar: official schedules ${calendar.loaded[0]}–${calendar.loaded.at(-1)} loaded`);
  await org.upsertRegion(db, { code: '460000', name: '海南省', nameEn: 'Hainan Province', level: 'province', parentCode: null });
  await org.upsertRegion(db, { code: '460100', name: '海口市', nameEn: 'Haikou City', level: 'city', parentCode: '460000' });
  for (const [code, name, nameEn] of [['460105', '秀英区', 'Xiuying District'], ['460106', '龙华区', 'Longhua District'], ['460107', '琼山区', 'Qiongshan District'], ['460108', '美兰区', 'Meilan District']]) {
    await org.upsertRegion(db, { code: code!, name: name!, nameEn: nameEn!, level: 'county', parentCode: '460100' });
  }
  await org.upsertRegion(db, { code: '460106001', name: '中山街道', nameEn: 'Zhongshan Subdistrict', level: 'township', parentCode: '460106' });
  await org.upsertRegion(db, { code: '460106001001', name: '东湖社区', nameEn: 'Donghu Community', level: 'village', parentCode: '460106001' });

  const centerIds = {} as Record<DemoCenter, string>;
  const address = { province: '海口市美兰区国兴大道9号 海南省政务服务中心', haikou: '海口市龙华区滨海大道 海口市政务服务中心' };
  for (const key of ['province', 'haikou'] as const) {
    const c = DEMO_CENTERS[key];
    centerIds[key] = await org.ensureCenter(db, { regionCode: c.region, name: c.name, nameEn: c.nameEn, address: address[key] });
  }
  // The fiscal non-tax accounts each center's fees are collected into (docs/fees.md).
  for (const key of ['province', 'haikou'] as const) {
    for (const a of DEMO_FISCAL_ACCOUNTS[key]) await ensureFiscalAccount(db, { centerId: centerIds[key], ...a, at: ctx.clock.now() });
  }
  const departmentIds = new Map<string, { id: string; creditCode: string; name: string }>();
  for (const d of DEMO_DEPARTMENTS) {
    const id = await org.ensureDepartment(db, { centerId: centerIds[d.center], name: d.name, nameEn: d.nameEn, creditCode: d.creditCode });
    departmentIds.set(d.key, { id, creditCode: d.creditCode, name: d.name });
  }
  const windowIds = new Map<string, string>();
  for (const center of ['province', 'haikou'] as const) {
    for (const w of WINDOWS) windowIds.set(`${center}:${w.name}`, await org.ensureWindow(db, { centerId: centerIds[center], ...w, departmentId: null }));
  }
  await org.addWindowDepartments(db, windowIds.get('haikou:综合代办窗口')!, HAIKOU_PROXY_DEPARTMENTS.map((k) => departmentIds.get(k)!.id));
  if (await seedHall(db, centerIds, windowIds, ctx.clock.now())) log('demo data: hall zones, hours, priority rules and kiosks');
  if (await seedWorkOrderCategories(db)) log('demo data: work order categories');

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  let staff = 0;
  for (const s of DEMO_STAFF) {
    const created = await insertUser(db, {
      kind: 'staff', name: s.name, username: s.username, passwordHash, roles: s.roles, centerId: centerIds[s.center],
      departmentId: s.department ? departmentIds.get(s.department)!.id : null,
      windowId: s.window ? windowIds.get(`${s.center}:${s.window}`)! : null,
    });
    if (created) staff++;
  }
  await insertUser(db, { kind: 'person', name: DEMO_PERSON.name, idNumber: DEMO_PERSON.idNumber, phone: DEMO_PERSON.phone, passwordHash });
  await insertUser(db, {
    kind: 'enterprise', name: DEMO_ENTERPRISE.name, creditCode: DEMO_ENTERPRISE.creditCode,
    legalRepresentative: DEMO_ENTERPRISE.legalRepresentative, phone: DEMO_ENTERPRISE.phone, passwordHash,
  });

  let itemsCreated = 0;
  let files = 0;
  // Published versions never change: an item deciding above is seeded before the items reporting to it.
  const itemIds = new Map<string, string>();
  const ordered = [...DEMO_ITEMS.filter((i) => !i.content.reportTo), ...DEMO_ITEMS.filter((i) => i.content.reportTo)];
  for (const demo of ordered) {
    const dept = departmentIds.get(demo.department);
    if (!dept) throw new Error(`demo item ${demo.key}: unknown department ${demo.department}`);
    const r = await seedItem(ctx, demo, centerIds[demo.center], dept, itemIds);
    itemIds.set(demo.key, r.id);
    if (r.created) itemsCreated++;
    files += r.files;
  }
  const matters = await seedMatters(ctx, centerIds.haikou, itemIds, departmentIds);
  if (matters) log(`demo data: ${matters} joint matters (一件事) published`);
  await seedSeals(ctx, log);
  const licences = await seedLicences(ctx, { person: DEMO_PERSON, enterprise: DEMO_ENTERPRISE }, itemIds, departmentIds);
  if (licences) log(`demo data: ${licences} e-licences held by the demo applicants`);
  // Issue 13: a few hall-visit ratings and one open rectification task (the province managers').
  if (await seedRatings(db, centerIds.province, ctx.clock.now())) log('demo data: hall-visit ratings and an open rectification task');
  if (await seedStaffing(db, departmentIds, ctx.clock.now())) log('demo data: window staff assignments and two weeks of schedule');
  if (await seedTrading(ctx, centerIds.province, departmentIds.get('p-housing')!.id, (id, by) => seedDemoBidKey(ctx, id, by))) {
    log('demo data: a trading project with a published tender, its bid key held 2 of 3 by trading1, approver.housing, chief.housing');
  }
  // The evaluation experts' accounts (expert1…expert7) are members of the province pool (docs/experts.md).
  const experts = await seedExperts(ctx, centerIds.province);
  if (experts) log(`demo data: ${experts} experts added to the province pool`);
  // Issue 17: the county, township and village centers below Haikou, their staff and the items they implement.
  const network = await seedNetwork(ctx, departmentIds, passwordHash, DEMO_VALID_FROM);
  if (network) log(`demo data: the network below Haikou (county, township, village point), ${network} items`);
  itemsCreated += network;
  // Fresh statistics, or the planner treats the new catalog as empty and skips its indexes.
  if (itemsCreated) await items.analyze(db);
  log(`demo data: ${DEMO_ITEMS.length} items (${itemsCreated} new), ${staff} new staff, ${files} template files`);
  return { items: DEMO_ITEMS.length, itemsCreated, staff, files };
}

async function seedItem(ctx: AppContext, demo: DemoItem, centerId: string, dept: { id: string; creditCode: string; name: string }, itemIds: Map<string, string>) {
  const basicCode = buildBasicCode(demo.identity);
  const implementationCode = buildImplementationCode(dept.creditCode, demo.identity.level, basicCode);
  const existing = await items.findByImplementationCode(ctx.db, centerId, implementationCode);
  if (existing) return { created: false, files: 0, id: existing.id };
  const { reportTo, ...demoContent } = demo.content;
  const reportToId = reportTo ? itemIds.get(reportTo.itemKey) : undefined;
  if (reportTo && !reportToId) throw new Error(`demo item ${demo.key}: reportTo ${reportTo.itemKey} is not seeded before it`);

  let files = 0;
  const centerName = DEMO_CENTERS[demo.center].name;
  const materials = [];
  for (const { template, ...m } of demo.content.materials) {
    if (!template) { materials.push(m); continue; }
    const [blank, sample] = await Promise.all([
      renderFormPdf(template, { itemName: demo.content.name, centerName, filled: false }),
      renderFormPdf(template, { itemName: demo.content.name, centerName, filled: true }),
    ]);
    const ids = [];
    for (const [bytes, suffix] of [[blank, '空白表'], [sample, '示范样表']] as const) {
      const stored = await ctx.storage.putBuffer(bytes);
      const f = await insertFile(ctx.db, {
        sha256: stored.sha256, name: `${template.title}（${suffix}）.pdf`, mime: 'application/pdf', size: stored.size,
        storageKey: stored.key, public: true, centerId, uploadedBy: null,
      });
      ids.push(f.id);
      files++;
    }
    materials.push({ ...m, templateFileId: ids[0], sampleFileId: ids[1] });
  }
  // The application form's fields become the item's online form, so portal, counter and paper agree.
  const form = demo.content.materials.find((m) => m.template)?.template;
  const formFields = form?.fields.map((f, i) => ({
    key: `f${i + 1}`, label: f.label, type: /说明|内容|范围|情况|理由|用途/.test(f.label) ? 'textarea' as const : 'text' as const, required: i < 3,
  }));
  // Issue 11: the computable fee standard and the form fields it reads (demo-fees.ts).
  const std = withFeeStandard(demo.key, demoContent.fees, formFields);
  const content: ItemContent = itemContent.parse({ ...demoContent, fees: std.fees, materials, ...(std.formFields ? { formFields: std.formFields } : {}), ...(reportToId ? { reportTo: { itemId: reportToId } } : {}) });
  const now = ctx.clock.now();
  const id = await ctx.db.transaction().execute(async (tx) => {
    const id = await items.insertItem(tx, {
      centerId, departmentId: dept.id, type: demo.identity.type, level: demo.identity.level,
      codeRegion: demo.identity.codeRegion, codeMain: demo.identity.codeMain, codeSub: demo.identity.codeSub ?? '000',
      basicCode, implementationCode,
    }, content, now, null, 'in_hall');
    if (!id) return null;
    await items.insertVersion(tx, { itemId: id, version: 1, content, by: null, now });
    await items.markPublished(tx, id, 1, DEMO_VALID_FROM, null, now);
    await items.updateItem(tx, id, { latest_version: 1 });
    await items.setSearchDocument(tx, id, documentTokens({ name: content.name, nameEn: content.nameEn, basicCode, implementationCode, keywords: [dept.name] }));
    const stream = streamOf('item', id);
    await appendAudit(tx, { stream, action: 'item.created', actorId: null, at: now, data: { basicCode, implementationCode, version: 1, source: 'demo seed' } });
    await appendAudit(tx, { stream, action: 'item.published', actorId: null, at: now, data: { version: 1, validFrom: DEMO_VALID_FROM } });
    await appendAudit(tx, { stream, action: 'item.admission_approved', actorId: null, at: now, data: { reason: '演示数据：随中心开通进驻 / demo data' } });
    return id;
  });
  // null: another seeder inserted it at the same moment.
  return { created: id !== null, files, id: id ?? (await items.findByImplementationCode(ctx.db, centerId, implementationCode))!.id };
}
