import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { App, Button, Form, Input, Modal, Segmented, Space, Table } from 'antd';
import { CheckOutlined, CloseOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api, toApiError, type ApiError } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { REQUEST_STATUSES, type QueueRequest, type RequestStatus } from '../../api/models';
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { EmptyBlock } from '../../components/ContentView';
import { enumLabel, formatDateTime } from '../../components/labels';
import { RequestStatusTag } from './common';

export default function RequestsPage() {
  const { t } = useT();
  useTitle(t('requests.title'), true);
  const { message } = App.useApp();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? 'pending') as RequestStatus;
  const page = Number(params.get('page') ?? '1') || 1;
  const list = useGet('/api/admin/requests', { query: { status, page } });
  const invalidate = useInvalidate();
  const [deciding, setDeciding] = useState<{ req: QueueRequest; approve: boolean } | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);

  const open = (req: QueueRequest, approve: boolean) => {
    form.resetFields();
    setError(null);
    setDeciding({ req, approve });
  };
  const submit = async () => {
    if (!deciding) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/admin/requests/{id}/decision', { params: { path: { id: deciding.req.id } }, body: { approve: deciding.approve, reason: v.reason.trim() } });
      message.success(t('requests.decided'));
      setDeciding(null);
      void invalidate(['/api/admin/requests', '/api/admin/items', '/api/admin/items/{id}']);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="requests-page">
      <div className="ow-page-head">
        <h2>{t('requests.title')}</h2>
        <Segmented
          value={status}
          onChange={(v) => setParams({ status: String(v) })}
          data-testid="requests-status-filter"
          options={REQUEST_STATUSES.map((s) => ({ value: s, label: <span data-testid={`requests-status-${s}`}>{enumLabel(t, 'requestStatus', s)}</span> }))}
        />
      </div>
      <QueryError of={list} />
      <Table<QueueRequest>
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.requests ?? []}
        locale={{ emptyText: list.isLoading ? ' ' : <EmptyBlock text={t('requests.empty')} testid="requests-empty" /> }}
        scroll={{ x: 'max-content' }}
        onRow={(r) => ({ 'data-testid': 'request-row', 'data-request-id': r.id, 'data-item-id': r.item.id }) as React.HTMLAttributes<HTMLElement>}
        pagination={{
          current: list.data?.page ?? page,
          pageSize: list.data?.pageSize ?? 20,
          total: list.data?.total ?? 0,
          showTotal: (n) => t('common.total', { n }),
          onChange: (p) => setParams({ status, page: String(p) }),
        }}
        columns={[
          { title: t('requests.col.item'), key: 'item', render: (_v, r) => <Link to={`/admin/items/${r.item.id}`}>{r.item.name}</Link> },
          { title: t('requests.col.kind'), key: 'kind', render: (_v, r) => enumLabel(t, 'requestKind', r.kind) },
          { title: t('requests.col.reason'), dataIndex: 'reason', key: 'reason', render: (v: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{v}</span> },
          { title: t('requests.col.requestedBy'), key: 'by', render: (_v, r) => r.requestedBy?.name },
          { title: t('requests.col.createdAt'), key: 'at', render: (_v, r) => formatDateTime(r.createdAt) },
          { title: t('requests.col.status'), key: 'status', render: (_v, r) => <RequestStatusTag status={r.status} /> },
          {
            title: status === 'pending' ? t('common.actions') : t('requests.col.decision'),
            key: 'act',
            render: (_v, r) => r.status === 'pending' ? (
              <Space>
                <Button size="small" type="primary" icon={<CheckOutlined />} onClick={() => open(r, true)} data-testid="request-approve">{t('requests.approve')}</Button>
                <Button size="small" danger icon={<CloseOutlined />} onClick={() => open(r, false)} data-testid="request-reject">{t('requests.reject')}</Button>
              </Space>
            ) : (
              <span>{r.decidedBy?.name}{r.decisionReason ? `: ${r.decisionReason}` : ''} <span className="ow-muted">{formatDateTime(r.decidedAt)}</span></span>
            ),
          },
        ]}
      />
      <Modal
        open={!!deciding}
        forceRender
        title={deciding?.approve ? t('requests.approveTitle') : t('requests.rejectTitle')}
        onCancel={() => setDeciding(null)}
        footer={[
          <Button key="c" onClick={() => setDeciding(null)}>{t('common.cancel')}</Button>,
          <Button key="s" type="primary" danger={deciding ? !deciding.approve : false} loading={busy} onClick={submit} data-testid="decision-submit">
            {deciding?.approve ? t('requests.approve') : t('requests.reject')}
          </Button>,
        ]}
      >
        {deciding ? (
          <p>
            <strong>{deciding.req.item.name}</strong> · {enumLabel(t, 'requestKind', deciding.req.kind)}
            <br />
            <span className="ow-muted">{t('requests.fourEyesHint')}</span>
          </p>
        ) : null}
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical">
          <Form.Item name="reason" label={t('requests.decisionReason')}
            rules={[{ required: true, whitespace: true, message: t('item.reasonRequired') }, { max: 1000, message: t('editor.maxLen', { n: 1000 }) }]}>
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} data-testid="decision-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
