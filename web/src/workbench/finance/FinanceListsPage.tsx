import { useSearchParams } from 'react-router-dom';
import { Button, Input, Select, Space, Table, Tabs, Tag } from 'antd';
import { useT } from '../../i18n';
import { useAuth } from '../../api/auth';
import { useGet } from '../../api/query';
import type { ResponseOf } from '../../api/client';
import { useTitle } from '../../components/useTitle';
import { QueryError } from '../../components/QueryError';
import { Forbidden } from '../../components/StatusPages';
import { enumLabel, formatDateTime } from '../../components/labels';
import { useCursorPages } from '../../components/useCursorPages';
import { CHANNELS, refundColor, yuan } from './money';
import { NotificationLogPanel } from './NotificationLogPanel';
import { RefundLine } from './RefundLine';

type Notice = ResponseOf<'/api/finance/notices'>['rows'][number];
type Payment = ResponseOf<'/api/finance/payments'>['rows'][number];
type Refund = ResponseOf<'/api/finance/refunds'>['rows'][number];

const NOTICE_STATUSES = ['issued', 'paid', 'cancelled', 'expired', 'refunded'] as const;
const REFUND_STATUSES = ['requested', 'sent', 'succeeded', 'failed'] as const;
const TABS = ['notices', 'payments', 'refunds', 'notifications'] as const;
type Tab = (typeof TABS)[number];
const NOTICE_COLORS: Record<string, string> = { issued: 'blue', paid: 'green', cancelled: 'default', expired: 'orange', refunded: 'purple' };

/**
 * The filters of one list live in the address (?tab=&status=&channel=&from=&to=&pageSize=), so a list can
 * be reloaded or shared. Its pages are the server's keyset pages, walked with "newer" and "older" (the
 * cursors of the pages seen kept, as the notification log does); a new filter starts at the newest.
 */
function useListParams() {
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: Tab = (TABS as readonly string[]).includes(raw ?? '') ? (raw as Tab) : 'notices';
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize') ?? '20') || 20));
  const get = (k: string) => params.get(k) || undefined;
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) { if (v) next.set(k, v); else next.delete(k); }
    next.delete('page'); // an address of the numbered pages before
    setParams(next);
  };
  const filters = { status: get('status'), channel: get('channel'), from: get('from'), to: get('to') };
  return { tab, pageSize, ...filters, filterKey: JSON.stringify([tab, pageSize, filters]), set };
}

/** 收费管理: the center's payment notices, payments and refunds, for the finance role (read only). */
export default function FinanceListsPage() {
  const { t } = useT();
  useTitle(t('fin.title'), true);
  const { user } = useAuth();
  const p = useListParams();
  if (!user?.roles.includes('finance')) return <Forbidden />;
  return (
    <div data-testid="fin-page" data-tab={p.tab} style={{ maxWidth: '100%', overflowX: 'hidden' }}>
      <div className="ow-page-head"><h2>{t('fin.title')}</h2></div>
      <Tabs activeKey={p.tab} onChange={(k) => p.set({ tab: k, status: undefined, channel: undefined })} items={[
        { key: 'notices', label: <span data-testid="fin-tab-notices">{t('fin.tab.notices')}</span>, children: p.tab === 'notices' ? <NoticesPanel key={p.filterKey} /> : null },
        { key: 'payments', label: <span data-testid="fin-tab-payments">{t('fin.tab.payments')}</span>, children: p.tab === 'payments' ? <PaymentsPanel key={p.filterKey} /> : null },
        { key: 'refunds', label: <span data-testid="fin-tab-refunds">{t('fin.tab.refunds')}</span>, children: p.tab === 'refunds' ? <RefundsPanel key={p.filterKey} /> : null },
        { key: 'notifications', label: <span data-testid="fin-tab-notifications">{t('fin.tab.notifications')}</span>, children: p.tab === 'notifications' ? <NotificationLogPanel /> : null },
      ]} />
    </div>
  );
}

/** Status or channel, and the China-date range (inclusive) the API filters on. */
function Filters({ kind }: { kind: 'notice' | 'payment' | 'refund' }) {
  const { t } = useT();
  const p = useListParams();
  return (
    <Space wrap style={{ marginBottom: 12 }} data-testid="fin-filters">
      {kind === 'payment' ? (
        <Select allowClear aria-label={t('fin.filter.channel')} placeholder={t('fin.filter.channel')} style={{ minWidth: 180 }} data-testid="fin-filter-channel"
          value={p.channel} onChange={(v?: string) => p.set({ channel: v })}
          options={CHANNELS.map((c) => ({ value: c, label: enumLabel(t, 'recon.channel', c) }))} />
      ) : (
        <Select allowClear aria-label={t('fin.filter.status')} placeholder={t('fin.filter.status')} style={{ minWidth: 140 }} data-testid="fin-filter-status"
          value={p.status} onChange={(v?: string) => p.set({ status: v })}
          options={(kind === 'notice' ? NOTICE_STATUSES : REFUND_STATUSES).map((s) => ({ value: s, label: enumLabel(t, kind === 'notice' ? 'fees.status' : 'fin.refundStatus', s) }))} />
      )}
      <label>
        <span className="ow-muted" style={{ marginInlineEnd: 4 }}>{t('fin.filter.from')}</span>
        <Input type="date" aria-label={t('fin.filter.from')} data-testid="fin-filter-from" style={{ width: 160 }} value={p.from ?? ''} onChange={(ev) => p.set({ from: ev.target.value || undefined })} />
      </label>
      <label>
        <span className="ow-muted" style={{ marginInlineEnd: 4 }}>{t('fin.filter.to')}</span>
        <Input type="date" aria-label={t('fin.filter.to')} data-testid="fin-filter-to" style={{ width: 160 }} value={p.to ?? ''} onChange={(ev) => p.set({ to: ev.target.value || undefined })} />
      </label>
    </Space>
  );
}

/** "Newer" and "older" under a list: the server's keyset pages (nextCursor), the cursors of the pages seen kept. */
function Pager({ pages, next, testId }: { pages: ReturnType<typeof useCursorPages<string>>; next: string | null | undefined; testId: string }) {
  const { t } = useT();
  return (
    <nav aria-label={t('fin.pages')} data-testid={`${testId}-pager`} style={{ marginTop: 12 }}>
      <Space>
        <Button disabled={!pages.hasPrevious} onClick={pages.previous} data-testid={`${testId}-newer`}>{t('fin.log.newer')}</Button>
        <Button disabled={!next} onClick={() => next && pages.next(next)} data-testid={`${testId}-older`}>{t('fin.log.older')}</Button>
      </Space>
    </nav>
  );
}

function NoticesPanel() {
  const { t } = useT();
  const p = useListParams();
  const pages = useCursorPages<string>();
  const q = useGet('/api/finance/notices', { query: { cursor: pages.cursor, pageSize: p.pageSize, status: p.status as Notice['status'] | undefined, from: p.from, to: p.to } });
  return (
    <div>
      <Filters kind="notice" />
      <QueryError of={q} />
      <Table<Notice>
        data-testid="fin-notices" size="small" rowKey="id" loading={q.isLoading} dataSource={q.data?.rows ?? []}
        pagination={false} scroll={{ x: 'max-content' }}
        onRow={(n) => ({ 'data-testid': 'fin-notice-row', 'data-notice-no': n.noticeNo, 'data-status': n.status }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('recon.col.notice'), dataIndex: 'noticeNo', key: 'no' },
          { title: t('fin.col.receiptNo'), key: 'receipt', render: (_v, n) => n.receiptNo ?? '—' },
          { title: t('fin.col.item'), key: 'item', render: (_v, n) => n.itemName ?? '—' },
          { title: t('fin.col.payer'), dataIndex: 'payerName', key: 'payer' },
          { title: t('fin.col.amount'), key: 'amount', align: 'right', render: (_v, n) => <span data-testid="fin-notice-amount">{yuan(n.totalFen)}</span> },
          { title: t('recon.col.status'), key: 'status', render: (_v, n) => <Tag color={NOTICE_COLORS[n.status]}>{enumLabel(t, 'fees.status', n.status)}</Tag> },
          { title: t('fin.col.issuedAt'), key: 'issued', render: (_v, n) => formatDateTime(n.issuedAt) },
          { title: t('fin.col.dueDate'), dataIndex: 'dueDate', key: 'due' },
          { title: t('fin.col.paidAt'), key: 'paid', render: (_v, n) => (n.paidAt ? formatDateTime(n.paidAt) : '—') },
          {
            title: t('fin.col.pdf'), key: 'pdf',
            render: (_v, n) => (
              <a href={`/api/payment-notices/${encodeURIComponent(n.id)}/pdf`} target="_blank" rel="noreferrer" data-testid="fin-notice-pdf"
                aria-label={t('fin.pdfOf', { no: n.noticeNo })}>PDF</a>
            ),
          },
        ]}
      />
      <Pager pages={pages} next={q.data?.nextCursor} testId="fin-notices" />
    </div>
  );
}

function PaymentsPanel() {
  const { t } = useT();
  const p = useListParams();
  const pages = useCursorPages<string>();
  const q = useGet('/api/finance/payments', { query: { cursor: pages.cursor, pageSize: p.pageSize, channel: p.channel, from: p.from, to: p.to } });
  return (
    <div>
      <Filters kind="payment" />
      <QueryError of={q} />
      <Table<Payment>
        data-testid="fin-payments" size="small" rowKey="id" loading={q.isLoading} dataSource={q.data?.rows ?? []}
        pagination={false} scroll={{ x: 'max-content' }}
        onRow={(r) => ({ 'data-testid': 'fin-payment-row', 'data-notice-no': r.noticeNo, 'data-channel': r.channel, 'data-payment-id': r.id, 'data-refunds': r.refunds.length }) as React.HTMLAttributes<HTMLElement>}
        // What was given back of a payment, newest first, on a line under it (the refunds tab has the rest): always open,
        // kept at the left within the screen while the table scrolls sideways (a phone); no line when there is none.
        expandable={{
          showExpandColumn: false, expandedRowKeys: (q.data?.rows ?? []).filter((r) => r.refunds.length > 0).map((r) => r.id),
          rowExpandable: (r) => r.refunds.length > 0, expandedRowRender: (r) => <PaymentRefunds payment={r} />,
        }}
        columns={[
          { title: t('recon.col.notice'), dataIndex: 'noticeNo', key: 'no' },
          { title: t('fin.col.payer'), dataIndex: 'payerName', key: 'payer' },
          { title: t('recon.col.channel'), key: 'channel', render: (_v, r) => enumLabel(t, 'recon.channel', r.channel) },
          { title: t('recon.col.txn'), dataIndex: 'channelTxnId', key: 'txn' },
          { title: t('fin.col.amount'), key: 'amount', align: 'right', render: (_v, r) => <span data-testid="fin-payment-amount">{yuan(r.amountFen)}</span> },
          { title: t('fin.col.paidAt'), key: 'paid', render: (_v, r) => formatDateTime(r.paidAt) },
          { title: t('fin.col.settled'), key: 'settled', render: (_v, r) => (r.settled ? <Tag color="green">{t('fin.settled.yes')}</Tag> : <Tag>{t('fin.settled.no')}</Tag>) },
          { title: t('fin.col.noticeStatus'), key: 'ns', render: (_v, r) => enumLabel(t, 'fees.status', r.noticeStatus) },
        ]}
      />
      <Pager pages={pages} next={q.data?.nextCursor} testId="fin-payments" />
    </div>
  );
}

function PaymentRefunds({ payment }: { payment: Payment }) {
  const { t } = useT();
  return (
    <div data-testid="fin-payment-refunds" data-payment-id={payment.id}
      style={{ position: 'sticky', insetInlineStart: 0, width: 'max-content', maxWidth: 'calc(100vw - 64px)', whiteSpace: 'normal', overflowWrap: 'anywhere' }}>
      {payment.refunds.map((x) => <RefundLine key={x.id} refund={x} testId="fin-payment-refund" label={t('recon.col.refund')} />)}
    </div>
  );
}

function RefundsPanel() {
  const { t } = useT();
  const p = useListParams();
  const pages = useCursorPages<string>();
  const q = useGet('/api/finance/refunds', { query: { cursor: pages.cursor, pageSize: p.pageSize, status: p.status as Refund['status'] | undefined, from: p.from, to: p.to } });
  return (
    <div>
      <Filters kind="refund" />
      <QueryError of={q} />
      <Table<Refund>
        data-testid="fin-refunds" size="small" rowKey="id" loading={q.isLoading} dataSource={q.data?.rows ?? []}
        pagination={false} scroll={{ x: 'max-content' }}
        onRow={(r) => ({ 'data-testid': 'fin-refund-row', 'data-notice-no': r.noticeNo, 'data-status': r.status, 'data-refund-id': r.id, 'data-kind': r.kind }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('fin.col.refundNo'), key: 'id', render: (_v, r) => <code title={r.id}>{r.id.slice(0, 8)}</code> },
          { title: t('recon.col.notice'), dataIndex: 'noticeNo', key: 'no' },
          { title: t('fin.col.refundKind'), key: 'kind', render: (_v, r) => <span data-testid="fin-refund-kind">{enumLabel(t, 'fin.refundKind', r.kind)}</span> },
          { title: t('fin.col.payer'), dataIndex: 'payerName', key: 'payer' },
          { title: t('fin.col.amount'), key: 'amount', align: 'right', render: (_v, r) => yuan(r.amountFen) },
          { title: t('fin.col.reason'), dataIndex: 'reason', key: 'reason' },
          { title: t('recon.col.status'), key: 'status', render: (_v, r) => <Tag color={refundColor(r.status)}>{enumLabel(t, 'fin.refundStatus', r.status)}</Tag> },
          { title: t('fin.col.requestedAt'), key: 'req', render: (_v, r) => formatDateTime(r.requestedAt) },
          { title: t('fin.col.completedAt'), key: 'done', render: (_v, r) => (r.completedAt ? formatDateTime(r.completedAt) : '—') },
          { title: t('fin.col.failure'), key: 'failure', render: (_v, r) => r.failure ?? '—' },
        ]}
      />
      <Pager pages={pages} next={q.data?.nextCursor} testId="fin-refunds" />
    </div>
  );
}
