import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Col, Row, Table, Tag } from 'antd';
import { useT } from '../i18n';
import { useAuth } from '../api/auth';
import type { UseQueryResult } from '@tanstack/react-query';
import { useGet, useInvalidate } from '../api/query';
import { useTitle } from '../components/useTitle';
import { QueryError } from '../components/QueryError';
import { CaseLightBadge } from '../components/cases/CaseBits';
import { enumLabel, formatDate, formatDateTime } from '../components/labels';
import { Chart, type ChartOption } from './Chart';
import { useEventStream } from './useEventStream';
import { supCaseLink } from './SupervisionLayout';
import type { LitCase, LitList } from './types';
import { auditBreak } from './auditBreak';
import { TradingBoardPanel } from '../trading-disputes/TradingBoardPanel';

export const LIGHT_HEX = { green: '#52c41a', yellow: '#faad14', red: '#f5222d' } as const;
const TILES = [
  { key: 'open', color: '#1657b5', to: null },
  { key: 'green', color: LIGHT_HEX.green, to: null },
  { key: 'yellow', color: LIGHT_HEX.yellow, to: '/supervision/cases?light=yellow' },
  { key: 'red', color: LIGHT_HEX.red, to: '/supervision/cases?light=red' },
  { key: 'suspended', color: '#8c8c8c', to: null },
] as const;
/** The tile figures in darker shades of the light colours: 3:1 at least for their large type (the border keeps the light's colour). */
const TILE_TEXT: Partial<Record<(typeof TILES)[number]['key'], string>> = { green: '#237804', yellow: '#ad6800', red: '#cf1322', suspended: '#595959' };

export function pct(v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`;
}

/** The live board: counts by light, red and yellow lists, department ranking, 30-day trend; refreshed on stream events. */
export default function BoardPage() {
  const { t } = useT();
  useTitle(t('sup.nav.board'), true);
  const { user } = useAuth();
  const navigate = useNavigate();
  const board = useGet('/api/supervision/board', { query: { centerId: user?.centerId ?? undefined } });
  const red = useGet('/api/supervision/cases', { query: { light: 'red', pageSize: 10 } });
  const yellow = useGet('/api/supervision/cases', { query: { light: 'yellow', pageSize: 10 } });
  const invalidate = useInvalidate();
  // A pushed change marks the board and the lit lists stale: those on screen refetch.
  const live = useEventStream('/api/supervision/stream', ['light', 'case', 'resync'], () => {
    void invalidate(['/api/supervision/board', '/api/supervision/cases']);
  });
  const b = board.data;

  // Only departments with cases (open or completed): not rows of zeros (issue 14, staff faces).
  const ranking = useMemo(() => (b?.departments ?? []).filter((d) => d.open > 0 || d.completed > 0).sort((x, y) =>
    (y.onTimeRate ?? -1) - (x.onTimeRate ?? -1) || x.red - y.red || x.yellow - y.yellow), [b]);

  const trendOption = useMemo<ChartOption>(() => ({
    tooltip: { trigger: 'axis' },
    legend: { top: 0, data: [t('sup.trend.accepted'), t('sup.trend.completed'), t('sup.trend.overdue')] },
    grid: { left: 40, right: 16, top: 40, bottom: 30 },
    xAxis: { type: 'category', data: (b?.trend ?? []).map((d) => d.date.slice(5)) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      // Accepted and completed told apart by line style and marker as well as colour; overdue as bars.
      { name: t('sup.trend.accepted'), type: 'line', data: (b?.trend ?? []).map((d) => d.accepted), color: '#1657b5', symbol: 'circle', symbolSize: 7, lineStyle: { width: 3 } },
      { name: t('sup.trend.completed'), type: 'line', data: (b?.trend ?? []).map((d) => d.completed), color: '#237804', symbol: 'diamond', symbolSize: 9, lineStyle: { width: 2, type: 'dashed' } },
      { name: t('sup.trend.overdue'), type: 'bar', data: (b?.trend ?? []).map((d) => d.overdue), color: LIGHT_HEX.red },
    ],
  }), [b, t]);
  const pieOption = useMemo<ChartOption>(() => ({
    tooltip: { trigger: 'item' },
    legend: { bottom: 0, data: (['green', 'yellow', 'red'] as const).map((k) => t(`light.${k}`)) },
    title: (b ? b.counts.green + b.counts.yellow + b.counts.red : 0) === 0 ? { text: t('sup.list.empty'), left: 'center', top: '40%', textStyle: { color: '#8c8c8c', fontSize: 14, fontWeight: 'normal' } } : undefined,
    series: [{
      type: 'pie', radius: ['38%', '62%'], center: ['50%', '45%'], stillShowZeroSum: false,
      label: { formatter: '{c}' },
      data: (['green', 'yellow', 'red'] as const).filter((k) => (b?.counts[k] ?? 0) > 0)
        .map((k) => ({ name: t(`light.${k}`), value: b?.counts[k] ?? 0, itemStyle: { color: LIGHT_HEX[k] } })),
    }],
  }), [b, t]);

  return (
    <div data-testid="sup-board-page" data-live={live ? 'true' : 'false'}>
      <div className="ow-page-head">
        <h2>{t('sup.nav.board')}</h2>
        <Tag color={live ? 'green' : 'default'} data-testid="sup-live">{live ? t('sup.live') : t('sup.offline')}</Tag>
      </div>
      <QueryError of={board} />
      {b?.audit && !b.audit.ok ? (
        <div data-testid="audit-alarm" style={{ marginBottom: 12 }}>
          <Alert type="error" showIcon title={t('sup.audit.broken')}
            description={b.audit.broken ? auditBreak(t, b.audit.broken) : undefined}
            action={<Link to="/supervision/audit">{t('sup.audit.details')}</Link>} />
        </div>
      ) : null}
      <div className="ow-sup-tiles" data-testid="sup-tiles">
        {TILES.map((tile) => {
          const n = b?.counts[tile.key];
          const body = (
            <>
              <div className="ow-sup-tile-n" style={{ color: TILE_TEXT[tile.key] ?? tile.color }}>{n ?? '—'}</div>
              <div className="ow-sup-tile-label">{t(`sup.tile.${tile.key}`)}</div>
            </>
          );
          return tile.to ? (
            <button type="button" key={tile.key} className="ow-sup-tile ow-sup-tile-link" data-testid={`sup-tile-${tile.key}`} data-count={n ?? ''}
              style={{ borderTopColor: tile.color }} onClick={() => navigate(tile.to)}>{body}</button>
          ) : (
            <div key={tile.key} className="ow-sup-tile" data-testid={`sup-tile-${tile.key}`} data-count={n ?? ''} style={{ borderTopColor: tile.color }}>{body}</div>
          );
        })}
      </div>
      <Row gutter={12}>
        <Col xs={24} lg={16}>
          <div className="ow-section" data-testid="sup-trend">
            <h3 className="ow-section-title">{t('sup.trend.title')}</h3>
            <Chart option={trendOption} height={280} testid="sup-trend-chart" />
          </div>
        </Col>
        <Col xs={24} lg={8}>
          <div className="ow-section" data-testid="sup-light-pie">
            <h3 className="ow-section-title">{t('sup.pie.title')}</h3>
            <Chart option={pieOption} height={280} testid="sup-pie-chart" />
          </div>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} lg={12}><LitBlock light="red" state={red} /></Col>
        <Col xs={24} lg={12}><LitBlock light="yellow" state={yellow} /></Col>
      </Row>
      <div className="ow-section" data-testid="sup-ranking">
        <h3 className="ow-section-title">{t('sup.ranking.title')}</h3>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={ranking}
          loading={board.isLoading && !b}
          onRow={(d) => ({
            'data-testid': 'sup-dept-row', 'data-dept-id': d.id, style: { cursor: 'pointer' },
            onClick: () => navigate(`/supervision/departments/${encodeURIComponent(d.id)}`),
          }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: '#', key: 'rank', width: 40, render: (_v, _d, i) => i + 1 },
            { title: t('sup.col.department'), key: 'name', render: (_v, d) => <Link to={`/supervision/departments/${encodeURIComponent(d.id)}`} onClick={(e) => e.stopPropagation()} data-testid="sup-dept-link">{d.name}</Link> },
            { title: t('sup.col.onTimeRate'), key: 'rate', render: (_v, d) => <span data-testid="sup-dept-rate">{pct(d.onTimeRate)}</span> },
            { title: t('sup.tile.open'), key: 'open', dataIndex: 'open' },
            { title: t('sup.tile.yellow'), key: 'yellow', render: (_v, d) => <span style={{ color: d.yellow ? '#ad6800' : undefined, fontWeight: d.yellow ? 600 : undefined }}>{d.yellow}</span> },
            { title: t('sup.tile.red'), key: 'red', render: (_v, d) => <span style={{ color: d.red ? '#a8071a' : undefined, fontWeight: d.red ? 600 : undefined }}>{d.red}</span> },
            { title: t('sup.col.completed'), key: 'completed', dataIndex: 'completed' },
          ]}
        />
      </div>
      <TradingBoardPanel centerId={user?.centerId ?? undefined} />
    </div>
  );
}

function LitBlock({ light, state }: { light: 'red' | 'yellow'; state: UseQueryResult<LitList> }) {
  const { t } = useT();
  const rows = state.data?.cases ?? [];
  return (
    <div className="ow-section" data-testid={`sup-list-${light}`} data-total={state.data?.total ?? ''}>
      <h3 className="ow-section-title" style={{ justifyContent: 'space-between' }}>
        <span>{t(`sup.list.${light}`)} ({state.data?.total ?? '…'})</span>
        <Link to={`/supervision/cases?light=${light}`} style={{ fontSize: 14 }} data-testid={`sup-list-${light}-all`}>{t('sup.list.all')}</Link>
      </h3>
      <QueryError of={state} />
      {!state.isLoading && rows.length === 0 ? <div className="ow-muted" data-testid={`sup-list-${light}-empty`}>{t('sup.list.empty')}</div> : null}
      {rows.map((c) => <LitRow key={c.id} c={c} />)}
    </div>
  );
}

export function LitRow({ c }: { c: LitCase }) {
  const { t } = useT();
  return (
    <Link to={supCaseLink(c.id)} className="ow-sup-lit-row" data-testid="sup-lit-row" data-case-id={c.id} data-light={c.light}>
      <CaseLightBadge light={c.light} showText={false} />
      <span className="ow-sup-lit-main">
        <strong>{c.receiptNo ?? t('case.noReceipt')}</strong>
        <span className="ow-muted"> · {c.departmentName} · {enumLabel(t, 'caseStatus', c.status)}{c.rule ? ` · ${enumLabel(t, 'lightRule', c.rule)}` : ''}</span>
      </span>
      <span className="ow-muted" style={{ whiteSpace: 'nowrap' }}>{t('sup.col.due')} {formatDate(c.dueDate) || '—'}{c.since ? ` · ${formatDateTime(c.since)}` : ''}</span>
    </Link>
  );
}
