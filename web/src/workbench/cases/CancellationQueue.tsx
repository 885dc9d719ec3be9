import { Link, useSearchParams } from 'react-router-dom';
import { Grid, Pagination, Table } from 'antd';
import { useT } from '../../i18n';
import { useGet } from '../../api/query';
import type { ResponseOf } from '../../api/client';
import { QueryError } from '../../components/QueryError';
import { EmptyBlock } from '../../components/ContentView';
import { formatDateTime } from '../../components/labels';
import { CaseStatusTag } from '../../components/cases/CaseBits';

type Row = ResponseOf<'/api/workbench/cancellations'>['requests'][number];

/**
 * The chief's cancellation (注销) queue: the open requests of the department, oldest first. Each row
 * links to the case page, where the chief cancels the licence or refuses (CancellationBlock).
 */
export function CancellationQueue() {
  const { t, pick } = useT();
  const isPhone = Grid.useBreakpoint().md === false;
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const pageSize = 20;
  const list = useGet('/api/workbench/cancellations', { query: { page, pageSize } });
  const rows: Row[] = list.data?.requests ?? [];
  const total = list.data?.total ?? 0;
  const toPage = (p: number) => setParams({ tab: 'cancellations', page: String(p) });
  const link = (r: Row) => <Link to={`/workbench/cases/${encodeURIComponent(r.case.id)}`} data-testid="cancellation-queue-link">{pick(r.case.itemName, r.case.itemNameEn)}</Link>;
  const empty = list.isLoading ? ' ' : <EmptyBlock text={t('wb.cancellations.empty')} testid="cancellation-queue-empty" />;
  const rowAttrs = (r: Row) => ({ 'data-testid': 'cancellation-queue-row', 'data-case-id': r.case.id });

  return (
    <section aria-labelledby="cancellation-queue-title" data-testid="cancellation-queue">
      <h3 id="cancellation-queue-title" className="ow-sr-only">{t('wb.cancellations.tab')}</h3>
      <p className="ow-muted">{t('wb.cancellations.intro')}</p>
      <QueryError of={list} />
      {isPhone ? (
        <div data-testid="cancellation-queue-list">
          {!list.isLoading && rows.length === 0 ? empty : null}
          {rows.map((r) => (
            <div key={r.id} className="ow-result-card" {...rowAttrs(r)}>
              <h4>{link(r)}</h4>
              <p style={{ margin: '4px 0', overflowWrap: 'anywhere' }}><strong>{t('wb.cancellations.reason')}:</strong> {r.reason}</p>
              <div className="ow-result-meta">
                <span>{r.case.applicantName}</span>
                <span>{t('wb.cancellations.requestedAt')}: {formatDateTime(r.requestedAt)}</span>
                <span>{r.case.receiptNo ?? ''}</span>
              </div>
            </div>
          ))}
          {total > pageSize ? <Pagination simple current={page} pageSize={pageSize} total={total} onChange={toPage} style={{ textAlign: 'center' }} /> : null}
        </div>
      ) : (
        <Table<Row>
          data-testid="cancellation-queue-table" rowKey="id" size="middle" loading={list.isLoading} dataSource={rows} locale={{ emptyText: empty }} scroll={{ x: 'max-content' }}
          onRow={(r) => rowAttrs(r) as React.HTMLAttributes<HTMLElement>}
          pagination={{ current: page, pageSize, total, showTotal: (n) => t('common.total', { n }), onChange: toPage }}
          columns={[
            { title: t('wb.cancellations.requestedAt'), key: 'at', render: (_v, r) => formatDateTime(r.requestedAt) },
            { title: t('wb.col.item'), key: 'item', render: (_v, r) => link(r) },
            { title: t('wb.col.applicant'), key: 'applicant', render: (_v, r) => r.case.applicantName },
            { title: t('wb.cancellations.reason'), key: 'reason', render: (_v, r) => <span style={{ overflowWrap: 'anywhere' }}>{r.reason}</span> },
            { title: t('wb.col.status'), key: 'status', render: (_v, r) => <CaseStatusTag status={r.case.status} /> },
            { title: t('wb.col.receiptNo'), key: 'receipt', render: (_v, r) => r.case.receiptNo ?? '' },
          ]}
        />
      )}
    </section>
  );
}
