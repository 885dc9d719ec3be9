import { randomInt } from 'node:crypto';
import { chinaDate } from '../../lib/clock.ts';
import { luhnDigit } from './receipt-number.ts';

/**
 * Submission numbers (提交编号, issue 14): every case that comes in gets one at once, so the
 * applicant holds a number right after submitting, long before acceptance gives the receipt number.
 * `S`, the China date of submission, 10 random digits and a Luhn check digit (20 characters): random
 * like receipt numbers, so two numbers tell nobody how many cases came in between them. The public
 * progress query takes it in place of the receipt number, with the query code drawn at submission.
 * One random draw, not checked here: the case insert (cases.repository.ts `insertCaseRow`) checks it by
 * inserting (its unique index), and draws again in the rare case it was taken, so the common case
 * costs no read of its own.
 */
export function drawSubmissionNo(submittedAt: Date | string): string {
  const day = chinaDate(new Date(submittedAt)).replaceAll('-', '');
  const body = `${day}${String(randomInt(0, 100_000)).padStart(5, '0')}${String(randomInt(0, 100_000)).padStart(5, '0')}`;
  return `S${body}${luhnDigit(body)}`;
}

/** The 6-digit query code (查询码) the applicant gives with the number in the public progress query. */
export const newQueryCode = () => String(randomInt(0, 1_000_000)).padStart(6, '0');
