import { useState } from 'react';
import { App, Button, Form, Input, Space } from 'antd';
import { useT } from '../../i18n';
import { api } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import { ErrorAlert } from '../ErrorAlert';
import { useFormErrors } from '../useFormErrors';
import { CaseBlock } from '../cases/CaseSections';
import { PaymentNoticeBlock } from './PaymentNoticeBlock';

/**
 * The department's approver or chief cancels (作废) or reissues (重开) the case's payment notice, with
 * a reason (docs/fees.md "Cancel and reissue"). Shown only when the server says the caller may
 * (`canCancel` / `canReissue`); the notice itself is shown by PaymentNoticeBlock.
 */
export function NoticeStaffActions({ caseId }: { caseId: string }) {
  const { t } = useT();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const query = useGet('/api/cases/{id}/payment-notices', { path: { id: caseId } });
  const [form] = Form.useForm<{ reason: string }>();
  const { error, setError } = useFormErrors(form);
  const [busy, setBusy] = useState(false);
  // The newest notice the caller may act on (a payable one, or a cancelled / expired one to replace).
  const notice = query.data?.notices.find((n) => n.canCancel || n.canReissue);
  if (!notice) return null;

  const send = async (what: 'cancel' | 'reissue') => {
    const v = await form.validateFields().catch(() => null);
    if (!v || busy) return;
    setBusy(true);
    setError(null);
    try {
      const opts = { params: { path: { id: notice.id } }, body: { reason: v.reason.trim() } };
      if (what === 'cancel') await api.post('/api/payment-notices/{id}/cancel', opts);
      else await api.post('/api/payment-notices/{id}/reissue', opts);
      message.success(t(what === 'cancel' ? 'fees.staff.cancelled' : 'fees.staff.reissued'));
      form.resetFields();
      await invalidate(['/api/cases/{id}/payment-notices', '/api/cases/{id}']);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <CaseBlock title={t('fees.staff.title')} testid="notice-staff-actions">
      <Form form={form} layout="vertical">
        <p className="ow-muted" style={{ marginTop: 0 }}>{t('fees.staff.hint')}</p>
        <ErrorAlert error={error} />
        <Form.Item name="reason" label={t('fees.staff.reason')}
          rules={[{ required: true, whitespace: true, message: t('fees.staff.reasonReq') }, { min: 2, message: t('fees.staff.reasonReq') }, { max: 500, message: t('editor.maxLen', { n: 500 }) }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} data-testid="notice-reason" />
        </Form.Item>
        <Space wrap>
          {notice.canCancel ? <Button danger loading={busy} onClick={() => send('cancel')} data-testid="notice-cancel">{t('fees.staff.cancel')}</Button> : null}
          {notice.canReissue ? <Button type="primary" loading={busy} onClick={() => send('reissue')} data-testid="notice-reissue">{t('fees.staff.reissue')}</Button> : null}
        </Space>
      </Form>
    </CaseBlock>
  );
}

/**
 * The staff case page's fee part: the notice and its actions, only for a case with notices the caller
 * may read (staff outside the notice's scope, e.g. another department's reviewer, see nothing rather
 * than an error).
 */
export function StaffCaseNotices({ caseId }: { caseId: string }) {
  const query = useGet('/api/cases/{id}/payment-notices', { path: { id: caseId } });
  if (!query.data?.notices.length) return null;
  return (
    <>
      <PaymentNoticeBlock caseId={caseId} />
      <NoticeStaffActions caseId={caseId} />
    </>
  );
}
