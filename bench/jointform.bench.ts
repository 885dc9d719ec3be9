// The merged form of every demo life event (一件事), for every combination of answers: the fields
// the applicant is asked against the sum of the fields of the separate items' forms, and the
// uploads asked against the sum of the separate items' materials. The separate items are the
// reference: what the applicant would fill and upload applying for each item on its own.
import { performance } from 'node:perf_hooks';
import { fixedClock } from '../server/src/lib/clock.ts';
import { seedDemo } from '../server/src/seed/seed.ts';
import * as joint from '../server/src/modules/joint/joint.repository.ts';
import type { MatterDefinition } from '../server/src/modules/joint/joint.schemas.ts';
import { checklistFor } from '../server/src/modules/joint/matters.service.ts';
import { benchPlatform, options, table } from './lib.ts';

options({}, 'Fields and uploads of the merged form of every demo life event, against the sum over the separate items, for every combination of answers.');

const NOW = new Date('2026-11-23T02:00:00Z');
const platform = await benchPlatform('jointform', { clock: fixedClock(NOW) });
try {
  await seedDemo(platform.ctx);
  const matters = await joint.listPublished(platform.ctx.db, {});
  const rows: Array<Record<string, string | number>> = [];
  const perMatter: Record<string, { combinations: number; fieldsRatio: number; materialsRatio: number }> = {};
  let computeMs = 0;
  let computed = 0;
  for (const m of matters) {
    const def = m.definition as MatterDefinition;
    // Every combination of answers: the cartesian product of the questions' options.
    let combos: Array<Record<string, string>> = [{}];
    for (const q of def.questions) combos = combos.flatMap((a) => q.options.map((o) => ({ ...a, [q.key]: o.value })));
    let asked = 0, separate = 0, uploads = 0, uploadsSeparate = 0;
    for (const answers of combos) {
      const t0 = performance.now();
      const { merged } = await checklistFor(platform.ctx, m, answers);
      computeMs += performance.now() - t0;
      computed++;
      const c = merged.counts;
      asked += c.fieldsAsked; separate += c.fieldsSeparate; uploads += c.materialsAsked; uploadsSeparate += c.materialsSeparate;
      rows.push({
        matter: m.key, answers: Object.values(answers).join('/'), items: merged.included.length,
        fields: c.fieldsAsked, 'fields sep.': c.fieldsSeparate, 'fields ratio': c.fieldsAsked / c.fieldsSeparate,
        uploads: c.materialsAsked, 'uploads sep.': c.materialsSeparate, 'uploads ratio': c.materialsAsked / c.materialsSeparate,
      });
    }
    perMatter[m.key] = { combinations: combos.length, fieldsRatio: asked / separate, materialsRatio: uploads / uploadsSeparate };
  }
  table(rows);
  console.log('');
  table(Object.entries(perMatter).map(([key, v]) => ({ matter: key, combinations: v.combinations, 'fields asked / separate': v.fieldsRatio, 'uploads / separate': v.materialsRatio })));
  console.log(`\nchecklist computed ${computed} times, mean ${(computeMs / computed).toFixed(2)} ms (reads the items' versions in force)`);
  console.log(JSON.stringify({ bench: 'jointform', matters: perMatter, checklistMeanMs: Number((computeMs / computed).toFixed(2)) }));
} finally {
  await platform.close();
}
