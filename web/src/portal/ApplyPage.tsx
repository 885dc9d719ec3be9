import { useMemo } from 'react';
import { Link, Navigate, useLocation, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Breadcrumb, Button, Col, Form, Row, Select, Skeleton, Tag } from 'antd';
import { SendOutlined } from '@ant-design/icons';
import { useT } from '../i18n';
import { api, MINIMAL_RETURN } from '../api/client';
import { useAuth } from '../api/auth';
import { useGet } from '../api/query';
import { useTitle } from '../components/useTitle';
import { ErrorAlert } from '../components/ErrorAlert';
import { QueryError } from '../components/QueryError';
import { useApplicationSubmit } from '../components/cases/useApplicationSubmit';
import { NotFound, PageLoading } from '../components/StatusPages';
import { enumLabel } from '../components/labels';
import { CaseBlock } from '../components/cases/CaseSections';
import { GeneratedFields, MaterialUploads, toSubmission, useUploadCounter, type ApplicationValues } from '../components/cases/ApplicationFields';
import { DeliveryChoiceFields, toDeliveryChoice, type DeliveryValues } from '../components/delivery/DeliveryChoiceFields';
import { DraftButtons, DraftNotice, useApplicationDraft } from './ApplicationDraft';

/** Online application: the item's generated form and its materials, submitted once (idempotency key kept across retries). */
export default function ApplyPage() {
  const { itemId = '' } = useParams();
  const { t } = useT();
  const { user, loading } = useAuth();
  const location = useLocation();
  if (loading) return <PageLoading />;
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  if (user.kind === 'staff') {
    return (
      <div className="ow-container" data-testid="apply-page">
        <div data-testid="apply-staff-only"><Alert type="info" showIcon title={t('apply.staffOnly')} /></div>
      </div>
    );
  }
  return <ApplyForm itemId={itemId} applicantName={user.name} applicantKind={user.kind} />;
}

function ApplyForm({ itemId, applicantName, applicantKind }: { itemId: string; applicantName: string; applicantKind: string }) {
  const { t, pick } = useT();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const guide = useGet('/api/items/{id}/guide', { path: { id: itemId } });
  const def = useGet('/api/items/{id}/form', { path: { id: itemId } });
  // 通办 (issue 17): where the item may be handed in and collected besides its own center.
  const tongban = useGet('/api/items/{id}/tongban', { path: { id: itemId } });
  const [form] = Form.useForm<ApplicationValues>();
  const uploads = useUploadCounter();
  const { send, busy, error, idempotencyKey } = useApplicationSubmit(form, uploads.total);
  // Issue 14: the draft (暂存) put back and the account's data pre-filled once the fields are known.
  const fieldKeys = useMemo(() => def.data?.fields.map((f) => f.key) ?? null, [def.data]);
  const draft = useApplicationDraft({ kind: 'item', targetId: itemId, form, fieldKeys });
  const content = guide.data?.version.content;
  const name = content ? pick(content.name, content.nameEn) : '';
  // 服务对象: an item for enterprises is not applied for by a person, nor the reverse (the server refuses it too).
  const notForMe = !!content && !(content.audiences as string[]).includes(applicantKind);
  useTitle(name ? `${t('apply.title')} - ${name}` : t('apply.title'));

  if (guide.error?.status === 404 || def.error?.status === 404) return <NotFound />;

  const submit = () => def.data && send(async (v, key) => {
    const all = form.getFieldsValue(true) as { delivery?: DeliveryValues; tongban?: { receivingCenterId?: string; deliveryCenterId?: string } };
    const places = { ...(all.tongban?.receivingCenterId ? { receivingCenterId: all.tongban.receivingCenterId } : {}), ...(all.tongban?.deliveryCenterId ? { deliveryCenterId: all.tongban.deliveryCenterId } : {}) };
    const res = await api.post('/api/cases', {
      params: { header: MINIMAL_RETURN },
      body: { itemId, ...toSubmission(v, def.data!), idempotencyKey: key, delivery: toDeliveryChoice(all.delivery), ...places },
    });
    // The number the applicant holds at once (提交编号), usable in the progress query with the query code.
    message.success(res.case.submissionNo ? t('apply.submittedNo', { no: res.case.submissionNo }) : t('apply.submitted'), 8);
    navigate(`/my/cases/${encodeURIComponent(res.case.id)}`, { replace: true });
  });

  return (
    <div className="ow-container" data-testid="apply-page" data-item-id={itemId}>
      <Breadcrumb
        items={[
          { title: <Link to="/">{t('nav.home')}</Link> },
          { title: <Link to={`/items/${encodeURIComponent(itemId)}`}>{t('guide.title')}</Link> },
          { title: t('apply.title') },
        ]}
      />
      <div className="ow-guide-head" style={{ marginTop: 12 }}>
        {!content ? <Skeleton active paragraph={{ rows: 2 }} /> : (
          <>
            <h1 data-testid="apply-item-name">{name}</h1>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, alignItems: 'center' }}>
              <Tag color="purple">{enumLabel(t, 'mode', content.processingMode)}</Tag>
              <Tag>{t('guide.promisedShort', { n: content.promisedLimitDays })}</Tag>
              <span className="ow-muted">{t('apply.applicant', { name: applicantName })}</span>
              {def.data ? <span className="ow-muted" data-testid="apply-version">{t('apply.itemVersion', { n: def.data.version })}</span> : null}
            </div>
            {!content.online ? <div data-testid="apply-not-online" style={{ marginTop: 12 }}><Alert type="warning" showIcon title={t('apply.notOnline')} /></div> : null}
            {notForMe ? (
              <div data-testid="apply-not-for-you" style={{ marginTop: 12 }}>
                <Alert type="warning" showIcon title={t('apply.notForYou', { who: content.audiences.map((a) => enumLabel(t, 'audience', a)).join(t('common.listSep')) })} />
              </div>
            ) : null}
            {/* Issue 16: the project named in this field must have an award in this center, or the submission is refused. */}
            {guide.data?.tradingAward ? (
              <Alert type="warning" showIcon style={{ marginTop: 12 }} data-testid="apply-trading-award"
                title={t('tr.award.guideNote', { label: pick(guide.data.tradingAward.label, guide.data.tradingAward.labelEn) })} />
            ) : null}
          </>
        )}
      </div>
      <QueryError of={[guide, def]} style={{ marginTop: 12 }} />
      <DraftNotice d={draft} />
      {def.data && content?.online !== false && !notForMe ? (
        <Form form={form} layout="vertical" data-testid="apply-form" onFinish={submit} scrollToFirstError={{ block: 'center' }}>
          <CaseBlock title={t('apply.sec.form')} testid="apply-fields">
            <GeneratedFields fields={def.data.fields} prefix="apply" />
          </CaseBlock>
          <CaseBlock title={t('apply.sec.materials')} testid="apply-materials">
            <MaterialUploads materials={def.data.materials} prefix="apply" onUploading={uploads.report} eLicence />
          </CaseBlock>
          {tongban.data && tongban.data.acrossRegions !== 'none' && guide.data ? (
            <CaseBlock title={t('apply.tongban.title')} testid="apply-tongban">
              <p className="ow-muted" style={{ marginTop: 0 }}>
                {enumLabel(t, 'across', tongban.data.acrossRegions)}<br />{t('apply.tongban.hint', { center: pick(guide.data.item.center.name, guide.data.item.center.nameEn) })}
              </p>
              <Row gutter={16}>
                {(['receivingCenterId', 'deliveryCenterId'] as const).map((f) => (
                  <Col xs={24} md={12} key={f}>
                    <Form.Item name={['tongban', f]} label={t(f === 'receivingCenterId' ? 'apply.tongban.receiving' : 'apply.tongban.delivery')} initialValue={tongban.data!.decidingCenterId}>
                      <Select showSearch optionFilterProp="label" data-testid={`apply-tongban-${f === 'receivingCenterId' ? 'receiving' : 'delivery'}`}
                        options={tongban.data!.centers.map((c) => ({ value: c.id, label: pick(c.name, c.nameEn) }))} />
                    </Form.Item>
                  </Col>
                ))}
              </Row>
            </CaseBlock>
          ) : null}
          <CaseBlock title={t('dl.choice.title')} testid="apply-delivery-block">
            <DeliveryChoiceFields prefix="apply" prefill={draft.delivery} />
          </CaseBlock>
          <div className="ow-section">
            <ErrorAlert error={error} />
            <p className="ow-muted" style={{ marginTop: 0 }}>{t('apply.promise')}</p>
            <Button type="primary" size="large" htmlType="submit" icon={<SendOutlined />} loading={busy} disabled={busy || uploads.total > 0}
              data-testid="apply-submit" data-idempotency-key={idempotencyKey} block={false}>
              {t('apply.submit')}
            </Button>
            <span style={{ marginInlineStart: 12 }}><DraftButtons d={draft} onSave={() => void draft.save()} /></span>
          </div>
        </Form>
      ) : def.isLoading ? <div className="ow-section"><Skeleton active paragraph={{ rows: 6 }} /></div> : null}
    </div>
  );
}
