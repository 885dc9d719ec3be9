import { Tag } from 'antd';
import { useT } from '../../i18n';
import { enumLabel } from '../../components/labels';
import { refundColor, yuan } from './money';

/** A refund in one short line, in the refunds tab's words: its number, what it gives back, the amount in 元, its status. */
export function RefundLine({ refund, testId, label }: { refund: { id: string; kind: string; status: string; amountFen: number }; testId: string; label?: string }) {
  const { t } = useT();
  return (
    <div data-testid={testId} data-refund-id={refund.id} data-kind={refund.kind} data-status={refund.status} style={{ fontSize: 12, marginTop: 2 }}>
      {label ? `${label} ` : null}<code title={refund.id}>{refund.id.slice(0, 8)}</code>{` · ${enumLabel(t, 'fin.refundKind', refund.kind)} · ${t('fin.refundAmount', { amount: yuan(refund.amountFen) })} `}
      <Tag color={refundColor(refund.status)}>{enumLabel(t, 'fin.refundStatus', refund.status)}</Tag>
    </div>
  );
}
