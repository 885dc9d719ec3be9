import { lazy, Suspense, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Button, Col, Grid, Row, Skeleton, Steps, Tag } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import type { CaseDetail, CaseReview } from '../../api/models';
import { useTitle } from '../../components/useTitle';
import { QueryError } from '../../components/QueryError';
import { NotFound } from '../../components/StatusPages';
import { enumLabel, formatDateTime } from '../../components/labels';
import { CaseBlock, CaseDecision, CaseDocuments, CaseFormValues, CaseMaterialsList, CaseTimeline, SupplementNotice } from '../../components/cases/CaseSections';
import { CaseHeader, useCaseDetail } from '../../components/cases/CaseHeader';
import { CaseClock } from '../../components/cases/CaseClock';
import { CaseHandoffs, CaseStepper } from '../../components/cases/CaseStepper';
import { ActionButtons, ActionDialog } from '../../components/cases/ActionDialog';
import { DeliverDialog } from '../../components/delivery/DeliverDialog';
import { CancellationBlock } from '../../components/cases/CancellationBlock';
import { CaseChildren } from '../../components/cases/CaseChildren';
import { CaseKindBar } from './CaseKindBar';
import { MatterFacts } from './MatterFacts';
import { PrereviewBlock, supplementPrefillOf, usePrereviews } from './JointPrereview';
import { acceptBlockedBy, checklistMissingOf, hasChecklist, MaterialChecklist, useChecklist } from './MaterialChecklist';
import { CaseLicencesBlock } from '../../components/licences/CaseLicences';
import { StaffCaseNotices } from '../../components/fees/NoticeStaffActions';

// ECharts reaches this page only when a reported case has levels to draw.
const LevelsChart = lazy(() => import('./LevelsChart'));

/** A case as staff see it: applicant, form, materials, history, reviews, clock, and the caller's allowed actions. */
export default function WorkbenchCasePage() {
  const { id = '' } = useParams();
  const { t, pick } = useT();
  const screens = Grid.useBreakpoint();
  const isPhone = screens.md === false;
  const { c, query, loading, update } = useCaseDetail(id);
  const error = query.error;
  const [action, setAction] = useState<string | null>(null);
  const [delivering, setDelivering] = useState(false);
  const pre = usePrereviews(c);
  const checklist = useChecklist(c);
  const notReceived = acceptBlockedBy(checklist.data);
  useTitle(c ? `${pick(c.itemName, c.itemNameEn)} - ${t('case.title')}` : t('case.title'), true);

  if (error?.status === 404) return <NotFound />;

  return (
    <div data-testid="wb-case-page" data-case-id={id}>
      <div className="ow-page-head">
        <Link to="/workbench" data-testid="wb-case-back"><Button icon={<ArrowLeftOutlined />}>{t('wb.backToInbox')}</Button></Link>
      </div>
      <QueryError of={query} />
      {!c ? (loading ? <div className="ow-guide-head"><Skeleton active paragraph={{ rows: 6 }} /></div> : null) : (
        <>
          <CaseHeader c={c} staff />
          <CaseKindBar c={c} onChanged={update} />
          <CaseStepper steps={c.steps} />
          <div className="ow-section ow-action-bar" data-testid="case-actions-block">
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12, justifyContent: 'space-between', alignItems: 'center' }}>
              {c.allowedActions.filter((a) => a !== 'resubmit').length ? (
                <ActionButtons allowed={c.allowedActions} blocked={notReceived ? { accept: t('mc.acceptBlocked', { names: notReceived.join('、') }) } : {}} onPick={(a) => {
                  // The departments' lines may have changed since the page loaded: fetch them again for the notice.
                  if (a === 'request_supplement' && c.kind === 'joint') void pre.query.refetch();
                  // Delivery checks who collects first (issue 11): its own dialog.
                  if (a === 'deliver') { setDelivering(true); return; }
                  setAction(a);
                }} />
              ) : <span className="ow-muted" data-testid="case-no-actions">{t('case.noActions')}</span>}
              <CaseDocuments documents={c.documents} print />
            </div>
          </div>
          {c.supplement && c.status === 'supplement_requested' ? <div className="ow-section"><SupplementNotice supplement={c.supplement} /></div> : null}
          {c.decision ? <div className="ow-section"><CaseDecision decision={c.decision} /></div> : null}
          <CancellationBlock c={c} onDone={update} />
          {/* Issue 11: the case's payment notice, and its cancel / reissue for the department's staff. */}
          <StaffCaseNotices caseId={c.id} />
          {c.kind === 'joint' && c.matter ? (
            <CaseBlock title={t('sj.matter.title')} testid="case-matter"><MatterFacts c={c} /></CaseBlock>
          ) : null}
          {c.kind === 'joint' && (c.status === 'submitted' || c.status === 'supplement_requested' || pre.list.length > 0) ? (
            <CaseBlock title={t('sj.pre.title')} testid="case-prereviews"><PrereviewBlock c={c} pre={pre} /></CaseBlock>
          ) : null}
          {c.children?.length ? (
            <CaseBlock title={c.kind === 'joint' ? t('sj.children.joint') : t('sj.children.upper')} testid="case-children-block">
              <CaseChildren children={c.children} linkBase="/workbench/cases" />
            </CaseBlock>
          ) : null}
          {c.handoffs.length ? (
            <CaseBlock title={t('case.sec.handoffs')} testid="case-handoffs-block"><CaseHandoffs handoffs={c.handoffs} /></CaseBlock>
          ) : null}
          {c.levels?.length ? (
            <CaseBlock title={t('sj.levels.title')} testid="case-levels-block">
              <Suspense fallback={<Skeleton active paragraph={{ rows: 3 }} />}><LevelsChart levels={c.levels} /></Suspense>
            </CaseBlock>
          ) : null}
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <CaseBlock title={t('case.sec.clock')} testid="case-clock-block">
                <CaseClock c={c} phone={isPhone || !!screens.lg} />
              </CaseBlock>
            </Col>
            <Col xs={24} lg={12}>
              <CaseBlock title={t('case.sec.reviews')} testid="case-reviews">
                <Reviews reviews={c.reviews} />
              </CaseBlock>
              <CaseBlock title={t('case.sec.procedure')} testid="case-procedure">
                <Procedure c={c} />
              </CaseBlock>
            </Col>
          </Row>
          {hasChecklist(c) ? (
            <CaseBlock title={t('case.sec.checklist')} testid="case-checklist"><MaterialChecklist c={c} query={checklist} /></CaseBlock>
          ) : null}
          <CaseBlock title={t('case.sec.materials')} testid="case-materials">
            <CaseMaterialsList materials={c.materials} phone={isPhone} />
          </CaseBlock>
          <CaseLicencesBlock caseId={c.id} names={Object.fromEntries(c.materials.map((m) => [m.key, m.name]))} />
          <Row gutter={16}>
            <Col xs={24} lg={12}>
              <CaseBlock title={t('case.sec.form')} testid="case-form">
                <CaseFormValues fields={c.formFields} values={c.form} />
              </CaseBlock>
            </Col>
            <Col xs={24} lg={12}>
              <CaseBlock title={t('case.sec.timeline')} testid="case-timeline-block">
                <CaseTimeline timeline={c.timeline} materials={c.materials} />
              </CaseBlock>
            </Col>
          </Row>
          <DeliverDialog c={c} open={delivering} onClose={() => setDelivering(false)} onDone={() => { setDelivering(false); update(null); }} />
          <ActionDialog c={c} action={action} onClose={() => setAction(null)} onDone={(u) => { if (u) setAction(null); update(u); }}
            supplementPrefill={c.kind === 'joint' ? supplementPrefillOf(c, pre.list) : undefined}
            checklistMissing={c.kind === 'single' ? checklistMissingOf(checklist.data) : undefined} />
        </>
      )}
    </div>
  );
}

function Procedure({ c }: { c: CaseDetail }) {
  const { t } = useT();
  if (c.procedure.length === 0) return <span className="ow-muted">{t('common.none')}</span>;
  return (
    <Steps
      orientation="vertical"
      size="small"
      current={-1}
      items={c.procedure.map((p, i) => ({
        key: i,
        title: <span data-testid="procedure-row" data-role={p.role}>{p.name}</span>,
        content: enumLabel(t, 'stepRole', p.role),
      }))}
    />
  );
}

function Reviews({ reviews }: { reviews: CaseReview[] }) {
  const { t } = useT();
  if (reviews.length === 0) return <span className="ow-muted" data-testid="reviews-empty">{t('case.noReviews')}</span>;
  return (
    <div>
      {reviews.map((r, i) => (
        <div key={i} className="ow-material-card" data-testid="review-row" data-step={r.step} data-proposal={r.proposal}>
          <div className="ow-material-card-title" style={{ justifyContent: 'space-between', flexWrap: 'wrap' }}>
            <strong>{r.name}</strong>
            <Tag color={r.proposal === 'approve' ? 'green' : 'red'} style={{ marginInlineEnd: 0 }}>{enumLabel(t, 'proposal', r.proposal)}</Tag>
          </div>
          <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{r.opinion}</div>
          <div className="ow-muted">{r.by} · {formatDateTime(r.at)}</div>
        </div>
      ))}
    </div>
  );
}

