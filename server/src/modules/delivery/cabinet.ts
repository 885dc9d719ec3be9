/**
 * The self-pickup cabinet (自助取件柜, seed 004 三(三)3) is an outside device. The platform asks it
 * for a free locker when a clerk puts a result in, and tells it to open a locker for staff when a
 * result is taken back; the cabinet reports a pickup code typed by an applicant to
 * `POST /api/delivery/cabinet/pickups`, authenticated by its device token (CABINET_DEVICE_TOKEN),
 * and opens the locker only when the platform answers that the code is right.
 *
 * A real cabinet (a vendor's controller on the hall network) implements this interface with its
 * API and is named in `cabinetFor()`; its controller is configured to call the endpoint above.
 */
export interface Cabinet {
  readonly id: string;
  /** A free locker, given the ones the platform knows are holding results; null when all are full. */
  reserve(busy: readonly string[]): Promise<string | null>;
  /** Opens a locker for staff to take a result back (not collected in time, or locked after wrong codes). */
  release(lockerNo: string): Promise<void>;
}

/** The simulated cabinet: `lockers` lockers numbered A01, A02, …; it keeps nothing itself, like a dumb controller. */
export function simulatedCabinet(id: string, lockers: number): Cabinet {
  const numbers = Array.from({ length: lockers }, (_, i) => `A${String(i + 1).padStart(2, '0')}`);
  return {
    id,
    async reserve(busy) {
      return numbers.find((n) => !busy.includes(n)) ?? null;
    },
    async release() {},
  };
}

/** The cabinet of the delivery window (one per center today: its id is the configured CABINET_ID). */
export function cabinetFor(config: { CABINET_ID: string; CABINET_LOCKERS: number }): Cabinet {
  return simulatedCabinet(config.CABINET_ID, config.CABINET_LOCKERS);
}
