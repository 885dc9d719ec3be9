import { useState } from 'react';
import { Button, Select, Space, Table, Tag } from 'antd';
import { useT } from '../../i18n';
import { useGet } from '../../api/query';
import type { ResponseOf } from '../../api/client';
import { QueryError } from '../../components/QueryError';
import { enumLabel, formatDateTime } from '../../components/labels';
import { useCursorPages } from '../../components/useCursorPages';
import { yuan } from './money';

type Row = ResponseOf<'/api/finance/payment-notifications'>['items'][number];
type Verdict = Row['verdict'];

export const VERDICTS: Verdict[] = ['accepted', 'duplicate', 'stale', 'bad_signature', 'malformed', 'unknown_order', 'unknown_notice', 'wrong_amount',
  'not_payable', 'paid_twice', 'refused', 'refund_recorded', 'unknown_refund', 'order_closed'];
const GOOD: Verdict[] = ['accepted', 'refund_recorded'];
const QUIET: Verdict[] = ['duplicate', 'stale', 'order_closed'];

/**
 * 渠道通知日志: the payment channels' inbound notifications of the clerk's center, newest first,
 * filtered by verdict; pages follow the server's keyset (`before`), the cursors of the pages seen
 * kept so "newer" goes back.
 */
export function NotificationLogPanel() {
  const { t } = useT();
  const [verdict, setVerdict] = useState<Verdict | undefined>();
  const pages = useCursorPages<string>();
  const before = pages.cursor;
  const q = useGet('/api/finance/payment-notifications', { query: { verdict, before, limit: 20 } });
  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select allowClear aria-label={t('fin.log.verdict')} placeholder={t('fin.log.verdict')} style={{ minWidth: 200 }} data-testid="fin-log-verdict"
          value={verdict} onChange={(v?: Verdict) => { setVerdict(v); pages.reset(); }}
          options={VERDICTS.map((v) => ({ value: v, label: enumLabel(t, 'fin.verdict', v) }))} />
      </Space>
      <QueryError of={q} />
      <Table<Row>
        data-testid="fin-log" size="small" rowKey="id" loading={q.isLoading} dataSource={q.data?.items ?? []} pagination={false} scroll={{ x: 'max-content' }}
        onRow={(r) => ({ 'data-testid': 'fin-log-row', 'data-verdict': r.verdict }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('fin.log.receivedAt'), key: 'at', render: (_v, r) => formatDateTime(String(r.receivedAt)) },
          { title: t('fin.filter.channel'), key: 'channel', render: (_v, r) => enumLabel(t, 'recon.channel', r.channel) },
          { title: t('fin.log.kind'), key: 'kind', render: (_v, r) => enumLabel(t, 'fin.log.kind', r.kind) },
          {
            title: t('fin.log.verdict'), key: 'verdict',
            render: (_v, r) => <Tag color={GOOD.includes(r.verdict) ? 'green' : QUIET.includes(r.verdict) ? 'default' : 'red'}>{enumLabel(t, 'fin.verdict', r.verdict)}</Tag>,
          },
          { title: t('fin.log.signature'), key: 'sig', render: (_v, r) => (r.signatureOk ? t('fin.log.signatureOk') : <Tag color="red">{t('fin.log.signatureBad')}</Tag>) },
          { title: t('recon.col.notice'), key: 'notice', render: (_v, r) => r.noticeNo ?? '—' },
          { title: t('fin.log.order'), key: 'order', render: (_v, r) => r.orderNo ?? '—' },
          { title: t('fin.log.txn'), key: 'txn', render: (_v, r) => r.channelTxnId ?? '—' },
          { title: t('fin.col.amount'), key: 'amount', align: 'right', render: (_v, r) => (r.amountFen === null ? '—' : yuan(r.amountFen)) },
          { title: t('fin.log.error'), key: 'err', render: (_v, r) => r.errorCode ?? '—' },
        ]}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={!pages.hasPrevious} onClick={pages.previous} data-testid="fin-log-newer">{t('fin.log.newer')}</Button>
        <Button disabled={!q.data?.next} onClick={() => q.data?.next && pages.next(q.data.next)} data-testid="fin-log-older">{t('fin.log.older')}</Button>
      </Space>
    </div>
  );
}
