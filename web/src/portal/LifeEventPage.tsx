import { useEffect, useMemo } from 'react';
import { Link, Navigate, useLocation, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { Alert, App, Breadcrumb, Button, Form, Grid, Skeleton, Spin, Steps, Tag } from 'antd';
import { ArrowLeftOutlined, ArrowRightOutlined, LoginOutlined, SendOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { api, MINIMAL_RETURN } from '../api/client';
import { useAuth } from '../api/auth';
import { useGet } from '../api/query';
import type { FormMaterialDef } from '../api/models';
import { useTitle } from '../components/useTitle';
import { ErrorAlert } from '../components/ErrorAlert';
import { enumLabel } from '../components/labels';
import { QueryError } from '../components/QueryError';
import { useApplicationSubmit } from '../components/cases/useApplicationSubmit';
import { NotFound } from '../components/StatusPages';
import { Facts } from '../components/cases/CaseBits';
import { CaseBlock } from '../components/cases/CaseSections';
import { DeliveryChoiceFields, toDeliveryChoice, type DeliveryValues } from '../components/delivery/DeliveryChoiceFields';
import { GeneratedFields, MaterialUploads, toSubmission, useUploadCounter, type ApplicationValues } from '../components/cases/ApplicationFields';
import type { JointMatter } from './jointTypes';
import { useChecklist } from './useChecklist';
import { ChecklistStep, MatterItems, QuestionsStep, unique } from './LifeEventSteps';
import { useOrgNames } from './orgNames';
import { DraftButtons, DraftNotice, useApplicationDraft } from './ApplicationDraft';

const STEPS = ['questions', 'checklist', 'form', 'submit'] as const;
/** Answers live in the address (`?q_<question>=<value>&step=n`), so signing in half-way comes back to the same place. */
const answerParam = (key: string) => `q_${key}`;

/**
 * `/life-events/:centerId/:key`: a joint matter for the applicant — questions, the tailored checklist,
 * one form with one upload per material, and one submission. Reading needs no sign-in; filling in does.
 */
export default function LifeEventPage() {
  const { centerId = '', key = '' } = useParams();
  const matter = useGet('/api/joint/centers/{centerId}/matters/{key}', { path: { centerId, key } });
  // A mistyped address (not a center id, unknown key) is a page that does not exist.
  if (matter.error?.status === 404 || (matter.error?.status === 400 && matter.error.field === 'centerId')) return <NotFound />;
  if (!matter.data) {
    return (
      <div className="ow-container" data-testid="life-event-page" data-loading="true">
        <QueryError of={matter} />
        {matter.isLoading ? <div className="ow-guide-head"><Skeleton active paragraph={{ rows: 5 }} /></div> : null}
      </div>
    );
  }
  return <LifeEvent matter={matter.data} />;
}

function LifeEvent({ matter }: { matter: JointMatter }) {
  const { t, pick, msg } = useT();
  const { user, loading: authLoading } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const isPhone = screens.md === false;
  const [params, setParams] = useSearchParams();
  const name = pick(matter.name, matter.nameEn);
  const names = useOrgNames();
  useTitle(name);

  const answers = useMemo(() => {
    const a: Record<string, string> = {};
    for (const q of matter.questions) {
      const v = params.get(answerParam(q.key));
      if (v && q.options.some((o) => o.value === v)) a[q.key] = v;
    }
    return a;
  }, [matter, params]);
  const unanswered = matter.questions.filter((q) => !answers[q.key]).length;
  const checklist = useChecklist(matter.id, unanswered === 0 ? answers : null);
  const ready = unanswered === 0 && !!checklist.data && !checklist.loading;
  const applicant = !!user && user.kind !== 'staff';
  // 服务对象: for these answers only some kinds of applicant may apply (a person sets up an individual business, an enterprise opens a hotel it runs).
  const kinds = checklist.data?.applicantKinds;
  const notForMe = applicant && !!kinds && !(kinds as string[]).includes(user!.kind);
  const mayApply = applicant && !notForMe;
  const notForYou = notForMe ? (
    <div data-testid="joint-not-for-you" style={{ marginTop: 12 }}>
      <Alert type="warning" showIcon title={kinds!.length
        ? t('joint.notForYou', { who: kinds!.map((k) => enumLabel(t, 'audience', k)).join(t('common.listSep')) })
        : t('joint.notForAnyone')} />
    </div>
  ) : null;

  const wanted = Math.min(STEPS.length - 1, Math.max(0, Number(params.get('step') ?? '0') || 0));
  // A later step is only reachable once the checklist for these answers is there.
  const step = unanswered > 0 ? 0 : !checklist.data ? Math.min(wanted, 0) : wanted;
  // Opened at a later step (a reload, back from signing in): wait for the checklist instead of showing the questions.
  const waiting = wanted > 0 && unanswered === 0 && !checklist.data && !checklist.error;
  const go = (n: number) => {
    const next = new URLSearchParams(params);
    if (n > 0) next.set('step', String(n));
    else next.delete('step');
    setParams(next);
    window.scrollTo({ top: 0 });
  };
  // Back is always open; forward to the checklist and the form once the checklist is there; the last step only through the form's check.
  const reachable = (i: number) => i <= step || (ready && (i === 1 || (applicant && i === 2)));
  const answer = (q: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(answerParam(q), v);
    setParams(next, { replace: true });
  };

  const [form] = Form.useForm<ApplicationValues>();
  const values = Form.useWatch([], form) as ApplicationValues | undefined;
  const uploads = useUploadCounter();
  const { send, busy, error, idempotencyKey } = useApplicationSubmit(form, uploads.total);

  const def = checklist.data
    ? { itemId: matter.id, version: 0, fields: checklist.data.fields, materials: checklist.data.materials as FormMaterialDef[] }
    : null;
  // Issue 14: the draft (暂存) of this matter and the account's data pre-filled into the merged form
  // (a field two items ask is one field here, so it is filled once).
  const fieldKeys = useMemo(() => checklist.data?.fields.map((f) => f.key) ?? null, [checklist.data]);
  const draft = useApplicationDraft({ kind: 'matter', targetId: matter.id, form, fieldKeys, enabled: applicant });
  const draftAnswers = draft.draft?.data.answers;
  const draftStep = draft.draft?.data.step;
  // Opened without answers: the draft's answers and step come back (the address keeps them from then on).
  useEffect(() => {
    if (!draftAnswers || matter.questions.some((q) => params.get(answerParam(q.key)))) return;
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(draftAnswers)) next.set(answerParam(k), v);
    if (draftStep) next.set('step', String(draftStep));
    setParams(next, { replace: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draftAnswers]);
  const saveDraft = () => void draft.save({ answers, step: Math.min(step, 2) });

  const toSubmit = async () => {
    if (uploads.total > 0) {
      message.warning(t('apply.uploadsRunning'));
      return;
    }
    const v = await form.validateFields().catch(() => null);
    if (!v) {
      message.error(t('apply.fixErrors'));
      return;
    }
    go(3);
  };

  // An incomplete form, or a server error naming a field, goes back to the form step where it is marked.
  const submit = () => def && send(async (v, key) => {
    const res = await api.post('/api/joint/matters/{id}/cases', { params: { path: { id: matter.id }, header: MINIMAL_RETURN }, body: { answers, ...toSubmission(v, def), idempotencyKey: key, delivery: toDeliveryChoice((form.getFieldsValue(true) as { delivery?: DeliveryValues }).delivery) } });
    message.success(res.case.submissionNo ? t('joint.submittedNo', { no: res.case.submissionNo }) : t('joint.submitted'), 8);
    navigate(`/my/cases/${encodeURIComponent(res.case.id)}`, { replace: true });
  }, { invalid: () => go(2), error: (err) => { if (err.field?.startsWith('form') || err.field?.startsWith('materials')) go(2); } });

  // Filling in needs an applicant: signed-out visitors sign in and come back to this very step.
  if (step >= 2 && !authLoading && !user) {
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }

  const filled = def ? def.fields.filter((f) => String(values?.form?.[f.key] ?? '').trim() !== '').length : 0;
  const uploaded = def ? def.materials.filter((m) => (values?.materials?.[m.key]?.length ?? 0) > 0).length : 0;
  const signInNext = (() => {
    const next = new URLSearchParams(params);
    next.set('step', '2');
    return `/login?next=${encodeURIComponent(`${location.pathname}?${next.toString()}`)}`;
  })();

  return (
    <div className="ow-container" data-testid="life-event-page" data-matter-id={matter.id} data-key={matter.key} data-step={step}>
      <Breadcrumb
        items={[
          { title: <Link to="/">{t('nav.home')}</Link> },
          { title: <Link to="/life-events">{t('nav.lifeEvents')}</Link> },
          { title: name },
        ]}
      />
      <div className="ow-guide-head ow-life-head" style={{ marginTop: 12 }}>
        <h1 data-testid="life-event-name">{name}</h1>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center', marginBottom: 8 }}>
          <Tag color="purple" style={{ marginInlineEnd: 0 }}>{t('mode.joint')}</Tag>
          <Tag style={{ marginInlineEnd: 0 }}>{t('joint.itemCount', { n: matter.items.length })}</Tag>
        </div>
        {matter.description ? <p className="ow-life-desc" style={{ margin: '0 0 12px', wordBreak: 'break-word' }}>{pick(matter.description, matter.descriptionEn)}</p> : null}
        {/* Issue 14: on a phone the facts fold away so the steps start above the fold. */}
        <FoldOnPhone phone={isPhone} summary={t('life.facts')}>
        <Facts
          rows={[
            { key: 'center', label: t('joint.center'), value: names.center(matter.centerId, matter.centerName), testid: 'life-event-center' },
            { key: 'lead', label: t('joint.lead'), value: pick(matter.leadDepartment.name, matter.leadDepartment.nameEn), testid: 'life-event-lead' },
            { key: 'promised', label: t('joint.promised'), value: <span data-days={matter.promisedDays}>{t('common.workdays', { n: matter.promisedDays })}</span>, testid: 'life-event-promised' },
            { key: 'statutory', label: t('joint.statutory'), value: <span data-days={matter.statutoryDays}>{t('common.workdays', { n: matter.statutoryDays })}</span>, testid: 'life-event-statutory' },
            { key: 'denial', label: t('joint.denialRule'), value: t(`joint.denial.${matter.denialRule}`), testid: 'life-event-denial' },
          ]}
        />
        </FoldOnPhone>
      </div>

      <div className="ow-section" style={{ paddingBottom: 8 }}>
        <Steps
          data-testid="life-event-steps"
          current={step}
          size="small"
          responsive={false}
          titlePlacement={isPhone ? 'vertical' : 'horizontal'}
          onChange={(n) => { if (reachable(n)) go(n); }}
          items={STEPS.map((s, i) => ({
            key: s,
            title: <span data-testid={`life-event-step-${s}`}>{t(`joint.step.${s}`)}</span>,
            disabled: !reachable(i),
          }))}
        />
      </div>

      <ErrorAlert error={error ?? checklist.error} style={{ marginTop: 12 }} />
      {applicant && step >= 2 ? <DraftNotice d={draft} /> : null}

      {waiting ? <div className="ow-section" data-testid="joint-computing"><Skeleton active paragraph={{ rows: 4 }} /></div> : null}
      {step === 0 && !waiting ? (
        <CaseBlock title={t('joint.step.questions')} testid="life-event-step-0">
          <QuestionsStep matter={matter} answers={answers} onAnswer={answer} />
          <h3 style={{ margin: '8px 0' }}>{t('joint.items')}</h3>
          <MatterItems matter={matter} checklist={unanswered === 0 ? checklist.data : undefined} />
          <div className="ow-joint-nav">
            <span className="ow-muted" data-testid="joint-preview">
              {unanswered > 0 ? t('joint.answersLeft', { n: unanswered })
                : checklist.loading ? <Spin size="small" description={t('joint.computing')} />
                  : checklist.data ? t('joint.preview', { n: checklist.data.items.length }) : null}
            </span>
            <Button type="primary" icon={<ArrowRightOutlined />} iconPlacement="end" disabled={!ready} loading={unanswered === 0 && checklist.loading}
              onClick={() => go(1)} data-testid="joint-next">
              {t('joint.next')}
            </Button>
          </div>
        </CaseBlock>
      ) : null}

      {step === 1 && checklist.data ? (
        <CaseBlock title={t('joint.step.checklist')} testid="life-event-step-1">
          <ChecklistStep checklist={checklist.data} computing={checklist.loading} />
          <div className="ow-joint-nav">
            <Button icon={<ArrowLeftOutlined />} onClick={() => go(0)} data-testid="joint-prev">{t('joint.prev')}</Button>
            {user ? (
              <Button type="primary" icon={<ArrowRightOutlined />} iconPlacement="end" disabled={!ready || !mayApply} onClick={() => go(2)} data-testid="joint-next">
                {t('joint.next')}
              </Button>
            ) : (
              <Link to={signInNext} data-testid="joint-sign-in">
                <Button type="primary" icon={<LoginOutlined />}>{t('joint.signInToContinue')}</Button>
              </Link>
            )}
          </div>
          {!user ? <p className="ow-muted" style={{ margin: '8px 0 0' }}>{t('joint.signInHint')}</p> : null}
          {user && !applicant ? <div data-testid="joint-staff-only" style={{ marginTop: 12 }}><Alert type="info" showIcon title={t('apply.staffOnly')} /></div> : null}
          {notForYou}
        </CaseBlock>
      ) : null}

      {step >= 2 && def && !applicant ? (
        user ? <div data-testid="joint-staff-only" className="ow-section"><Alert type="info" showIcon title={t('apply.staffOnly')} /></div> : <Skeleton active />
      ) : null}
      {step >= 2 && def ? notForYou : null}
      {/* The form stays mounted on every step once there is a checklist, so going back and forth keeps what was filled in and uploaded. */}
      {def && mayApply ? (
        <Form form={form} layout="vertical" data-testid="joint-form" onFinish={() => (step === 3 ? submit() : toSubmit())}
          scrollToFirstError={{ block: 'center' }}>
          <div style={{ display: step === 2 ? undefined : 'none' }}>
            <CaseBlock title={t('joint.sec.form')} testid="joint-fields">
              <GeneratedFields fields={def.fields} prefix="joint" />
            </CaseBlock>
            <CaseBlock title={t('joint.sec.uploads')} testid="joint-materials">
              <MaterialUploads materials={checklist.data!.materials.map((m) => ({ ...m, items: unique(m.items) }))} prefix="joint" onUploading={uploads.report} />
            </CaseBlock>
            {/* Only the shown step has navigation, so `joint-next` / `joint-prev` name one button each. */}
            {step === 2 ? <div className="ow-section ow-joint-nav" style={{ marginTop: 12 }}>
              <Button icon={<ArrowLeftOutlined />} onClick={() => go(1)} data-testid="joint-prev">{t('joint.prev')}</Button>
              <DraftButtons d={draft} onSave={saveDraft} />
              <Button type="primary" icon={<ArrowRightOutlined />} iconPlacement="end" disabled={uploads.total > 0} onClick={toSubmit} data-testid="joint-next">
                {t('joint.next')}
              </Button>
            </div> : null}
          </div>
          {step === 3 ? (
            <CaseBlock title={t('joint.step.submit')} testid="life-event-step-3">
              <div data-testid="joint-summary">
                <Facts
                  rows={[
                    {
                      key: 'answers', label: t('joint.summary.answers'), testid: 'joint-summary-answers',
                      value: matter.questions.map((q) => {
                        const o = q.options.find((x) => x.value === answers[q.key]);
                        return <div key={q.key}>{msg(q.label)} <strong>{o ? msg(o.label) : ''}</strong></div>;
                      }),
                    },
                    {
                      key: 'items', label: t('joint.summary.items'), testid: 'joint-summary-items',
                      value: checklist.data!.items.map((i) => <div key={i.itemId}>{pick(i.name, i.nameEn)} <span className="ow-muted">· {names.department(i.departmentName, i.departmentId)}</span></div>),
                    },
                    { key: 'form', label: t('joint.summary.form'), value: t('joint.summary.formValue', { n: filled }), testid: 'joint-summary-form' },
                    {
                      key: 'files', label: t('joint.summary.files'), testid: 'joint-summary-files',
                      // What a prerequisite of the matter issues is not uploaded, so it is not counted.
                      value: t('joint.summary.filesValue', { n: uploaded, total: checklist.data!.materials.filter((m) => !m.producedWithin?.length).length }),
                    },
                  ]}
                />
              </div>
              <div data-testid="joint-delivery-block" style={{ marginTop: 12 }}>
                <h4>{t('dl.choice.title')}</h4>
                <DeliveryChoiceFields prefix="joint" prefill={draft.delivery} />
              </div>
              <p className="ow-muted" style={{ margin: '12px 0' }}>{t('joint.promise')}</p>
              <div className="ow-joint-nav">
                <Button icon={<ArrowLeftOutlined />} onClick={() => go(2)} disabled={busy} data-testid="joint-prev">{t('joint.prev')}</Button>
                <Button type="primary" size="large" htmlType="submit" icon={<SendOutlined />} loading={busy} disabled={busy || uploads.total > 0}
                  data-testid="joint-submit" data-idempotency-key={idempotencyKey}>
                  {t('joint.submit')}
                </Button>
              </div>
            </CaseBlock>
          ) : null}
        </Form>
      ) : null}
    </div>
  );
}

function FoldOnPhone({ phone, summary, children }: { phone: boolean; summary: string; children: React.ReactNode }) {
  if (!phone) return <>{children}</>;
  return (
    <details data-testid="life-event-facts">
      <summary style={{ cursor: 'pointer', color: '#1657b5', padding: '4px 0' }}>{summary}</summary>
      {children}
    </details>
  );
}
