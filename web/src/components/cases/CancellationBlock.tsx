import { useState } from 'react';
import { App, Button, Form, Input, Space, Tag } from 'antd';
import { useT } from '../../i18n';
import { api } from '../../api/client';
import type { CaseDetail } from '../../api/models';
import { ErrorAlert } from '../ErrorAlert';
import { useFormErrors } from '../useFormErrors';
import { formatDateTime } from '../labels';
import { CaseBlock } from './CaseSections';

const COLORS = { requested: 'processing', cancelled: 'default', refused: 'warning' } as const;

/**
 * Cancellation (注销) of the licence after the decision: the holder asks with a reason; the chief of
 * the department cancels or refuses with a reason. Shown only when there is a request or an action.
 */
export function CancellationBlock({ c, onDone }: { c: CaseDetail; onDone: (c: CaseDetail | null) => void }) {
  const { t } = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const { error, setError } = useFormErrors(form);
  const [busy, setBusy] = useState(false);
  const x = c.cancellation;
  const actions = c.cancellationActions;
  if (!x && actions.length === 0) return null;

  const send = async (what: 'request' | 'grant' | 'refuse') => {
    const v = await form.validateFields().catch(() => null);
    if (!v || busy) return;
    setBusy(true);
    setError(null);
    try {
      const res = what === 'request'
        ? await api.post('/api/cases/{id}/cancellation', { params: { path: { id: c.id } }, body: { reason: v.reason.trim() } })
        : await api.post('/api/cases/{id}/cancellation/decision', { params: { path: { id: c.id } }, body: { approve: what === 'grant', reason: v.reason.trim() } });
      message.success(t('case.done'));
      form.resetFields();
      onDone(res.case);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <CaseBlock title={t('cancel.title')} testid="case-cancellation">
      {x ? (
        <div data-testid="cancellation-status" data-status={x.status} style={{ marginBottom: 12 }}>
          <Tag color={COLORS[x.status]}>{t(`cancel.status.${x.status}`)}</Tag>
          <span className="ow-muted">{formatDateTime(x.requestedAt)}</span>
          <div style={{ wordBreak: 'break-word' }}>{t('cancel.reason')}：{x.reason}</div>
          {x.decisionReason ? <div style={{ wordBreak: 'break-word' }}>{t('cancel.answer')}：{x.decisionReason}</div> : null}
        </div>
      ) : null}
      {actions.length ? (
        <Form form={form} layout="vertical" data-testid="cancellation-form">
          {actions.includes('request') ? <p className="ow-muted" style={{ marginTop: 0 }}>{t('cancel.hint')}</p> : null}
          <ErrorAlert error={error} />
          <Form.Item name="reason" label={actions.includes('request') ? t('cancel.reason') : t('cancel.answer')}
            rules={[{ required: true, whitespace: true, message: t('af.req') }, { min: 2, message: t('af.req') }, { max: 2000, message: t('editor.maxLen', { n: 2000 }) }]}>
            <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="cancellation-reason" />
          </Form.Item>
          <Space wrap>
            {actions.includes('request') ? <Button type="primary" loading={busy} onClick={() => send('request')} data-testid="cancellation-request">{t('cancel.request')}</Button> : null}
            {actions.includes('grant') ? <Button type="primary" danger loading={busy} onClick={() => send('grant')} data-testid="cancellation-grant">{t('cancel.grant')}</Button> : null}
            {actions.includes('refuse') ? <Button loading={busy} onClick={() => send('refuse')} data-testid="cancellation-refuse">{t('cancel.refuse')}</Button> : null}
          </Space>
        </Form>
      ) : null}
    </CaseBlock>
  );
}
