import { useState } from 'react';
import { Select, Space, Switch, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useT } from '../../i18n';
import type { ResponseOf } from '../../api/client';
import { useGet } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { QueryError } from '../../components/QueryError';
import { enumLabel, formatDate } from '../../components/labels';
import { DUE_SOON_DAYS, dueState } from './clock';
import { DueDate } from './DueTag';

type Row = ResponseOf<'/api/disclosure/requests'>['items'][number];
type Status = Row['status'];
const STATES: Status[] = ['received', 'extension_pending', 'correction_requested', 'consulting', 'replied', 'withdrawn'];
const PAGE_SIZE = 20;

/**
 * The disclosure office's requests (依申请公开, docs/disclosure.md): the center's requests with their due
 * dates on the legal clock, overdue and due-soon ones marked, filtered by status or to the overdue ones,
 * paginated by the API. Also read by the center's manager and supervisors (the API scopes the list).
 */
export default function DisclosureRequestsPage() {
  const { t } = useT();
  useTitle(t('dis.desk.requests'));
  const [status, setStatus] = useState<Status | undefined>();
  const [overdue, setOverdue] = useState(false);
  const [page, setPage] = useState(1);
  const list = useGet('/api/disclosure/requests', { query: { status, overdue: overdue ? 'true' : undefined, page, pageSize: PAGE_SIZE } });
  return (
    <div data-testid="disclosure-desk" style={{ maxWidth: 1100 }}>
      <h2>{t('dis.desk.requests')}</h2>
      <p className="ow-muted">{t('dis.desk.requestsHint', { n: DUE_SOON_DAYS })}</p>
      <Space wrap style={{ marginBottom: 12 }}>
        <Select<Status> allowClear aria-label={t('dis.req.status')} placeholder={t('dis.req.status')} style={{ width: 180 }} value={status}
          onChange={(v) => { setStatus(v); setPage(1); }} data-testid="dis-status-filter"
          options={STATES.map((s) => ({ value: s, label: enumLabel(t, 'dis.status', s) }))} />
        <label><Switch size="small" checked={overdue} onChange={(v) => { setOverdue(v); setPage(1); }} data-testid="dis-overdue-only" /> {t('dis.desk.overdueOnly')}</label>
      </Space>
      <QueryError of={list} />
      <Table<Row>
        size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 760 }} data-testid="dis-requests"
        locale={{ emptyText: t('dis.desk.empty') }}
        rowClassName={(r) => `ow-due-${dueState(r)}`}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        // The due date and the status first: on a phone they show without scrolling the table.
        columns={[
          { title: t('dis.req.no'), dataIndex: 'requestNo', render: (v: string, r) => <Link to={`/workbench/disclosure/requests/${r.id}`} data-testid="dis-request-link">{v}</Link> },
          { title: t('dis.req.due'), dataIndex: 'dueDate', render: (_: unknown, r) => <DueDate r={r} /> },
          {
            title: t('dis.req.status'), dataIndex: 'status',
            render: (v: string, r) => <Space size={4} wrap><Tag data-testid="dis-status">{enumLabel(t, 'dis.status', v)}</Tag>{r.extended ? <Tag color="orange">{t('dis.extended')}</Tag> : null}</Space>,
          },
          { title: t('dis.desk.requester'), dataIndex: 'requesterName' },
          { title: t('dis.desk.description'), dataIndex: 'description', ellipsis: true },
          { title: t('dis.desk.received'), dataIndex: 'receivedDate', render: (v: string) => formatDate(v) },
        ]}
      />
    </div>
  );
}
