import { useSearchParams } from 'react-router-dom';
import { Alert, Pagination, Table, Tag } from 'antd';
import { useT } from '../i18n';
import { api } from '../api/client';
import { useAuth } from '../api/auth';
import { useApi } from '../api/useApi';
import { useTitle } from '../components/useTitle';
import { ErrorAlert } from '../components/ErrorAlert';
import { formatDateTime } from '../components/labels';
import type { AuditCheck, Board } from './types';

type Checks = { checks?: AuditCheck[]; items?: AuditCheck[]; total?: number; page?: number; pageSize?: number } | AuditCheck[];

/** The audit chain's scheduled verification: the latest result (a red alarm when broken) and the history of checks. */
export default function AuditPage() {
  const { t } = useT();
  useTitle(t('sup.nav.audit'), true);
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const board = useApi(() => api.get<Board>('/api/supervision/board', { centerId: user?.centerId }), [user?.centerId]);
  const checks = useApi(() => api.get<Checks>('/api/supervision/audit-checks', { page }), [page]);
  const data = checks.data;
  const rows = Array.isArray(data) ? data : (data?.checks ?? data?.items ?? []);
  const total = Array.isArray(data) ? rows.length : (data?.total ?? rows.length);
  const pageSize = Array.isArray(data) ? rows.length || 20 : (data?.pageSize ?? 20);
  const last = board.data?.audit ?? rows[0] ?? null;
  return (
    <div data-testid="sup-audit-page">
      <div className="ow-page-head"><h2>{t('sup.nav.audit')}</h2></div>
      <ErrorAlert error={board.error} onRetry={board.reload} />
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
                {last.broken ? <div>{t('sup.audit.brokenAt', { stream: last.broken.stream, seq: last.broken.seq, reason: last.broken.reason })}</div> : null}
              </>} />
          </div>
        )
      ) : !board.loading ? <div data-testid="audit-none" className="ow-muted" style={{ marginBottom: 12 }}>{t('sup.audit.none')}</div> : null}
      <ErrorAlert error={checks.error} onRetry={checks.reload} />
      <div className="ow-section">
        <Table<AuditCheck>
          data-testid="audit-checks"
          size="small"
          rowKey={(r) => String(r.id ?? r.checkedAt)}
          loading={checks.loading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(r) => ({ 'data-testid': 'audit-check-row', 'data-ok': r.ok ? 'true' : 'false' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('sup.audit.checkedAt'), key: 'at', render: (_v, r) => formatDateTime(r.checkedAt) },
            { title: t('sup.audit.result'), key: 'ok', render: (_v, r) => <Tag color={r.ok ? 'green' : 'red'}>{r.ok ? t('sup.audit.intact') : t('sup.audit.brokenShort')}</Tag> },
            { title: t('sup.audit.events'), key: 'events', dataIndex: 'events' },
            { title: t('sup.audit.where'), key: 'broken', render: (_v, r) => (r.broken ? `${r.broken.stream} #${r.broken.seq}: ${r.broken.reason}` : '—') },
          ]}
        />
        {total > pageSize ? <Pagination simple current={page} pageSize={pageSize} total={total} style={{ marginTop: 12, textAlign: 'center' }} onChange={(p) => setParams({ page: String(p) })} /> : null}
      </div>
    </div>
  );
}
