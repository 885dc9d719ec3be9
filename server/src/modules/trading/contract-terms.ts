import type { TenderContract } from '../../db/types.ts';
import { addCalendarDays, chinaDate } from '../../lib/clock.ts';
import { errors } from '../../lib/errors.ts';

/** 招标投标法 第四十六条: the contract is made within thirty days of the award notice being sent (calendar days). */
export const CONTRACT_DAYS = 30;

/** The last day (China date) a contract may be signed on time: the award notice's day plus thirty days. */
export const contractDueBy = (awardedOn: string) => addCalendarDays(awardedOn, CONTRACT_DAYS);

/**
 * An award notice sent before this instant is past its 30 days today (China dates): the contract was due by
 * yesterday at the latest, so the notice's China date is before today minus 30 days, i.e. before that day's midnight.
 */
export const contractOverdueCutoff = (now: Date) => new Date(`${addCalendarDays(chinaDate(now), -CONTRACT_DAYS)}T00:00:00+08:00`);

/**
 * The contract as kept, once its date has been found between the award notice and today. A contract signed later
 * than the thirty days is still a contract (the law punishes the delay, it does not void it), but the tenderer who
 * delays without a proper reason is fined (招标投标法实施条例 第七十三条), so the delay is recorded with its reason
 * for the supervising department: without one it is refused, nothing written.
 */
export function contractTerms(contract: TenderContract, awardedOn: string, reason: string | undefined): TenderContract {
  const dueBy = contractDueBy(awardedOn);
  const { title, priceFen, signedOn } = contract;
  if (signedOn <= dueBy) return { title, priceFen, signedOn };
  const lateReason = reason?.trim();
  if (!lateReason) throw errors.TENDER_CONTRACT_LATE_REASON({ awardedOn, dueBy, signedOn, field: 'reason' });
  return { title, priceFen, signedOn, lateReason };
}
