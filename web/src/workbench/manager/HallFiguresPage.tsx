import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Card, DatePicker, Segmented, Statistic, Table } from 'antd';
import dayjs from 'dayjs';
import { useT } from '../../i18n';
import type { ResponseOf } from '../../api/client';
import { useGet } from '../../api/query';
import { useTitle } from '../../components/useTitle';
import { QueryError } from '../../components/QueryError';
import { Chart, type ChartOption } from '../../supervision/Chart';

type By = 'zone' | 'window' | 'hour';
type Row = ResponseOf<'/api/hall/figures'>['rows'][number];
const BYS: By[] = ['zone', 'window', 'hour'];
const COLORS = { wait: '#1657b5', p90: '#8c4bd6', service: '#13a8a8', served: '#52c41a', abandoned: '#f5222d', open: '#faad14' };
/** Seconds as minutes with one decimal, or a dash without any. */
const min = (s: number | null | undefined) => (s === null || s === undefined ? null : Math.round(s / 6) / 10);
const show = (v: number | null) => (v === null ? '—' : String(v));

/**
 * The hall's figures for the center's managers (docs/hall.md "Figures"): waiting time by hour of the
 * day (line), waiting and service time by zone (bars), what became of the tickets (abandoned share),
 * appointment use, and a table per zone, window or hour for a date range. The range and grouping
 * live in the address, so a view can be shared.
 */
export default function HallFiguresPage() {
  const { t, lang } = useT();
  useTitle(t('hallfig.title'), true);
  const [params, setParams] = useSearchParams();
  const to = params.get('to') ?? dayjs().format('YYYY-MM-DD');
  const from = params.get('from') ?? dayjs(to).subtract(29, 'day').format('YYYY-MM-DD');
  const by = (BYS as string[]).includes(params.get('by') ?? '') ? (params.get('by') as By) : 'zone';
  const set = (next: Record<string, string>) => setParams({ from, to, by, ...next });
  const table = useGet('/api/hall/figures', { query: { from, to, by } });
  const hours = useGet('/api/hall/figures', { query: { from, to, by: 'hour' } });
  const zones = useGet('/api/hall/figures', { query: { from, to, by: 'zone' } });
  const name = (r: Row) => (lang === 'en' ? r.nameEn : r.name);
  const total = zones.data?.total;
  const share = total && total.issued ? Math.round(((total.abandoned) / total.issued) * 1000) / 10 : null;

  const hourOption = useMemo<ChartOption>(() => {
    const rows = hours.data?.rows ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, data: [t('hallfig.waitMean'), t('hallfig.waitP90')] },
      grid: { left: 40, right: 16, top: 30, bottom: 60 },
      xAxis: { type: 'category', data: rows.map((r) => r.name) },
      yAxis: { type: 'value', name: 'min' },
      series: [
        { name: t('hallfig.waitMean'), type: 'line', data: rows.map((r) => min(r.waitMeanSeconds)), color: COLORS.wait, connectNulls: true },
        { name: t('hallfig.waitP90'), type: 'line', data: rows.map((r) => min(r.waitP90Seconds)), color: COLORS.p90, connectNulls: true, lineStyle: { type: 'dashed' } },
      ],
    };
  }, [hours.data, t]);

  const zoneOption = useMemo<ChartOption>(() => {
    const rows = zones.data?.rows ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0, data: [t('hallfig.waitMean'), t('hallfig.serviceMean')] },
      grid: { left: 40, right: 16, top: 30, bottom: 90 },
      xAxis: { type: 'category', data: rows.map((r) => (lang === 'en' ? r.nameEn : r.name)), axisLabel: { rotate: rows.length > 3 ? 30 : 0, interval: 0 } },
      yAxis: { type: 'value', name: 'min' },
      series: [
        { name: t('hallfig.waitMean'), type: 'bar', data: rows.map((r) => min(r.waitMeanSeconds)), color: COLORS.wait },
        { name: t('hallfig.serviceMean'), type: 'bar', data: rows.map((r) => min(r.serviceMeanSeconds)), color: COLORS.service },
      ],
    };
  }, [zones.data, t, lang]);

  const fateOption = useMemo<ChartOption>(() => ({
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{
      type: 'pie', radius: ['40%', '65%'], label: { formatter: '{b}: {d}%' },
      data: total ? [
        { name: t('hallfig.served'), value: total.served, itemStyle: { color: COLORS.served } },
        { name: t('hallfig.noShow'), value: total.noShow, itemStyle: { color: COLORS.abandoned } },
        { name: t('hallfig.cancelled'), value: total.cancelled, itemStyle: { color: '#ff85c0' } },
        { name: t('hallfig.open'), value: total.open, itemStyle: { color: COLORS.open } },
      ] : [],
    }],
  }), [total, t]);

  const appts = zones.data?.appointments;
  return (
    <div data-testid="hall-figures" data-from={from} data-to={to} data-by={by}>
      <div className="ow-page-head"><h2>{t('hallfig.title')}</h2></div>
      <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginBottom: 12 }}>
        <DatePicker.RangePicker
          data-testid="hallfig-range" aria-label={t('hallfig.range')} allowClear={false} style={{ maxWidth: '100%' }}
          value={[dayjs(from), dayjs(to)]}
          onChange={(v) => { if (v?.[0] && v[1]) set({ from: v[0].format('YYYY-MM-DD'), to: v[1].format('YYYY-MM-DD') }); }}
        />
        <Segmented data-testid="hallfig-by" value={by} onChange={(v) => set({ by: String(v) })}
          options={BYS.map((b) => ({ value: b, label: <span data-testid={`hallfig-by-${b}`}>{t(`hallfig.by.${b}`)}</span> }))} />
      </div>
      <QueryError of={[table, hours, zones]} />
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(150px, 1fr))', gap: 12 }} data-testid="hallfig-totals">
        <Card size="small"><Statistic title={t('hallfig.issued')} value={total?.issued ?? 0} /></Card>
        <Card size="small"><Statistic title={t('hallfig.served')} value={total?.served ?? 0} /></Card>
        <Card size="small"><Statistic title={t('hallfig.abandonedShare')} value={share ?? '—'} suffix={share === null ? undefined : '%'} /></Card>
        <Card size="small"><Statistic title={t('hallfig.waitMean')} value={show(min(total?.waitMeanSeconds))} /></Card>
        <Card size="small"><Statistic title={t('hallfig.waitP90')} value={show(min(total?.waitP90Seconds))} /></Card>
        <Card size="small"><Statistic title={t('hallfig.serviceMean')} value={show(min(total?.serviceMeanSeconds))} /></Card>
      </div>
      <div className="ow-section">
        <h3 className="ow-section-title">{t('hallfig.chart.byHour')}</h3>
        <Chart option={hourOption} height={260} testid="hallfig-hour-chart" />
      </div>
      <div className="ow-section">
        <h3 className="ow-section-title">{t('hallfig.chart.byZone')}</h3>
        <Chart option={zoneOption} height={280} testid="hallfig-zone-chart" />
      </div>
      <div className="ow-section" style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(260px, 1fr))', gap: 16 }}>
        <div>
          <h3 className="ow-section-title">{t('hallfig.chart.abandoned')}</h3>
          <Chart option={fateOption} height={240} testid="hallfig-fate-chart" />
        </div>
        <div data-testid="hallfig-appointments">
          <h3 className="ow-section-title">{t('hallfig.appointments')}</h3>
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(110px, 1fr))', gap: 8 }}>
            {(['total', 'booked', 'checkedIn', 'noShow', 'cancelled'] as const).map((k) => (
              <Statistic key={k} title={t(`hallfig.appt.${k}`)} value={appts?.[k] ?? 0} />
            ))}
          </div>
        </div>
      </div>
      <div className="ow-section">
        <h3 className="ow-section-title">{t('hallfig.table')}</h3>
        <Table<Row>
          data-testid="hallfig-table" size="small" rowKey={(r) => r.key ?? 'none'} loading={table.isLoading}
          dataSource={table.data?.rows ?? []} pagination={false} scroll={{ x: 'max-content' }}
          onRow={(r) => ({ 'data-testid': 'hallfig-row', 'data-key': r.key ?? 'none' }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t(`hallfig.by.${by}`), key: 'name', render: (_v, r) => name(r), fixed: 'left' },
            { title: t('hallfig.issued'), key: 'issued', dataIndex: 'issued' },
            { title: t('hallfig.served'), key: 'served', dataIndex: 'served' },
            { title: t('hallfig.noShow'), key: 'noShow', dataIndex: 'noShow' },
            { title: t('hallfig.cancelled'), key: 'cancelled', dataIndex: 'cancelled' },
            { title: t('hallfig.cases'), key: 'cases', dataIndex: 'cases' },
            { title: t('hallfig.waitMean'), key: 'wm', render: (_v, r) => show(min(r.waitMeanSeconds)) },
            { title: t('hallfig.waitP90'), key: 'wp', render: (_v, r) => show(min(r.waitP90Seconds)) },
            { title: t('hallfig.serviceMean'), key: 'sm', render: (_v, r) => show(min(r.serviceMeanSeconds)) },
            { title: t('hallfig.serviceP90'), key: 'sp', render: (_v, r) => show(min(r.serviceP90Seconds)) },
          ]}
        />
        <p className="ow-muted" style={{ marginTop: 8, fontSize: 12 }}>{t('hallfig.hint')}</p>
      </div>
    </div>
  );
}
