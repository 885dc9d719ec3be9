import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, List, Select, Space, Tag } from 'antd';
import { Link, useParams } from 'react-router-dom';
import { useT } from '../../i18n';
import { api, type ApiError, type BodyOf, type ResponseOf } from '../../api/client';
import { useGet, useInvalidate, useSubmit } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { enumLabel, formatDateTime } from '../../components/labels';
import { SatisfactionTags } from './WorkOrdersList';
import { WorkOrderHistory } from './WorkOrderHistory';

type Order = ResponseOf<'/api/workorders/{id}'>;
type ActionBody = BodyOf<'/api/workorders/{id}/actions', 'post'>;
type Verb = ActionBody['action'];
const SATISFACTION = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
/** The most re-handlings (重办) of one order; the server's MAX_REOPENS, which refuses the next one. */
const MAX_REOPENS = 2;

/**
 * One work order in the workbench: its facts, the reply it follows when merged, its history, and the
 * actions the signed-in staff member may take now (the API lists them: dispatch, answer, return,
 * reassign or keep, start, reply, call back, and for the hotline lead the re-handling of an order a caller of the
 * round, its own or a merged one, rated dissatisfied). The reply can reuse a knowledge base answer.
 */
export default function WorkOrderPage() {
  const { id = '' } = useParams();
  const { t, lang } = useT();
  const order = useGet('/api/workorders/{id}', { path: { id } });
  const o = order.data;
  useTitle(o ? t('wo.detail.title', { no: o.orderNo }) : t('wo.nav.orders'));
  return (
    <div data-testid="workorder-page">
      <QueryError of={order} />
      {o ? (
        <>
          <h2>{t('wo.detail.title', { no: o.orderNo })} <Tag data-testid="wo-detail-status">{enumLabel(t, 'wo.status', o.status)}</Tag></h2>
          {o.main ? (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="wo-follows"
              message={<span>{t('wo.detail.main', { no: o.main.orderNo })} · <Link to={`/workbench/workorders/${o.main.id}`}>{o.main.orderNo}</Link> · {enumLabel(t, 'wo.status', o.main.status)}</span>}
              description={o.main.reply ? <span style={{ whiteSpace: 'pre-wrap' }}>{o.main.reply}</span> : undefined} />
          ) : null}
          <Descriptions bordered size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('wo.call.kind')}>{enumLabel(t, 'wo.kind', o.kind)} · {enumLabel(t, 'wo.urgency', o.urgency)} · {enumLabel(t, 'wo.source', o.source)}</Descriptions.Item>
            <Descriptions.Item label={t('wo.detail.caller')}>{o.callerName} · {o.callerPhone}</Descriptions.Item>
            <Descriptions.Item label={t('wo.call.place')}>{o.place || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('wo.call.topic')}>{o.topic}</Descriptions.Item>
            <Descriptions.Item label={t('wo.col.department')}>{o.department ? (lang === 'en' && o.department.nameEn ? o.department.nameEn : o.department.name) : '—'}</Descriptions.Item>
            <Descriptions.Item label={t('wo.col.due')}>{o.dueDate ?? '—'}{o.escalationLevel ? <Tag color="volcano" style={{ marginLeft: 8 }}>L{o.escalationLevel}</Tag> : null}</Descriptions.Item>
            <Descriptions.Item label={t('wo.call.content')} span={2}><span style={{ whiteSpace: 'pre-wrap' }}>{o.content}</span></Descriptions.Item>
            {o.returnReason ? <Descriptions.Item label={t('wo.detail.returnReason')} span={2}>{o.returnReason}</Descriptions.Item> : null}
            {o.reply ? <Descriptions.Item label={t('wo.detail.reply')} span={2}><span style={{ whiteSpace: 'pre-wrap' }} data-testid="wo-reply">{o.reply}</span></Descriptions.Item> : null}
            {o.satisfaction || o.roundDissatisfied ? (
              <Descriptions.Item label={t('wo.act.satisfaction')}><SatisfactionTags satisfaction={o.satisfaction} roundDissatisfied={o.roundDissatisfied} /></Descriptions.Item>
            ) : null}
          </Descriptions>
          {o.article ? <p>{t('wo.detail.article', { q: o.article.question })}</p> : null}
          {o.merged.length ? (
            <Card size="small" title={t('wo.detail.mergedIn')} style={{ marginTop: 12 }}>
              {/* Each merged caller's own evaluation of this round's reply (the lead reads them before deciding on 重办). */}
              <Space wrap>{o.merged.map((m) => (
                <span key={m.id} data-testid="wo-merged-caller">
                  <Link to={`/workbench/workorders/${m.id}`} data-testid="wo-merged-link">{m.orderNo} · {m.callerName}</Link>{' '}
                  <Tag color={m.satisfaction === 'dissatisfied' ? 'red' : undefined}>{m.satisfaction ? enumLabel(t, 'wo.sat', m.satisfaction) : t('wo.detail.notRated')}</Tag>
                </span>
              ))}</Space>
            </Card>
          ) : null}
          {o.actions.length ? <Actions order={o} /> : null}
          {o.publishedAt || o.canPublish ? <Exposure order={o} /> : null}
          <h3 style={{ marginTop: 16 }}>{t('wo.detail.history')}</h3>
          <WorkOrderHistory events={o.events} />
        </>
      ) : null}
    </div>
  );
}

function Actions({ order }: { order: Order }) {
  const { t, lang } = useT();
  const invalidate = useInvalidate();
  const [verb, setVerb] = useState<Verb>(order.actions[0] as Verb);
  const [form] = Form.useForm<Record<string, string>>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [articleId, setArticleId] = useState<string | undefined>();
  const ref = useGet('/api/workorders/reference');
  const departments = (ref.data?.departments ?? []).map((d) => ({ value: d.id, label: lang === 'en' && d.nameEn ? d.nameEn : d.name }));

  const submit = async (v: Record<string, string>) => {
    setBusy(true);
    setError(null);
    try {
      const body = { action: verb, ...v, ...((verb === 'reply' || verb === 'answer') && articleId ? { articleId } : {}) } as ActionBody;
      await api.post('/api/workorders/{id}/actions', { params: { path: { id: order.id } }, body });
      form.resetFields();
      setArticleId(undefined);
      await invalidate(['/api/workorders/{id}', '/api/workorders']);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };

  const text = (name: string, label: string, rows = 3, maxLength?: number) => (
    <Form.Item name={name} label={label} rules={[{ required: true, whitespace: true }]}>
      <Input.TextArea rows={rows} maxLength={maxLength} showCount={!!maxLength} data-testid={`wo-field-${name}`} />
    </Form.Item>
  );
  return (
    <Card size="small" style={{ marginTop: 16 }} title={
      <Select<Verb> value={verb} onChange={(v) => { setVerb(v); form.resetFields(); }} style={{ minWidth: 180 }} aria-label="action" data-testid="wo-action"
        options={order.actions.filter((a) => a !== 'merge').map((a) => ({ value: a as Verb, label: enumLabel(t, 'wo.act', a) }))} />
    }>
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        {verb === 'dispatch' || verb === 'redispatch' ? (
          <Form.Item name="departmentId" label={t('wo.act.department')} rules={[{ required: true }]}>
            <Select showSearch optionFilterProp="label" options={departments} data-testid="wo-department" />
          </Form.Item>
        ) : null}
        {verb === 'return' ? text('reason', t('wo.act.reason')) : null}
        {verb === 'keep' ? text('note', t('wo.act.note')) : null}
        {verb === 'reopen' ? (
          <>
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={t('wo.act.reopenHint', { max: MAX_REOPENS })} data-testid="wo-reopen-hint" />
            {text('reason', t('wo.act.reopenReason'), 3, 1000)}
          </>
        ) : null}
        {verb === 'callback' ? text('note', t('wo.act.note'), 2) : null}
        {verb === 'reply' || verb === 'answer' ? (
          <>
            {text('reply', t('wo.act.replyText'), 5)}
            {verb === 'answer' ? <Knowledge onUse={(a) => { form.setFieldValue('reply', a.answer); setArticleId(a.id); }} /> : null}
          </>
        ) : null}
        {verb === 'callback' || verb === 'evaluate' ? (
          <Form.Item name="satisfaction" label={t('wo.act.satisfaction')} rules={[{ required: verb === 'evaluate' }]}>
            <Select allowClear options={SATISFACTION.map((s) => ({ value: s, label: enumLabel(t, 'wo.sat', s) }))} data-testid="wo-satisfaction" />
          </Form.Item>
        ) : null}
        <Button type="primary" htmlType="submit" loading={busy} data-testid="wo-act-submit">{enumLabel(t, 'wo.act', verb)}</Button>
      </Form>
      <ErrorAlert error={error} style={{ marginTop: 12 }} />
    </Card>
  );
}

type Article = ResponseOf<'/api/workorders/knowledge'>['rows'][number];

/** The knowledge base, searched from the answer form; using an article fills the reply and links it. */
function Knowledge({ onUse }: { onUse: (a: Article) => void }) {
  const { t } = useT();
  const [q, setQ] = useState('');
  const found = useGet('/api/workorders/knowledge', { query: { q: q || undefined, page: 1, pageSize: 5 } });
  return (
    <Card size="small" type="inner" title={t('wo.kb.title')} style={{ marginBottom: 12 }}>
      <Input.Search aria-label={t('wo.kb.search')} placeholder={t('wo.kb.search')} onSearch={(v) => setQ(v.trim())} allowClear data-testid="wo-kb-search" />
      <QueryError of={found} />
      <List<Article> size="small" dataSource={found.data?.rows ?? []} locale={{ emptyText: t('wo.kb.empty') }}
        renderItem={(a) => (
          <List.Item actions={[<Button key="use" size="small" onClick={() => onUse(a)} data-testid="wo-kb-use">{t('wo.kb.use')}</Button>]}>
            <List.Item.Meta title={a.question} description={<span>{a.answer}<br />{a.sourceOrder ? t('wo.kb.source', { no: a.sourceOrder.orderNo }) : null} {t('wo.kb.used', { n: a.usedCount })}</span>} />
          </List.Item>
        )} />
    </Card>
  );
}

/**
 * The exposure column (曝光纠错): what the public reads of this order, and for a manager the form that
 * publishes a closed or evaluated order with what was put right (again, to change the fix). An order
 * handled again leaves the column; it is published again once closed again (docs/hotline.md).
 */
function Exposure({ order }: { order: Order }) {
  const { t } = useT();
  const [form] = Form.useForm<{ fix: string }>();
  const submit = useSubmit(['/api/workorders/{id}', '/api/public/exposure']);
  const publish = async (v: { fix: string }) => {
    if (await submit.run(() => api.post('/api/workorders/{id}/publish', { params: { path: { id: order.id } }, body: { fix: v.fix.trim() } }))) form.resetFields();
  };
  return (
    <Card size="small" title={t('wo.publish.card')} style={{ marginTop: 16 }} data-testid="wo-exposure">
      {order.publishedAt ? (
        <p data-testid="wo-published">{t('wo.publish.publishedOn', { date: formatDateTime(order.publishedAt) })}: <span style={{ whiteSpace: 'pre-wrap' }}>{order.publishedFix}</span></p>
      ) : <p className="ow-muted" data-testid="wo-not-published">{t('wo.publish.notPublished')}</p>}
      {order.canPublish ? (
        <Form form={form} layout="vertical" onFinish={publish} data-testid="wo-publish-form">
          <Form.Item name="fix" label={t('wo.publish.fix')} extra={t('wo.publish.fixHint')} rules={[{ required: true, whitespace: true, message: t('wo.publish.fixRequired') }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount data-testid="wo-publish-fix" />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={submit.busy} data-testid="wo-publish-submit">
            {order.publishedAt ? t('wo.publish.republish') : t('wo.publish.publish')}
          </Button>
          <ErrorAlert error={submit.error} style={{ marginTop: 12 }} />
        </Form>
      ) : null}
    </Card>
  );
}
