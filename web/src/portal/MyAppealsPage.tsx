import { useRef, useState } from 'react';
import { Alert, Button, Card, Form, Input, Radio, Select, Table, Tag } from 'antd';
import { Link } from 'react-router-dom';
import { useT } from '../i18n';
import { api, newUuid, type ApiError, type ResponseOf } from '../api/client';
import { useGet, useInvalidate } from '../api/query';
import { useTitle } from '../components/useTitle';
import { ErrorAlert } from '../components/ErrorAlert';
import { QueryError } from '../components/QueryError';
import { enumLabel, formatDateTime } from '../components/labels';
import { RequireSignIn } from './RequireSignIn';

type Row = ResponseOf<'/api/my/appeals'>['rows'][number];
const KINDS = ['consultation', 'request', 'complaint', 'suggestion', 'praise'] as const;
interface AppealForm { kind: (typeof KINDS)[number]; centerId: string; place?: string; topic: string; content: string }

/** "My appeals" (docs/hotline.md): submit a consultation, request, complaint, suggestion or praise, and follow one's own. */
function MyAppeals() {
  const { t, lang } = useT();
  useTitle(t('wo.my.title'));
  const invalidate = useInvalidate();
  const [page, setPage] = useState(1);
  const list = useGet('/api/my/appeals', { query: { page, pageSize: 10 } });
  const centers = useGet('/api/hall/centers');
  const [form] = Form.useForm<AppealForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // One key per form fill: a double click or a retry after a lost answer gets the same order back, not a second one.
  const [idempotencyKey, setIdempotencyKey] = useState(newUuid);
  const sending = useRef(false);

  const submit = async (v: AppealForm) => {
    if (sending.current) return;
    sending.current = true;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const { id } = await api.post('/api/my/appeals', { body: { ...v, place: v.place ?? '', idempotencyKey } });
      const o = await api.get('/api/workorders/{id}', { params: { path: { id } } });
      setDone(t('wo.my.submitted', { no: o.orderNo }));
      form.resetFields();
      setIdempotencyKey(newUuid());
      await invalidate(['/api/my/appeals']);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  return (
    <div data-testid="my-appeals">
      <h1>{t('wo.my.title')}</h1>
      <Card title={t('wo.my.new')} size="small" style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ kind: 'consultation' }}>
          <Form.Item name="kind" label={t('wo.call.kind')} rules={[{ required: true }]}>
            <Radio.Group options={KINDS.map((k) => ({ value: k, label: enumLabel(t, 'wo.kind', k) }))} />
          </Form.Item>
          <Form.Item name="centerId" label={t('wo.my.center')} rules={[{ required: true }]}>
            <Select data-testid="appeal-center" options={(centers.data?.centers ?? []).map((c) => ({ value: c.id, label: lang === 'en' && c.nameEn ? c.nameEn : c.name }))} />
          </Form.Item>
          <Form.Item name="place" label={t('wo.call.place')} rules={[{ max: 200 }]}><Input data-testid="appeal-place" /></Form.Item>
          <Form.Item name="topic" label={t('wo.call.topic')} rules={[{ required: true, max: 200 }]}><Input data-testid="appeal-topic" /></Form.Item>
          <Form.Item name="content" label={t('wo.call.content')} rules={[{ required: true, max: 5000 }]}><Input.TextArea rows={4} data-testid="appeal-content" /></Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="appeal-submit">{t('wo.my.submit')}</Button>
        </Form>
        {done ? <Alert type="success" showIcon style={{ marginTop: 12 }} message={done} data-testid="appeal-done" /> : null}
        <ErrorAlert error={error} style={{ marginTop: 12 }} />
      </Card>
      <QueryError of={list} />
      <Table<Row>
        size="small" rowKey="id" loading={list.isLoading} dataSource={list.data?.rows ?? []} scroll={{ x: 560 }} locale={{ emptyText: t('wo.my.empty') }}
        pagination={{ current: page, pageSize: 10, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        columns={[
          { title: t('wo.col.no'), dataIndex: 'orderNo', render: (v: string, r) => <Link to={`/my/appeals/${r.id}`}>{v}</Link> },
          { title: t('wo.call.kind'), dataIndex: 'kind', render: (v: string) => enumLabel(t, 'wo.kind', v) },
          { title: t('wo.col.topic'), dataIndex: 'topic', ellipsis: true },
          { title: t('wo.list.status'), dataIndex: 'status', render: (v: string) => <Tag>{enumLabel(t, 'wo.status', v)}</Tag> },
          { title: t('wo.col.created'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v) },
        ]}
      />
    </div>
  );
}

export default function MyAppealsPage() {
  return <RequireSignIn><MyAppeals /></RequireSignIn>;
}
