import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, Col, Grid, Row, Skeleton, Tag } from 'antd';
import { ArrowLeftOutlined, NotificationOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { useAuth } from '../api/auth';
import { useGet, useInvalidate } from '../api/query';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { NotFound } from '../components/StatusPages';
import { formatDateTime } from '../components/labels';
import { CaseBlock, CaseDecision, CaseFormValues, CaseMaterialsList, CaseTimeline } from '../components/cases/CaseSections';
import { CaseHeader, useCaseDetail } from '../components/cases/CaseHeader';
import { CaseClock } from '../components/cases/CaseClock';
import { useEventStream } from './useEventStream';
import { IssueNoticeDialog } from './Notices';
import { CaseChildren } from '../components/cases/CaseChildren';
import { CaseKindBar } from '../workbench/cases/CaseKindBar';
import LevelsChart from '../workbench/cases/LevelsChart';

/**
 * A case for the supervision center, read-only: the same header, clock, materials, form and full
 * history as the workbench (the case API grants supervisors and managers of the center read access),
 * its findings, and a supervision notice to issue on it.
 */
export default function SupCasePage() {
  const { id = '' } = useParams();
  const { t, msg } = useT();
  const { user } = useAuth();
  const screens = Grid.useBreakpoint();
  const isPhone = screens.md === false;
  const { c, query, loading } = useCaseDetail(id);
  const error = query.error;
  const findings = useGet('/api/supervision/findings', { query: { caseId: id, pageSize: 50 } });
  const invalidate = useInvalidate();
  const [issuing, setIssuing] = useState(false);
  useEventStream('/api/supervision/stream', ['light', 'case', 'resync'], (name, data) => {
    if (name === 'resync' || (data as { caseId?: string } | null)?.caseId === id) void invalidate(['/api/cases/{id}', '/api/supervision/findings']);
  });
  useTitle(c ? `${c.itemName} - ${t('case.title')}` : t('case.title'), true);
  if (error?.status === 404) return <NotFound />;

  return (
    <div data-testid="sup-case-page" data-case-id={id}>
      <div className="ow-page-head">
        <Link to="/supervision" data-testid="sup-back-board"><Button icon={<ArrowLeftOutlined />}>{t('sup.backToBoard')}</Button></Link>
        {user?.roles.includes('supervisor') ? (
          <Button type="primary" icon={<NotificationOutlined />} onClick={() => setIssuing(true)} data-testid="notice-issue-case">{t('notice.issue')}</Button>
        ) : null}
      </div>
      <QueryError of={query} />
      {!c ? (loading ? <div className="ow-guide-head"><Skeleton active paragraph={{ rows: 6 }} /></div> : null) : (
        <>
          <CaseHeader c={c} staff />
          <CaseKindBar c={c} readOnly linkBase="/supervision/cases" />
          {c.decision ? <div className="ow-section"><CaseDecision decision={c.decision} /></div> : null}
          {c.children?.length ? (
            <CaseBlock title={c.kind === 'joint' ? t('sj.children.joint') : t('sj.children.upper')} testid="case-children-block">
              <CaseChildren children={c.children} linkBase="/supervision/cases" />
            </CaseBlock>
          ) : null}
          {c.levels?.length ? <CaseBlock title={t('sj.levels.title')} testid="case-levels-block"><LevelsChart levels={c.levels} /></CaseBlock> : null}
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <CaseBlock title={t('case.sec.clock')} testid="case-clock-block">
                <CaseClock c={c} phone={isPhone || !!screens.lg} />
              </CaseBlock>
              <CaseBlock title={t('sup.nav.findings')} testid="sup-case-findings">
                {(findings.data?.findings ?? []).length === 0 ? <span className="ow-muted">{t('common.none')}</span> : null}
                {(findings.data?.findings ?? []).map((f) => (
                  <div key={f.id} className="ow-material-card" data-testid="sup-case-finding" data-status={f.status}>
                    <div className="ow-material-card-title" style={{ justifyContent: 'space-between' }}>
                      <strong>{msg(f.title)}</strong><Tag>{t(`finding.status.${f.status}`)}</Tag>
                    </div>
                    <div className="ow-muted">{formatDateTime(f.raisedAt)}{f.resolution ? ` · ${f.resolution}` : ''}</div>
                  </div>
                ))}
              </CaseBlock>
            </Col>
            <Col xs={24} lg={12}>
              <CaseBlock title={t('case.sec.timeline')} testid="case-timeline-block">
                <CaseTimeline timeline={c.timeline} materials={c.materials} />
              </CaseBlock>
            </Col>
          </Row>
          <CaseBlock title={t('case.sec.materials')} testid="case-materials">
            <CaseMaterialsList materials={c.materials} phone={isPhone} />
          </CaseBlock>
          <CaseBlock title={t('case.sec.form')} testid="case-form">
            <CaseFormValues fields={c.formFields} values={c.form} />
          </CaseBlock>
        </>
      )}
      <IssueNoticeDialog open={issuing} caseId={id} onClose={() => setIssuing(false)} onDone={() => { setIssuing(false); void invalidate(['/api/cases/{id}', '/api/supervision/notices']); }} />
    </div>
  );
}
