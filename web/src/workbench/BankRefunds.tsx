import { useState } from 'react';
import { Alert, Button, Input, Space, Table } from 'antd';
import { useT } from '../i18n';
import { api, type ApiError, type ResponseOf } from '../api/client';
import { useGet, useInvalidate } from '../api/query';
import { ErrorAlert } from '../components/ErrorAlert';
import { QueryError } from '../components/QueryError';
import { formatDateTime } from '../components/labels';
import { useCursorPages } from '../components/useCursorPages';

type Refund = ResponseOf<'/api/bank-window/refunds'>['items'][number];
const yuan = (fen: number) => `¥${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;

/**
 * 待退付 (docs/fees.md, "Refunds at the bank window"): refunds of payments taken at this window,
 * oldest first. The clerk pays the money out at the counter, types the bank's reference of the
 * payout and records it; the refund leaves the list.
 */
export function BankRefunds() {
  const { t } = useT();
  const pages = useCursorPages<string>();
  const q = useGet('/api/bank-window/refunds', { query: { after: pages.cursor, limit: 20 } });
  const invalidate = useInvalidate();
  const [refs, setRefs] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const pay = async (r: Refund) => {
    setBusy(r.id);
    setError(null);
    try {
      const paid = await api.post('/api/bank-window/refunds/{id}/paid', { params: { path: { id: r.id } }, body: { bankReference: (refs[r.id] ?? '').trim() } });
      setDone(t('bank.refund.done', { no: paid.noticeNo, amount: yuan(paid.amountFen) }));
      await invalidate(['/api/bank-window/refunds']);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section data-testid="bank-refunds" style={{ marginTop: 32 }}>
      <h3>{t('bank.refund.title')}</h3>
      <p className="ow-muted">{t('bank.refund.hint')}</p>
      <QueryError of={q} />
      {done ? <Alert type="success" showIcon style={{ marginBottom: 12 }} data-testid="bank-refund-done" message={done} /> : null}
      <ErrorAlert error={error} />
      <Table<Refund>
        size="small" rowKey="id" loading={q.isLoading} dataSource={q.data?.items ?? []} pagination={false} scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('bank.refund.none') }}
        onRow={(r) => ({ 'data-testid': 'bank-refund-row', 'data-notice-no': r.noticeNo }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('bank.code'), dataIndex: 'noticeNo', key: 'no' },
          { title: t('bank.payer'), key: 'payer', render: (_v, r) => `${r.payer.name} · ${r.payer.code}` },
          { title: t('bank.total'), key: 'amount', align: 'right', render: (_v, r) => <strong>{yuan(r.amountFen)}</strong> },
          { title: t('bank.refund.reason'), dataIndex: 'reason', key: 'reason' },
          { title: t('bank.refund.requestedAt'), key: 'at', render: (_v, r) => formatDateTime(String(r.requestedAt)) },
          {
            title: t('bank.refund.reference'), key: 'pay',
            render: (_v, r) => (
              <Space wrap>
                <Input aria-label={t('bank.refund.reference')} placeholder={t('bank.refund.reference')} style={{ width: 200 }} maxLength={64}
                  value={refs[r.id] ?? ''} onChange={(e) => setRefs({ ...refs, [r.id]: e.target.value })} data-testid="bank-refund-ref" />
                <Button type="primary" loading={busy === r.id} disabled={!(refs[r.id] ?? '').trim()} onClick={() => void pay(r)} data-testid="bank-refund-pay">
                  {t('bank.refund.pay')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={!pages.hasPrevious} onClick={pages.previous}>{t('fin.log.newer')}</Button>
        <Button disabled={!q.data?.next} onClick={() => q.data?.next && pages.next(q.data.next)}>{t('bank.refund.more')}</Button>
      </Space>
    </section>
  );
}
