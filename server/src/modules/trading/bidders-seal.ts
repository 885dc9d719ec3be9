import type { Db, Tx } from '../../db/database.ts';
import { errors } from '../../lib/errors.ts';
import { biddersOpened, CLOSED_STATES } from './tender.transitions.ts';
import * as repo from './trading.repository.ts';

/**
 * Bidders sealed until the opening (招标投标法 第二十二条: 招标人不得向他人透露已获取招标文件的潜在投标人的名称、数量…;
 * docs/trading.md, "Bidders sealed until the opening"). Every read that names or counts those who took the tender
 * documents or handed in a bid asks here first: a list refuses with TENDER_BIDDERS_SEALED, a figure inside a larger
 * answer is left out. What the system computes with them (the experts' recusal, the three-bidder count at the
 * opening, the re-confirmations after a change) is not a read and goes on. Other modules (bids, experts) call these.
 */
type Q = Db | Tx;

/** Whether the tender's bidders are still sealed (its opening has not read the bids out). */
export async function biddersSealed(db: Q, t: Pick<repo.TenderRow, 'id' | 'status'>): Promise<boolean> {
  const reached = CLOSED_STATES.includes(t.status) ? await repo.everInStatus(db, t.id, 'evaluation') : false;
  return !biddersOpened(t.status, reached);
}

/** Refuses a read of the tender's bidders (names or number) before the opening, with nothing written. */
export async function assertBiddersDisclosed(db: Q, t: Pick<repo.TenderRow, 'id' | 'status'>) {
  if (await biddersSealed(db, t)) throw errors.TENDER_BIDDERS_SEALED();
}
