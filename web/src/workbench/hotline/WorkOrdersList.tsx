import { useState } from 'react';
import { Input, Select, Space, Switch, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useT } from '../../i18n';
import { useGet } from '../../api/query';
import type { ResponseOf } from '../../api/client';
import { QueryError } from '../../components/QueryError';
import { enumLabel, formatDateTime } from '../../components/labels';

type Row = ResponseOf<'/api/workorders'>['rows'][number];
type Status = Row['status'];
const STATES: Status[] = ['accepted', 'dispatched', 'returned', 'handling', 'replied', 'closed', 'evaluated', 'merged'];

/**
 * An order's own caller's evaluation, and whether a merged caller of the round was dissatisfied when its own caller
 * was not (the order is then a candidate for 重办 all the same).
 */
export function SatisfactionTags({ satisfaction, roundDissatisfied }: { satisfaction: Row['satisfaction']; roundDissatisfied: Row['roundDissatisfied'] }) {
  const { t } = useT();
  return (
    <>
      {satisfaction ? <Tag color={satisfaction === 'dissatisfied' ? 'red' : undefined} data-testid="wo-satisfaction-tag">{enumLabel(t, 'wo.sat', satisfaction)}</Tag> : null}
      {roundDissatisfied && satisfaction !== 'dissatisfied' ? <Tag color="red" data-testid="wo-round-dissatisfied-tag">{t('wo.col.roundDissatisfied')}</Tag> : null}
    </>
  );
}

/** The work orders in the signed-in staff member's scope (the API narrows it): filters, paginated. */
export function WorkOrdersList({ disputes: disputesDefault = false }: { disputes?: boolean }) {
  const { t, lang } = useT();
  const [status, setStatus] = useState<Status | undefined>();
  const [q, setQ] = useState('');
  const [disputes, setDisputes] = useState(disputesDefault);
  const [overdue, setOverdue] = useState(false);
  const [dissatisfied, setDissatisfied] = useState(false);
  const [page, setPage] = useState(1);
  const list = useGet('/api/workorders', {
    query: { status, q: q || undefined, disputes: disputes ? 'true' : undefined, overdue: overdue ? 'true' : undefined, dissatisfied: dissatisfied ? 'true' : undefined, page, pageSize: 20 },
  });
  return (
    <section aria-labelledby="wo-list-title">
      <h3 id="wo-list-title">{t('wo.list.title')}</h3>
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search allowClear aria-label={t('wo.list.search')} placeholder={t('wo.list.search')} style={{ width: 240 }} data-testid="wo-search"
          onSearch={(v) => { setQ(v.trim()); setPage(1); }} />
        <Select allowClear aria-label={t('wo.list.status')} placeholder={t('wo.list.status')} style={{ width: 180 }} value={status}
          onChange={(v) => { setStatus(v); setPage(1); }}
          options={STATES.map((s) => ({ value: s, label: enumLabel(t, 'wo.status', s) }))} />
        <label><Switch size="small" checked={disputes} onChange={(v) => { setDisputes(v); if (v) setDissatisfied(false); setPage(1); }} data-testid="wo-disputes" /> {t('wo.list.disputes')}</label>
        <label><Switch size="small" checked={overdue} onChange={(v) => { setOverdue(v); setPage(1); }} /> {t('wo.list.overdue')}</label>
        {/* Called-back orders a caller of the round (their own or a merged one) rated dissatisfied: the lead's candidates for 重办 (a returned order is never one: the two switches exclude each other). */}
        <label><Switch size="small" checked={dissatisfied} onChange={(v) => { setDissatisfied(v); if (v) setDisputes(false); setPage(1); }} data-testid="wo-dissatisfied" /> {t('wo.list.dissatisfied')}</label>
      </Space>
      <QueryError of={list} />
      <Table<Row>
        size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.rows ?? []} scroll={{ x: 720 }} data-testid="wo-table"
        pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('wo.col.no'), dataIndex: 'orderNo', render: (v: string, r) => <Link to={`/workbench/workorders/${r.id}`}>{v}</Link> },
          { title: t('wo.call.kind'), dataIndex: 'kind', render: (v: string, r) => <>{enumLabel(t, 'wo.kind', v)}{r.urgency === 'urgent' ? <Tag color="red" style={{ marginLeft: 4 }}>{enumLabel(t, 'wo.urgency', 'urgent')}</Tag> : null}</> },
          { title: t('wo.col.topic'), dataIndex: 'topic', ellipsis: true },
          { title: t('wo.call.place'), dataIndex: 'place', ellipsis: true },
          { title: t('wo.list.status'), dataIndex: 'status', render: (v: string) => <Tag data-testid="wo-status">{enumLabel(t, 'wo.status', v)}</Tag> },
          { title: t('wo.col.satisfaction'), dataIndex: 'satisfaction', render: (v: Row['satisfaction'], r) => <SatisfactionTags satisfaction={v} roundDissatisfied={r.roundDissatisfied} /> },
          { title: t('wo.col.department'), dataIndex: 'department', render: (d: Row['department']) => (d ? (lang === 'en' && d.nameEn ? d.nameEn : d.name) : '—') },
          { title: t('wo.col.due'), dataIndex: 'dueDate', render: (v: string | null) => v ?? '—' },
          { title: t('wo.col.escalation'), dataIndex: 'escalationLevel', render: (v: number) => (v ? <Tag color="volcano">L{v}</Tag> : '') },
          { title: t('wo.col.created'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
        ]}
      />
    </section>
  );
}
