import { useSearchParams } from 'react-router-dom';
import { Pagination, Segmented } from 'antd';
import { useT } from '../../i18n';
import { useAuth } from '../../api/auth';
import { useGet, useInvalidate } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { QueryError } from '../../components/QueryError';
import { EmptyBlock } from '../../components/ContentView';
import { Forbidden } from '../../components/StatusPages';
import { NoticeCard, NoticeReplyForm } from '../../supervision/Notices';

const PAGE_SIZE = 20;

/** 督办通知 for a department's chief: the notices on the department and its cases, with a reply form on open ones. */
export default function WorkbenchNoticesPage() {
  const { t } = useT();
  useTitle(t('wb.nav.notices'), true);
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const status = params.get('status') === 'answered' ? 'answered' : params.get('status') === 'all' ? 'all' : 'open';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const isChief = !!user?.roles.includes('chief');
  const list = useGet('/api/supervision/notices', { query: { status: status === 'all' ? undefined : status, page, pageSize: PAGE_SIZE } }, { enabled: isChief });
  const invalidate = useInvalidate();
  if (!isChief) return <Forbidden />;
  return (
    <div data-testid="wb-notices-page" data-status={status}>
      <div className="ow-page-head"><h2>{t('wb.nav.notices')}</h2></div>
      <Segmented data-testid="notices-status" value={status} style={{ marginBottom: 12 }} onChange={(v) => setParams({ status: String(v) })}
        options={(['open', 'answered', 'all'] as const).map((s) => ({ value: s, label: <span data-testid={`notices-status-${s}`}>{s === 'all' ? t('common.all') : t(`notice.status.${s}`)}</span> }))} />
      <QueryError of={list} />
      <div data-testid="notices-list" data-total={list.data?.total ?? ''}>
        {!list.isLoading && (list.data?.notices.length ?? 0) === 0 ? <EmptyBlock text={t('notice.empty')} testid="notices-empty" /> : null}
        {(list.data?.notices ?? []).map((n) => (
          <NoticeCard key={n.id} n={n} caseLink={(id) => `/workbench/cases/${encodeURIComponent(id)}`}>
            {n.status === 'open' ? <NoticeReplyForm n={n} onDone={() => void invalidate(['/api/supervision/notices'])} /> : null}
          </NoticeCard>
        ))}
      </div>
      {(list.data?.total ?? 0) > PAGE_SIZE ? (
        <Pagination simple current={page} pageSize={PAGE_SIZE} total={list.data?.total ?? 0} style={{ marginTop: 12, textAlign: 'center' }}
          onChange={(p) => setParams({ status, page: String(p) })} />
      ) : null}
    </div>
  );
}
