import type { AppContext } from '../../lib/context.ts';
import { every } from '../../lib/periodic.ts';
import { markMissedAppointments } from './appointments.service.ts';
import { sendDueReminders } from './reminders.service.ts';

/**
 * The hall's sweeps every `everyMs`: booked appointments whose slot ended become no-shows; booked
 * appointments within their reminder lead time are reminded once. The database says what is due.
 */
export function startHallJobs(ctx: AppContext, log: (m: string) => void, everyMs = 60_000): () => void {
  return every('hall jobs', everyMs, log, async (sweep) => {
    await sweep.drain(() => markMissedAppointments(ctx), log, (n) => `${n} missed appointment(s) marked no-show`);
    await sweep.drain(() => sendDueReminders(ctx), log, (n) => `${n} appointment reminder(s) sent`);
  });
}
