import { useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Drawer, Empty, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { ApiOutlined, PlusOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api, toApiError, type ApiError, type BodyOf, type ResponseOf } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { EmptyBlock } from '../../components/ContentView';

type Client = ResponseOf<'/api/admin/integrations/clients'>['clients'][number];
type Key = Client['keys'][number];
type Subscription = Client['subscriptions'][number];
type Scope = BodyOf<'/api/admin/integrations/clients/{id}/keys', 'post'>['scopes'][number];
type Delivery = ResponseOf<'/api/admin/integrations/subscriptions/{id}/deliveries'>['deliveries'][number];
type Dialog = { kind: 'client' } | { kind: 'key'; client: Client } | { kind: 'subscription'; client: Client };
interface Shown { title: string; label: string; value: string }

const QUERY_KEYS = ['/api/admin/integrations/clients'] as const;
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/**
 * The center's consuming systems of the open interfaces (docs/open-api.md) for its managers: register
 * a system, issue API keys with scopes and a rate limit (the key shown once), subscribe a system to
 * case events (the signing secret shown once), pause, resume or end a subscription, read its
 * delivery log, and revoke keys and systems after a confirmation.
 */
export default function IntegrationsPage() {
  const { t, msg } = useT();
  useTitle(t('int.title'), true);
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const clients = useGet('/api/admin/integrations/clients', { query: { page: 1, pageSize: 100 } });
  const types = useGet('/api/admin/integrations/event-types');
  const [form] = Form.useForm();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const [log, setLog] = useState<Subscription | null>(null);

  const open = (d: Dialog) => {
    setError(null);
    form.resetFields();
    if (d.kind === 'key') form.setFieldsValue({ scopes: ['catalog:read'], ratePerMinute: 60 });
    if (d.kind === 'subscription') form.setFieldsValue({ eventTypes: [] });
    setDialog(d);
  };

  const submit = async () => {
    if (!dialog) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      if (dialog.kind === 'client') {
        await api.post('/api/admin/integrations/clients', { body: { name: v.name, contact: v.contact ?? '' } });
      } else if (dialog.kind === 'key') {
        const res = await api.post('/api/admin/integrations/clients/{id}/keys', { params: { path: { id: dialog.client.id } }, body: { scopes: v.scopes, ratePerMinute: v.ratePerMinute } });
        setShown({ title: t('int.keyIssued'), label: t('int.key'), value: res.key });
      } else {
        const res = await api.post('/api/admin/integrations/clients/{id}/subscriptions', { params: { path: { id: dialog.client.id } }, body: { url: v.url, eventTypes: v.eventTypes } });
        setShown({ title: t('int.subscribed'), label: t('int.secret'), value: res.secret });
      }
      setDialog(null);
      void invalidate(QUERY_KEYS);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  /** A one-click change (revoke, pause, resume, end): a success toast, or the refusal's message. */
  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      message.success(done);
      void invalidate(QUERY_KEYS);
    } catch (e) {
      message.error(msg(toApiError(e).messages));
    }
  };

  const subStatus = (s: Subscription) => (s.revokedAt ? <Tag>{t('int.ended')}</Tag> : s.pausedAt ? <Tag color="orange">{t('int.paused')}</Tag> : <Tag color="green">{t('int.active')}</Tag>);

  return (
    <div data-testid="integrations-page">
      <div className="ow-page-head">
        <h2>{t('int.title')}</h2>
        <Button type="primary" icon={<PlusOutlined />} data-testid="int-register" onClick={() => open({ kind: 'client' })}>{t('int.register')}</Button>
      </div>
      <p className="ow-muted">{t('int.intro')}</p>
      <QueryError of={clients} />
      {clients.data && clients.data.clients.length === 0 && <EmptyBlock text={t('int.empty')} testid="int-empty" />}
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {(clients.data?.clients ?? []).map((c) => (
          <Card
            key={c.id} size="small" data-testid="int-client" data-client-name={c.name}
            title={<span style={{ whiteSpace: 'normal' }}><ApiOutlined /> {c.name} {c.revokedAt ? <Tag color="red">{t('int.revoked')}</Tag> : null}</span>}
            extra={c.revokedAt ? null : (
              <Popconfirm title={t('int.revokeClientConfirm')} okText={t('int.revoke')} cancelText={t('int.cancel')}
                onConfirm={() => void act(() => api.post('/api/admin/integrations/clients/{id}/revoke', { params: { path: { id: c.id } } }), t('int.revokedDone'))}>
                <Button size="small" danger data-testid="int-revoke-client">{t('int.revokeClient')}</Button>
              </Popconfirm>
            )}
          >
            {c.contact && <p className="ow-muted">{t('int.contact')}: {c.contact}</p>}
            <div className="ow-page-head">
              <h3>{t('int.keys')}</h3>
              {!c.revokedAt && <Button size="small" icon={<PlusOutlined />} data-testid="int-issue-key" onClick={() => open({ kind: 'key', client: c })}>{t('int.issueKey')}</Button>}
            </div>
            <Table<Key>
              rowKey="id" size="small" dataSource={c.keys} pagination={false} scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('int.noKeys') }}
              onRow={(r) => ({ 'data-testid': 'int-key-row', 'data-key-id': r.keyId }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('int.keyId'), key: 'kid', render: (_v, r) => <code>owk_{r.keyId}_…</code> },
                { title: t('int.scopes'), key: 'scopes', render: (_v, r) => <Space wrap size={4}>{r.scopes.map((s) => <Tag key={s}>{t(`int.scope.${s}`)}</Tag>)}</Space> },
                { title: t('int.rate'), key: 'rate', render: (_v, r) => t('int.perMinute', { n: r.ratePerMinute }) },
                { title: t('int.lastUsed'), key: 'used', render: (_v, r) => <span data-testid="int-key-last-used">{r.lastUsedAt ? when(r.lastUsedAt) : t('int.never')}</span> },
                { title: t('int.status'), key: 'status', render: (_v, r) => (r.revokedAt ? <Tag color="red">{t('int.revoked')}</Tag> : <Tag color="green">{t('int.active')}</Tag>) },
                {
                  title: t('int.actions'), key: 'actions', render: (_v, r) => (r.revokedAt ? null : (
                    <Popconfirm title={t('int.revokeKeyConfirm')} okText={t('int.revoke')} cancelText={t('int.cancel')}
                      onConfirm={() => void act(() => api.post('/api/admin/integrations/clients/{id}/keys/{keyId}/revoke', { params: { path: { id: c.id, keyId: r.id } } }), t('int.revokedDone'))}>
                      <Button size="small" danger data-testid="int-revoke-key">{t('int.revoke')}</Button>
                    </Popconfirm>
                  )),
                },
              ]}
            />
            <div className="ow-page-head" style={{ marginTop: 16 }}>
              <h3>{t('int.subscriptions')}</h3>
              {!c.revokedAt && <Button size="small" icon={<PlusOutlined />} data-testid="int-subscribe" onClick={() => open({ kind: 'subscription', client: c })}>{t('int.subscribe')}</Button>}
            </div>
            <Table<Subscription>
              rowKey="id" size="small" dataSource={c.subscriptions} pagination={false} scroll={{ x: 'max-content' }}
              locale={{ emptyText: t('int.noSubscriptions') }}
              onRow={() => ({ 'data-testid': 'int-sub-row' }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('int.url'), key: 'url', render: (_v, r) => <span style={{ overflowWrap: 'anywhere' }}>{r.url}</span> },
                { title: t('int.eventTypes'), key: 'types', render: (_v, r) => <Space wrap size={4}>{r.eventTypes.map((e) => <Tag key={e}>{e}</Tag>)}</Space> },
                { title: t('int.status'), key: 'status', render: (_v, r) => <span data-testid="int-sub-status">{subStatus(r)}</span> },
                {
                  title: t('int.actions'), key: 'actions', render: (_v, r) => (
                    <Space wrap size={4}>
                      <Button size="small" data-testid="int-deliveries" onClick={() => setLog(r)}>{t('int.deliveries')}</Button>
                      {!r.revokedAt && (r.pausedAt
                        ? <Button size="small" data-testid="int-resume" onClick={() => void act(() => api.post('/api/admin/integrations/subscriptions/{id}/resume', { params: { path: { id: r.id } } }), t('int.resumedDone'))}>{t('int.resume')}</Button>
                        : <Button size="small" data-testid="int-pause" onClick={() => void act(() => api.post('/api/admin/integrations/subscriptions/{id}/pause', { params: { path: { id: r.id } } }), t('int.pausedDone'))}>{t('int.pause')}</Button>)}
                      {!r.revokedAt && (
                        <Popconfirm title={t('int.endConfirm')} okText={t('int.end')} cancelText={t('int.cancel')}
                          onConfirm={() => void act(() => api.post('/api/admin/integrations/subscriptions/{id}/revoke', { params: { path: { id: r.id } } }), t('int.endedDone'))}>
                          <Button size="small" danger data-testid="int-end">{t('int.end')}</Button>
                        </Popconfirm>
                      )}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
        ))}
      </Space>

      <Modal
        title={dialog?.kind === 'client' ? t('int.register') : dialog?.kind === 'key' ? t('int.issueKey') : t('int.subscribe')}
        open={dialog !== null} onCancel={() => setDialog(null)} onOk={() => void submit()} confirmLoading={busy} destroyOnHidden
        okText={t('int.submit')} cancelText={t('int.cancel')} okButtonProps={{ 'data-testid': 'int-submit' } as Record<string, string>}
      >
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical">
          {dialog?.kind === 'client' && (
            <>
              <Form.Item name="name" label={t('int.name')} rules={[{ required: true, max: 100 }]}><Input data-testid="int-name" /></Form.Item>
              <Form.Item name="contact" label={t('int.contact')} rules={[{ max: 200 }]}><Input data-testid="int-contact" /></Form.Item>
            </>
          )}
          {dialog?.kind === 'key' && (
            <>
              <Form.Item name="scopes" label={t('int.scopes')} rules={[{ required: true, type: 'array', min: 1 }]}>
                <Checkbox.Group options={(types.data?.scopes ?? []).map((s: Scope) => ({ value: s, label: t(`int.scope.${s}`) }))} data-testid="int-scopes" />
              </Form.Item>
              <Form.Item name="ratePerMinute" label={t('int.rate')} rules={[{ required: true, type: 'integer', min: 1, max: 100000 }]}>
                <InputNumber min={1} max={100000} style={{ width: '100%' }} data-testid="int-rate" addonAfter={t('int.callsPerMinute')} />
              </Form.Item>
            </>
          )}
          {dialog?.kind === 'subscription' && (
            <>
              <Form.Item name="url" label={t('int.url')} extra={t('int.urlHelp')} rules={[{ required: true, type: 'url', max: 2000 }]}>
                <Input data-testid="int-url" placeholder="https://example.gov.cn/onewindow/events" />
              </Form.Item>
              <Form.Item name="eventTypes" label={t('int.eventTypes')} rules={[{ required: true, type: 'array', min: 1 }]}>
                <Checkbox.Group options={(types.data?.eventTypes ?? []).map((e) => ({ value: e, label: e }))} data-testid="int-event-types" />
              </Form.Item>
            </>
          )}
        </Form>
      </Modal>

      <Modal title={shown?.title} open={shown !== null} onCancel={() => setShown(null)} destroyOnHidden footer={<Button onClick={() => setShown(null)} data-testid="int-shown-close">{t('int.close')}</Button>}>
        {shown && (
          <div data-testid="int-shown">
            <Alert type="warning" showIcon message={t('int.shownOnce')} />
            <p style={{ marginTop: 12 }}>{shown.label}: <Typography.Text code copyable data-testid="int-shown-value" style={{ overflowWrap: 'anywhere' }}>{shown.value}</Typography.Text></p>
          </div>
        )}
      </Modal>

      <Drawer title={t('int.deliveries')} open={log !== null} onClose={() => setLog(null)} width="min(720px, 100vw)" destroyOnHidden>
        {log && <DeliveryLog subscription={log} />}
      </Drawer>
    </div>
  );
}

/** A subscription's delivery log, newest first, paged on the server. */
function DeliveryLog({ subscription }: { subscription: Subscription }) {
  const { t } = useT();
  const [page, setPage] = useState(1);
  const log = useGet('/api/admin/integrations/subscriptions/{id}/deliveries', { path: { id: subscription.id }, query: { page, pageSize: 20 } });
  return (
    <div data-testid="int-delivery-log">
      <p style={{ overflowWrap: 'anywhere' }}>{subscription.url}</p>
      <QueryError of={log} />
      <Table<Delivery>
        rowKey="id" size="small" loading={log.isLoading} dataSource={log.data?.deliveries ?? []} scroll={{ x: 'max-content' }}
        locale={{ emptyText: log.isLoading ? ' ' : <Empty description={t('int.noDeliveries')} /> }}
        pagination={{ current: page, pageSize: 20, total: log.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        onRow={() => ({ 'data-testid': 'int-delivery-row' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('int.eventType'), key: 'type', render: (_v, r) => r.eventType },
          { title: t('int.status'), key: 'status', render: (_v, r) => (r.status === 'delivered' ? <Tag color="green">{t('int.delivered')}</Tag> : <Tag color="orange">{t('int.pending')}</Tag>) },
          { title: t('int.attempts'), key: 'attempts', render: (_v, r) => <span data-testid="int-delivery-attempts">{r.attempts}</span> },
          { title: t('int.lastResult'), key: 'last', render: (_v, r) => (r.lastError ? <span style={{ overflowWrap: 'anywhere' }}>{r.lastError}</span> : r.lastStatus ?? '—') },
          { title: t('int.createdAt'), key: 'at', render: (_v, r) => when(r.createdAt) },
          { title: t('int.deliveredAt'), key: 'done', render: (_v, r) => when(r.deliveredAt) },
        ]}
      />
    </div>
  );
}
