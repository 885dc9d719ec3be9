import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { App, Button, DatePicker, InputNumber, Segmented, Space, Table } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../i18n';
import { api, ApiError } from '../api/client';
import { useGet, useInvalidate } from '../api/query';
import { isManager, useAuth } from '../api/auth';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { ErrorAlert } from '../components/ErrorAlert';
import { Chart, type ChartOption } from './Chart';

type By = 'department' | 'window' | 'staff';
const BYS: By[] = ['department', 'window', 'staff'];
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

/** 好差评 figures of the center (managers, supervisors): coverage, satisfaction, bad reviews, rectified on time; the rectification limit (managers). */
export default function RatingFiguresPage() {
  const { t, lang } = useT();
  useTitle(t('rt.fig.title'), true);
  const { user } = useAuth();
  const { message } = App.useApp();
  const invalidate = useInvalidate();
  const [params, setParams] = useSearchParams();
  const from = params.get('from') ?? dayjs().startOf('month').format('YYYY-MM-DD');
  const to = params.get('to') ?? dayjs().format('YYYY-MM-DD');
  const by = (BYS as string[]).includes(params.get('by') ?? '') ? (params.get('by') as By) : 'department';
  const figures = useGet('/api/ratings/figures', { query: { by, from, to } });
  const settings = useGet('/api/admin/ratings/settings');
  const [limit, setLimit] = useState<number | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const set = (next: Record<string, string>) => setParams({ from, to, by, ...next });
  const rows = useMemo(() => figures.data?.rows ?? [], [figures.data]);
  const nameOf = (r: { name: string | null; nameEn: string | null }) => (r.name === null ? t('rt.fig.none') : lang === 'en' && r.nameEn ? r.nameEn : r.name);

  const option = useMemo<ChartOption>(() => ({
    tooltip: { trigger: 'axis' },
    legend: { data: [t('rt.fig.ratings'), t('rt.fig.bad')] },
    grid: { left: 40, right: 16, top: 40, bottom: 80 },
    xAxis: { type: 'category', data: rows.map((r) => (r.name === null ? t('rt.fig.none') : lang === 'en' && r.nameEn ? r.nameEn : r.name)), axisLabel: { rotate: rows.length > 6 ? 30 : 0, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('rt.fig.ratings'), type: 'bar', data: rows.map((r) => r.ratings), color: '#1657b5' },
      { name: t('rt.fig.bad'), type: 'bar', data: rows.map((r) => r.bad), color: '#b42318' },
    ],
  }), [rows, t, lang]);

  const saveLimit = async () => {
    setError(null);
    try {
      await api.put('/api/admin/ratings/settings', { body: { rectifyWorkdays: limit ?? settings.data?.rectifyWorkdays ?? 5 } });
      message.success(t('rt.wb.done'));
      await invalidate(['/api/admin/ratings/settings']);
    } catch (e) {
      setError(e instanceof ApiError ? e : null);
    }
  };

  return (
    <div data-testid="rating-figures-page">
      <div className="ow-page-head"><h2>{t('rt.fig.title')}</h2></div>
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented value={by} onChange={(v) => set({ by: v as By })} options={BYS.map((b) => ({ value: b, label: t(`rt.fig.by.${b}`) }))} />
        <DatePicker.RangePicker allowClear={false} value={[dayjs(from), dayjs(to)]} aria-label={t('rt.fig.title')}
          onChange={(v) => { if (v?.[0] && v[1]) set({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') }); }} />
      </Space>
      <QueryError of={figures} />
      <ErrorAlert error={error} />
      <Chart option={option} height={300} testid="rating-chart" />
      <Table size="small" rowKey={(r) => r.key ?? 'none'} dataSource={rows} pagination={false} scroll={{ x: true }} data-testid="rating-figures"
        columns={[
          { title: t('rt.fig.name'), render: (_: unknown, r) => nameOf(r) },
          { title: t('rt.fig.ratings'), dataIndex: 'ratings' },
          { title: t('rt.fig.coverage'), dataIndex: 'coverage', render: pct },
          { title: t('rt.fig.satisfaction'), dataIndex: 'satisfaction', render: pct },
          { title: t('rt.fig.mean'), dataIndex: 'mean', render: (v: number | null) => (v === null ? '—' : v.toFixed(2)) },
          { title: t('rt.fig.bad'), dataIndex: 'bad' },
          { title: t('rt.fig.onTime'), dataIndex: 'rectifiedOnTimeRate', render: pct },
        ]} />
      {isManager(user) && settings.data ? (
        <Space wrap style={{ marginTop: 16 }}>
          <label htmlFor="rect-limit">{t('rt.fig.limit')}</label>
          <InputNumber id="rect-limit" min={1} max={60} value={limit ?? settings.data.rectifyWorkdays} onChange={(v) => setLimit(v)} />
          <Button onClick={() => void saveLimit()}>{t('rt.fig.save')}</Button>
        </Space>
      ) : null}
    </div>
  );
}
