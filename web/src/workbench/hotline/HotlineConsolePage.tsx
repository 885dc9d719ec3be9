import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, List, Radio, Row, TreeSelect } from 'antd';
import { PhoneOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api, type ApiError, type ResponseOf } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { enumLabel, formatDateTime } from '../../components/labels';
import { WorkOrdersList } from './WorkOrdersList';

type Suggestion = ResponseOf<'/api/workorders/duplicates', 'post'>['suggestions'][number];
const KINDS = ['consultation', 'request', 'complaint', 'suggestion', 'praise'] as const;
interface CallForm {
  kind: (typeof KINDS)[number]; urgency: 'normal' | 'urgent'; categoryId?: string; callerName: string; callerPhone: string; place?: string; topic: string; content: string;
}

/**
 * The operator's console (docs/hotline.md): take a call with the category tree; while the place and the
 * topic are typed, similar open orders are suggested, and the call can be recorded as a duplicate of one
 * (created, then merged into it, so one reply reaches every caller). Below, the center's orders.
 */
export default function HotlineConsolePage() {
  const { t, lang } = useT();
  useTitle(t('wo.console.title'));
  const invalidate = useInvalidate();
  const [form] = Form.useForm<CallForm>();
  const ref = useGet('/api/workorders/reference');
  const place = Form.useWatch('place', form) ?? '';
  const topic = Form.useWatch('topic', form) ?? '';
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [windowDays, setWindowDays] = useState(30);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  // Live duplicate suggestions, a moment after typing stops.
  useEffect(() => {
    if (topic.trim().length < 2) { setSuggestions([]); return; }
    let live = true;
    const timer = setTimeout(() => {
      api.post('/api/workorders/duplicates', { body: { place: place.trim(), topic: topic.trim() } })
        .then((r) => { if (live) { setSuggestions(r.suggestions); setWindowDays(r.windowDays); } })
        .catch(() => { if (live) setSuggestions([]); });
    }, 300);
    return () => { live = false; clearTimeout(timer); };
  }, [place, topic]);

  const tree = useMemo(() => {
    // Retired categories cannot be chosen for a new order (docs/hotline.md, "Configuration").
    const cats = (ref.data?.categories ?? []).filter((c) => !c.retired);
    const label = (c: (typeof cats)[number]) => (lang === 'en' && c.nameEn ? c.nameEn : c.name);
    return cats.filter((c) => !c.parentId).map((p) => ({
      value: p.id, title: label(p), children: cats.filter((c) => c.parentId === p.id).map((c) => ({ value: c.id, title: label(c) })),
    }));
  }, [ref.data, lang]);

  const save = async (mainId?: string) => {
    setError(null);
    setDone(null);
    let values: CallForm;
    try { values = await form.validateFields(); } catch { return; }
    setBusy(true);
    try {
      const { id } = await api.post('/api/workorders', { body: { ...values, place: values.place ?? '', categoryId: values.categoryId ?? null } });
      const order = mainId
        ? await api.post('/api/workorders/{id}/actions', { params: { path: { id } }, body: { action: 'merge', mainId } })
        : await api.get('/api/workorders/{id}', { params: { path: { id } } });
      const main = suggestions.find((s) => s.id === mainId);
      setDone(mainId ? t('wo.call.merged', { no: main?.orderNo ?? '' }) : t('wo.call.saved', { no: order.orderNo }));
      form.resetFields();
      setSuggestions([]);
      await invalidate(['/api/workorders']);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="hotline-console">
      <h2><PhoneOutlined /> {t('wo.console.title')}</h2>
      <QueryError of={ref} />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Card title={t('wo.call.title')} size="small">
            <Form form={form} layout="vertical" initialValues={{ kind: 'request', urgency: 'normal' }} data-testid="wo-call-form">
              <Form.Item name="kind" label={t('wo.call.kind')} rules={[{ required: true }]}>
                <Radio.Group optionType="button" options={KINDS.map((k) => ({ value: k, label: enumLabel(t, 'wo.kind', k) }))} data-testid="wo-kind" />
              </Form.Item>
              <Form.Item name="urgency" label={t('wo.call.urgency')}>
                <Radio.Group options={(['normal', 'urgent'] as const).map((u) => ({ value: u, label: enumLabel(t, 'wo.urgency', u) }))} />
              </Form.Item>
              <Form.Item name="categoryId" label={t('wo.call.category')}>
                <TreeSelect allowClear treeDefaultExpandAll treeData={tree} data-testid="wo-category" />
              </Form.Item>
              <Row gutter={8}>
                <Col xs={24} sm={12}><Form.Item name="callerName" label={t('wo.call.callerName')} rules={[{ required: true, max: 60 }]}><Input data-testid="wo-caller-name" /></Form.Item></Col>
                <Col xs={24} sm={12}><Form.Item name="callerPhone" label={t('wo.call.callerPhone')} rules={[{ required: true, pattern: /^[0-9+\- ]{3,20}$/ }]}><Input inputMode="tel" data-testid="wo-caller-phone" /></Form.Item></Col>
              </Row>
              <Form.Item name="place" label={t('wo.call.place')} rules={[{ max: 200 }]}><Input data-testid="wo-place" /></Form.Item>
              <Form.Item name="topic" label={t('wo.call.topic')} rules={[{ required: true, max: 200 }]}><Input data-testid="wo-topic" /></Form.Item>
              <Form.Item name="content" label={t('wo.call.content')} rules={[{ required: true, max: 5000 }]}><Input.TextArea rows={4} data-testid="wo-content" /></Form.Item>
              <Button type="primary" loading={busy} onClick={() => void save()} data-testid="wo-save">{t('wo.call.save')}</Button>
            </Form>
            {done ? <Alert type="success" showIcon style={{ marginTop: 12 }} message={done} data-testid="wo-done" /> : null}
            <ErrorAlert error={error} style={{ marginTop: 12 }} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('wo.dup.title')} size="small" data-testid="wo-duplicates">
            <p style={{ color: '#595959', marginTop: 0 }}>{t('wo.dup.hint', { days: windowDays })}</p>
            <List<Suggestion>
              dataSource={suggestions} locale={{ emptyText: t('wo.dup.none') }}
              renderItem={(s) => (
                <List.Item data-testid="wo-suggestion" actions={[
                  <Button key="merge" size="small" disabled={busy} onClick={() => void save(s.id)} data-testid="wo-merge">{t('wo.dup.merge')}</Button>,
                ]}>
                  <List.Item.Meta
                    title={<span>{s.orderNo} · {enumLabel(t, 'wo.status', s.status)}</span>}
                    description={<span>{s.topic}<br />{s.place} · {formatDateTime(s.createdAt)} · {t('wo.dup.callers', { n: s.callers })}</span>}
                  />
                </List.Item>
              )}
            />
          </Card>
        </Col>
      </Row>
      <div style={{ marginTop: 24 }}><WorkOrdersList /></div>
    </div>
  );
}

