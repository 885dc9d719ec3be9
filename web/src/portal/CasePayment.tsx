import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Descriptions } from 'antd';
import { PayCircleOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { api, type ApiError } from '../api/client';
import { useGet } from '../api/query';
import type { CaseDetail } from '../api/models';
import { CaseBlock } from '../components/cases/CaseSections';
import { ErrorAlert } from '../components/ErrorAlert';

const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/**
 * The payer's fee on the case page: the notice's amount and payment code, "pay online" (an order at
 * the payment channel, then the channel's cashier page), and after coming back from the cashier the
 * order's state until the channel's confirmation has moved the case (docs/fees.md, "Payment channels").
 */
export function CasePayment({ c, onPaid }: { c: CaseDetail; onPaid: () => void }) {
  const { t } = useT();
  const [params] = useSearchParams();
  const orderNo = params.get('payment');
  const waiting = c.status === 'awaiting_payment';
  const notice = useGet('/api/payments/cases/{caseId}/notice', { path: { caseId: c.id } }, { enabled: waiting || !!orderNo });
  const order = useGet('/api/payments/orders/{orderNo}', { path: { orderNo: orderNo ?? '' } }, { enabled: !!orderNo });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const paid = order.data?.status === 'paid';
  const closed = order.data?.status === 'closed';
  const { refetch } = order;

  // Back from the cashier: the bank's confirmation comes asynchronously; ask every 2 s until it has
  // (or the order is closed: cancelled at the cashier; "pay online" then opens a new one).
  useEffect(() => {
    if (!orderNo || paid || closed) return;
    const timer = setInterval(() => { void refetch(); }, 2000);
    return () => clearInterval(timer);
  }, [orderNo, paid, closed, refetch]);
  useEffect(() => {
    if (paid && waiting) onPaid();
  }, [paid, waiting, onPaid]);

  if (!waiting && !orderNo) return null;
  const n = notice.data;

  const pay = async () => {
    if (!n) return;
    setBusy(true);
    setError(null);
    try {
      const started = await api.post('/api/payments/notices/{noticeNo}/online', { params: { path: { noticeNo: n.noticeNo } } });
      window.location.assign(started.cashierUrl);
    } catch (e) {
      setError(e as ApiError);
      setBusy(false);
    }
  };

  return (
    <CaseBlock title={t('pay.title')} testid="case-payment">
      {orderNo ? (
        <Alert
          data-testid="payment-status" data-status={order.data?.status ?? 'unknown'} style={{ marginBottom: 12 }} showIcon
          type={paid ? 'success' : order.data?.status === 'closed' ? 'warning' : 'info'}
          message={paid ? t('pay.paid') : order.data?.status === 'closed' ? t('pay.closed') : t('pay.waiting')}
        />
      ) : null}
      {n ? (
        <Descriptions size="small" column={1} bordered>
          <Descriptions.Item label={t('pay.amount')}><strong data-testid="pay-amount">{yuan(n.totalFen)}</strong></Descriptions.Item>
          <Descriptions.Item label={t('pay.code')}><span data-testid="pay-code">{n.noticeNo}</span></Descriptions.Item>
          <Descriptions.Item label={t('pay.due')}>{n.dueDate}</Descriptions.Item>
        </Descriptions>
      ) : null}
      <ErrorAlert error={error} />
      {n && waiting && n.payable && !paid ? (
        <div style={{ marginTop: 12 }}>
          <Button type="primary" icon={<PayCircleOutlined />} loading={busy} onClick={() => void pay()} data-testid="pay-online">
            {t('pay.online')}
          </Button>
          <div style={{ marginTop: 8, color: '#4e5969' }}>{t('pay.hint')}</div>
        </div>
      ) : null}
      {n && waiting && !n.payable ? <Alert type="warning" showIcon message={t('pay.notPayable')} style={{ marginTop: 12 }} /> : null}
    </CaseBlock>
  );
}
