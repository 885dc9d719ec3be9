import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { Breadcrumb, Segmented, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useT, type TFunction } from '../i18n';
import { useGet } from '../api/query';
import type { ResponseOf } from '../api/client';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { CaseLightBadge } from '../components/cases/CaseBits';
import { enumLabel, formatDate, formatDateTime } from '../components/labels';
import { Chart, type ChartOption } from './Chart';
import { LIGHT_HEX, pct } from './BoardPage';
import { supCaseLink } from './SupervisionLayout';

type RegionBoard = ResponseOf<'/api/network/board'>;
type Trail = RegionBoard['trail'];
type Figures = ResponseOf<'/api/network/centers/{id}'>['figures'];

export const regionLink = (code: string) => `/supervision/network?region=${encodeURIComponent(code)}`;
export const centerLink = (id: string) => `/supervision/network/centers/${encodeURIComponent(id)}`;

/** The region trail from the reader's own region down: every step a link back up (never above the reader). */
function TrailBar({ trail, last }: { trail: Trail; last?: { name: string } }) {
  const { t, pick } = useT();
  const items = [
    ...trail.map((r, i) => ({ key: r.code, title: i === trail.length - 1 && !last ? <span>{pick(r.name, r.nameEn)}</span> : <Link to={regionLink(r.code)} data-testid="net-trail-link">{pick(r.name, r.nameEn)}</Link> })),
    ...(last ? [{ key: 'last', title: <span>{last.name}</span> }] : []),
  ];
  return <nav aria-label={t('net.trail')} data-testid="net-trail"><Breadcrumb items={items} /></nav>;
}

function Tiles({ f, centers }: { f: Figures; centers?: number }) {
  const { t } = useT();
  const tiles: Array<[string, string | number, string]> = [
    ...(centers !== undefined ? [[t('net.tile.centers'), centers, '#1657b5'] as [string, number, string]] : []),
    [t('net.tile.open'), f.open, '#1657b5'], [t('net.tile.yellow'), f.yellow, '#ad6800'], [t('net.tile.red'), f.red, '#cf1322'],
    [t('net.tile.completed'), f.completed, '#237804'], [t('net.tile.onTimeRate'), pct(f.onTimeRate), '#237804'],
  ];
  return (
    <div className="ow-sup-tiles" data-testid="net-tiles">
      {tiles.map(([label, n, color]) => (
        <div key={label} className="ow-sup-tile" style={{ borderTopColor: color }} data-testid="net-tile" data-count={n}>
          <div className="ow-sup-tile-n" style={{ color }}>{n}</div>
          <div className="ow-sup-tile-label">{label}</div>
        </div>
      ))}
    </div>
  );
}

const figureColumns = <T extends Figures>(t: TFunction): ColumnsType<T> => [
  { title: t('net.col.open'), key: 'open', dataIndex: 'open' },
  { title: t('net.col.yellow'), key: 'yellow', dataIndex: 'yellow' },
  { title: t('net.col.red'), key: 'red', render: (_v: unknown, r: T) => <span style={{ color: r.red ? '#a8071a' : undefined, fontWeight: r.red ? 600 : undefined }}>{r.red}</span> },
  { title: t('net.col.suspended'), key: 'suspended', dataIndex: 'suspended' },
  { title: t('net.col.received'), key: 'received', dataIndex: 'received' },
  { title: t('net.col.completed'), key: 'completed', dataIndex: 'completed' },
  { title: t('net.col.onTimeRate'), key: 'rate', render: (_v: unknown, r: T) => pct(r.onTimeRate) },
];

/** A region's board: its figures, the regions below with their sums (chart and table), its own centers. */
export default function NetworkPage() {
  const { t, pick } = useT();
  useTitle(t('net.nav'), true);
  const [params] = useSearchParams();
  const region = params.get('region') ?? undefined;
  const board = useGet('/api/network/board', { query: { region } });
  const b = board.data;
  const chart = useMemo<ChartOption>(() => {
    const rows = b?.children ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('net.col.open'), t('net.col.yellow'), t('net.col.red')] },
      grid: { left: 40, right: 16, top: 40, bottom: 50 },
      title: rows.length === 0 ? { text: t('net.chart.empty'), left: 'center', top: '40%', textStyle: { color: '#595959', fontSize: 14, fontWeight: 'normal' } } : undefined,
      xAxis: { type: 'category', data: rows.map((r) => pick(r.name, r.nameEn)), axisLabel: { interval: 0, rotate: rows.length > 4 ? 30 : 0 } },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('net.col.open'), type: 'bar', data: rows.map((r) => r.open), color: '#1657b5' },
        { name: t('net.col.yellow'), type: 'bar', data: rows.map((r) => r.yellow), color: LIGHT_HEX.yellow },
        { name: t('net.col.red'), type: 'bar', data: rows.map((r) => r.red), color: LIGHT_HEX.red },
      ],
    };
  }, [b, t, pick]);

  return (
    <div data-testid="net-board" data-region={b?.region.code ?? ''}>
      <div className="ow-page-head"><h2>{t('net.title')}</h2></div>
      <p className="ow-muted">{t('net.intro')}</p>
      <QueryError of={board} />
      {b ? (
        <>
          <TrailBar trail={b.trail} />
          <h3 data-testid="net-region-name">{pick(b.region.name, b.region.nameEn)} <Tag>{t(`net.level.${b.region.level}`)}</Tag>
            <span className="ow-muted" style={{ fontSize: 14, fontWeight: 'normal' }}> · {t('net.period', { n: b.periodDays })}</span></h3>
          <Tiles f={b.totals} centers={b.totals.centers} />
          <div className="ow-section" data-testid="net-children">
            <h3 className="ow-section-title">{t('net.children.title')}</h3>
            {b.children.length > 0 ? <Chart option={chart} height={260} testid="net-chart" /> : null}
            <Table size="small" rowKey="code" pagination={false} scroll={{ x: 'max-content' }} dataSource={b.children}
              locale={{ emptyText: t('net.children.empty') }}
              onRow={(r) => ({ 'data-testid': 'net-child-row', 'data-code': r.code }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('net.col.region'), key: 'name', render: (_v, r) => <Link to={regionLink(r.code)} data-testid="net-child-link">{pick(r.name, r.nameEn)}</Link> },
                { title: t('net.col.level'), key: 'level', render: (_v, r) => t(`net.level.${r.level}`) },
                { title: t('net.col.centers'), key: 'centers', dataIndex: 'centers' },
                ...figureColumns<RegionBoard['children'][number]>(t),
              ]} />
          </div>
          <div className="ow-section" data-testid="net-centers">
            <h3 className="ow-section-title">{t('net.centers.title')}</h3>
            <Table size="small" rowKey="id" pagination={false} scroll={{ x: 'max-content' }} dataSource={b.centers}
              locale={{ emptyText: t('net.centers.empty') }}
              onRow={(c) => ({ 'data-testid': 'net-center-row', 'data-center-id': c.id }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('net.col.center'), key: 'name', render: (_v, c) => <Link to={centerLink(c.id)} data-testid="net-center-link">{pick(c.name, c.nameEn)}</Link> },
                { title: t('net.col.kind'), key: 'kind', render: (_v, c) => t(`net.kind.${c.kind}`) },
                ...figureColumns<RegionBoard['centers'][number]>(t),
              ]} />
          </div>
        </>
      ) : null}
    </div>
  );
}

/** A center of the network: its figures and its cases; a case opens the supervision case page. */
export function NetworkCenterPage() {
  const { t, pick } = useT();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const open = params.get('open') !== 'false';
  const page = Number(params.get('page') ?? '1') || 1;
  const q = useGet('/api/network/centers/{id}', { path: { id }, query: { open: open ? 'true' : 'false', page, pageSize: 20 } });
  const d = q.data;
  useTitle(d ? pick(d.center.name, d.center.nameEn) : t('net.nav'), true);
  return (
    <div data-testid="net-center" data-center-id={id}>
      <QueryError of={q} />
      {d ? (
        <>
          <TrailBar trail={d.trail} last={{ name: pick(d.center.name, d.center.nameEn) }} />
          <div className="ow-page-head"><h2>{pick(d.center.name, d.center.nameEn)} <Tag>{t(`net.kind.${d.center.kind}`)}</Tag></h2></div>
          <Tiles f={d.figures} />
          <div className="ow-section">
            <h3 className="ow-section-title" style={{ justifyContent: 'space-between', flexWrap: 'wrap', gap: 8 }}>
              <span>{t('net.center.cases')} ({d.total})</span>
              <Segmented value={open ? 'open' : 'all'} data-testid="net-center-filter"
                options={[{ value: 'open', label: t('net.center.openOnly') }, { value: 'all', label: t('net.center.all') }]}
                onChange={(v) => setParams({ open: v === 'open' ? 'true' : 'false' })} />
            </h3>
            <Table size="small" rowKey="id" scroll={{ x: 'max-content' }} dataSource={d.cases} locale={{ emptyText: t('net.center.empty') }}
              pagination={{ current: d.page, pageSize: d.pageSize, total: d.total, showSizeChanger: false, onChange: (p) => setParams({ open: String(open), page: String(p) }) }}
              onRow={(c) => ({ 'data-testid': 'net-case-row', 'data-case-id': c.id }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { title: t('net.col.receipt'), key: 'receipt', render: (_v, c) => <Link to={supCaseLink(c.id)} data-testid="net-case-link">{c.receiptNo ?? t('net.noReceipt')}</Link> },
                { title: t('net.col.item'), key: 'item', render: (_v, c) => pick(c.itemName, c.itemNameEn) },
                { title: t('net.col.status'), key: 'status', render: (_v, c) => enumLabel(t, 'caseStatus', c.status) },
                { title: t('net.col.light'), key: 'light', render: (_v, c) => <CaseLightBadge light={c.light} testid="net-case-light" /> },
                { title: t('net.col.due'), key: 'due', render: (_v, c) => formatDate(c.dueDate) || '—' },
                { title: t('net.col.applicant'), key: 'applicant', dataIndex: 'applicantName' },
                { title: t('net.col.submitted'), key: 'at', render: (_v, c) => formatDateTime(c.createdAt) },
              ]} />
          </div>
        </>
      ) : null}
    </div>
  );
}
