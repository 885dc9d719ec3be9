import { useMemo } from 'react';
import { Tag } from 'antd';
import { useT } from '../../i18n';
import type { CaseLevel } from '../../api/models';
import { enumLabel, formatDate } from '../../components/labels';
import { Chart, type ChartOption } from '../../supervision/Chart';

const BLUE = '#1657b5';
const RED = '#f5222d';
const LIMIT = '#e8edf5';

/**
 * A reported case's levels: each stage's working days drawn over its own limit, so the stage that
 * held the case stands out in red; under the chart one line per stage with the numbers.
 * Loaded lazily: ECharts reaches the case page only for reported cases.
 */
export default function LevelsChart({ levels }: { levels: CaseLevel[] }) {
  const { t } = useT();
  const option = useMemo<ChartOption>(() => {
    const names = levels.map((l) => enumLabel(t, 'levelStage', l.stage));
    return {
      grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
      tooltip: {
        trigger: 'axis', axisPointer: { type: 'shadow' },
        formatter: (ps: { dataIndex: number }[]) => {
          const l = levels[ps[0]?.dataIndex ?? 0];
          if (!l) return '';
          return `${enumLabel(t, 'levelStage', l.stage)}<br/>${l.centerName} · ${l.departmentName}<br/>${usedText(l)}`;
        },
      },
      xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 11 }, splitLine: { lineStyle: { type: 'dashed' } } },
      yAxis: { type: 'category', data: names, inverse: true, axisTick: { show: false }, axisLabel: { fontSize: 12, width: 96, overflow: 'break' } },
      series: [
        {
          name: t('sj.levels.limit'), type: 'bar', barWidth: 18, silent: true, itemStyle: { color: LIMIT, borderRadius: 3 },
          data: levels.map((l) => l.limitDays ?? 0), z: 1,
        },
        {
          name: t('sj.levels.used'), type: 'bar', barWidth: 18, barGap: '-100%', z: 2,
          data: levels.map((l) => ({ value: l.workdays ?? 0, itemStyle: { color: l.overdue ? RED : BLUE, borderRadius: 3 } })),
          label: {
            show: true, position: 'right', fontSize: 11,
            formatter: (p: { dataIndex: number }) => {
              const l = levels[p.dataIndex]!;
              return l.workdays === null ? t('sj.levels.notStarted') : `${l.workdays}/${l.limitDays ?? '—'}`;
            },
          },
        },
      ],
    };
    function usedText(l: CaseLevel) {
      return l.workdays === null ? t('sj.levels.notStarted') : t('sj.levels.daysOf', { used: l.workdays, limit: l.limitDays ?? '—' });
    }
  }, [levels, t]);

  return (
    <div data-testid="case-levels">
      <Chart option={option} height={Math.max(140, levels.length * 44 + 24)} testid="case-levels-chart" />
      <div style={{ marginTop: 8 }}>
        {levels.map((l) => (
          <div key={l.stage} data-testid="level-row" data-stage={l.stage} data-overdue={l.overdue ? 'true' : 'false'}
            data-workdays={l.workdays ?? ''} data-limit={l.limitDays ?? ''}
            style={{ display: 'flex', flexWrap: 'wrap', gap: '2px 12px', padding: '6px 0', borderTop: '1px solid #f0f0f0', alignItems: 'baseline' }}>
            <strong style={{ minWidth: 96 }}>{enumLabel(t, 'levelStage', l.stage)}</strong>
            <span className="ow-muted" style={{ wordBreak: 'break-word' }}>{l.centerName} · {l.departmentName}</span>
            <span>
              {l.workdays === null ? <span className="ow-muted">{t('sj.levels.notStarted')}</span>
                : t('sj.levels.daysOf', { used: l.workdays, limit: l.limitDays ?? '—' })}
            </span>
            <span className="ow-muted">
              {l.from ? `${formatDate(l.from)} – ${l.to ? formatDate(l.to) : t('sj.levels.running')}` : ''}
            </span>
            {l.overdue ? <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="level-overdue">{t('sj.levels.overdue')}</Tag> : null}
          </div>
        ))}
      </div>
    </div>
  );
}
