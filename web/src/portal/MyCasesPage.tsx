import { Link, useSearchParams } from 'react-router-dom';
import { Breadcrumb, Button, Grid, Input, Pagination, Table, Tabs, Tag } from 'antd';
import { useT } from '../i18n';
import { useGet } from '../api/query';
import type { CaseSummary } from '../api/models';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { EmptyBlock } from '../components/ContentView';
import { formatDate, formatDateTime } from '../components/labels';
import { CaseLightBadge, CaseStatusTag, SuspendedTag } from '../components/cases/CaseBits';
import { RequireSignIn } from './RequireSignIn';
import { MyDrafts } from './MyDrafts';

/** Issue 14: My cases by what the applicant has to do or wait for (server: modules/cases/my-case-tabs.ts), and their drafts. */
const TABS = ['all', 'in_progress', 'to_supplement', 'to_pay', 'completed', 'drafts'] as const;
type Tab = (typeof TABS)[number];
const tabOf = (v: string | null): Tab => (TABS as readonly string[]).includes(v ?? '') ? v as Tab : 'all';

/** 联办 / Joint: a joint case is one application to several departments. */
function JointTag({ c }: { c: CaseSummary }) {
  const { t } = useT();
  if (c.kind !== 'joint') return null;
  return <Tag color="purple" data-testid="my-case-joint" style={{ marginInlineEnd: 6 }}>{t('joint.tag')}</Tag>;
}

const kindOf = (c: CaseSummary) => c.kind ?? 'single';

export default function MyCasesPage() {
  return <RequireSignIn><MyCases /></RequireSignIn>;
}

function MyCases() {
  const { t } = useT();
  useTitle(t('my.title'));
  const screens = Grid.useBreakpoint();
  const isPhone = screens.md === false;
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize') ?? '20') || 20));
  const tab = tabOf(params.get('tab'));
  const q = params.get('q') ?? '';
  const list = useGet('/api/my/cases', { query: { page, pageSize, ...(tab !== 'drafts' && tab !== 'all' ? { tab } : {}), ...(q ? { q } : {}) } }, { enabled: tab !== 'drafts' });
  const drafts = useGet('/api/my/drafts', { query: { pageSize: 1 } });
  const go = (next: Record<string, string>) => setParams(Object.fromEntries(Object.entries({ tab: tab === 'all' ? '' : tab, q, ...next }).filter(([, v]) => v !== '')));
  const counts = list.data?.counts;
  const rows = list.data?.cases ?? [];
  const link = (c: CaseSummary) => `/my/cases/${encodeURIComponent(c.id)}`;
  const empty = (
    <div>
      <EmptyBlock text={t('my.empty')} testid="my-cases-empty" />
      <div style={{ textAlign: 'center' }}><Link to="/items"><Button type="primary">{t('my.browse')}</Button></Link></div>
    </div>
  );

  return (
    <div className="ow-container" data-testid="my-cases-page">
      <Breadcrumb items={[{ title: <Link to="/">{t('nav.home')}</Link> }, { title: t('my.title') }]} />
      <div className="ow-block">
        <h1 className="ow-block-title">{t('my.title')}</h1>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, justifyContent: 'space-between', alignItems: 'center' }}>
          <Tabs
            activeKey={tab}
            data-testid="my-cases-tabs"
            onChange={(k) => setParams(Object.fromEntries(Object.entries({ tab: k === 'all' ? '' : k, q }).filter(([, v]) => v !== '')))}
            style={{ flex: '1 1 480px', minWidth: 0, marginBottom: 0 }}
            items={TABS.map((k) => {
              const n = k === 'drafts' ? drafts.data?.total : counts?.[k];
              return { key: k, label: <span data-testid={`my-tab-${k}`} data-count={n ?? ''}>{t(`my.tab.${k}`)}{n !== undefined ? ` (${n})` : ''}</span> };
            })}
          />
          {tab !== 'drafts' ? (
            <Input.Search
              key={q}
              defaultValue={q}
              allowClear
              placeholder={t('my.search')}
              aria-label={t('my.search')}
              onSearch={(v) => go({ q: v.trim(), page: '' })}
              style={{ width: isPhone ? '100%' : 280 }}
              data-testid="my-cases-search"
            />
          ) : null}
        </div>
        {tab === 'drafts' ? <MyDrafts /> : <>
        <QueryError of={list} />
        {isPhone ? (
          <div data-testid="my-cases-list">
            {!list.isLoading && rows.length === 0 ? empty : null}
            {rows.map((c) => (
              <Link key={c.id} to={link(c)} className="ow-result-card" data-testid="my-case-row" data-case-id={c.id} data-status={c.status} data-kind={kindOf(c)}>
                <h2 className="ow-result-title"><JointTag c={c} /><span data-testid="my-case-link">{c.itemName}</span></h2>
                <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center', marginBottom: 6 }}>
                  <CaseStatusTag status={c.status} />
                  <SuspendedTag suspended={c.suspended} />
                  <CaseLightBadge light={c.light} completion={c.completion} provisional={c.provisional} />
                </div>
                <div className="ow-result-meta">
                  <span>{c.receiptNo ? `${t('my.col.receiptNo')}: ${c.receiptNo}` : c.submissionNo ? `${t('my.col.submissionNo')}: ${c.submissionNo}` : t('case.noReceipt')}</span>
                  <span>{t('my.col.submittedAt')}: {formatDateTime(c.submittedAt)}</span>
                  {c.dueDate ? <span>{t('my.col.dueDate')}: {formatDate(c.dueDate)}</span> : null}
                </div>
              </Link>
            ))}
            {(list.data?.total ?? 0) > pageSize ? (
              <Pagination simple current={page} pageSize={pageSize} total={list.data?.total ?? 0}
                onChange={(p) => go({ page: String(p) })} data-testid="my-cases-pagination" style={{ textAlign: 'center' }} />
            ) : null}
          </div>
        ) : (
          <Table<CaseSummary>
            data-testid="my-cases-table"
            rowKey="id"
            loading={list.isLoading}
            dataSource={rows}
            locale={{ emptyText: list.isLoading ? ' ' : empty }}
            scroll={{ x: 'max-content' }}
            onRow={(c) => ({ 'data-testid': 'my-case-row', 'data-case-id': c.id, 'data-status': c.status, 'data-kind': kindOf(c) }) as React.HTMLAttributes<HTMLElement>}
            pagination={{
              current: list.data?.page ?? page,
              pageSize: list.data?.pageSize ?? pageSize,
              total: list.data?.total ?? 0,
              hideOnSinglePage: true,
              showTotal: (n) => t('common.total', { n }),
              onChange: (p, ps) => go(ps !== pageSize ? { page: '1', pageSize: String(ps) } : { page: String(p), pageSize: String(ps) }),
            }}
            columns={[
              { title: t('my.col.item'), key: 'item', render: (_v, c) => <><JointTag c={c} /><Link to={link(c)} data-testid="my-case-link">{c.itemName}</Link></> },
              {
                title: t('my.col.receiptNo'), key: 'receipt',
                render: (_v, c) => c.receiptNo ?? (c.submissionNo
                  ? <span className="ow-nowrap" data-testid="my-case-submission-no">{c.submissionNo} <span className="ow-muted">({t('my.col.submissionNo')})</span></span>
                  : <span className="ow-muted">{t('case.noReceipt')}</span>),
              },
              {
                title: t('my.col.status'), key: 'status',
                render: (_v, c) => <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}><CaseStatusTag status={c.status} /><SuspendedTag suspended={c.suspended} /></span>,
              },
              { title: t('my.col.light'), key: 'light', render: (_v, c) => <CaseLightBadge light={c.light} completion={c.completion} provisional={c.provisional} /> },
              { title: t('my.col.dueDate'), key: 'due', render: (_v, c) => formatDate(c.dueDate) },
              { title: t('my.col.submittedAt'), key: 'at', render: (_v, c) => formatDateTime(c.submittedAt) },
            ]}
          />
        )}
        </>}
      </div>
    </div>
  );
}
