import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Button, DatePicker, Segmented, Table } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useT } from '../i18n';
import { withQuery } from '../api/client';
import { useGet } from '../api/query';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { Chart, type ChartOption } from './Chart';
import { LIGHT_HEX, pct } from './BoardPage';
import type { PerfBy, PerfRow } from './types';

const BYS: PerfBy[] = ['department', 'window', 'staff'];
const num = (v: number | null | undefined, digits = 1) => (v === null || v === undefined ? '—' : v.toFixed(digits));

/** Performance evaluation (绩效评估) for a period, by department, window or staff: table, bar chart, CSV/XLSX. */
export default function PerformancePage() {
  const { t } = useT();
  useTitle(t('sup.nav.performance'), true);
  const [params, setParams] = useSearchParams();
  const today = dayjs().format('YYYY-MM-DD');
  const from = params.get('from') ?? dayjs().startOf('month').format('YYYY-MM-DD');
  const to = params.get('to') ?? today;
  const by = (BYS as string[]).includes(params.get('by') ?? '') ? (params.get('by') as PerfBy) : 'department';
  const perf = useGet('/api/supervision/performance', { query: { from, to, by, format: 'json' } });
  // format=json answers the object form (csv and xlsx are downloads).
  const rows = useMemo(() => (typeof perf.data === 'object' ? perf.data.rows : undefined) ?? [], [perf.data]);
  const set = (next: Record<string, string>) => setParams({ from, to, by, ...next });

  const option = useMemo<ChartOption>(() => ({
    tooltip: { trigger: 'axis' },
    legend: { data: [t('perf.col.completed'), t('perf.col.onTime'), t('perf.col.overdue')] },
    grid: { left: 40, right: 16, top: 40, bottom: 80 },
    xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { rotate: rows.length > 6 ? 30 : 0, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: t('perf.col.completed'), type: 'bar', data: rows.map((r) => r.completed), color: '#1657b5' },
      { name: t('perf.col.onTime'), type: 'bar', data: rows.map((r) => r.onTime), color: LIGHT_HEX.green },
      { name: t('perf.col.overdue'), type: 'bar', data: rows.map((r) => r.overdue), color: LIGHT_HEX.red },
    ],
  }), [rows, t]);

  const download = (format: 'csv' | 'xlsx') => withQuery('/api/supervision/performance', { from, to, by, format });
  const cols: Array<{ key: keyof PerfRow; render?: (r: PerfRow) => string }> = [
    { key: 'received' }, { key: 'accepted' }, { key: 'refused' }, { key: 'completed' }, { key: 'onTime' }, { key: 'early' }, { key: 'overdue' },
    { key: 'instantShare', render: (r) => pct(r.instantShare) },
    { key: 'avgWorkdaysUsed', render: (r) => num(r.avgWorkdaysUsed) },
    { key: 'avgPromisedDays', render: (r) => num(r.avgPromisedDays) },
    { key: 'compression', render: (r) => pct(r.compression) },
    { key: 'supplementRate', render: (r) => pct(r.supplementRate) },
    { key: 'suspensions' }, { key: 'extensions' }, { key: 'findings' }, { key: 'notices' },
    { key: 'rated' }, { key: 'ratedGood' }, { key: 'ratedBad' },
    { key: 'goodRate', render: (r) => pct(r.goodRate) }, { key: 'avgLevel', render: (r) => num(r.avgLevel) },
  ];

  return (
    <div data-testid="sup-perf-page" data-by={by} data-from={from} data-to={to}>
      <div className="ow-page-head">
        <h2>{t('sup.nav.performance')}</h2>
        <span style={{ display: 'flex', gap: 8 }}>
          <a href={download('csv')} download data-testid="perf-csv"><Button icon={<DownloadOutlined />}>CSV</Button></a>
          <a href={download('xlsx')} download data-testid="perf-xlsx"><Button icon={<DownloadOutlined />}>XLSX</Button></a>
        </span>
      </div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <DatePicker.RangePicker
          data-testid="perf-range"
          allowClear={false}
          value={[dayjs(from), dayjs(to)]}
          onChange={(v) => { if (v?.[0] && v[1]) set({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') }); }}
        />
        <Segmented data-testid="perf-by" value={by} onChange={(v) => set({ by: String(v) })}
          options={BYS.map((b) => ({ value: b, label: <span data-testid={`perf-by-${b}`}>{t(`perf.by.${b}`)}</span> }))} />
      </div>
      <QueryError of={perf} />
      <div className="ow-section" data-testid="perf-chart-block">
        <Chart option={option} height={300} testid="perf-chart" />
      </div>
      <div className="ow-section">
        <Table<PerfRow>
          data-testid="perf-table"
          size="small"
          rowKey="key"
          loading={perf.isLoading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(r) => ({ 'data-testid': 'perf-row', 'data-key': r.key }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t(`perf.by.${by}`), key: 'name', dataIndex: 'name', fixed: 'left' },
            ...cols.map((c) => ({
              title: t(`perf.col.${c.key}` as 'perf.col.received'), key: c.key,
              render: (_v: unknown, r: PerfRow) => (c.render ? c.render(r) : String(r[c.key] ?? '—')),
            })),
          ]}
        />
        <p className="ow-muted" style={{ marginTop: 8, fontSize: 12 }}>{t('perf.hint')}</p>
      </div>
    </div>
  );
}
