import { useEffect, useState } from 'react';
import { Button, DatePicker, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useT } from '../../i18n';
import type { ApiError } from '../../api/client';
import { toApiError } from '../../api/client';
import type { RequestKind } from '../../api/models';
import { ErrorAlert } from '../../components/ErrorAlert';
import { chinaDay } from '../../components/china-time';

export function PublishModal({ open, version, onCancel, onPublish }: {
  open: boolean;
  version?: number;
  onCancel: () => void;
  onPublish: (validFrom: string) => Promise<void>;
}) {
  const { t } = useT();
  const [form] = Form.useForm<{ validFrom: Dayjs }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (open) {
      // Today in China (the server judges the date there), not the browser's own date: from 16:00 UTC they differ.
      form.setFieldsValue({ validFrom: dayjs(chinaDay()) });
      setError(null);
    }
  }, [open, form]);

  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      await onPublish(v.validFrom.format('YYYY-MM-DD'));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('item.publishTitle', { n: version ?? '' })}
      onCancel={onCancel}
      forceRender
      footer={[
        <Button key="c" onClick={onCancel} data-testid="publish-cancel">{t('common.cancel')}</Button>,
        <Button key="p" type="primary" loading={busy} onClick={submit} data-testid="publish-confirm">{t('item.publish')}</Button>,
      ]}
    >
      <p className="ow-muted">{t('item.publishHint')}</p>
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" data-testid="publish-form">
        <Form.Item name="validFrom" label={t('guide.validFrom')} rules={[{ required: true, message: t('item.validFromRequired') }]}>
          <DatePicker style={{ width: '100%' }} format="YYYY-MM-DD" data-testid="publish-valid-from" allowClear={false} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RequestModal({ kind, onCancel, onSubmit }: {
  kind: RequestKind | null;
  onCancel: () => void;
  onSubmit: (kind: RequestKind, reason: string) => Promise<void>;
}) {
  const { t } = useT();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    if (kind) {
      form.resetFields();
      setError(null);
    }
  }, [kind, form]);

  const submit = async () => {
    if (!kind) return;
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(kind, v.reason.trim());
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={!!kind}
      title={kind === 'removal' ? t('item.requestRemoval') : t('item.requestAdmission')}
      onCancel={onCancel}
      forceRender
      footer={[
        <Button key="c" onClick={onCancel}>{t('common.cancel')}</Button>,
        <Button key="s" type="primary" loading={busy} onClick={submit} data-testid="request-submit">{t('common.submit')}</Button>,
      ]}
    >
      <p className="ow-muted">{t('item.requestHint')}</p>
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('item.reason')}
          rules={[{ required: true, whitespace: true, message: t('item.reasonRequired') }, { max: 1000, message: t('editor.maxLen', { n: 1000 }) }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 8 }} data-testid="request-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
