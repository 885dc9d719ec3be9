import assert from 'node:assert/strict';
import { test } from 'node:test';
import { caseDates, lightOf, type WorkCalendar } from './clock.ts';

// Weekdays only, for the arithmetic of the rules; the real calendar has its own tests.
const weekdays: WorkCalendar = {
  addWorkdays(from, n) {
    const d = new Date(`${from}T00:00:00Z`);
    let left = n;
    while (left > 0) {
      d.setUTCDate(d.getUTCDate() + 1);
      if (d.getUTCDay() % 6 !== 0) left--;
    }
    return { due: d.toISOString().slice(0, 10), provisional: false };
  },
  countWorkdays(from, to) {
    let n = 0;
    const d = new Date(`${from}T00:00:00Z`);
    while (d.toISOString().slice(0, 10) < to) {
      d.setUTCDate(d.getUTCDate() + 1);
      if (d.getUTCDay() % 6 !== 0) n++;
    }
    return { workdays: n, provisional: false };
  },
};

test('due, statutory due and warning from the acceptance date; first day not counted', () => {
  // Monday 2026-03-02 + 5 working days = Monday 03-09; + 20 = Monday 03-30; warning at 4 = Friday 03-06.
  const d = caseDates(weekdays, { acceptedDate: '2026-03-02', promisedDays: 5, statutoryDays: 20, extensionDays: 0, suspendedWorkdays: 0 });
  assert.deepEqual(d, { dueDate: '2026-03-09', statutoryDueDate: '2026-03-30', warningDate: '2026-03-06', provisional: false });
});

test('an extension and suspended working days push every date', () => {
  const d = caseDates(weekdays, { acceptedDate: '2026-03-02', promisedDays: 5, statutoryDays: 20, extensionDays: 10, suspendedWorkdays: 3 });
  assert.equal(d.dueDate, '2026-03-26'); // 18 working days after 03-02
  assert.equal(d.statutoryDueDate, '2026-04-16'); // 33
});

test('an instant item is due on its acceptance day', () => {
  const d = caseDates(weekdays, { acceptedDate: '2026-03-02', promisedDays: 0, statutoryDays: 20, extensionDays: 0, suspendedWorkdays: 0 });
  assert.equal(d.dueDate, '2026-03-02');
  assert.equal(d.warningDate, '2026-03-02');
});

test('lights: green, yellow from the warning date, red after the due date', () => {
  assert.equal(lightOf('2026-03-05', '2026-03-09', '2026-03-06'), 'green');
  assert.equal(lightOf('2026-03-06', '2026-03-09', '2026-03-06'), 'yellow');
  assert.equal(lightOf('2026-03-09', '2026-03-09', '2026-03-06'), 'yellow', 'the last day is still on time');
  assert.equal(lightOf('2026-03-10', '2026-03-09', '2026-03-06'), 'red');
  assert.equal(lightOf('2026-03-10', null, null), null);
});
