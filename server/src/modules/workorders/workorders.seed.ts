import type { Db } from '../../db/database.ts';

/**
 * The demo category tree of work orders (idempotent by code): the usual first levels of a 12345 hotline
 * and a few second levels, in every center. Real centers load their provincial classification the same way.
 */
const TREE: Array<{ code: string; name: string; nameEn: string; children?: Array<{ code: string; name: string; nameEn: string }> }> = [
  { code: 'gov', name: '政务服务', nameEn: 'Government services', children: [
    { code: 'gov.item', name: '办事咨询', nameEn: 'How to apply' },
    { code: 'gov.attitude', name: '工作人员服务态度', nameEn: 'Staff attitude' },
    { code: 'gov.delay', name: '办理超时', nameEn: 'Delays' },
  ] },
  { code: 'city', name: '城市管理', nameEn: 'City management', children: [
    { code: 'city.noise', name: '噪声扰民', nameEn: 'Noise' },
    { code: 'city.road', name: '道路设施', nameEn: 'Roads and street furniture' },
    { code: 'city.sanitation', name: '环境卫生', nameEn: 'Sanitation' },
  ] },
  { code: 'market', name: '市场监管', nameEn: 'Market regulation', children: [
    { code: 'market.food', name: '食品安全', nameEn: 'Food safety' },
    { code: 'market.consumer', name: '消费维权', nameEn: 'Consumer rights' },
  ] },
  { code: 'housing', name: '住房建设', nameEn: 'Housing and construction' },
  { code: 'social', name: '社会保障', nameEn: 'Social security' },
];

/**
 * Loads the tree into every center that does not have its codes yet (each center keeps its own tree,
 * 0051; the same codes in every center keep figures across centers comparable).
 */
export async function seedWorkOrderCategories(db: Db): Promise<number> {
  let created = 0;
  for (const center of await db.selectFrom('centers').select('id').orderBy('id').execute()) {
    let sort = 0;
    for (const top of TREE) {
      const parent = await upsert(db, center.id, top.code, top.name, top.nameEn, null, sort++);
      created += parent.created;
      for (const c of top.children ?? []) created += (await upsert(db, center.id, c.code, c.name, c.nameEn, parent.id, sort++)).created;
    }
  }
  return created;
}

async function upsert(db: Db, centerId: string, code: string, name: string, nameEn: string, parentId: string | null, sort: number) {
  const found = await db.selectFrom('workorder_categories').select('id').where('center_id', '=', centerId).where('code', '=', code).executeTakeFirst();
  if (found) return { id: found.id, created: 0 };
  const row = await db.insertInto('workorder_categories').values({ center_id: centerId, code, name, name_en: nameEn, parent_id: parentId, sort }).returning('id').executeTakeFirstOrThrow();
  return { id: row.id, created: 1 };
}
