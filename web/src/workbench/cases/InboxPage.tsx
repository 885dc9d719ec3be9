import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { Grid, Pagination, Table, Tabs, Tag } from 'antd';
import { ThunderboltOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { isManager, useAuth } from '../../api/auth';
import { useGet } from '../../api/query';
import type { CaseSummary, InboxBox, User } from '../../api/models';
import { useTitle } from '../../components/useTitle';
import { QueryError } from '../../components/QueryError';
import { EmptyBlock } from '../../components/ContentView';
import { enumLabel, formatDate, formatDateTime } from '../../components/labels';
import { CaseLightBadge, CaseStatusTag, SuspendedTag } from '../../components/cases/CaseBits';
import { DeliveriesList } from '../../components/delivery/DeliveriesList';

/**
 * The inboxes a user's roles work: window → intake, delivery; approver → review; chief → decide, review;
 * manager → green channel. `coordinator`: the user coordinates green-channel cases, so that box shows too.
 */
export function boxesOf(user: User | null, coordinator = false): InboxBox[] {
  const roles = user?.roles ?? [];
  const out: InboxBox[] = [];
  if (roles.includes('window')) out.push('intake');
  if (roles.includes('chief')) out.push('decide');
  if (roles.includes('approver') || roles.includes('chief')) out.push('review');
  if (roles.includes('window')) out.push('delivery');
  if (isManager(user) || coordinator) out.push('green');
  return out;
}

/** Whether a staff member who is not a manager coordinates any green-channel case (one small request). */
function useCoordinates(user: User | null) {
  const ask = !!user && !isManager(user);
  const probe = useGet('/api/workbench/inbox', { query: { box: 'green', page: 1, pageSize: 1 } }, { enabled: ask });
  return (probe.data?.total ?? 0) > 0;
}

/** The green-channel mark and the kind of a case, in an inbox row. */
function RowMarks({ c }: { c: CaseSummary }) {
  const { t } = useT();
  return (
    <>
      {c.green ? <Tag color="green" icon={<ThunderboltOutlined />} data-testid="inbox-green-tag" style={{ marginInlineEnd: 0 }}>{t('sj.green.tag')}</Tag> : null}
      {c.kind === 'joint' || c.kind === 'part' || c.kind === 'upper' ? (
        <Tag color={c.kind === 'joint' ? 'magenta' : c.kind === 'part' ? 'purple' : 'geekblue'} data-testid="inbox-kind" data-kind={c.kind} style={{ marginInlineEnd: 0 }}>
          {enumLabel(t, 'caseKind', c.kind)}
        </Tag>
      ) : null}
    </>
  );
}

export default function InboxPage() {
  const { t } = useT();
  useTitle(t('wb.nav.inbox'), true);
  const { user } = useAuth();
  const navigate = useNavigate();
  const screens = Grid.useBreakpoint();
  const isPhone = screens.md === false;
  const [params, setParams] = useSearchParams();
  const coordinator = useCoordinates(user);
  const boxes = boxesOf(user, coordinator);
  const asked = params.get('box') as InboxBox | null;
  const box = asked && boxes.includes(asked) ? asked : boxes[0];
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const pageSize = Math.min(100, Math.max(1, Number(params.get('pageSize') ?? '20') || 20));
  const list = useGet('/api/workbench/inbox', { query: { box: box ?? 'intake', page, pageSize } }, { enabled: !!box });
  const rows = list.data?.cases ?? [];
  const open = (c: CaseSummary) => navigate(`/workbench/cases/${encodeURIComponent(c.id)}`);
  const { pick } = useT();
  const nameOf = (c: CaseSummary) => pick(c.itemName, c.itemNameEn);
  const link = (c: CaseSummary, text: string) => (
    <Link to={`/workbench/cases/${encodeURIComponent(c.id)}`} data-testid="inbox-link" onClick={(e) => e.stopPropagation()}>{text}</Link>
  );

  if (!box) {
    return <div data-testid="inbox-page"><EmptyBlock text={t('wb.noBoxes')} testid="inbox-no-boxes" /></div>;
  }

  const empty = list.isLoading ? ' ' : <EmptyBlock text={t('wb.empty')} testid="inbox-empty" />;
  return (
    <div data-testid="inbox-page" data-box={box}>
      <div className="ow-page-head"><h2>{t('wb.nav.inbox')}</h2></div>
      <Tabs
        activeKey={box}
        onChange={(k) => setParams({ box: k })}
        items={boxes.map((b) => ({ key: b, label: <span data-testid={`inbox-tab-${b}`}>{t(`wb.box.${b}`)}</span> }))}
      />
      <QueryError of={list} />
      {isPhone ? (
        <div data-testid="inbox-list">
          {!list.isLoading && rows.length === 0 ? empty : null}
          {rows.map((c) => (
            <div key={c.id} className={`ow-result-card${c.green ? ' ow-row-green' : ''}`} style={{ cursor: 'pointer' }} onClick={() => open(c)}
              data-testid="inbox-row" data-case-id={c.id} data-light={c.light ?? 'none'} data-status={c.status} data-green={c.green ? 'true' : 'false'} data-kind={c.kind}>
              <h4>{link(c, nameOf(c))}</h4>
              <div style={{ display: 'flex', flexWrap: 'wrap', gap: 6, alignItems: 'center', marginBottom: 6 }}>
                <RowMarks c={c} />
                <CaseLightBadge light={c.light} completion={c.completion} provisional={c.provisional} />
                <CaseStatusTag status={c.status} />
                <SuspendedTag suspended={c.suspended} />
              </div>
              <div className="ow-result-meta">
                <span>{c.applicantName}</span>
                <span>{c.dueDate ? t('wb.deadline.completion') : c.acceptanceDueDate ? t('wb.deadline.acceptance') : t('wb.col.dueDate')}: {formatDate(c.dueDate ?? c.acceptanceDueDate) || t('common.none')}</span>
                <span>{c.receiptNo ?? formatDateTime(c.submittedAt)}</span>
              </div>
            </div>
          ))}
          {(list.data?.total ?? 0) > pageSize ? (
            <Pagination simple current={page} pageSize={pageSize} total={list.data?.total ?? 0}
              onChange={(p) => setParams({ box, page: String(p) })} style={{ textAlign: 'center' }} />
          ) : null}
        </div>
      ) : (
        <Table<CaseSummary>
          data-testid="inbox-table"
          rowKey="id"
          size="middle"
          loading={list.isLoading}
          dataSource={rows}
          locale={{ emptyText: empty }}
          scroll={{ x: 'max-content' }}
          rowClassName={(c) => (c.green ? 'ow-row-green' : '')}
          onRow={(c) => ({
            'data-testid': 'inbox-row', 'data-case-id': c.id, 'data-light': c.light ?? 'none', 'data-status': c.status,
            'data-green': c.green ? 'true' : 'false', 'data-kind': c.kind,
            onClick: () => open(c), style: { cursor: 'pointer' },
          }) as React.HTMLAttributes<HTMLElement>}
          pagination={{
            current: list.data?.page ?? page,
            pageSize: list.data?.pageSize ?? pageSize,
            total: list.data?.total ?? 0,
            showTotal: (n) => t('common.total', { n }),
            onChange: (p, ps) => setParams(ps !== pageSize ? { box, page: '1', pageSize: String(ps) } : { box, page: String(p), pageSize: String(ps) }),
          }}
          columns={[
            { title: t('wb.col.light'), key: 'light', render: (_v, c) => <CaseLightBadge light={c.light} completion={c.completion} provisional={c.provisional} /> },
            // Which deadline the row shows: completion once accepted, acceptance before (wording, issue 14).
            {
              title: t('wb.col.deadline'), key: 'due',
              render: (_v, c) => (
                <span data-testid="inbox-due-date" data-deadline={c.dueDate ? 'completion' : c.acceptanceDueDate ? 'acceptance' : 'none'}>
                  {formatDate(c.dueDate ?? c.acceptanceDueDate)}
                  {c.dueDate || c.acceptanceDueDate ? <span className="ow-muted" style={{ display: 'block' }}>{c.dueDate ? t('wb.deadline.completion') : t('wb.deadline.acceptance')}</span> : null}
                </span>
              ),
            },
            {
              title: t('wb.col.item'), key: 'item',
              render: (_v, c) => (
                <span style={{ display: 'inline-flex', flexWrap: 'wrap', gap: 6, alignItems: 'center', maxWidth: 360 }}>
                  <RowMarks c={c} />{link(c, nameOf(c))}
                </span>
              ),
            },
            { title: t('wb.col.applicant'), key: 'applicant', dataIndex: 'applicantName' },
            {
              title: t('wb.col.status'), key: 'status',
              render: (_v, c) => <span style={{ display: 'inline-flex', gap: 4 }}><CaseStatusTag status={c.status} /><SuspendedTag suspended={c.suspended} /></span>,
            },
            { title: t('wb.col.receiptNo'), key: 'receipt', render: (_v, c) => c.receiptNo ?? <span className="ow-muted">{t('case.noReceipt')}</span> },
            { title: t('wb.col.department'), key: 'dept', dataIndex: 'departmentName' },
            { title: t('wb.col.channel'), key: 'channel', render: (_v, c) => <Tag>{enumLabel(t, 'channel', c.channel)}</Tag> },
            { title: t('wb.col.submittedAt'), key: 'at', render: (_v, c) => formatDateTime(c.submittedAt) },
          ]}
        />
      )}
      {box === 'delivery' ? <DeliveriesList /> : null}
    </div>
  );
}
