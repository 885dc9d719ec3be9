import { useState } from 'react';
import { Alert, Button, Card, Form, Input, InputNumber, List, Select, Space, Tag } from 'antd';
import { useT } from '../../i18n';
import { api, type BodyOf, type ResponseOf } from '../../api/client';
import { useGet, useSubmit } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { QueryError } from '../../components/QueryError';
import { enumLabel, formatDate } from '../../components/labels';
import { AnnualReportCard } from './AnnualReportCard';
import { chinaToday } from './clock';

type Publication = ResponseOf<'/api/disclosure/publications'>['items'][number];
type Category = Publication['category'];
type PublishBody = BodyOf<'/api/disclosure/publications', 'post'>;
const CATEGORIES: Array<PublishBody['category']> = ['regulations', 'plans', 'budgets', 'fees', 'major_projects', 'emergency_plans', 'licences'];
const PAGE_SIZE = 10;

/**
 * Publishing at the disclosure point (主动公开, docs/disclosure.md) for the disclosure office and the
 * manager: a form by category and year, and the center's publications, withdrawn ones too. A published
 * item is never edited; a mistake is withdrawn with a reason and published again.
 */
export default function DisclosurePublicationsPage() {
  const { t } = useT();
  useTitle(t('dis.desk.publish'));
  const [form] = Form.useForm<PublishBody>();
  const [category, setCategory] = useState<Category | undefined>();
  const [page, setPage] = useState(1);
  const { busy, error, run: submit } = useSubmit(['/api/disclosure/publications', '/api/public/disclosure']);
  const [saved, setSaved] = useState<string | null>(null);
  const [withdrawing, setWithdrawing] = useState<{ id: string; reason: string } | null>(null);
  const list = useGet('/api/disclosure/publications', { query: { category, page, pageSize: PAGE_SIZE } });

  const run = async (what: () => Promise<unknown>, message: string) => {
    setSaved(null);
    const ok = await submit(what);
    if (ok) setSaved(message);
    return ok;
  };
  const publish = async (v: PublishBody) => {
    if (await run(() => api.post('/api/disclosure/publications', { body: v }), t('dis.desk.publishedOk'))) form.resetFields();
  };
  const withdraw = async () => {
    if (!withdrawing || !withdrawing.reason.trim()) return;
    const { id, reason } = withdrawing;
    if (await run(() => api.post('/api/disclosure/publications/{id}/withdraw', { params: { path: { id } }, body: { reason } }), t('dis.desk.withdrawnOk'))) setWithdrawing(null);
  };
  const categoryOptions = CATEGORIES.map((c) => ({ value: c, label: enumLabel(t, 'dis.cat', c) }));
  // The list also holds the annual reports (generated above, never published by hand).
  const filterOptions = [...categoryOptions, { value: 'annual_report' as const, label: enumLabel(t, 'dis.cat', 'annual_report') }];

  return (
    <div data-testid="disclosure-publish" style={{ maxWidth: 900 }}>
      <h2>{t('dis.desk.publish')}</h2>
      {saved ? <Alert type="success" showIcon message={saved} style={{ marginBottom: 12 }} data-testid="dis-pub-saved" /> : null}
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" onFinish={(v) => void publish(v)} initialValues={{ year: Number(chinaToday().slice(0, 4)) }} data-testid="dis-pub-form">
          <Space wrap align="start">
            <Form.Item name="category" label={t('dis.category')} rules={[{ required: true }]}>
              <Select<PublishBody['category']> style={{ width: 200 }} options={categoryOptions} data-testid="dis-pub-category" />
            </Form.Item>
            <Form.Item name="year" label={t('dis.year')} rules={[{ required: true }]}>
              <InputNumber min={1949} max={2200} precision={0} data-testid="dis-pub-year" />
            </Form.Item>
            <Form.Item name="docNo" label={t('dis.desk.docNoField')} rules={[{ max: 100 }]}>
              <Input style={{ width: 200 }} />
            </Form.Item>
          </Space>
          <Form.Item name="title" label={t('dis.desk.titleField')} rules={[{ required: true, whitespace: true, max: 200 }]}><Input data-testid="dis-pub-title" /></Form.Item>
          <Form.Item name="titleEn" label={t('dis.desk.titleEn')} rules={[{ max: 300 }]}><Input /></Form.Item>
          <Form.Item name="body" label={t('dis.desk.body')} rules={[{ required: true, whitespace: true, max: 20000 }]}><Input.TextArea rows={5} data-testid="dis-pub-body" /></Form.Item>
          <Form.Item name="bodyEn" label={t('dis.desk.bodyEn')} rules={[{ max: 30000 }]}><Input.TextArea rows={3} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={busy} data-testid="dis-pub-submit">{t('dis.desk.publish')}</Button>
        </Form>
      </Card>

      <AnnualReportCard />

      <section aria-labelledby="dis-pub-list-title">
        <h3 id="dis-pub-list-title">{t('dis.desk.published')}</h3>
        <Select<Category> allowClear aria-label={t('dis.category')} placeholder={t('dis.category')} style={{ width: 200, marginBottom: 12 }} value={category}
          onChange={(v) => { setCategory(v); setPage(1); }} options={filterOptions} data-testid="dis-pub-filter" />
        <QueryError of={list} />
        <List<Publication>
          loading={list.isLoading} dataSource={list.data?.items ?? []} data-testid="dis-pub-list"
          pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, size: 'small' }}
          renderItem={(p) => (
            <List.Item data-testid="dis-pub-row" style={{ flexWrap: 'wrap', gap: 8 }}>
              <div style={{ flex: 1, minWidth: 200 }}>
                <Tag>{enumLabel(t, 'dis.cat', p.category)}</Tag>
                <strong>{p.title}</strong> <span className="ow-muted">{p.year}{p.docNo ? ` · ${p.docNo}` : ''} · {t('dis.published')}：{formatDate(p.publishedAt)}</span>
                {p.reportPdfUrl && p.status === 'published' ? <> <a href={p.reportPdfUrl} target="_blank" rel="noreferrer">{t('dis.report.pdf')}</a></> : null}
                {p.status === 'withdrawn' ? <div><Tag color="default">{t('dis.desk.withdrawn')}</Tag> <span className="ow-muted">{p.withdrawReason}</span></div> : null}
              </div>
              {p.status === 'published' ? (
                withdrawing?.id === p.id ? (
                  <Space wrap>
                    <Input aria-label={t('dis.desk.withdrawReason')} placeholder={t('dis.desk.withdrawReason')} value={withdrawing.reason} style={{ width: 200 }}
                      onChange={(e) => setWithdrawing({ id: p.id, reason: e.target.value })} data-testid="dis-pub-withdraw-reason" />
                    <Button danger disabled={busy || !withdrawing.reason.trim()} onClick={() => void withdraw()} data-testid="dis-pub-withdraw-confirm">{t('dis.desk.withdrawConfirm')}</Button>
                    <Button onClick={() => setWithdrawing(null)}>{t('dis.desk.cancel')}</Button>
                  </Space>
                ) : (
                  <Button size="small" onClick={() => setWithdrawing({ id: p.id, reason: '' })} data-testid="dis-pub-withdraw">{t('dis.desk.withdraw')}</Button>
                )
              ) : null}
            </List.Item>
          )}
        />
      </section>
    </div>
  );
}
