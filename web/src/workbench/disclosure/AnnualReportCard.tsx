import { useState } from 'react';
import { Alert, Button, Card, InputNumber, Space, Table } from 'antd';
import { useT } from '../../i18n';
import { api, type ApiError, type ResponseOf } from '../../api/client';
import { useAuth } from '../../api/auth';
import { useInvalidate } from '../../api/query';
import { ErrorAlert } from '../../components/ErrorAlert';
import { chinaToday } from './clock';

type Report = ResponseOf<'/api/disclosure/annual-reports/preview'>;

/**
 * The annual disclosure report (docs/disclosure.md "The annual report") on the publishing page: pick a
 * finished year, preview the figures generated from the center's records (and the PDF), publish it at
 * the disclosure point. The server refuses a year not over and a second report of a year.
 */
export function AnnualReportCard() {
  const { t } = useT();
  const { user } = useAuth();
  const invalidate = useInvalidate();
  const [year, setYear] = useState<number>(Number(chinaToday().slice(0, 4)) - 1);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const centerId = user?.centerId ?? '';
  const query = { centerId, year };

  const run = async (what: () => Promise<void>) => {
    setBusy(true); setError(null); setDone(null);
    try { await what(); } catch (e) { setError(e as ApiError); } finally { setBusy(false); }
  };
  const preview = () => run(async () => { setReport(await api.get('/api/disclosure/annual-reports/preview', { params: { query } })); });
  const publish = () => run(async () => {
    const p = await api.post('/api/disclosure/annual-reports', { body: query });
    setDone(`${t('dis.ar.published')}：${p.title}`);
    await invalidate(['/api/disclosure/publications', '/api/public/disclosure']);
  });
  const q = report?.requests;
  const rows = report && q ? [
    { key: 'proactive', label: t('dis.ar.proactive'), value: report.proactive.categories.map((c) => `${t(`dis.cat.${c.category}`)} ${c.published}/${c.withdrawn}/${c.inForce}`).join('；') },
    { key: 'licences', label: t('dis.ar.licences'), value: String(report.proactive.licencesGranted) },
    { key: 'received', label: t('dis.ar.received'), value: String(q.received) },
    { key: 'carriedOver', label: t('dis.ar.carriedOver'), value: String(q.carriedOver) },
    { key: 'answered', label: t('dis.ar.answered'), value: `${q.answered.total} (${q.answered.open}/${q.answered.partial}/${q.answered.refused}/${q.answered.not_exist}/${q.answered.not_ours})` },
    { key: 'late', label: t('dis.ar.answeredLate'), value: String(q.answeredLate) },
    { key: 'withdrawn', label: t('dis.ar.withdrawn'), value: String(q.withdrawn) },
    { key: 'corrections', label: t('dis.ar.corrections'), value: `${q.correctionsRequested} / ${q.corrected}` },
    { key: 'extensions', label: t('dis.ar.extensions'), value: `${q.extensionsRequested} / ${q.extensionsApproved}` },
    { key: 'forward', label: t('dis.ar.carriedForward'), value: `${q.carriedForward} (${q.overdueAtYearEnd})` },
  ] : [];

  return (
    <Card size="small" title={t('dis.ar.title')} style={{ marginBottom: 16 }} data-testid="dis-annual-report">
      <p className="ow-muted">{t('dis.ar.intro')}</p>
      <Space wrap>
        <InputNumber aria-label={t('dis.ar.year')} min={1949} max={2200} precision={0} value={year}
          onChange={(v) => { if (v) { setYear(v); setReport(null); } }} data-testid="dis-ar-year" />
        <Button onClick={() => void preview()} loading={busy} data-testid="dis-ar-preview">{t('dis.ar.preview')}</Button>
        {report ? <a href={`/api/disclosure/annual-reports/preview.pdf?centerId=${centerId}&year=${year}`} target="_blank" rel="noreferrer">{t('dis.ar.previewPdf')}</a> : null}
        <Button type="primary" onClick={() => void publish()} disabled={!report} loading={busy} data-testid="dis-ar-publish">{t('dis.ar.publish')}</Button>
      </Space>
      <ErrorAlert error={error} style={{ marginTop: 12 }} />
      {done ? <Alert type="success" showIcon message={done} style={{ marginTop: 12 }} data-testid="dis-ar-done" /> : null}
      {report ? (
        <Table size="small" style={{ marginTop: 12 }} pagination={false} dataSource={rows} data-testid="dis-ar-figures"
          columns={[{ title: t('dis.ar.figure'), dataIndex: 'label' }, { title: t('dis.ar.value'), dataIndex: 'value' }]} />
      ) : null}
    </Card>
  );
}
