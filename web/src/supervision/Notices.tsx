import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Button, DatePicker, Form, Input, Modal, Select, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useT } from '../i18n';
import { api } from '../api/client';
import { useAuth } from '../api/auth';
import { useGet } from '../api/query';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFormErrors } from '../components/useFormErrors';
import { formatDate, formatDateTime } from '../components/labels';
import type { Notice } from './types';

/** Red when open past its reply date (the server's `light`), green otherwise; answered notices are grey-green. */
export function NoticeLightTag({ n }: { n: Notice }) {
  const { t } = useT();
  if (n.status === 'answered') return <Tag color="green" data-testid="notice-status" data-status="answered">{t('notice.status.answered')}</Tag>;
  return n.light === 'red'
    ? <Tag color="red" data-testid="notice-status" data-status="overdue">{t('notice.status.overdue')}</Tag>
    : <Tag color="blue" data-testid="notice-status" data-status="open">{t('notice.status.open')}</Tag>;
}

/** One notice as a card: subject, target, body, reply date, reply (or a reply form for chiefs when `replyForm`). */
export function NoticeCard({ n, caseLink, children }: { n: Notice; caseLink?: (id: string) => string; children?: React.ReactNode }) {
  const { t } = useT();
  return (
    <div className={`ow-material-card ow-notice-card${n.status === 'open' && n.light === 'red' ? ' ow-notice-overdue' : ''}`}
      data-testid="notice-row" data-notice-id={n.id} data-status={n.status} data-light={n.light} data-case-id={n.caseId ?? ''}>
      <div className="ow-material-card-title" style={{ justifyContent: 'space-between', flexWrap: 'wrap', gap: 6 }}>
        <strong data-testid="notice-subject">{n.subject}</strong>
        <NoticeLightTag n={n} />
      </div>
      <div className="ow-muted" style={{ fontSize: 13 }}>
        {n.departmentName}
        {n.caseId ? <> · {caseLink ? <Link to={caseLink(n.caseId)} data-testid="notice-case-link">{n.receiptNo ?? t('case.noReceipt')}</Link> : n.receiptNo}</> : <> · {t('notice.onDepartment')}</>}
        {' · '}{t('notice.issuedAt')} {formatDateTime(n.issuedAt)}
        {' · '}<span data-testid="notice-due">{t('notice.replyDue')} {formatDate(n.replyDueDate)}</span>
        {n.escalatedAt ? <> · <Tag color="volcano" data-testid="notice-escalated">{t('notice.escalated')}</Tag></> : null}
      </div>
      <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', margin: '6px 0' }} data-testid="notice-body">{n.body}</div>
      {n.reply ? (
        <div className="ow-notice-reply" data-testid="notice-reply">
          <div className="ow-muted" style={{ fontSize: 12 }}>{t('notice.reply')} · {formatDateTime(n.repliedAt)}</div>
          <div style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{n.reply}</div>
        </div>
      ) : null}
      {children}
    </div>
  );
}

interface IssueValues { departmentId?: string; subject: string; body: string; replyDueDate: Dayjs }

/** Issue a supervision notice on a case (`caseId`) or a department (picked here when no case is given). */
export function IssueNoticeDialog({ open, caseId, departmentId, onClose, onDone }: {
  open: boolean; caseId?: string; departmentId?: string; onClose: () => void; onDone: (n: Notice) => void;
}) {
  const { t, pick } = useT();
  const { user } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm<IssueValues>();
  const { error, setError } = useFormErrors(form);
  const [busy, setBusy] = useState(false);
  const org = useGet('/api/admin/org', null, { enabled: open && !caseId });
  const departments = (org.data?.departments ?? []).filter((d) => !user?.centerId || d.centerId === user.centerId);

  const submit = async (v: IssueValues) => {
    setBusy(true);
    setError(null);
    try {
      const n = await api.post('/api/supervision/notices', { body: {
        ...(caseId ? { caseId } : { departmentId: v.departmentId ?? departmentId }),
        subject: v.subject, body: v.body, replyDueDate: v.replyDueDate.format('YYYY-MM-DD'),
      } });
      message.success(t('notice.issued'));
      form.resetFields();
      onDone(n);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} onCancel={onClose} title={t('notice.issueTitle')} footer={null} destroyOnHidden width={560}>
      <Form<IssueValues> form={form} layout="vertical" onFinish={submit} data-testid="notice-form"
        initialValues={{ departmentId, replyDueDate: dayjs().add(5, 'day') }}>
        <ErrorAlert error={error} />
        {caseId ? <div className="ow-muted" style={{ marginBottom: 12 }} data-testid="notice-target-case">{t('notice.onCase')}</div> : (
          <Form.Item name="departmentId" label={t('notice.department')} rules={[{ required: true, message: t('notice.req.department') }]}>
            <Select data-testid="notice-department" loading={org.isLoading} showSearch optionFilterProp="label"
              options={departments.map((d) => ({ value: d.id, label: pick(d.name, d.nameEn) }))} />
          </Form.Item>
        )}
        <Form.Item name="subject" label={t('notice.subject')} rules={[{ required: true, min: 2, message: t('notice.req.subject') }]}>
          <Input maxLength={200} data-testid="notice-subject-input" />
        </Form.Item>
        <Form.Item name="body" label={t('notice.body')} rules={[{ required: true, min: 2, message: t('notice.req.body') }]}>
          <Input.TextArea rows={4} maxLength={4000} data-testid="notice-body-input" />
        </Form.Item>
        <Form.Item name="replyDueDate" label={t('notice.replyDue')} rules={[{ required: true, message: t('notice.req.replyDue') }]}>
          <DatePicker data-testid="notice-reply-due" style={{ width: '100%' }} disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
        </Form.Item>
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8 }}>
          <Button onClick={onClose} data-testid="notice-cancel">{t('common.cancel')}</Button>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="notice-submit">{t('notice.issue')}</Button>
        </div>
      </Form>
    </Modal>
  );
}

/** The chief's reply form under an open notice. */
export function NoticeReplyForm({ n, onDone }: { n: Notice; onDone: (n: Notice) => void }) {
  const { t } = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reply: string }>();
  const { error, setError } = useFormErrors(form);
  const [busy, setBusy] = useState(false);
  const submit = async (v: { reply: string }) => {
    setBusy(true);
    setError(null);
    try {
      const done = await api.post('/api/supervision/notices/{id}/reply', { params: { path: { id: n.id } }, body: { reply: v.reply } });
      message.success(t('notice.replied'));
      onDone(done);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="vertical" onFinish={submit} data-testid="notice-reply-form" style={{ marginTop: 8 }}>
      <ErrorAlert error={error} />
      <Form.Item name="reply" label={t('notice.reply')} rules={[{ required: true, min: 2, message: t('notice.req.reply') }]} style={{ marginBottom: 8 }}>
        <Input.TextArea rows={3} maxLength={4000} data-testid="notice-reply-input" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="notice-reply-submit">{t('notice.sendReply')}</Button>
    </Form>
  );
}
