import { useCallback, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { App, Breadcrumb, Button, Form, Grid, Skeleton, Spin } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { api } from '../api/client';
import type { ErrorCode } from '../api/errorCodes';
import type { CaseDetail } from '../api/models';
import { useTitle } from '../components/useTitle';
import { ErrorAlert } from '../components/ErrorAlert';
import { QueryError } from '../components/QueryError';
import { useFormErrors } from '../components/useFormErrors';
import { NotFound } from '../components/StatusPages';
import { CaseBlock, CaseDecision, CaseDocuments, CaseFormValues, CaseMaterialsList, CaseTimeline, SupplementNotice } from '../components/cases/CaseSections';
import { CaseHeader, useCaseDetail } from '../components/cases/CaseHeader';
import { CaseStepper } from '../components/cases/CaseStepper';
import { ActionButtons, ActionDialog } from '../components/cases/ActionDialog';
import { CancellationBlock } from '../components/cases/CancellationBlock';
import { DeliveryBlock } from '../components/delivery/DeliveryBlock';
import { PaymentNoticeBlock } from '../components/fees/PaymentNoticeBlock';
import { MaterialUploads, useUploadCounter, type ApplicationValues } from '../components/cases/ApplicationFields';
import { RequireSignIn } from './RequireSignIn';
import { JointCaseBlocks, ParentNote, useMergedTimeline } from './JointCaseSections';
import { CasePayment } from './CasePayment';

export default function MyCasePage() {
  return <RequireSignIn><MyCase /></RequireSignIn>;
}

function MyCase() {
  const { id = '' } = useParams();
  const { t } = useT();
  const screens = Grid.useBreakpoint();
  const isPhone = screens.md === false;
  const { c, query, loading, update } = useCaseDetail(id);
  const error = query.error;
  const [action, setAction] = useState<string | null>(null);
  const merged = useMergedTimeline(c);
  const { refetch: refetchQuery } = query;
  const refetchCase = useCallback(() => { void refetchQuery(); }, [refetchQuery]);
  useTitle(c ? `${c.itemName} - ${t('case.title')}` : t('case.title'));

  if (error?.status === 404) return <NotFound />;

  return (
    <div className="ow-container" data-testid="my-case-page" data-case-id={id}>
      <Breadcrumb
        items={[
          { title: <Link to="/">{t('nav.home')}</Link> },
          { title: <Link to="/my/cases" data-testid="case-back">{t('my.title')}</Link> },
          { title: t('case.title') },
        ]}
      />
      <QueryError of={query} style={{ marginTop: 12 }} />
      {!c ? (loading ? <div className="ow-guide-head" style={{ marginTop: 12 }}><Skeleton active paragraph={{ rows: 6 }} /></div> : null) : (
        <div style={{ marginTop: 12 }}>
          <CaseHeader c={c} />
          <CaseStepper steps={c.steps} />
          <ParentNote c={c} />
          {c.supplement && (c.status === 'supplement_requested' || c.allowedActions.includes('resubmit')) ? (
            <div className="ow-section">
              <SupplementNotice supplement={c.supplement}>
                {c.allowedActions.includes('resubmit') ? <ResubmitForm c={c} onDone={update} /> : null}
              </SupplementNotice>
            </div>
          ) : null}
          {c.decision ? <div className="ow-section"><CaseDecision decision={c.decision} /></div> : null}
          {c.status === 'delivered' && (c.kind === 'single' || c.kind === 'joint') ? (
            <div className="ow-section"><Link to={`/my/ratings/${c.id}/completion`} data-testid="case-rate"><Button type="primary" size="large">{t('rt.rateThis')}</Button></Link></div>
          ) : null}
          <CasePayment c={c} onPaid={refetchCase} />
          <CancellationBlock c={c} onDone={update} />
          {c.kind === 'single' || c.kind === 'joint' ? <DeliveryBlock caseId={c.id} /> : null}
          {c.steps.some((s) => s.key === 'payment') ? <PaymentNoticeBlock caseId={c.id} /> : null}
          <JointCaseBlocks c={c} />
          <CaseBlock title={t('case.sec.documents')} testid="case-documents">
            <CaseDocuments documents={c.documents} />
          </CaseBlock>
          <CaseBlock title={t('case.sec.timeline')} testid="case-timeline-block"
            extra={merged.loading ? <span className="ow-muted" data-testid="timeline-loading"><Spin size="small" /> {t('joint.timelineLoading')}</span> : null}>
            <CaseTimeline timeline={merged.rows} materials={c.materials} showActor={false} />
          </CaseBlock>
          <CaseBlock title={t('case.sec.materials')} testid="case-materials">
            <CaseMaterialsList materials={c.materials} phone={isPhone} />
          </CaseBlock>
          <CaseBlock title={t('case.sec.form')} testid="case-form">
            <CaseFormValues fields={c.formFields} values={c.form} />
          </CaseBlock>
          {/* Issue 14: what the applicant may still do (withdraw…) comes after what the case is, never first and never the biggest thing on a phone. */}
          {c.allowedActions.some((a) => a !== 'resubmit') ? (
            <CaseBlock title={t('case.sec.actions')} testid="case-actions-block">
              <ActionButtons allowed={c.allowedActions} onPick={setAction} />
            </CaseBlock>
          ) : null}
          <ActionDialog c={c} action={action} onClose={() => setAction(null)} onDone={(u) => { if (u) setAction(null); update(u); }} />
        </div>
      )}
    </div>
  );
}

/** Re-upload exactly the materials the notice lists, then resubmit. */
function ResubmitForm({ c, onDone }: { c: CaseDetail; onDone: (c: CaseDetail | null) => void }) {
  const { t } = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<ApplicationValues>();
  const { error, setError } = useFormErrors(form);
  const uploads = useUploadCounter();
  const sending = useRef(false);
  const [busy, setBusy] = useState(false);
  const keys = c.supplement?.items.map((i) => i.key) ?? [];
  const reasons = new Map(c.supplement?.items.map((i) => [i.key, i.reason]) ?? []);
  const materials = keys.map((k) => {
    const m = c.materials.find((x) => x.key === k);
    const item = c.supplement?.items.find((i) => i.key === k);
    return { key: k, name: m?.name ?? item?.name ?? k, requirement: m?.requirement ?? 'required' as const, reason: reasons.get(k) };
  });

  const submit = async () => {
    if (sending.current) return;
    if (uploads.total > 0) {
      message.warning(t('apply.uploadsRunning'));
      return;
    }
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const files = keys.flatMap((k) => (v.materials?.[k] ?? []).map((f) => ({ key: k, fileId: f.id })));
    sending.current = true;
    setBusy(true);
    setError(null);
    try {
      const res = await api.post('/api/cases/{id}/actions', { params: { path: { id: c.id } }, body: { action: 'resubmit', materials: files } });
      message.success(t('case.resubmitted'));
      onDone(res.case);
    } catch (e) {
      setError(e);
      if ((e as { code?: ErrorCode }).code === 'CASE_STATE_CONFLICT') onDone(null);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" data-testid="resubmit-form" onFinish={submit} style={{ marginTop: 12 }}>
      <div style={{ fontWeight: 600, margin: '4px 0 8px' }}>{t('case.resubmitTitle')}</div>
      <MaterialUploads materials={materials} prefix="resubmit" onUploading={uploads.report} only={keys} />
      <ErrorAlert error={error} />
      <Button type="primary" htmlType="submit" icon={<UploadOutlined />} loading={busy} disabled={busy || uploads.total > 0} data-testid="resubmit-submit">
        {t('action.resubmit')}
      </Button>
    </Form>
  );
}
