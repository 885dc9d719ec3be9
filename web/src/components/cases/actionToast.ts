import type { TFunction } from '../../i18n';
import type { CaseDetail } from '../../api/models';
import { enumLabel } from '../labels';

/**
 * The toast after a case action says what happened (issue 14 "clear wording"): the action, the
 * status the case is now in, and its receipt number when it has one ("已受理，受理编号 2026…"), not
 * just "success".
 */
export function actionToast(t: TFunction, action: string, c: Pick<CaseDetail, 'status' | 'receiptNo'>): string {
  const what = { action: enumLabel(t, 'action', action), status: enumLabel(t, 'caseStatus', c.status) };
  return c.receiptNo ? t('toast.actionReceipt', { ...what, receipt: c.receiptNo }) : t('toast.action', what);
}
