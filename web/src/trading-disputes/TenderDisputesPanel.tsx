import { useState } from 'react';
import { Button, Form, Input, Select } from 'antd';
import { useT } from '../i18n';
import { api, type ApiError } from '../api/client';
import { useGet, useInvalidate } from '../api/query';
import { ErrorAlert } from '../components/ErrorAlert';
import { QueryError } from '../components/QueryError';
import { DisputeList, type Dispute } from './DisputeList';

const SUBJECTS = { question: ['documents', 'procedure', 'result'], objection: ['documents', 'candidates'] } as const;

/** On the public tender page, for a signed-in bidder: raise a question (procurement) or an objection, see one's own, complain. */
export function TenderDisputesPanel({ tenderId, procurement }: { tenderId: string; procurement: boolean }) {
  const { t } = useT();
  const kind = procurement ? 'question' : 'objection';
  const mine = useGet('/api/me/tender-disputes', { query: { tenderId, pageSize: 100 } });
  const invalidate = useInvalidate();
  const [error, setError] = useState<ApiError | null>(null);
  const [form] = Form.useForm<{ subject: string; body: string }>();
  const [complaining, setComplaining] = useState<{ id: string; text: string } | null>(null);
  const refresh = () => invalidate(['/api/me/tender-disputes']);
  const raise = async (v: { subject: string; body: string }) => {
    setError(null);
    try {
      await api.post('/api/trading/tenders/{id}/disputes', { params: { path: { id: tenderId } }, body: { kind, subject: v.subject as 'documents', body: v.body } });
      form.resetFields();
      await refresh();
    } catch (e) { setError(e as ApiError); }
  };
  const complain = async () => {
    if (!complaining) return;
    setError(null);
    try {
      await api.post('/api/trading/disputes/{id}/complaints', { params: { path: { id: complaining.id } }, body: { body: complaining.text } });
      setComplaining(null);
      await refresh();
    } catch (e) { setError(e as ApiError); }
  };
  const rows = mine.data?.rows ?? [];
  const hasComplaint = (d: Dispute) => rows.some((r) => r.parentId === d.id);
  return (
    <section aria-labelledby="td-heading" data-testid="tender-disputes">
      <h2 id="td-heading">{t('td.title')}</h2>
      <p>{t(procurement ? 'td.rule.question' : 'td.rule.objection')}</p>
      <ErrorAlert error={error} />
      <Form form={form} layout="vertical" onFinish={(v) => void raise(v)} initialValues={{ subject: 'documents' }} style={{ maxWidth: 640 }}>
        <Form.Item name="subject" label={t('td.field.subject')}>
          <Select data-testid="dispute-subject" options={SUBJECTS[kind].map((s) => ({ value: s, label: t(`td.subject.${s}`) }))} />
        </Form.Item>
        <Form.Item name="body" label={`${t(`td.kind.${kind}`)} · ${t('td.field.body')}`} rules={[{ required: true, whitespace: true, max: 5000 }]}>
          <Input.TextArea rows={3} data-testid="dispute-body" />
        </Form.Item>
        <Button type="primary" htmlType="submit" data-testid="dispute-submit">{t('td.submit')}</Button>
      </Form>
      <h3 style={{ marginTop: 16 }}>{t('td.mine')}</h3>
      <QueryError of={mine} />
      <DisputeList testId="my-disputes" rows={rows} actions={(d) => {
        const may = d.kind !== 'complaint' && !hasComplaint(d) && (d.status === 'answered' || d.overdue);
        if (!may) return null;
        if (complaining?.id !== d.id) return <Button size="small" onClick={() => setComplaining({ id: d.id, text: '' })} data-testid="dispute-complain">{t('td.complain')}</Button>;
        return (
          <div>
            <p style={{ fontSize: 13 }}>{t('td.complain.hint')}</p>
            <label htmlFor={`complaint-${d.id}`}>{t('td.kind.complaint')} · {t('td.field.body')}</label>
            <Input.TextArea id={`complaint-${d.id}`} rows={3} value={complaining.text} onChange={(e) => setComplaining({ id: d.id, text: e.target.value })} data-testid="complaint-body" />
            <Button type="primary" style={{ marginTop: 8 }} disabled={!complaining.text.trim()} onClick={() => void complain()} data-testid="complaint-submit">{t('td.submit')}</Button>
          </div>
        );
      }} />
    </section>
  );
}
