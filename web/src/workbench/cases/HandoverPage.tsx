import { Link, useSearchParams } from 'react-router-dom';
import { Grid, Pagination, Table, Tabs, Tag } from 'antd';
import { useT } from '../../i18n';
import { useAuth } from '../../api/auth';
import { useGet } from '../../api/query';
import type { ResponseOf } from '../../api/client';
import type { User } from '../../api/models';
import { useTitle } from '../../components/useTitle';
import { QueryError } from '../../components/QueryError';
import { EmptyBlock } from '../../components/ContentView';
import { enumLabel, formatDate, formatDateTime } from '../../components/labels';
import { CaseLightBadge, CaseStatusTag } from '../../components/cases/CaseBits';
import { CancellationQueue } from './CancellationQueue';

type Row = ResponseOf<'/api/workbench/handover'>['cases'][number];
type Tab = 'box' | 'coming' | 'cancellations';

/** Department staff see their handover box; window clerks what is coming to the delivery window; chiefs also their department's cancellation (注销) requests. */
export function handoverTabsOf(user: User | null): Tab[] {
  const roles = user?.roles ?? [];
  const out: Tab[] = [];
  if (roles.includes('approver') || roles.includes('chief')) out.push('box');
  if (roles.includes('window')) out.push('coming');
  if (roles.includes('chief')) out.push('cancellations');
  return out;
}

/**
 * Handover (办结移交): a decided case is always in someone's inbox. The deciding department's box
 * holds it until the department hands it over; the delivery window sees it coming, with why it
 * cannot be delivered yet. The light is the 3-working-day limit from the decision (seed 004).
 */
export default function HandoverPage() {
  const { t, pick } = useT();
  useTitle(t('wb.handover.title'), true);
  const { user } = useAuth();
  const isPhone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const tabs = handoverTabsOf(user);
  const asked = params.get('tab') as Tab | null;
  const tab = asked && tabs.includes(asked) ? asked : tabs[0];
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const pageSize = 20;
  const box = useGet('/api/workbench/handover', { query: { page, pageSize } }, { enabled: tab === 'box' });
  const coming = useGet('/api/workbench/coming', { query: { page, pageSize } }, { enabled: tab === 'coming' });
  const list = tab === 'box' ? box : coming;
  const tabLabel = (k: Tab) => t(k === 'box' ? 'wb.handover.box' : k === 'coming' ? 'wb.handover.coming' : 'wb.cancellations.tab');
  const rows: Row[] = list.data?.cases ?? [];
  if (!tab) return <div data-testid="handover-page"><EmptyBlock text={t('wb.noBoxes')} testid="handover-no-tabs" /></div>;

  const link = (c: Row) => <Link to={`/workbench/cases/${encodeURIComponent(c.id)}`} data-testid="handover-link">{pick(c.itemName, c.itemNameEn)}</Link>;
  const reasons = (c: Row) => (
    <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 4 }} data-testid="handover-reasons">
      {c.reasons.map((r) => <Tag key={r} color={r === 'awaiting_payment' ? 'gold' : 'orange'} data-reason={r} style={{ marginInlineEnd: 0 }}>{enumLabel(t, 'comingReason', r)}</Tag>)}
    </span>
  );
  const light = (c: Row) => <CaseLightBadge light={c.handoverLight} testid="handover-light" />;
  const empty = list.isLoading ? ' ' : <EmptyBlock text={t('wb.handover.empty')} testid="handover-empty" />;
  const rowAttrs = (c: Row) => ({ 'data-testid': 'handover-row', 'data-case-id': c.id, 'data-status': c.status, 'data-light': c.handoverLight ?? 'none' });

  return (
    <div data-testid="handover-page" data-tab={tab}>
      <div className="ow-page-head"><h2>{t('wb.handover.title')}</h2></div>
      <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k })}
        items={tabs.map((k) => ({ key: k, label: <span data-testid={`handover-tab-${k}`}>{tabLabel(k)}</span> }))} />
      {tab === 'cancellations' ? <CancellationQueue /> : <>
      <p className="ow-muted">{t(tab === 'box' ? 'wb.handover.introBox' : 'wb.handover.introComing')}</p>
      <QueryError of={list} />
      {isPhone ? (
        <div data-testid="handover-list">
          {!list.isLoading && rows.length === 0 ? empty : null}
          {rows.map((c) => (
            <div key={c.id} className="ow-result-card" {...rowAttrs(c)}>
              <h4>{link(c)}</h4>
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center', marginBottom: 6 }}>
                {light(c)}<CaseStatusTag status={c.status} />{reasons(c)}
              </div>
              <div className="ow-result-meta">
                <span>{c.applicantName}</span>
                <span>{t('wb.col.handoverDue')}: {formatDate(c.handoverDueDate) || t('common.none')}</span>
                <span>{c.departmentName}</span>
              </div>
            </div>
          ))}
          {(list.data?.total ?? 0) > pageSize ? (
            <Pagination simple current={page} pageSize={pageSize} total={list.data?.total ?? 0} onChange={(p) => setParams({ tab, page: String(p) })} style={{ textAlign: 'center' }} />
          ) : null}
        </div>
      ) : (
        <Table<Row>
          data-testid="handover-table" rowKey="id" size="middle" loading={list.isLoading} dataSource={rows} locale={{ emptyText: empty }} scroll={{ x: 'max-content' }}
          onRow={(c) => rowAttrs(c) as React.HTMLAttributes<HTMLElement>}
          pagination={{ current: page, pageSize, total: list.data?.total ?? 0, showTotal: (n) => t('common.total', { n }), onChange: (p) => setParams({ tab, page: String(p) }) }}
          columns={[
            { title: t('wb.col.light'), key: 'light', render: (_v, c) => light(c) },
            { title: t('wb.col.handoverDue'), key: 'due', render: (_v, c) => formatDate(c.handoverDueDate) },
            { title: t('wb.col.item'), key: 'item', render: (_v, c) => link(c) },
            { title: t('wb.col.applicant'), key: 'applicant', dataIndex: 'applicantName' },
            { title: t('wb.col.status'), key: 'status', render: (_v, c) => <CaseStatusTag status={c.status} /> },
            { title: t('wb.col.reasons'), key: 'reasons', render: (_v, c) => reasons(c) },
            { title: t('wb.col.decidedAt'), key: 'decided', render: (_v, c) => formatDateTime(c.decidedAt) },
            { title: t('wb.col.receiptNo'), key: 'receipt', render: (_v, c) => c.receiptNo ?? '' },
            { title: t('wb.col.department'), key: 'dept', dataIndex: 'departmentName' },
          ]}
        />
      )}
      </>}
    </div>
  );
}
