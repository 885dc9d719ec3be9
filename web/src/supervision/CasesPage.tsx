import { useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Button, Pagination, Segmented } from 'antd';
import { NotificationOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { useAuth } from '../api/auth';
import { useGet, useInvalidate } from '../api/query';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { EmptyBlock } from '../components/ContentView';
import { LitRow, pct } from './BoardPage';
import { useEventStream } from './useEventStream';
import { IssueNoticeDialog, NoticeCard } from './Notices';
import { supCaseLink } from './SupervisionLayout';

type Light = 'yellow' | 'red';
const asLight = (v: string | null): Light => (v === 'yellow' ? 'yellow' : 'red');

/** The drill-down list behind a tile: the center's yellow or red cases, nearest deadline first, live. */
export default function CasesPage() {
  const { t } = useT();
  useTitle(t('sup.nav.cases'), true);
  const [params, setParams] = useSearchParams();
  const light = asLight(params.get('light'));
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const list = useGet('/api/supervision/cases', { query: { light, page, pageSize: 20 } });
  const invalidate = useInvalidate();
  useEventStream('/api/supervision/stream', ['light', 'case', 'resync'], () => void invalidate(['/api/supervision/cases']));
  return (
    <div data-testid="sup-cases-page" data-light={light}>
      <div className="ow-page-head"><h2>{t('sup.nav.cases')}</h2></div>
      <Segmented
        data-testid="sup-cases-light"
        value={light}
        onChange={(v) => setParams({ light: String(v) })}
        options={(['red', 'yellow'] as const).map((l) => ({ value: l, label: <span data-testid={`sup-cases-light-${l}`}>{t(`sup.list.${l}`)}</span> }))}
        style={{ marginBottom: 12 }}
      />
      <QueryError of={list} />
      <div className="ow-section" data-testid="sup-cases-list" data-total={list.data?.total ?? ''}>
        <div className="ow-muted" style={{ marginBottom: 8 }} data-testid="sup-cases-count">{t('common.total', { n: list.data?.total ?? 0 })}</div>
        {!list.isLoading && (list.data?.cases.length ?? 0) === 0 ? <EmptyBlock text={t('sup.list.empty')} testid="sup-cases-empty" /> : null}
        {(list.data?.cases ?? []).map((c) => <LitRow key={c.id} c={c} />)}
        {(list.data?.total ?? 0) > 20 ? (
          <Pagination simple current={page} pageSize={20} total={list.data?.total ?? 0} style={{ marginTop: 12, textAlign: 'center' }}
            onChange={(p) => setParams({ light, page: String(p) })} />
        ) : null}
      </div>
    </div>
  );
}

/** Drill-down from a department row: its figures, its lit cases, its notices, and a notice to issue on it. */
export function DepartmentPage() {
  const { id = '' } = useParams();
  const { t } = useT();
  const { user } = useAuth();
  const board = useGet('/api/supervision/board', { query: { centerId: user?.centerId ?? undefined } });
  // The lit-case API has no department filter: its first 100 of each light are read and filtered here.
  // The department's own red and yellow cases, filtered by the server (nearest deadline first).
  const red = useGet('/api/supervision/cases', { query: { light: 'red', departmentId: id, pageSize: 100 } });
  const yellow = useGet('/api/supervision/cases', { query: { light: 'yellow', departmentId: id, pageSize: 100 } });
  const notices = useGet('/api/supervision/notices', { query: { pageSize: 100 } });
  const invalidate = useInvalidate();
  useEventStream('/api/supervision/stream', ['light', 'case', 'resync'], () => void invalidate(['/api/supervision/board', '/api/supervision/cases']));
  const [issuing, setIssuing] = useState(false);
  const dept = board.data?.departments.find((d) => d.id === id);
  const cases = useMemo(() => [...(red.data?.cases ?? []), ...(yellow.data?.cases ?? [])], [red.data, yellow.data]);
  const mine = (notices.data?.notices ?? []).filter((n) => n.departmentId === id);
  const name = dept?.name ?? cases[0]?.departmentName ?? mine[0]?.departmentName ?? '';
  useTitle(name || t('sup.col.department'), true);
  return (
    <div data-testid="sup-dept-page" data-dept-id={id}>
      <div className="ow-page-head">
        <h2 data-testid="sup-dept-name">{name}</h2>
        <span style={{ display: 'flex', gap: 8 }}>
          <Link to="/supervision"><Button data-testid="sup-back-board">{t('sup.backToBoard')}</Button></Link>
          {user?.roles.includes('supervisor') ? (
            <Button type="primary" icon={<NotificationOutlined />} onClick={() => setIssuing(true)} data-testid="notice-issue-department">{t('notice.issue')}</Button>
          ) : null}
        </span>
      </div>
      <QueryError of={[board, red, yellow]} />
      {dept ? (
        <div className="ow-sup-tiles" data-testid="sup-dept-figures">
          {([['open', dept.open], ['yellow', dept.yellow], ['red', dept.red], ['completed', dept.completed]] as const).map(([k, v]) => (
            <div key={k} className="ow-sup-tile" data-testid={`sup-dept-${k}`} data-count={v}>
              <div className="ow-sup-tile-n">{v}</div>
              <div className="ow-sup-tile-label">{k === 'completed' ? t('sup.col.completed') : t(`sup.tile.${k}`)}</div>
            </div>
          ))}
          <div className="ow-sup-tile" data-testid="sup-dept-rate"><div className="ow-sup-tile-n">{pct(dept.onTimeRate)}</div><div className="ow-sup-tile-label">{t('sup.col.onTimeRate')}</div></div>
        </div>
      ) : null}
      <div className="ow-section" data-testid="sup-dept-cases">
        <h3 className="ow-section-title">{t('sup.dept.litCases')}</h3>
        {cases.length === 0 && !red.isLoading && !yellow.isLoading ? <EmptyBlock text={t('sup.list.empty')} testid="sup-dept-cases-empty" /> : null}
        {cases.map((c) => <LitRow key={c.id} c={c} />)}
      </div>
      <div className="ow-section" data-testid="sup-dept-notices">
        <h3 className="ow-section-title">{t('sup.nav.notices')}</h3>
        <QueryError of={notices} />
        {mine.length === 0 && !notices.isLoading ? <EmptyBlock text={t('notice.empty')} /> : null}
        {mine.map((n) => <NoticeCard key={n.id} n={n} caseLink={supCaseLink} />)}
      </div>
      <IssueNoticeDialog open={issuing} departmentId={id} onClose={() => setIssuing(false)} onDone={() => { setIssuing(false); void invalidate(['/api/supervision/notices']); }} />
    </div>
  );
}
