// The pure calendar: dates, the holiday rules, the official data and the deadline arithmetic,
// checked against the 2026 State Council schedule and against chinese-days.
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import chineseDays from 'chinese-days';
import { DomainError } from '../../lib/errors.ts';
import { Calendar, nationalLayer, type CalendarLayer } from './calendar.engine.ts';
import { officialSchedule, type OfficialSchedule } from './calendar.schemas.ts';
import { DAY_COUNT, endOfChinaDay, formatDay, isWeekend, parseDay, weekdayOf, yearEndIndex, yearStartIndex } from './dates.ts';
import { statutoryHolidays } from './holiday-rules.ts';
import { OFFICIAL_SCHEDULES } from './official-schedules.ts';
import { seededRandom } from '../../test/random.ts';

const national = nationalLayer;
const official = () => new Calendar({ officialYears: OFFICIAL_SCHEDULES.map((s) => s.year), layers: [national(OFFICIAL_SCHEDULES)] });
const cal = official();

const code = (fn: () => unknown) => {
  try { fn(); } catch (e) { return e instanceof DomainError ? e.code : String(e); }
  return 'no error';
};

test('dates: every day of 2000–2199 round-trips, weekdays are right, bad strings are refused', () => {
  for (let i = 0; i < DAY_COUNT; i++) assert.equal(parseDay(formatDay(i)), i);
  assert.equal(formatDay(0), '2000-01-01');
  assert.equal(formatDay(DAY_COUNT - 1), '2199-12-31');
  assert.equal(weekdayOf(parseDay('2026-02-14')), 6); // Saturday
  assert.equal(weekdayOf(parseDay('2026-10-01')), 4); // Thursday
  assert.equal(parseDay('2024-02-29'), parseDay('2024-02-28') + 1);
  for (const bad of ['2026-02-29', '2026-13-01', '2026-00-10', '2026-1-01', '2026/01/01', ' 2026-01-01', '2100-02-29', 'abcd-ef-gh', '']) assert.equal(parseDay(bad), -1, bad);
  assert.equal(parseDay('1999-12-31'), -2);
  assert.equal(parseDay('2200-01-01'), -2);
  assert.equal(endOfChinaDay('2026-02-24').toISOString(), '2026-02-24T16:00:00.000Z');
});

test('the lunar dates and Qingming are computed right for 2025, 2026 and 2027', () => {
  const names = (y: number) => statutoryHolidays(y).map((h) => `${formatDay(h.day)} ${h.name}${h.substitute ? '（补假）' : ''}`);
  // 2025 (rules of 2024): 除夕 1-28, 初一 1-29; 清明 4-4; 端午 5-31 (Sat → 6-2); 中秋 10-6.
  assert.deepEqual(names(2025), [
    '2025-01-01 元旦', '2025-01-28 春节', '2025-01-29 春节', '2025-01-30 春节', '2025-01-31 春节',
    '2025-04-04 清明节', '2025-05-01 劳动节', '2025-05-02 劳动节', '2025-05-31 端午节', '2025-06-02 端午节（补假）',
    '2025-10-01 国庆节', '2025-10-02 国庆节', '2025-10-03 国庆节', '2025-10-06 中秋节',
  ]);
  // 2026: 除夕 2-16, 清明 4-5 (Sun → 4-6), 端午 6-19, 中秋 9-25 — the days of the State Council notice.
  const y2026 = names(2026);
  for (const d of ['2026-02-16 春节', '2026-02-17 春节', '2026-02-18 春节', '2026-02-19 春节', '2026-04-05 清明节', '2026-04-06 清明节（补假）', '2026-06-19 端午节', '2026-09-25 中秋节']) {
    assert.ok(y2026.includes(d), d);
  }
  // 2027: 除夕 2-5 (Fri), 初一 2-6 (Sat), so two substitutes; 清明 4-5; 劳动节 on a weekend; 端午 6-9; 中秋 9-15.
  assert.deepEqual(names(2027), [
    '2027-01-01 元旦', '2027-02-05 春节', '2027-02-06 春节', '2027-02-07 春节', '2027-02-08 春节', '2027-02-09 春节（补假）', '2027-02-10 春节（补假）',
    '2027-04-05 清明节', '2027-05-01 劳动节', '2027-05-02 劳动节', '2027-05-03 劳动节（补假）', '2027-05-04 劳动节（补假）',
    '2027-06-09 端午节', '2027-09-15 中秋节', '2027-10-01 国庆节', '2027-10-02 国庆节', '2027-10-03 国庆节', '2027-10-04 国庆节（补假）', '2027-10-05 国庆节（补假）',
  ]);
});

test('the computed rules agree with every official schedule of 2008–2026', () => {
  // Every statutory day the rules compute is a day off in the official schedule, and the net number
  // of weekdays off (days off on weekdays − make-up workdays) is the same, except where the State
  // Council added days: 2015 (+1, 抗战胜利70周年), 2020 (+2, the epidemic's longer Spring Festival);
  // 2011 and 2012 are compared together because 2012's make-up day was 2011-12-31.
  const net: Record<number, { official: number; computed: number }> = {};
  for (let y = 2008; y <= 2026; y++) {
    for (const h of statutoryHolidays(y)) {
      if (!h.substitute) assert.equal(chineseDays.isWorkday(formatDay(h.day)), false, `${formatDay(h.day)} ${h.name}`);
    }
    let official = 0;
    for (let i = yearStartIndex(y); i <= yearEndIndex(y); i++) {
      const work = chineseDays.isWorkday(formatDay(i));
      if (!isWeekend(i) && !work) official++;
      if (isWeekend(i) && work) official--;
    }
    net[y] = { official, computed: statutoryHolidays(y).filter((h) => !isWeekend(h.day)).length };
  }
  for (let y = 2008; y <= 2026; y++) {
    if (y === 2011 || y === 2012) continue;
    const extra = y === 2015 ? 1 : y === 2020 ? 2 : 0;
    assert.equal(net[y]!.official, net[y]!.computed + extra, String(y));
  }
  assert.equal(net[2011]!.official + net[2012]!.official, net[2011]!.computed + net[2012]!.computed);
});

test('the shipped official schedules are valid and agree with chinese-days on every day of 2004–2026', () => {
  for (const s of OFFICIAL_SCHEDULES) assert.ok(officialSchedule.safeParse(s).success, String(s.year));
  assert.deepEqual(OFFICIAL_SCHEDULES.map((s) => s.year), Array.from({ length: 23 }, (_, k) => 2004 + k));
  let days = 0;
  for (let i = parseDay('2004-01-01'); i <= parseDay('2026-12-31'); i++, days++) {
    const d = formatDay(i);
    assert.equal(cal.isWorkday(d), chineseDays.isWorkday(d), d);
  }
  assert.equal(days, 8401);
});

test('2026: the State Council schedule, make-up Saturdays and Sundays included', () => {
  const due = (from: string, n: number) => cal.addWorkdays(from, n).due;
  // 元旦 1-1…1-3 off, Sunday 1-4 worked.
  assert.equal(due('2025-12-31', 1), '2026-01-04');
  assert.equal(due('2025-12-31', 2), '2026-01-05');
  // 春节 2-15…2-23 off; Saturdays 2-14 and 2-28 worked.
  assert.equal(due('2026-02-13', 1), '2026-02-14');
  assert.equal(due('2026-02-12', 3), '2026-02-24');
  assert.equal(due('2026-02-14', 1), '2026-02-24');
  assert.equal(due('2026-02-27', 1), '2026-02-28');
  assert.equal(cal.countWorkdays('2026-02-13', '2026-02-28').workdays, 6); // 2-14, 2-24…2-27, 2-28
  // 国庆 10-1…10-7 (中秋 9-25…9-27 just before); Sunday 9-20 and Saturday 10-10 worked.
  assert.equal(due('2026-09-18', 1), '2026-09-20');
  assert.equal(due('2026-09-24', 1), '2026-09-28');
  assert.equal(due('2026-09-30', 1), '2026-10-08');
  assert.equal(due('2026-10-09', 1), '2026-10-10');
  assert.equal(cal.isWorkday('2026-10-10'), true);
  assert.equal(cal.isWorkday('2026-10-07'), false);
  // A 20-day decision limit accepted on Monday 2026-09-21: 9-22…9-24, 9-28…9-30, 10-8, 10-9,
  // Saturday 10-10, 10-12…10-16, 10-19…10-23, and the 20th is 10-26.
  assert.equal(due('2026-09-21', 20), '2026-10-26');
  assert.equal(cal.addWorkdays('2026-09-21', 20).provisional, false);
});

test('the first day is not counted; zero and negative counts; counts are (from, to]', () => {
  const due = (from: string, n: number) => cal.addWorkdays(from, n).due;
  assert.equal(due('2026-03-02', 1), '2026-03-03'); // Monday → Tuesday
  assert.equal(due('2026-03-06', 1), '2026-03-09'); // Friday → Monday
  assert.equal(due('2026-03-07', 1), '2026-03-09'); // Saturday → Monday
  assert.equal(due('2026-03-02', 5), '2026-03-09');
  assert.equal(due('2026-03-02', 0), '2026-03-02'); // n = 0: the day itself when it is a working day …
  assert.equal(due('2026-03-07', 0), '2026-03-09'); // … else the next working day
  assert.equal(due('2026-03-09', -1), '2026-03-06');
  assert.equal(due('2026-02-24', -1), '2026-02-14');
  assert.equal(cal.countWorkdays('2026-03-02', '2026-03-09').workdays, 5);
  assert.equal(cal.countWorkdays('2026-03-09', '2026-03-02').workdays, -5);
  assert.equal(cal.countWorkdays('2026-03-07', '2026-03-08').workdays, 0);
  assert.equal(cal.countWorkdays('2026-03-02', '2026-03-02').workdays, 0);
  assert.equal(code(() => cal.addWorkdays('2026-03-02', 1.5)), 'WORKDAYS_INVALID');
});

test('across year ends and into a provisional year', () => {
  assert.deepEqual(cal.addWorkdays('2024-12-30', 3), { due: '2025-01-03', provisional: false });
  assert.deepEqual(cal.addWorkdays('2026-06-01', 10), { due: '2026-06-15', provisional: false });
  // 2027 has no official schedule: its holidays are computed (元旦 1-1; 春节 2-5…2-8 with 2-9, 2-10 in lieu).
  const r = cal.addWorkdays('2026-12-25', 5);
  assert.deepEqual(r, { due: '2027-01-04', provisional: true });
  assert.equal(cal.addWorkdays('2027-02-04', 1).due, '2027-02-11');
  assert.equal(cal.countWorkdays('2026-12-01', '2026-12-31').provisional, false);
  assert.equal(cal.countWorkdays('2026-12-01', '2027-01-05').provisional, true);
  assert.equal(cal.countWorkdays('2027-01-05', '2026-12-01').provisional, true);
  assert.equal(cal.isProvisional('2027-03-01'), true);
  assert.ok(cal.provisionalYears.has(2027) && !cal.provisionalYears.has(2026) && cal.provisionalYears.has(2003));

  // Then the 2027 schedule arrives (a made-up one here) and the same deadline moves and is final.
  const y2027: OfficialSchedule = {
    year: 2027, notice: 'test',
    holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }, { name: '春节', from: '2027-02-05', to: '2027-02-13' }],
    workdays: [{ name: '春节', date: '2027-02-14' }],
  };
  const next = new Calendar({ officialYears: [...OFFICIAL_SCHEDULES.map((s) => s.year), 2027], layers: [national([...OFFICIAL_SCHEDULES, y2027])] });
  assert.deepEqual(next.addWorkdays('2026-12-25', 5), { due: '2027-01-04', provisional: false });
  assert.deepEqual(next.addWorkdays('2027-02-04', 1), { due: '2027-02-14', provisional: false });
  assert.equal(next.provisionalYears.has(2027), false);
});

test('the calendar extends itself to 2199, and refuses what lies beyond', () => {
  assert.deepEqual(cal.addWorkdays('2150-06-01', 500), cal.addWorkdays('2150-06-01', 500));
  const far = cal.addWorkdays('2199-12-01', 5);
  assert.equal(far.provisional, true);
  assert.equal(cal.countWorkdays('2026-01-01', far.due).workdays, cal.countWorkdays('2026-01-01', '2199-12-01').workdays + 5);
  assert.equal(code(() => cal.addWorkdays('2199-12-30', 5)), 'DATE_OUT_OF_RANGE');
  assert.equal(code(() => cal.addWorkdays('2000-01-05', -10)), 'DATE_OUT_OF_RANGE');
  assert.equal(code(() => cal.addWorkdays('1999-12-31', 1)), 'DATE_OUT_OF_RANGE');
  assert.equal(code(() => cal.addWorkdays('2026-02-30', 1)), 'DATE_INVALID');
  assert.equal(code(() => cal.countWorkdays('2026-01-01', '2026-1-1')), 'DATE_INVALID');
  // 国庆节 2100 is computed: 10-1 is a Friday, so 10-2 and 10-3 (the weekend) give 10-4 and 10-5.
  assert.equal(cal.isWorkday('2100-10-04'), false);
  assert.equal(cal.isWorkday('2100-10-06'), true);
});

test('the same answers as chinese-days findWorkday on 5,000 random pairs inside 2004–2026', () => {
  // chinese-days' findWorkday(n, date) with n ≥ 1 steps from `date` one day at a time and counts the
  // working days it enters, so it too leaves the start day out; with n = 0 it returns the date when
  // it is a working day, else the next one — the same rules as here, so the answers compare as is.
  const random = seededRandom(20260101);
  const lo = parseDay('2004-01-01');
  const span = parseDay('2026-12-31') - lo - 800;
  let compared = 0;
  for (let k = 0; k < 5_000; k++) {
    const from = formatDay(lo + Math.floor(random() * span));
    const n = Math.floor(random() * 501) - (k % 10 === 0 ? 250 : 0);
    const ours = cal.addWorkdays(from, n).due;
    if (ours < '2004-01-01' || ours > '2026-12-31') continue;
    assert.equal(ours, chineseDays.findWorkday(n, from), `${from} + ${n}`);
    if (n > 0) assert.equal(cal.countWorkdays(from, ours).workdays, n);
    compared++;
  }
  assert.ok(compared > 4_700, `${compared} compared`);
});

test('regional layers: a local holiday of the province reaches the city, the city can override it', () => {
  const layers = (...local: CalendarLayer[]) => new Calendar({ officialYears: OFFICIAL_SCHEDULES.map((s) => s.year), layers: [national(OFFICIAL_SCHEDULES), ...local] });
  const province: CalendarLayer = { region: '460000', days: [{ date: '2026-04-20', kind: 'holiday', name: '三月三' }, { date: '2026-04-21', kind: 'holiday', name: '三月三' }] };
  const haikou: CalendarLayer = { region: '460100', days: [{ date: '2026-04-21', kind: 'workday', name: '本市照常上班' }, { date: '2026-10-08', kind: 'holiday', name: '本地假日' }] };
  const p = layers(province);
  const h = layers(province, haikou);
  assert.equal(cal.addWorkdays('2026-04-17', 1).due, '2026-04-20');
  assert.equal(p.addWorkdays('2026-04-17', 1).due, '2026-04-22');
  assert.equal(h.addWorkdays('2026-04-17', 1).due, '2026-04-21');
  assert.equal(h.addWorkdays('2026-09-30', 1).due, '2026-10-09');
  assert.deepEqual(h.specialDays(2026).filter((d) => d.source === 'local'), [
    { date: '2026-04-20', working: false, name: '三月三', source: 'local', region: '460000' },
    { date: '2026-04-21', working: true, name: '本市照常上班', source: 'local', region: '460100' },
    { date: '2026-10-08', working: false, name: '本地假日', source: 'local', region: '460100' },
  ]);
  const computed = cal.specialDays(2027);
  assert.ok(computed.every((d) => d.source === 'computed' && !d.working));
  assert.ok(computed.some((d) => d.name === '春节（补假）' && d.date === '2027-02-09'));
});

test('answers do not depend on the time zone of the server', () => {
  const before = process.env.TZ;
  const answers = (c: Calendar) => [c.addWorkdays('2026-09-30', 1).due, c.addWorkdays('2025-12-31', 1).due, c.countWorkdays('2026-02-13', '2026-02-28').workdays, endOfChinaDay('2026-10-08').toISOString()];
  const reference = answers(cal);
  try {
    for (const tz of ['America/Los_Angeles', 'Pacific/Kiritimati', 'UTC', 'Asia/Shanghai']) {
      process.env.TZ = tz;
      assert.deepEqual(answers(cal), reference, tz);
      // A calendar built in this time zone answers like the one built before.
      assert.deepEqual(answers(new Calendar({ officialYears: OFFICIAL_SCHEDULES.map((s) => s.year), layers: [national(OFFICIAL_SCHEDULES)] })), reference, tz);
    }
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
});

test('a due date costs the same for 5 working days or 500 (no day-by-day loop)', () => {
  const fresh = official();
  const random = seededRandom(7);
  const froms = Array.from({ length: 4096 }, () => formatDay(parseDay('2005-01-01') + Math.floor(random() * 7000)));
  const time = (n: number) => {
    const t0 = performance.now();
    for (let k = 0; k < 200_000; k++) fresh.addWorkdays(froms[k & 4095]!, n);
    return performance.now() - t0;
  };
  time(5); time(500); // warm up
  const five = Math.min(time(5), time(5));
  const fiveHundred = Math.min(time(500), time(500));
  assert.ok(fiveHundred < five * 3 + 20, `n=5: ${five.toFixed(1)} ms, n=500: ${fiveHundred.toFixed(1)} ms`);
});
