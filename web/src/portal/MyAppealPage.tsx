import { useState } from 'react';
import { Alert, Button, Descriptions, Form, Radio, Tag, Timeline } from 'antd';
import { useParams } from 'react-router-dom';
import { useT } from '../i18n';
import { api, type ApiError } from '../api/client';
import { useGet, useInvalidate } from '../api/query';
import { useTitle } from '../components/useTitle';
import { ErrorAlert } from '../components/ErrorAlert';
import { QueryError } from '../components/QueryError';
import { enumLabel, formatDateTime } from '../components/labels';
import { RequireSignIn } from './RequireSignIn';

const SATISFACTION = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;

/** One of my appeals: what I asked, the answer (the main order's, when mine was merged), and my evaluation after the callback. */
function MyAppeal() {
  const { id = '' } = useParams();
  const { t } = useT();
  const order = useGet('/api/workorders/{id}', { path: { id } });
  const invalidate = useInvalidate();
  const [error, setError] = useState<ApiError | null>(null);
  const o = order.data;
  useTitle(o ? t('wo.detail.title', { no: o.orderNo }) : t('wo.my.title'));
  const reply = o?.reply ?? o?.main?.reply ?? null;
  const rate = async (v: { satisfaction: (typeof SATISFACTION)[number] }) => {
    setError(null);
    try {
      await api.post('/api/workorders/{id}/actions', { params: { path: { id } }, body: { action: 'evaluate', satisfaction: v.satisfaction } });
      await invalidate(['/api/workorders/{id}', '/api/my/appeals']);
    } catch (e) {
      setError(e as ApiError);
    }
  };
  return (
    <div data-testid="my-appeal">
      <QueryError of={order} />
      {o ? (
        <>
          <h1>{t('wo.detail.title', { no: o.orderNo })} <Tag>{enumLabel(t, 'wo.status', o.main?.status ?? o.status)}</Tag></h1>
          {o.main ? <Alert type="info" showIcon style={{ marginBottom: 12 }} message={t('wo.my.merged', { no: o.main.orderNo })} data-testid="appeal-merged" /> : null}
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('wo.call.kind')}>{enumLabel(t, 'wo.kind', o.kind)}</Descriptions.Item>
            <Descriptions.Item label={t('wo.call.place')}>{o.place || '—'}</Descriptions.Item>
            <Descriptions.Item label={t('wo.call.topic')}>{o.topic}</Descriptions.Item>
            <Descriptions.Item label={t('wo.call.content')}><span style={{ whiteSpace: 'pre-wrap' }}>{o.content}</span></Descriptions.Item>
            <Descriptions.Item label={t('wo.detail.reply')}><span style={{ whiteSpace: 'pre-wrap' }} data-testid="appeal-reply">{reply ?? '—'}</span></Descriptions.Item>
            {o.satisfaction ? <Descriptions.Item label={t('wo.act.satisfaction')}>{enumLabel(t, 'wo.sat', o.satisfaction)}</Descriptions.Item> : null}
          </Descriptions>
          {o.actions.includes('evaluate') ? (
            <Form layout="vertical" onFinish={(v) => void rate(v)} style={{ marginTop: 16 }}>
              <Form.Item name="satisfaction" label={t('wo.my.rate')} rules={[{ required: true }]}>
                <Radio.Group options={SATISFACTION.map((s) => ({ value: s, label: enumLabel(t, 'wo.sat', s) }))} />
              </Form.Item>
              <Button type="primary" htmlType="submit">{t('wo.act.evaluate')}</Button>
            </Form>
          ) : null}
          <ErrorAlert error={error} style={{ marginTop: 12 }} />
          <h2 style={{ marginTop: 16 }}>{t('wo.detail.history')}</h2>
          <Timeline items={o.events.map((e) => ({ children: <span>{formatDateTime(e.at)} · {enumLabel(t, 'wo.act', e.action)}</span> }))} />
        </>
      ) : null}
    </div>
  );
}

export default function MyAppealPage() {
  return <RequireSignIn><MyAppeal /></RequireSignIn>;
}
