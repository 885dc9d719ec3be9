import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { App, Button, Form, Skeleton, Spin, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { SendOutlined, SwapOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api, MINIMAL_RETURN } from '../../api/client';
import { useGet } from '../../api/query';
import type { ItemForm } from '../../api/models';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { EmptyBlock } from '../../components/ContentView';
import { useApplicationSubmit } from '../../components/cases/useApplicationSubmit';
import { CaseBlock } from '../../components/cases/CaseSections';
import { GeneratedFields, MaterialUploads, toSubmission, useUploadCounter } from '../../components/cases/ApplicationFields';
import { MatterItems, QuestionsStep } from '../../portal/LifeEventSteps';
import { useChecklist } from '../../portal/useChecklist';
import { ApplicantBlock, applicantPayload, type CounterValues, type Kind } from './CounterApplicant';

/** The center's published joint matters (一件事), to register a walk-in joint application. */
export function MatterPicker({ centerId, onPick }: { centerId?: string; onPick: (id: string) => void }) {
  const { t, pick } = useT();
  const list = useGet('/api/joint/matters', { query: { centerId } });
  return (
    <CaseBlock title={t('sj.counter.pickMatter')} testid="counter-matter-picker">
      <QueryError of={list} />
      {list.isLoading ? <Skeleton active paragraph={{ rows: 3 }} /> : (list.data?.matters.length ?? 0) === 0 ? (
        <EmptyBlock text={t('sj.counter.noMatters')} testid="counter-matter-empty" />
      ) : (
        <div>
          {list.data?.matters.map((m) => (
            <div key={m.id} className="ow-material-card" data-testid="counter-matter-option" data-matter-id={m.id} data-key={m.key}
              style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
              <div style={{ minWidth: 0, flex: '1 1 240px' }}>
                <div style={{ fontWeight: 500, wordBreak: 'break-word' }}>{pick(m.name, m.nameEn)}</div>
                <div className="ow-muted">{t('sj.matter.lead')}：{pick(m.leadDepartment.name, m.leadDepartment.nameEn)} · {t('jm.itemCount', { n: m.itemCount })}</div>
              </div>
              <Button type="primary" ghost onClick={() => onPick(m.id)} data-testid="counter-matter-choose">{t('counter.choose')}</Button>
            </div>
          ))}
        </div>
      )}
    </CaseBlock>
  );
}

/** A walk-in joint application: the matter's questions, the applicant, one merged form and each material once. */
export function CounterJointForm({ matterId, onChange }: { matterId: string; onChange: () => void }) {
  const { t, pick } = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const matter = useGet('/api/joint/matters/{id}', { path: { id: matterId } });
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const unanswered = (matter.data?.questions ?? []).filter((q) => !answers[q.key]).length;
  const checklist = useChecklist(matterId, matter.data && unanswered === 0 ? answers : null);
  const [form] = Form.useForm<CounterValues>();
  const uploads = useUploadCounter();
  const { send, busy, error, idempotencyKey } = useApplicationSubmit(form, uploads.total);
  const [chosenKind, setKind] = useState<Kind>('person');
  const c = checklist.data;
  // 服务对象: only the kinds who may apply for these answers can be chosen (the server refuses another).
  const kinds = c?.applicantKinds;
  const kind: Kind = kinds?.length && !kinds.includes(chosenKind) ? kinds[0]! : chosenKind;

  const submit = () => c && send(async (v, key) => {
    const def = { itemId: '', version: 0, fields: c.fields, materials: c.materials } as ItemForm;
    const receivedAt = (v as { receivedAt?: Dayjs | null }).receivedAt;
    const res = await api.post('/api/counter/joint/matters/{id}/cases', { params: { path: { id: matterId }, header: MINIMAL_RETURN }, body: {
      answers, applicant: applicantPayload(kind, v.applicant), ...toSubmission(v, def), idempotencyKey: key,
      ...(receivedAt ? { receivedAt: receivedAt.toISOString() } : {}),
    } });
    message.success(t('counter.registered'));
    navigate(`/workbench/cases/${encodeURIComponent(res.case.id)}`, { replace: true });
  });

  return (
    <Form form={form} layout="vertical" data-testid="counter-joint-form" data-matter-id={matterId} onFinish={submit} scrollToFirstError={{ block: 'center' }}>
      <CaseBlock title={t('sj.counter.matter')} testid="counter-matter-selected" extra={
        <Button icon={<SwapOutlined />} onClick={onChange} data-testid="counter-matter-change">{t('counter.change')}</Button>
      }>
        <QueryError of={matter} />
        {!matter.data ? (matter.isLoading ? <Skeleton active paragraph={{ rows: 3 }} /> : null) : (
          <>
            <div style={{ marginBottom: 12 }}>
              <strong data-testid="counter-matter-name">{pick(matter.data.name, matter.data.nameEn)}</strong>{' '}
              <Tag color="magenta">{t('caseKind.joint')}</Tag>
              <Tag>{t('guide.promisedShort', { n: matter.data.promisedDays })}</Tag>
              <span className="ow-muted">{t('sj.matter.lead')}：{pick(matter.data.leadDepartment.name, matter.data.leadDepartment.nameEn)}</span>
            </div>
            <QuestionsStep matter={matter.data} answers={answers} onAnswer={(k, v) => setAnswers((a) => ({ ...a, [k]: v }))} />
            <div style={{ marginTop: 12 }}><MatterItems matter={matter.data} checklist={c} /></div>
          </>
        )}
      </CaseBlock>
      <ApplicantBlock kind={kind} setKind={setKind} kinds={kinds} />
      {unanswered > 0 ? <div className="ow-section ow-muted" data-testid="counter-joint-unanswered">{t('joint.answersLeft', { n: unanswered })}</div> : null}
      <ErrorAlert error={checklist.error} />
      {c ? (
        <Spin spinning={checklist.loading}>
          <CaseBlock title={t('apply.sec.form')} testid="counter-fields">
            <GeneratedFields fields={c.fields} prefix="counter" />
          </CaseBlock>
          <CaseBlock title={t('apply.sec.materials')} testid="counter-materials">
            <MaterialUploads materials={c.materials} prefix="counter" onUploading={uploads.report} />
          </CaseBlock>
          <div className="ow-section">
            <ErrorAlert error={error} />
            <Button type="primary" size="large" htmlType="submit" icon={<SendOutlined />} loading={busy} disabled={busy || uploads.total > 0 || checklist.loading}
              data-testid="counter-submit" data-idempotency-key={idempotencyKey}>
              {t('counter.submit')}
            </Button>
          </div>
        </Spin>
      ) : checklist.loading ? <div className="ow-section"><Skeleton active paragraph={{ rows: 4 }} /></div> : null}
    </Form>
  );
}
