// Due dates per second through the working-day calendar (Calendar.addWorkdays: prefix counts, O(1)
// per question) beside chinese-days' findWorkday (one day at a time) on the same random pairs, with
// the answers compared on every pair whose dates both know (2004–2026). Pure computation, no database.
import { performance } from 'node:perf_hooks';
import chineseDays from 'chinese-days';
import { Calendar, nationalLayer } from '../server/src/modules/calendar/calendar.engine.ts';
import { formatDay, parseDay } from '../server/src/modules/calendar/dates.ts';
import { OFFICIAL_SCHEDULES } from '../server/src/modules/calendar/official-schedules.ts';
import { options, table } from './lib.ts';
import { seededRandom } from '../server/src/test/random.ts';

const opt = options({ pairs: 1_000_000, sample: 100_000, maxWorkdays: 500, seed: 2026 },
  'Due dates per second for N random (date in 2004–2026, 0..maxWorkdays working days) pairs through Calendar.addWorkdays,\n' +
  'beside chinese-days findWorkday on the first `sample` of the same pairs (it walks day by day: a full million takes minutes),\n' +
  'comparing the answers on every pair chinese-days ran whose due date it knows (≤ 2026-12-31).');

// ---- the pairs, made before any clock runs ----
const random = seededRandom(opt.seed);
const lo = parseDay('2004-01-01');
const span = parseDay('2026-12-31') - lo + 1;
const froms: string[] = new Array(opt.pairs);
const counts = new Int32Array(opt.pairs);
for (let k = 0; k < opt.pairs; k++) {
  froms[k] = formatDay(lo + Math.floor(random() * span));
  counts[k] = Math.floor(random() * (opt.maxWorkdays + 1));
}
const sample = Math.min(opt.sample, opt.pairs);

// ---- building the calendar (what a cache miss costs after the database rows are read) ----
let t0 = performance.now();
const years = OFFICIAL_SCHEDULES.map((s) => s.year);
const layer = nationalLayer(OFFICIAL_SCHEDULES);
const cal = new Calendar({ officialYears: years, layers: [layer] });
const buildMs = performance.now() - t0;
t0 = performance.now();
cal.isWorkday('2199-12-31'); // extends to the last year: 173 computed years
const extendMs = performance.now() - t0;

// ---- Calendar.addWorkdays on all pairs; twice, the second run is timed ----
const dues: string[] = new Array(opt.pairs);
const run = () => {
  let provisional = 0;
  const start = performance.now();
  for (let k = 0; k < opt.pairs; k++) {
    const r = cal.addWorkdays(froms[k]!, counts[k]!);
    dues[k] = r.due;
    if (r.provisional) provisional++;
  }
  return { seconds: (performance.now() - start) / 1000, provisional };
};
run();
const ours = run();

/** The same dates with a fixed count, to show the cost does not grow with it. */
const fixed = (n: number) => {
  const start = performance.now();
  let sink = 0;
  for (let k = 0; k < opt.pairs; k++) sink += cal.addWorkdays(froms[k]!, n).due.length;
  if (sink === 0) throw new Error('unreachable');
  return (performance.now() - start) / 1000;
};
fixed(5);
const five = fixed(5);
const fiveHundred = fixed(500);

// ---- chinese-days findWorkday on the sample, compared pair by pair ----
let mismatches = 0;
let compared = 0;
let outside = 0;
const examples: string[] = [];
const startCd = performance.now();
const theirs: string[] = new Array(sample);
for (let k = 0; k < sample; k++) theirs[k] = chineseDays.findWorkday(counts[k]!, froms[k]!);
const cdSeconds = (performance.now() - startCd) / 1000;
for (let k = 0; k < sample; k++) {
  if (dues[k]! > '2026-12-31' || theirs[k]! > '2026-12-31') { outside++; continue; }
  compared++;
  if (dues[k] !== theirs[k]) {
    mismatches++;
    if (examples.length < 5) examples.push(`${froms[k]} + ${counts[k]}: ${dues[k]} vs ${theirs[k]}`);
  }
}

const rate = (n: number, s: number) => n / s;
const oursRate = rate(opt.pairs, ours.seconds);
const cdRate = rate(sample, cdSeconds);
console.log(`\nDeadline benchmark: ${opt.pairs} pairs (date 2004–2026, 0..${opt.maxWorkdays} working days); chinese-days on the first ${sample}\n`);
table([
  { implementation: 'Calendar.addWorkdays (random n)', pairs: opt.pairs, seconds: ours.seconds, 'due dates/s': Math.round(oursRate), 'ns/due': (ours.seconds * 1e9) / opt.pairs },
  { implementation: 'Calendar.addWorkdays (n = 5)', pairs: opt.pairs, seconds: five, 'due dates/s': Math.round(rate(opt.pairs, five)), 'ns/due': (five * 1e9) / opt.pairs },
  { implementation: 'Calendar.addWorkdays (n = 500)', pairs: opt.pairs, seconds: fiveHundred, 'due dates/s': Math.round(rate(opt.pairs, fiveHundred)), 'ns/due': (fiveHundred * 1e9) / opt.pairs },
  { implementation: 'chinese-days findWorkday (random n)', pairs: sample, seconds: cdSeconds, 'due dates/s': Math.round(cdRate), 'ns/due': (cdSeconds * 1e9) / sample },
]);
console.log(`\nCalendar is ${(oursRate / cdRate).toFixed(0)}x faster; n = 500 costs ${(fiveHundred / five).toFixed(2)}x n = 5.`);
console.log(`Compared ${compared} pairs (${outside} left out: due after 2026, beyond chinese-days' data): ${mismatches} mismatches${examples.length ? ` e.g. ${examples.join('; ')}` : ''}.`);
console.log(`Building the national calendar: ${buildMs.toFixed(1)} ms; extending it to 2199: ${extendMs.toFixed(1)} ms. ${ours.provisional} of the answers are provisional (due in 2027 or later).\n`);
console.log(JSON.stringify({
  bench: 'deadline', pairs: opt.pairs, maxWorkdays: opt.maxWorkdays, seed: opt.seed,
  calendar: { seconds: +ours.seconds.toFixed(3), perSecond: Math.round(oursRate), n5PerSecond: Math.round(rate(opt.pairs, five)), n500PerSecond: Math.round(rate(opt.pairs, fiveHundred)) },
  chineseDays: { pairs: sample, seconds: +cdSeconds.toFixed(3), perSecond: Math.round(cdRate) },
  ratio: +(oursRate / cdRate).toFixed(1), n500ToN5Cost: +(fiveHundred / five).toFixed(2),
  compared, outside, mismatches, buildMs: +buildMs.toFixed(1), extendTo2199Ms: +extendMs.toFixed(1),
}));
if (mismatches > 0) process.exitCode = 1;
