import { useState } from 'react';
import { Alert, Button, Card, Collapse, Empty, Form, Input, InputNumber, Radio, Select, Space, Table, Tabs, Tag } from 'antd';
import { Link, useSearchParams } from 'react-router-dom';
import { useT } from '../i18n';
import { api, type ApiError, type ResponseOf } from '../api/client';
import { useAuth } from '../api/auth';
import { useGet, useInvalidate } from '../api/query';
import { useTitle } from '../components/useTitle';
import { useCursorPages } from '../components/useCursorPages';
import { ErrorAlert } from '../components/ErrorAlert';
import { QueryError } from '../components/QueryError';
import { formatDate } from '../components/labels';
import { storedCenter } from './centers';

/**
 * The disclosure point (政府信息公开, docs/disclosure.md): a center's published information by category and
 * year, the licences granted, and requests for disclosure with their replies (signed-in applicants).
 */
const CATEGORIES = ['regulations', 'plans', 'budgets', 'fees', 'major_projects', 'emergency_plans', 'annual_report'] as const;
type Publication = ResponseOf<'/api/public/disclosure'>['items'][number];
type Licence = ResponseOf<'/api/public/disclosure/licences'>['items'][number];
type MyRequest = ResponseOf<'/api/disclosure/requests'>['items'][number];
type RequestForm = { description: string; purpose?: string; delivery: 'electronic' | 'paper' | 'post'; replyLanguage: 'zh' | 'en' };

function Publications({ centerId }: { centerId: string }) {
  const { t, lang } = useT();
  const [category, setCategory] = useState<string>('');
  const [year, setYear] = useState<number | null>(null);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const list = useGet('/api/public/disclosure', {
    query: { centerId, page, pageSize: 10, ...(category ? { category: category as Publication['category'] } : {}), ...(year ? { year } : {}), ...(q ? { q } : {}) },
  }, { enabled: !!centerId });
  const pick = (zh: string, en: string | null) => (lang === 'en' && en ? en : zh);
  return (
    <div data-testid="disclosure-publications">
      <Space wrap style={{ marginBottom: 12 }}>
        <Select aria-label={t('dis.category')} style={{ minWidth: 180 }} value={category} onChange={(v) => { setCategory(v); setPage(1); }} data-testid="disclosure-category"
          options={[{ value: '', label: t('dis.all') }, ...CATEGORIES.map((c) => ({ value: c, label: t(`dis.cat.${c}`) }))]} />
        <InputNumber aria-label={t('dis.year')} placeholder={t('dis.year')} min={1949} max={2200} value={year} onChange={(v) => { setYear(v); setPage(1); }} data-testid="disclosure-year" />
        <Input.Search aria-label={t('dis.search')} placeholder={t('dis.search')} allowClear onSearch={(v) => { setQ(v.trim()); setPage(1); }} style={{ maxWidth: 240 }} data-testid="disclosure-search" />
      </Space>
      <QueryError of={list} />
      {list.data && list.data.items.length === 0 ? <Empty description={t('dis.empty')} /> : null}
      <Collapse
        items={(list.data?.items ?? []).map((p) => ({
          key: p.id,
          label: <span data-testid="disclosure-item"><Tag>{t(`dis.cat.${p.category}`)}</Tag>{pick(p.title, p.titleEn)} <span className="ow-muted">{p.year}</span></span>,
          children: (
            <div>
              <p className="ow-muted">{p.docNo ? `${t('dis.docNo')}：${p.docNo} · ` : ''}{t('dis.published')}：{formatDate(p.publishedAt)}</p>
              <div style={{ whiteSpace: 'pre-wrap' }} lang="zh-CN">{p.body}</div>
              {p.reportPdfUrl ? <p><a href={p.reportPdfUrl} target="_blank" rel="noreferrer" data-testid="disclosure-report-pdf">{t('dis.report.pdf')}</a></p> : null}
              {lang === 'en' && p.bodyEn ? <><hr /><div style={{ whiteSpace: 'pre-wrap' }}>{p.bodyEn}</div><p className="ow-muted">{t('guide.englishReference')}</p></> : null}
            </div>
          ),
        }))}
      />
      {(list.data?.total ?? 0) > page * 10 || page > 1 ? (
        <Space style={{ marginTop: 12 }}>
          <Button disabled={page === 1} onClick={() => setPage(page - 1)}>‹</Button>
          <Button disabled={(list.data?.total ?? 0) <= page * 10} onClick={() => setPage(page + 1)}>›</Button>
        </Space>
      ) : null}
    </div>
  );
}

/**
 * The licences granted, newest decision first, in the server's keyset pages (a center's history runs to millions):
 * "newer" and "older" under the table, the cursors of the pages seen kept; a year narrows it.
 */
function Licences({ centerId }: { centerId: string }) {
  const { t, lang } = useT();
  const [year, setYear] = useState<number | null>(null);
  const pages = useCursorPages<string>();
  const list = useGet('/api/public/disclosure/licences', { query: { centerId, pageSize: 10, ...(pages.cursor ? { cursor: pages.cursor } : {}), ...(year ? { year } : {}) } }, { enabled: !!centerId });
  const next = list.data?.nextCursor;
  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <InputNumber aria-label={t('dis.year')} placeholder={t('dis.year')} min={1949} max={2200} value={year} onChange={(v) => { setYear(v); pages.reset(); }} data-testid="licences-year" />
      </Space>
      <QueryError of={list} />
      <Table<Licence>
        data-testid="licences-table" size="small" rowKey={(r) => `${r.receiptNo}-${r.decidedDate}`} loading={list.isLoading} dataSource={list.data?.items ?? []} scroll={{ x: 520 }}
        pagination={false}
        onRow={(r) => ({ 'data-testid': 'licence-row', 'data-receipt': r.receiptNo ?? '' }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('dis.lic.item'), render: (_: unknown, r) => (lang === 'en' && r.itemNameEn ? r.itemNameEn : r.itemName) },
          { title: t('dis.lic.holder'), dataIndex: 'holder' },
          { title: t('dis.lic.department'), render: (_: unknown, r) => (lang === 'en' && r.departmentEn ? r.departmentEn : r.department) },
          { title: t('dis.lic.date'), dataIndex: 'decidedDate' },
        ]}
      />
      {pages.hasPrevious || next ? (
        <nav aria-label={t('dis.lic.pages')} style={{ marginTop: 12 }}>
          <Space>
            <Button disabled={!pages.hasPrevious} onClick={pages.previous} data-testid="licences-newer">{t('dis.lic.newer')}</Button>
            <Button disabled={!next} onClick={() => next && pages.next(next)} data-testid="licences-older">{t('dis.lic.older')}</Button>
          </Space>
        </nav>
      ) : null}
    </>
  );
}

function Requests({ centerId }: { centerId: string }) {
  const { t } = useT();
  const { user } = useAuth();
  const invalidate = useInvalidate();
  const [form] = Form.useForm<RequestForm>();
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [correcting, setCorrecting] = useState<{ id: string; text: string } | null>(null);
  const applicant = !!user && user.kind !== 'staff';
  const mine = useGet('/api/disclosure/requests', { query: { page: 1, pageSize: 20 } }, { enabled: applicant });
  if (!applicant) return <Alert type="info" showIcon message={<>{t('dis.req.signIn')} <Link to="/login">{t('auth.goLogin')}</Link></>} />;

  const submit = async (v: RequestForm) => {
    setError(null); setDone(null);
    try {
      const { id } = await api.post('/api/disclosure/requests', { body: { centerId, ...v } });
      const r = await api.get('/api/disclosure/requests/{id}', { params: { path: { id } } });
      setDone(t('dis.req.submitted', { no: r.requestNo }));
      form.resetFields();
      await invalidate(['/api/disclosure/requests']);
    } catch (e) { setError(e as ApiError); }
  };
  const correct = async () => {
    if (!correcting) return;
    setError(null);
    try {
      await api.post('/api/disclosure/requests/{id}/actions', { params: { path: { id: correcting.id } }, body: { action: 'correct', description: correcting.text } });
      setCorrecting(null);
      await invalidate(['/api/disclosure/requests']);
    } catch (e) { setError(e as ApiError); }
  };
  return (
    <div data-testid="disclosure-requests">
      <Alert type="info" message={t('dis.req.intro')} style={{ marginBottom: 12 }} />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ delivery: 'electronic', replyLanguage: 'zh' }}>
          <Form.Item name="description" label={t('dis.req.description')} rules={[{ required: true, whitespace: true, max: 2000 }]}><Input.TextArea rows={3} data-testid="disclosure-description" /></Form.Item>
          <Form.Item name="purpose" label={t('dis.req.purpose')} rules={[{ max: 500 }]}><Input /></Form.Item>
          <Form.Item name="delivery" label={t('dis.req.delivery')}>
            <Radio.Group options={(['electronic', 'paper', 'post'] as const).map((d) => ({ value: d, label: t(`dis.delivery.${d}`) }))} />
          </Form.Item>
          <Form.Item name="replyLanguage" label={t('dis.req.replyLanguage')}>
            <Radio.Group options={(['zh', 'en'] as const).map((l) => ({ value: l, label: t(`dis.req.lang.${l}`) }))} data-testid="disclosure-reply-language" />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="disclosure-submit">{t('dis.req.submit')}</Button>
        </Form>
        {done ? <Alert type="success" showIcon style={{ marginTop: 12 }} message={done} data-testid="disclosure-done" /> : null}
      </Card>
      <ErrorAlert error={error} style={{ marginBottom: 12 }} />
      <h2 style={{ fontSize: 16 }}>{t('dis.req.mine')}</h2>
      <QueryError of={mine} />
      <Table<MyRequest>
        size="small" rowKey="id" loading={mine.isLoading} dataSource={mine.data?.items ?? []} scroll={{ x: 560 }} pagination={false}
        columns={[
          { title: t('dis.req.no'), dataIndex: 'requestNo' },
          { title: t('dis.req.status'), render: (_: unknown, r) => <Space size={4} wrap><Tag>{t(`dis.status.${r.status}`)}</Tag>{r.overdue ? <Tag color="red">{t('dis.overdue')}</Tag> : null}{r.extended ? <Tag color="orange">{t('dis.extended')}</Tag> : null}{r.correctionExpired ? <Tag>{t('dis.correctionExpired')}</Tag> : null}</Space> },
          {
            title: t('dis.req.due'),
            // Awaiting a correction, the date that matters to the requester is the last day to correct by.
            render: (_: unknown, r) => (r.status === 'correction_requested' && r.correctionDueDate ? t('dis.req.correctBy', { date: r.correctionDueDate })
              : r.status === 'consulting' ? <span data-testid="disclosure-consulting">{t('dis.req.consulting')}</span> : r.dueDate ?? '—'),
          },
          {
            title: t('dis.req.reply'),
            render: (_: unknown, r) => (
              <Space wrap>
                {r.replyDocumentUrl ? <a href={r.replyDocumentUrl} target="_blank" rel="noreferrer">{t(`dis.reply.${r.replyType!}`)} · {t('dis.req.download')}</a> : '—'}
                {r.status === 'correction_requested' && !r.correctionExpired ? <Button size="small" onClick={() => setCorrecting({ id: r.id, text: r.description })}>{t('dis.req.correct')}</Button> : null}
              </Space>
            ),
          },
        ]}
      />
      {correcting ? (
        <Card size="small" style={{ marginTop: 12 }} title={t('dis.req.correct')}>
          <Input.TextArea aria-label={t('dis.req.description')} rows={3} value={correcting.text} onChange={(e) => setCorrecting({ ...correcting, text: e.target.value })} />
          <Button type="primary" style={{ marginTop: 8 }} onClick={() => void correct()}>{t('dis.req.correctSubmit')}</Button>
        </Card>
      ) : null}
    </div>
  );
}

export default function DisclosurePage() {
  const { t, lang } = useT();
  useTitle(t('dis.title'));
  const centers = useGet('/api/hall/centers');
  // A message about a request links here with ?tab=req&center=… (the requester lands on their requests).
  const [params] = useSearchParams();
  const [centerId, setCenterId] = useState<string>(params.get('center') ?? storedCenter());
  const [tab, setTab] = useState<string>(['pub', 'lic', 'req'].includes(params.get('tab') ?? '') ? params.get('tab')! : 'pub');
  const chosen = centerId || centers.data?.centers[0]?.id || '';
  return (
    <div className="ow-container" data-testid="disclosure-page">
      <h1>{t('dis.title')}</h1>
      <QueryError of={centers} />
      <Form layout="vertical" style={{ maxWidth: 360 }}>
        <Form.Item label={t('dis.center')}>
          <Select aria-label={t('dis.center')} value={chosen} onChange={setCenterId} data-testid="disclosure-center"
            options={(centers.data?.centers ?? []).map((c) => ({ value: c.id, label: lang === 'en' && c.nameEn ? c.nameEn : c.name }))} />
        </Form.Item>
      </Form>
      {chosen ? (
        <Tabs activeKey={tab} onChange={setTab} items={[
          { key: 'pub', label: t('dis.tab.publications'), children: <Publications centerId={chosen} /> },
          { key: 'lic', label: t('dis.tab.licences'), children: <Licences key={chosen} centerId={chosen} /> },
          { key: 'req', label: t('dis.tab.request'), children: <Requests centerId={chosen} /> },
        ]} />
      ) : null}
    </div>
  );
}
