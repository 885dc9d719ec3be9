import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { calledTicket } from '../queue/currentTicket';
import { App, Button, Form, Input, Segmented, Skeleton, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { SearchOutlined, SendOutlined, SwapOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api, MINIMAL_RETURN } from '../../api/client';
import { useAuth } from '../../api/auth';
import { useGet } from '../../api/query';
import type { ItemSummary } from '../../api/models';
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { EmptyBlock } from '../../components/ContentView';
import { useApplicationSubmit } from '../../components/cases/useApplicationSubmit';
import { Forbidden } from '../../components/StatusPages';
import { enumLabel } from '../../components/labels';
import { CaseBlock } from '../../components/cases/CaseSections';
import { GeneratedFields, MaterialUploads, toSubmission, useUploadCounter } from '../../components/cases/ApplicationFields';
import { DeliveryChoiceFields, toDeliveryChoice, type DeliveryValues } from '../../components/delivery/DeliveryChoiceFields';
import { ApplicantBlock, applicantPayload, type CounterValues, type Kind } from './CounterApplicant';
import { CounterJointForm, MatterPicker } from './CounterJoint';

/**
 * Walk-in registration at the intake window: item, applicant identity, the item's form, uploads; or a
 * joint matter (一件事, `?mode=joint&matterId=`): its questions, the applicant, one merged form.
 */
export default function CounterPage() {
  const { t } = useT();
  useTitle(t('counter.title'), true);
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const itemId = params.get('itemId') ?? '';
  const matterId = params.get('matterId') ?? '';
  const joint = params.get('mode') === 'joint' || !!matterId;
  if (!user?.roles.includes('window')) return <Forbidden desc={t('wb.forbidden')} />;
  return (
    <div data-testid="counter-page" data-mode={joint ? 'joint' : 'item'}>
      <div className="ow-page-head"><h2>{t('counter.title')}</h2></div>
      {itemId ? (
        <CounterForm key={itemId} itemId={itemId} onChange={() => setParams({})} />
      ) : matterId ? (
        <CounterJointForm key={matterId} matterId={matterId} onChange={() => setParams({ mode: 'joint' })} />
      ) : (
        <>
          <Segmented data-testid="counter-mode" value={joint ? 'joint' : 'item'} style={{ marginBottom: 12 }}
            onChange={(v) => setParams(v === 'joint' ? { mode: 'joint' } : {})}
            options={[
              { value: 'item', label: <span data-testid="counter-mode-item">{t('sj.counter.modeItem')}</span> },
              { value: 'joint', label: <span data-testid="counter-mode-joint">{t('sj.counter.modeJoint')}</span> },
            ]} />
          {joint
            ? <MatterPicker centerId={user.centerId ?? undefined} onPick={(id) => setParams({ mode: 'joint', matterId: id })} />
            : <ItemPicker centerId={user.centerId ?? undefined} onPick={(id) => setParams({ itemId: id })} />}
        </>
      )}
    </div>
  );
}

function ItemPicker({ centerId, onPick }: { centerId?: string; onPick: (id: string) => void }) {
  const { t, pick } = useT();
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  const items = useGet('/api/items', { query: { q, centerId, pageSize: 10 } });
  return (
    <CaseBlock title={t('counter.sec.item')} testid="counter-item-picker">
      <form onSubmit={(e) => { e.preventDefault(); setQ(text.trim()); }} style={{ display: 'flex', gap: 8, maxWidth: 560, marginBottom: 12 }}>
        <Input value={text} onChange={(e) => setText(e.target.value)} placeholder={t('counter.searchPh')} allowClear data-testid="counter-item-search" />
        <Button htmlType="submit" icon={<SearchOutlined />} data-testid="counter-item-search-button">{t('common.search')}</Button>
      </form>
      <QueryError of={items} />
      {items.isLoading ? <Skeleton active paragraph={{ rows: 3 }} /> : (items.data?.items.length ?? 0) === 0 ? (
        <EmptyBlock text={t('counter.noResults')} testid="counter-item-empty" />
      ) : (
        <div data-testid="counter-item-results">
          {items.data?.items.map((it: ItemSummary) => (
            <div key={it.id} className="ow-material-card" data-testid="counter-item-option" data-item-id={it.id}
              style={{ display: 'flex', justifyContent: 'space-between', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
              <div style={{ minWidth: 0, flex: '1 1 240px' }}>
                <div style={{ fontWeight: 500, wordBreak: 'break-word' }}>{pick(it.name, it.nameEn)}</div>
                <div className="ow-muted">{pick(it.department.name, it.department.nameEn)} · {it.basicCode} · {enumLabel(t, 'mode', it.processingMode)}</div>
              </div>
              <Button type="primary" ghost onClick={() => onPick(it.id)} data-testid="counter-item-choose">{t('counter.choose')}</Button>
            </div>
          ))}
        </div>
      )}
    </CaseBlock>
  );
}

function CounterForm({ itemId, onChange }: { itemId: string; onChange: () => void }) {
  const { t, pick } = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const guide = useGet('/api/items/{id}/guide', { path: { id: itemId } });
  const def = useGet('/api/items/{id}/form', { path: { id: itemId } });
  const [form] = Form.useForm<CounterValues>();
  const uploads = useUploadCounter();
  const { send, busy, error, idempotencyKey } = useApplicationSubmit(form, uploads.total);
  const [chosenKind, setKind] = useState<Kind>('person');
  const content = guide.data?.version.content;
  // 服务对象: only the kinds of applicant the item serves can be chosen (the server refuses another).
  const audiences = content?.audiences as Kind[] | undefined;
  const kind: Kind = audiences && !audiences.includes(chosenKind) ? audiences[0]! : chosenKind;

  const submit = () => def.data && send(async (v, key) => {
    const receivedAt = (v as { receivedAt?: Dayjs | null }).receivedAt;
    const res = await api.post('/api/counter/cases', { params: { header: MINIMAL_RETURN }, body: {
      itemId, applicant: applicantPayload(kind, v.applicant), ...toSubmission(v, def.data!), idempotencyKey: key,
      ...(receivedAt ? { receivedAt: receivedAt.toISOString() } : {}),
      ...(calledTicket() ? { ticketId: calledTicket()!.id } : {}),
      delivery: toDeliveryChoice((v as { delivery?: DeliveryValues }).delivery),
    } });
    message.success(res.case.receiptNo ? t('toast.registeredReceipt', { receipt: res.case.receiptNo }) : t('counter.registered'));
    navigate(`/workbench/cases/${encodeURIComponent(res.case.id)}`, { replace: true });
  });

  return (
    <Form form={form} layout="vertical" data-testid="counter-form" onFinish={submit} scrollToFirstError={{ block: 'center' }}>
      <CaseBlock title={t('counter.sec.item')} testid="counter-item-selected" extra={
        <Button icon={<SwapOutlined />} onClick={onChange} data-testid="counter-item-change">{t('counter.change')}</Button>
      }>
        <div data-item-id={itemId}>
          {content ? (
            <>
              <strong data-testid="counter-item-name">{pick(content.name, content.nameEn)}</strong>{' '}
              <Tag color="purple">{enumLabel(t, 'mode', content.processingMode)}</Tag>
              <Tag>{t('guide.promisedShort', { n: content.promisedLimitDays })}</Tag>
              {guide.data ? <span className="ow-muted">{pick(guide.data.item.department.name, guide.data.item.department.nameEn)}</span> : null}
            </>
          ) : guide.isLoading ? <Skeleton active paragraph={false} /> : null}
        </div>
        <QueryError of={[guide, def]} style={{ marginTop: 12 }} />
      </CaseBlock>
      <ApplicantBlock kind={kind} setKind={setKind} kinds={audiences} />
      {def.data ? (
        <>
          <CaseBlock title={t('apply.sec.form')} testid="counter-fields">
            <GeneratedFields fields={def.data.fields} prefix="counter" />
          </CaseBlock>
          <CaseBlock title={t('apply.sec.materials')} testid="counter-materials">
            <MaterialUploads materials={def.data.materials} prefix="counter" onUploading={uploads.report} />
          </CaseBlock>
          <CaseBlock title={t('dl.choice.title')} testid="counter-delivery-block">
            <DeliveryChoiceFields prefix="counter" />
          </CaseBlock>
          <div className="ow-section">
            <ErrorAlert error={error} />
            <Button type="primary" size="large" htmlType="submit" icon={<SendOutlined />} loading={busy} disabled={busy || uploads.total > 0}
              data-testid="counter-submit" data-idempotency-key={idempotencyKey}>
              {t('counter.submit')}
            </Button>
          </div>
        </>
      ) : def.isLoading ? <div className="ow-section"><Skeleton active paragraph={{ rows: 6 }} /></div> : null}
    </Form>
  );
}

