import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, Card, Input, Select, Space, Table, Tabs, Tag, App as AntApp } from 'antd';
import { CloudDownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { useT } from '../../i18n';
import { useAuth } from '../../api/auth';
import { api, ApiError, toApiError, uploadWithProgress } from '../../api/client';
import { useGet, useInvalidate } from '../../api/query';
import type { ResponseOf } from '../../api/client';
import { useTitle } from '../../components/useTitle';
import { QueryError } from '../../components/QueryError';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Forbidden } from '../../components/StatusPages';
import { enumLabel } from '../../components/labels';
import { DayDetail, AnomalyList } from './DayDetail';
import { FiguresPanel } from './FiguresPanel';
import { CHANNELS, yuan } from './money';
import { chinaDay } from '../../components/china-time';

type Day = ResponseOf<'/api/finance/reconciliation/days'>['items'][number];
const RECON_VIEWS = ['/api/finance/reconciliation/days', '/api/finance/reconciliation/days/{id}', '/api/finance/reconciliation/anomalies', '/api/finance/reconciliation/figures'] as const;

// The statement day defaults to yesterday in China (chinaDay(-1)): a bank's file comes the morning after.

/** 对账、核销: the finance clerk's reconciliation by day, the center's anomalies, and the figures. */
export default function ReconciliationPage() {
  const { t } = useT();
  useTitle(t('recon.title'), true);
  const { user } = useAuth();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'anomalies' ? 'anomalies' : params.get('tab') === 'figures' ? 'figures' : 'days';
  const dayId = params.get('day');
  const isFinance = !!user?.roles.includes('finance');
  if (!isFinance) return <Forbidden />;
  return (
    <div data-testid="recon-page" data-tab={tab}>
      <div className="ow-page-head"><h2>{t('recon.title')}</h2></div>
      <Tabs activeKey={tab} onChange={(k) => setParams({ tab: k })} items={[
        { key: 'days', label: <span data-testid="recon-tab-days">{t('recon.tab.days')}</span>,
          children: dayId ? <DayDetail id={dayId} onBack={() => setParams({ tab: 'days' })} /> : <DaysPanel open={(id) => setParams({ tab: 'days', day: id })} /> },
        { key: 'anomalies', label: <span data-testid="recon-tab-anomalies">{t('recon.tab.anomalies')}</span>, children: <AnomalyList status="open" /> },
        { key: 'figures', label: <span data-testid="recon-tab-figures">{t('recon.tab.figures')}</span>, children: <FiguresPanel /> },
      ]} />
    </div>
  );
}

function DaysPanel({ open }: { open: (id: string) => void }) {
  const { t } = useT();
  const days = useGet('/api/finance/reconciliation/days', { query: { limit: 60 } });
  return (
    <div>
      <ImportCard onImported={open} />
      <QueryError of={days} />
      <Table<Day>
        data-testid="recon-days"
        size="small"
        rowKey="id"
        loading={days.isLoading}
        dataSource={days.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(d) => ({ 'data-testid': 'recon-day-row', 'data-day': d.day, 'data-channel': d.channel }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('recon.col.day'), dataIndex: 'day', key: 'day' },
          { title: t('recon.col.channel'), key: 'channel', render: (_v, d) => enumLabel(t, 'recon.channel', d.channel) },
          { title: t('recon.col.status'), key: 'status', render: (_v, d) => <Tag color={d.status === 'locked' ? 'green' : 'blue'}>{enumLabel(t, 'recon.status', d.status)}</Tag> },
          { title: t('recon.col.lines'), dataIndex: 'statementLines', key: 'lines' },
          { title: t('recon.col.paid'), key: 'paid', render: (_v, d) => yuan(d.paidFen) },
          { title: t('recon.col.matched'), key: 'matched', render: (_v, d) => yuan(d.matchedFen) },
          { title: t('recon.col.open'), key: 'open', render: (_v, d) => (d.openAnomalies > 0 ? <Tag color="red">{d.openAnomalies}</Tag> : d.runs > 0 ? '0' : '—') },
          { title: t('recon.col.actions'), key: 'actions', render: (_v, d) => <Button size="small" data-testid="recon-day-open" onClick={() => open(d.id)}>{t('recon.open')}</Button> },
        ]}
      />
    </div>
  );
}

function ImportCard({ onImported }: { onImported: (dayId: string) => void }) {
  const { t } = useT();
  const { message } = AntApp.useApp();
  const invalidate = useInvalidate();
  const [channel, setChannel] = useState<string>('sim_bank');
  const [day, setDay] = useState(chinaDay(-1));
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const done = async (out: { day: { id: string }; duplicate: boolean }) => {
    void message.success(out.duplicate ? t('recon.import.duplicate') : t('recon.import.done'));
    await invalidate([...RECON_VIEWS]);
    onImported(out.day.id);
  };
  const upload = async () => {
    if (!file) return;
    setBusy(true); setError(null);
    try {
      await done(await uploadWithProgress('/api/finance/reconciliation/statements', file, undefined, 'file', { channel, day }));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  const fetchFromChannel = async () => {
    setBusy(true); setError(null);
    try {
      await done(await api.post('/api/finance/reconciliation/fetch', { body: { channel, day } }));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card size="small" title={<h3 style={{ margin: 0, fontSize: 15 }}>{t('recon.import.title')}</h3>} style={{ marginBottom: 12 }} data-testid="recon-import">
      <Space wrap align="end">
        <label>
          <div className="ow-muted" style={{ fontSize: 12 }}>{t('recon.col.channel')}</div>
          <Select data-testid="recon-import-channel" aria-label={t('recon.col.channel')} value={channel} onChange={setChannel} style={{ minWidth: 160 }}
            options={CHANNELS.map((c) => ({ value: c, label: enumLabel(t, 'recon.channel', c) }))} />
        </label>
        <label>
          <div className="ow-muted" style={{ fontSize: 12 }}>{t('recon.import.day')}</div>
          <Input type="date" data-testid="recon-import-day" aria-label={t('recon.import.day')} value={day} max={chinaDay()} onChange={(e) => setDay(e.target.value)} />
        </label>
        <label>
          <div className="ow-muted" style={{ fontSize: 12 }}>{t('recon.import.file')}</div>
          <input type="file" accept=".csv,text/csv" data-testid="recon-import-file" aria-label={t('recon.import.file')} onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </label>
        <Button type="primary" icon={<UploadOutlined />} disabled={!file || !day} loading={busy} onClick={() => void upload()} data-testid="recon-import-submit">{t('recon.import.submit')}</Button>
        <Button icon={<CloudDownloadOutlined />} disabled={!day || channel !== 'sim_bank'} loading={busy} onClick={() => void fetchFromChannel()} data-testid="recon-import-fetch">{t('recon.import.fetch')}</Button>
      </Space>
      <p className="ow-muted" style={{ margin: '8px 0 0', fontSize: 12 }}>{t('recon.import.hint')}</p>
      <ErrorAlert error={error} style={{ marginTop: 8 }} />
    </Card>
  );
}
