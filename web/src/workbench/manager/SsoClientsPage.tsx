import { useState } from 'react';
import { Alert, App, Button, Checkbox, Form, Input, Modal, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { KeyOutlined, PlusOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { api, toApiError, type ApiError, type BodyOf, type ResponseOf } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { EmptyBlock } from '../../components/ContentView';

type Client = ResponseOf<'/api/admin/sso/clients'>['items'][number];
type Key = ResponseOf<'/api/admin/sso/keys'>['keys'][number];
type Scope = BodyOf<'/api/admin/sso/clients', 'post'>['scopes'][number];
type Registered = ResponseOf<'/api/admin/sso/clients', 'post'>;
interface Values { name: string; redirectUris: string; scopes: Scope[]; public: boolean; backchannelLogoutUri?: string }

const SCOPES: Scope[] = ['openid', 'profile', 'phone', 'offline_access'];
const QUERY_KEYS = ['/api/admin/sso/clients', '/api/admin/sso/keys'] as const;

/**
 * The center's relying parties of the single sign-on (docs/sso.md) for its managers: register a
 * system (its secret shown once), set its back-channel logout URI (and see whether the last logout
 * token reached it), revoke one, and rotate the provider's signing keys.
 */
export default function SsoClientsPage() {
  const { t, msg } = useT();
  useTitle(t('sso.title'), true);
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const clients = useGet('/api/admin/sso/clients', { query: { page: 1, pageSize: 100 } });
  const keys = useGet('/api/admin/sso/keys');
  const [form] = Form.useForm<Values>();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [made, setMade] = useState<Registered | null>(null);
  const [editing, setEditing] = useState<Client | null>(null);
  const [editUri, setEditUri] = useState('');
  const [editError, setEditError] = useState<ApiError | null>(null);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      const redirectUris = v.redirectUris.split(/\s+/).map((s) => s.trim()).filter(Boolean);
      const backchannelLogoutUri = v.backchannelLogoutUri?.trim() || undefined;
      const res = await api.post('/api/admin/sso/clients', { body: { name: v.name, redirectUris, scopes: v.scopes, public: v.public, backchannelLogoutUri } });
      setOpen(false);
      setMade(res);
      void invalidate(QUERY_KEYS);
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const saveBackchannel = async () => {
    if (!editing) return;
    setBusy(true);
    setEditError(null);
    try {
      await api.put('/api/admin/sso/clients/{id}/backchannel-logout', { params: { path: { id: editing.id } }, body: { backchannelLogoutUri: editUri.trim() || null } });
      setEditing(null);
      message.success(t('sso.saved'));
      void invalidate(QUERY_KEYS);
    } catch (e) {
      setEditError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const revoke = async (c: Client) => {
    try {
      await api.post('/api/admin/sso/clients/{id}/revoke', { params: { path: { id: c.id } } });
      message.success(t('sso.revokedDone'));
      void invalidate(QUERY_KEYS);
    } catch (e) {
      message.error(msg(toApiError(e).messages));
    }
  };
  const rotate = async () => {
    try {
      await api.post('/api/admin/sso/keys/rotate', {});
      message.success(t('sso.rotated'));
      void invalidate(QUERY_KEYS);
    } catch (e) {
      message.error(msg(toApiError(e).messages));
    }
  };

  return (
    <div data-testid="sso-page">
      <div className="ow-page-head">
        <h2>{t('sso.title')}</h2>
        <Button type="primary" icon={<PlusOutlined />} data-testid="sso-register" onClick={() => {
          setError(null); form.resetFields(); form.setFieldsValue({ scopes: ['openid', 'profile'], public: false }); setOpen(true);
        }}>{t('sso.register')}</Button>
      </div>
      <p className="ow-muted">{t('sso.intro')}</p>
      {keys.data && <p>{t('sso.issuer')}: <Typography.Text code copyable data-testid="sso-issuer">{keys.data.issuer}</Typography.Text></p>}
      <QueryError of={clients} />
      <Table<Client>
        rowKey="id" size="middle" loading={clients.isLoading} dataSource={clients.data?.items ?? []} scroll={{ x: 'max-content' }} pagination={false}
        locale={{ emptyText: clients.isLoading ? ' ' : <EmptyBlock text={t('sso.empty')} testid="sso-empty" /> }}
        onRow={(r) => ({ 'data-testid': 'sso-client-row', 'data-client-id': r.clientId }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('sso.name'), key: 'name', render: (_v, r) => r.name },
          { title: t('sso.clientId'), key: 'cid', render: (_v, r) => <Typography.Text code copyable>{r.clientId}</Typography.Text> },
          { title: t('sso.redirectUris'), key: 'uris', render: (_v, r) => r.redirectUris.map((u) => <div key={u} style={{ overflowWrap: 'anywhere' }}>{u}</div>) },
          { title: t('sso.scopes'), key: 'scopes', render: (_v, r) => <Space wrap size={4}>{r.scopes.map((s) => <Tag key={s}>{s}</Tag>)}</Space> },
          {
            title: t('sso.backchannel'), key: 'backchannel', render: (_v, r) => (
              <div data-testid="sso-backchannel">
                {r.backchannelLogoutUri
                  ? <div style={{ overflowWrap: 'anywhere' }}>{r.backchannelLogoutUri}</div>
                  : <span className="ow-muted">{t('sso.backchannelNone')}</span>}
                {r.backchannelLast && (
                  <Tooltip title={<>{t('sso.bc.at', { at: new Date(r.backchannelLast.at).toLocaleString() })}{r.backchannelLast.error ? <div>{r.backchannelLast.error}</div> : null}</>}>
                    <Tag data-testid="sso-backchannel-last" color={r.backchannelLast.outcome === 'delivered' ? 'green' : r.backchannelLast.outcome === 'failed' ? 'red' : undefined}>
                      {t(`sso.bc.${r.backchannelLast.outcome}`, { n: r.backchannelLast.attempt })}
                    </Tag>
                  </Tooltip>
                )}
              </div>
            ),
          },
          { title: t('sso.status'), key: 'status', render: (_v, r) => (r.revokedAt ? <Tag color="red">{t('sso.revoked')}</Tag> : <Tag color="green">{t('sso.active')}</Tag>) },
          { title: t('sso.createdAt'), key: 'at', render: (_v, r) => new Date(r.createdAt).toLocaleString() },
          {
            title: t('sso.actions'), key: 'actions', render: (_v, r) => (r.revokedAt ? null : (
              <Space size={4}>
                <Button size="small" data-testid="sso-edit-backchannel" onClick={() => { setEditError(null); setEditUri(r.backchannelLogoutUri ?? ''); setEditing(r); }}>{t('sso.editBackchannel')}</Button>
                <Popconfirm title={t('sso.revokeConfirm')} onConfirm={() => void revoke(r)} okText={t('sso.revoke')} cancelText={t('sso.close')}>
                  <Button size="small" danger data-testid="sso-revoke">{t('sso.revoke')}</Button>
                </Popconfirm>
              </Space>
            )),
          },
        ]}
      />

      <div className="ow-page-head" style={{ marginTop: 24 }}>
        <h3>{t('sso.keys')}</h3>
        <Popconfirm title={t('sso.keysIntro')} onConfirm={() => void rotate()} okText={t('sso.rotate')} cancelText={t('sso.close')}>
          <Button icon={<KeyOutlined />} data-testid="sso-rotate">{t('sso.rotate')}</Button>
        </Popconfirm>
      </div>
      <p className="ow-muted">{t('sso.keysIntro')}</p>
      <QueryError of={keys} />
      <Table<Key>
        rowKey="kid" size="small" loading={keys.isLoading} dataSource={keys.data?.keys ?? []} scroll={{ x: 'max-content' }} pagination={false}
        columns={[
          { title: t('sso.kid'), key: 'kid', render: (_v, r) => <code>{r.kid}</code> },
          { title: t('sso.status'), key: 'state', render: (_v, r) => (r.active ? <Tag color="green">{t('sso.keyActive')}</Tag> : <Tag>{t('sso.keyRetired')}</Tag>) },
          { title: t('sso.createdAt'), key: 'at', render: (_v, r) => new Date(r.createdAt).toLocaleString() },
        ]}
      />

      <Modal
        title={t('sso.register')} open={open} onCancel={() => setOpen(false)} onOk={() => void submit()} confirmLoading={busy} destroyOnHidden
        okText={t('sso.submit')} okButtonProps={{ 'data-testid': 'sso-submit' } as Record<string, string>}
      >
        <ErrorAlert error={error} />
        <Form form={form} layout="vertical">
          <Form.Item name="name" label={t('sso.name')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="sso-name" />
          </Form.Item>
          <Form.Item name="redirectUris" label={t('sso.redirectUris')} rules={[{ required: true }]}>
            <Input.TextArea rows={3} data-testid="sso-redirect-uris" placeholder="https://example.gov.cn/callback" />
          </Form.Item>
          <Form.Item name="scopes" label={t('sso.scopes')} rules={[{ required: true }]}>
            <Checkbox.Group options={SCOPES.map((s) => ({ value: s, label: t(`sso.scope.${s}`), disabled: s === 'openid' }))} />
          </Form.Item>
          <Form.Item name="public" valuePropName="checked">
            <Checkbox data-testid="sso-public">{t('sso.public')}</Checkbox>
          </Form.Item>
          <Form.Item name="backchannelLogoutUri" label={t('sso.backchannelUri')} extra={t('sso.backchannelHelp')} rules={[{ max: 500 }]}>
            <Input data-testid="sso-backchannel-uri" placeholder="https://example.gov.cn/backchannel-logout" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal
        title={t('sso.editBackchannelTitle')} open={editing !== null} onCancel={() => setEditing(null)} onOk={() => void saveBackchannel()} confirmLoading={busy} destroyOnHidden
        okText={t('sso.save')} okButtonProps={{ 'data-testid': 'sso-edit-submit' } as Record<string, string>}
      >
        <ErrorAlert error={editError} />
        {editing && <p>{editing.name}</p>}
        <Form layout="vertical">
          <Form.Item label={t('sso.backchannelUri')} extra={t('sso.backchannelHelp')}>
            <Input data-testid="sso-edit-backchannel-uri" value={editUri} maxLength={500} onChange={(e) => setEditUri(e.target.value)} placeholder="https://example.gov.cn/backchannel-logout" />
          </Form.Item>
        </Form>
      </Modal>

      <Modal title={t('sso.registered')} open={made !== null} onCancel={() => setMade(null)} footer={<Button onClick={() => setMade(null)}>{t('sso.close')}</Button>}>
        {made && (
          <div data-testid="sso-registered">
            <p>{t('sso.clientId')}: <Typography.Text code copyable data-testid="sso-new-client-id">{made.client.clientId}</Typography.Text></p>
            {made.clientSecret
              ? (
                <>
                  <Alert type="warning" showIcon message={t('sso.secretOnce')} />
                  <p style={{ marginTop: 12 }}>{t('sso.secret')}: <Typography.Text code copyable data-testid="sso-new-secret" style={{ overflowWrap: 'anywhere' }}>{made.clientSecret}</Typography.Text></p>
                </>
              )
              : <Alert type="info" showIcon message={t('sso.noSecret')} />}
          </div>
        )}
      </Modal>
    </div>
  );
}
