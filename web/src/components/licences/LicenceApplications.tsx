import { useState } from 'react';
import { App, Button, Form, Input, List, Modal, Space, Tag } from 'antd';
import { useT, type MessageKey } from '../../i18n';
import { api, type ApiError } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { ErrorAlert } from '../ErrorAlert';
import { formatDateTime } from '../labels';

type Kind = 'change' | 'renewal' | 'cancellation';

/**
 * The holder's applications on a licence (变更 change, 延续 renewal, 注销 cancellation), through the
 * licence lifecycle API (GET /api/licences/{id}: the kinds open to the holder and the applications
 * made; POST /api/licences/{id}/applications). Shown only when that API answers for this licence.
 */
export function LicenceApplications({ id }: { id: string }) {
  const { t } = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const view = useGet('/api/licences/{id}', { path: { id } });
  const [kind, setKind] = useState<Kind | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  if (!view.data || (view.data.applyKinds.length === 0 && view.data.applications.length === 0)) return null;
  const submit = async () => {
    if (!kind) return;
    setBusy(true);
    setError(null);
    try {
      await api.post('/api/licences/{id}/applications', { params: { path: { id } }, body: { kind, reason: reason.trim() } });
      message.success(t('wallet.applySent'));
      setKind(null);
      setReason('');
      invalidate(['/api/licences/{id}', '/api/wallet/licences/{id}']);
    } catch (e) {
      setError(e as ApiError);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="ow-block" data-testid="licence-applications">
      <h3 className="ow-block-title">{t('wallet.applyTitle')}</h3>
      <Space wrap>
        {view.data.applyKinds.map((k) => (
          <Button key={k} onClick={() => setKind(k)} data-testid={`licence-apply-${k}`}>{t(`wallet.apply.${k}` as MessageKey)}</Button>
        ))}
      </Space>
      <List size="small" style={{ marginTop: 12 }} dataSource={view.data.applications} renderItem={(a) => (
        <List.Item data-testid="licence-application" data-status={a.status}>
          {t(`wallet.apply.${a.kind}` as MessageKey)} · {formatDateTime(a.createdAt)} · <Tag>{t(`wallet.applyStatus.${a.status}` as MessageKey)}</Tag>{a.decisionReason ? ` ${a.decisionReason}` : ''}
        </List.Item>
      )} />
      <Modal open={kind !== null} title={kind ? t(`wallet.apply.${kind}` as MessageKey) : ''} onCancel={() => setKind(null)}
        onOk={() => void submit()} okButtonProps={{ disabled: reason.trim().length < 2, loading: busy }}>
        <Form layout="vertical">
          <Form.Item label={t('wallet.applyReason')} htmlFor="licence-apply-reason" required>
            <Input.TextArea id="licence-apply-reason" value={reason} maxLength={500} autoSize={{ minRows: 3 }} onChange={(e) => setReason(e.target.value)} data-testid="licence-apply-reason" />
          </Form.Item>
        </Form>
        <ErrorAlert error={error} />
      </Modal>
    </div>
  );
}
