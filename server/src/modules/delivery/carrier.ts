import type { CarrierEvent } from '../../db/types.ts';
import { chinaDate } from '../../lib/clock.ts';

/**
 * A postal carrier (承运商) is an outside party. The platform never trusts a clerk's word that a
 * parcel arrived: the case is delivered when the carrier reports it signed for. A carrier is asked
 * about a parcel by the delivery sweep (delivery.jobs.ts), never by a request of a clerk.
 *
 * To plug in a real carrier (EMS 中国邮政速递 through its open tracking API, or the province's
 * post contract): implement `Carrier.track` with its HTTP API (map its event codes to the five
 * statuses below; an error or a timeout throws and the parcel is asked again at the next poll),
 * and name it in `carrierFor()`. Nothing else changes.
 */
export interface Carrier {
  /** Every tracking event of the parcel so far, oldest first; the caller keeps those it has not seen. */
  track(parcel: ParcelRef, now: Date): Promise<CarrierEvent[]>;
}
export interface ParcelRef { carrier: string; trackingNo: string; dispatchedAt: Date }

/** The carriers a clerk may name, each with its tracking number format. */
export const CARRIERS = ['ems', 'sf', 'jd'] as const;
export type CarrierCode = (typeof CARRIERS)[number];

/** UPU S10 (EMS international and domestic: two letters, 8 digits, a check digit, two letters), or EMS's 13 digits. */
function emsValid(no: string): boolean {
  if (/^\d{13}$/.test(no)) return true;
  const m = /^[A-Z]{2}(\d{8})(\d)[A-Z]{2}$/.exec(no);
  if (!m) return false;
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = [...m[1]!].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  const check = 11 - (sum % 11);
  return Number(m[2]) === (check === 10 ? 0 : check === 11 ? 5 : check);
}

const FORMATS: Record<CarrierCode, (no: string) => boolean> = {
  ems: emsValid,
  sf: (no) => /^SF\d{12,13}$/.test(no),
  jd: (no) => /^JD[A-Z0-9]{13}$/.test(no),
};

export const trackingNoValid = (carrier: CarrierCode, no: string) => FORMATS[carrier](no);

const HOUR = 3600_000;

/**
 * The simulated carrier: behaves like a tracking API, from the parcel's dispatch time alone (so every
 * instance answers the same): collected 2 hours after dispatch, in transit after a day, signed for
 * after two days, or, for a tracking number whose digits (the last left out: EMS's check digit) end
 * in 999, returned undeliverable (地址不详) after three days.
 */
export const simulatedCarrier: Carrier = {
  async track(p, now) {
    const t0 = p.dispatchedAt.getTime();
    const undeliverable = p.trackingNo.replace(/\D/g, '').slice(0, -1).endsWith('999');
    const plan: Array<[number, CarrierEvent['status'], string?]> = [
      [2 * HOUR, 'collected'], [24 * HOUR, 'in_transit'],
      undeliverable ? [72 * HOUR, 'returned', '地址不详，无法投递 / address unknown, undeliverable'] : [48 * HOUR, 'signed'],
    ];
    return plan.filter(([after]) => t0 + after <= now.getTime())
      .map(([after, status, note]) => ({ status, at: new Date(t0 + after).toISOString(), ...(note ? { note } : {}) }));
  },
};

/** The carrier client for a carrier code (today the simulated one for all; a real one is named here). */
export function carrierFor(_code: string): Carrier {
  return simulatedCarrier;
}

/** The China date a signed-for event happened on: the legal date of delivery (送达日期). */
export const signedDate = (e: CarrierEvent) => chinaDate(new Date(e.at));
