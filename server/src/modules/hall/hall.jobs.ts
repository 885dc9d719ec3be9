import type { AppContext } from '../../lib/context.ts';
import { markMissedAppointments } from './appointments.service.ts';

/** The hall's sweep every `everyMs`: booked appointments whose slot ended become no-shows. The database says what is due. */
export function startHallJobs(ctx: AppContext, log: (m: string) => void, everyMs = 60_000): () => void {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      let n;
      do {
        n = await markMissedAppointments(ctx);
        if (n) log(`${n} missed appointment(s) marked no-show`);
      } while (n > 0);
    } catch (err) {
      log(`hall jobs: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, everyMs);
  timer.unref();
  void tick();
  return () => clearInterval(timer);
}
