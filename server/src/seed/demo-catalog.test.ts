import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCreditCode } from '../lib/identity.ts';
import { buildBasicCode, buildImplementationCode, parseImplementationCode } from '../modules/items/item-codes.ts';
import { itemContent, itemIdentity } from '../modules/items/items.schemas.ts';
import { DEMO_CENTERS, DEMO_DEPARTMENTS, DEMO_ITEMS, DEMO_LIFE_EVENTS, DEMO_THEMES, type DemoCenter } from './demo-catalog.ts';

const CENTERS: DemoCenter[] = ['province', 'haikou'];
const PLACEHOLDER_DEPARTMENT = '00000000-0000-4000-8000-000000000000';
const deptByKey = new Map(DEMO_DEPARTMENTS.map((d) => [d.key, d]));
const basicCodeOf = (i: (typeof DEMO_ITEMS)[number]) => buildBasicCode(i.identity);

describe('demo departments', () => {
  it('have unique keys and valid, unique credit codes of their center region', () => {
    assert.equal(deptByKey.size, DEMO_DEPARTMENTS.length);
    assert.equal(new Set(DEMO_DEPARTMENTS.map((d) => d.creditCode)).size, DEMO_DEPARTMENTS.length);
    for (const d of DEMO_DEPARTMENTS) {
      const r = checkCreditCode(d.creditCode);
      assert.ok(r.ok, `${d.key}: ${d.creditCode}`);
      assert.equal(r.regionCode, DEMO_CENTERS[d.center].region, d.key);
      assert.equal(d.creditCode.slice(0, 2), '11', d.key);
      assert.ok(d.name.length > 0 && d.nameEn.length > 0, d.key);
    }
  });

  it('number at least 14 per center', () => {
    for (const c of CENTERS) assert.ok(DEMO_DEPARTMENTS.filter((d) => d.center === c).length >= 14, c);
  });

  it('include the housing and construction departments by their real names', () => {
    const names = DEMO_DEPARTMENTS.map((d) => d.name);
    assert.ok(names.includes('海南省住房和城乡建设厅'));
    assert.ok(names.includes('海口市住房和城乡建设局'));
  });
});

describe('demo items', () => {
  it('parse with the item schemas', () => {
    for (const i of DEMO_ITEMS) {
      const { reportTo: _r, ...content } = i.content;
      const materials = content.materials.map(({ template: _t, ...m }) => m);
      const parsed = itemContent.safeParse({ ...content, materials });
      assert.ok(parsed.success, `${i.key}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues)}`);
      const id = itemIdentity.safeParse({ ...i.identity, departmentId: PLACEHOLDER_DEPARTMENT });
      assert.ok(id.success, `${i.key}: ${id.success ? '' : JSON.stringify(id.error.issues)}`);
    }
  });

  it('have unique keys and departments of their own center', () => {
    assert.equal(new Set(DEMO_ITEMS.map((i) => i.key)).size, DEMO_ITEMS.length);
    for (const i of DEMO_ITEMS) {
      const d = deptByKey.get(i.department);
      assert.ok(d, `${i.key}: unknown department ${i.department}`);
      assert.equal(d.center, i.center, i.key);
      assert.equal(i.identity.level, i.center === 'province' ? 'province' : 'city', i.key);
    }
  });

  it('report upward only to a provincial item that decides itself', () => {
    const byKey = new Map(DEMO_ITEMS.map((i) => [i.key, i]));
    const reporting = DEMO_ITEMS.filter((i) => i.content.reportTo);
    assert.ok(reporting.some((i) => i.key === 'h-security-company'));
    for (const i of reporting) {
      const target = byKey.get(i.content.reportTo!.itemKey);
      assert.ok(target, `${i.key}: reportTo ${i.content.reportTo!.itemKey} is not a demo item`);
      assert.equal(i.content.processingMode, 'reported', i.key);
      assert.equal(target.center, 'province', i.key);
      assert.notEqual(target.center, i.center, i.key);
      assert.equal(target.content.reportTo, undefined, `${target.key} is decided where it is reported to`);
    }
  });

  it('have unique basic codes per center, and one code means one item across centers', () => {
    for (const c of CENTERS) {
      const codes = DEMO_ITEMS.filter((i) => i.center === c).map(basicCodeOf);
      assert.equal(new Set(codes).size, codes.length, `duplicate basic code in ${c}`);
    }
    const nameByCode = new Map<string, string>();
    const nameByMain = new Map<string, string>();
    for (const i of DEMO_ITEMS) {
      const code = basicCodeOf(i);
      assert.equal(nameByCode.get(code) ?? i.content.name, i.content.name, `${code} names two items`);
      nameByCode.set(code, i.content.name);
      // codeMain is unique per type; sub-items of one main item share it.
      const main = `${i.identity.type}:${i.identity.codeMain}:${i.identity.codeSub}`;
      assert.equal(nameByMain.get(main) ?? i.content.name, i.content.name, `${main} names two items`);
      nameByMain.set(main, i.content.name);
      assert.ok(['00', '46'].includes(i.identity.codeRegion), i.key);
    }
  });

  it('build valid implementation codes from their department', () => {
    for (const i of DEMO_ITEMS) {
      const code = buildImplementationCode(deptByKey.get(i.department)!.creditCode, i.identity.level, basicCodeOf(i));
      assert.equal(code.length, 31);
      assert.ok(parseImplementationCode(code).ok, i.key);
    }
  });

  it('count at least 90 items, 40 per center, 12 departments in use per center', () => {
    assert.ok(DEMO_ITEMS.length >= 90, `${DEMO_ITEMS.length} items`);
    for (const c of CENTERS) {
      const items = DEMO_ITEMS.filter((i) => i.center === c);
      assert.ok(items.length >= 40, `${c}: ${items.length} items`);
      const used = new Set(items.map((i) => i.department));
      assert.ok(used.size >= 12, `${c}: ${used.size} departments in use`);
    }
  });

  it('include 建筑工程施工许可证核发 under housing, type 01, and near names', () => {
    const permits = DEMO_ITEMS.filter((i) => i.content.name === '建筑工程施工许可证核发');
    assert.ok(permits.length >= 1);
    for (const p of permits) {
      assert.equal(p.identity.type, '01');
      assert.match(deptByKey.get(p.department)!.name, /住房和城乡建设/);
      assert.ok(p.content.promisedLimitDays < p.content.statutoryLimitDays);
    }
    assert.ok(permits.some((p) => p.center === 'haikou'));
    const near = DEMO_ITEMS.filter((i) => i.content.name !== '建筑工程施工许可证核发' && /施工|安全生产许可证/.test(i.content.name));
    assert.ok(near.some((i) => i.content.name.includes('施工企业安全生产许可证')));
    assert.ok(near.length >= 4, near.map((i) => i.content.name).join(', '));
  });

  it('have 3–8 materials, an application form with a 6–12 field template, and conditions on conditional ones', () => {
    for (const i of DEMO_ITEMS) {
      const ms = i.content.materials;
      assert.ok(ms.length >= 3 && ms.length <= 8, `${i.key}: ${ms.length} materials`);
      const templated = ms.filter((m) => m.template);
      assert.ok(templated.length >= 1, `${i.key}: no template`);
      for (const m of templated) {
        const n = m.template!.fields.length;
        assert.ok(n >= 6 && n <= 12, `${i.key}/${m.key}: ${n} fields`);
        for (const f of m.template!.fields) assert.ok(f.label.trim() && f.sample.trim(), `${i.key}/${m.key}: empty field`);
      }
      for (const m of ms) {
        if (m.requirement === 'conditional') assert.ok((m.condition ?? '').length > 0, `${i.key}/${m.key}: no condition`);
      }
    }
  });

  it('use only known themes and life events', () => {
    const themes = new Set(DEMO_THEMES.map((t) => t.key));
    const events = new Set(DEMO_LIFE_EVENTS.map((e) => e.key));
    for (const i of DEMO_ITEMS) {
      assert.ok(i.content.themes.length >= 1, i.key);
      for (const t of i.content.themes) assert.ok(themes.has(t), `${i.key}: theme ${t}`);
      for (const e of i.content.lifeEvents) assert.ok(events.has(e), `${i.key}: life event ${e}`);
    }
    const usedEvents = new Set(DEMO_ITEMS.flatMap((i) => i.content.lifeEvents));
    for (const e of events) assert.ok(usedEvents.has(e), `life event ${e} has no item`);
    const usedThemes = new Set(DEMO_ITEMS.flatMap((i) => i.content.themes));
    for (const t of themes) assert.ok(usedThemes.has(t), `theme ${t} has no item`);
  });

  it('keep processing modes, limits and procedures consistent', () => {
    for (const i of DEMO_ITEMS) {
      const c = i.content;
      assert.equal(c.processingMode === 'instant', c.promisedLimitDays === 0, `${i.key}: instant iff promised 0`);
      const planned = c.procedure.reduce((s, p) => s + (p.workdays ?? 0), 0);
      assert.ok(planned <= c.promisedLimitDays, `${i.key}: steps take ${planned} > ${c.promisedLimitDays}`);
      assert.match(c.consultPhone, /^0898-\d{8}$/, i.key);
      assert.equal(c.complaintPhone, '12345');
      assert.ok(c.acceptanceLocation.startsWith(DEMO_CENTERS[i.center].name) || !c.inHall, i.key);
      assert.ok(c.result.length > 0 && c.nameEn, i.key);
    }
    const modes = new Set(DEMO_ITEMS.map((i) => i.content.processingMode));
    for (const m of ['instant', 'promised', 'joint', 'reported']) assert.ok(modes.has(m as never), `no ${m} item`);
    assert.ok(DEMO_ITEMS.filter((i) => i.content.fees.length > 0).length >= 5, 'few items with fees');
    assert.ok(DEMO_ITEMS.filter((i) => i.content.specialProcedures.length > 0).length >= 10, 'few special procedures');
    assert.ok(DEMO_ITEMS.some((i) => i.content.visits === 0) && DEMO_ITEMS.some((i) => i.content.visits === 2));
    assert.ok(DEMO_ITEMS.some((i) => i.content.name.includes('临时居民身份证') && i.content.processingMode === 'instant'));
    assert.ok(DEMO_ITEMS.some((i) => i.content.name.includes('社会保障卡') && i.content.processingMode === 'instant'));
  });

  it('are written in simplified Chinese', () => {
    const text = JSON.stringify({ DEMO_ITEMS, DEMO_DEPARTMENTS, DEMO_THEMES, DEMO_LIFE_EVENTS });
    const traditional = text.match(/[許證務記業關為與國門東車書請開發單醫險權產設鑒運營規劃環資審條辦費際華圖視區縣鄉鎮]/g);
    assert.equal(traditional, null, `traditional characters: ${[...new Set(traditional ?? [])].join('')}`);
  });
});
