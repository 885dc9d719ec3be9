import { useSearchParams } from 'react-router-dom';
import { Alert, Pagination, Table, Tag } from 'antd';
import { useT } from '../i18n';
import { useAuth } from '../api/auth';
import { useGet } from '../api/query';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { formatDateTime } from '../components/labels';
import type { AuditCheck } from './types';
import { auditBreak } from './auditBreak';

/** The audit chain's scheduled verification: the latest result (a red alarm when broken) and the history of checks. */
export default function AuditPage() {
  const { t } = useT();
  useTitle(t('sup.nav.audit'), true);
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const board = useGet('/api/supervision/board', { query: { centerId: user?.centerId ?? undefined } });
  const checks = useGet('/api/supervision/audit-checks', { query: { page } });
  const data = checks.data;
  const rows = data?.checks ?? [];
  const total = data?.total ?? rows.length;
  const pageSize = data?.pageSize ?? 20;
  const last = board.data?.audit ?? rows[0] ?? null;
  return (
    <div data-testid="sup-audit-page">
      <div className="ow-page-head"><h2>{t('sup.nav.audit')}</h2></div>
      <QueryError of={board} />
      {last ? (
        last.ok ? (
          <div data-testid="audit-ok" style={{ marginBottom: 12 }}>
            <Alert type="success" showIcon title={t('sup.audit.ok')} description={t('sup.audit.summary', { at: formatDateTime(last.checkedAt), n: last.events })} />
          </div>
        ) : (
          <div data-testid="audit-alarm" style={{ marginBottom: 12 }}>
            <Alert type="error" showIcon title={t('sup.audit.broken')}
              description={<>
                <div>{t('sup.audit.summary', { at: formatDateTime(last.checkedAt), n: last.events })}</div>
                {last.broken ? <div>{auditBreak(t, last.broken)}</div> : null}
              </>} />
          </div>
        )
      ) : !board.isLoading ? <div data-testid="audit-none" className="ow-muted" style={{ marginBottom: 12 }}>{t('sup.audit.none')}</div> : null}
      <QueryError of={checks} />
      <div className="ow-section">
        <Table<AuditCheck>
          data-testid="audit-checks"
          size="small"
          rowKey={(r) => String(r.id ?? r.checkedAt)}
          loading={checks.isLoading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(r) => ({ 'data-testid': 'audit-check-row', 'data-ok': r.ok ? 'true' : 'false' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('sup.audit.checkedAt'), key: 'at', render: (_v, r) => formatDateTime(r.checkedAt) },
            { title: t('sup.audit.result'), key: 'ok', render: (_v, r) => <Tag color={r.ok ? 'green' : 'red'}>{r.ok ? t('sup.audit.intact') : t('sup.audit.brokenShort')}</Tag> },
            { title: t('sup.audit.events'), key: 'events', dataIndex: 'events' },
            { title: t('sup.audit.where'), key: 'broken', render: (_v, r) => (r.broken ? auditBreak(t, r.broken) : '—') },
          ]}
        />
        {total > pageSize ? <Pagination simple current={page} pageSize={pageSize} total={total} style={{ marginTop: 12, textAlign: 'center' }} onChange={(p) => setParams({ page: String(p) })} /> : null}
      </div>
    </div>
  );
}
