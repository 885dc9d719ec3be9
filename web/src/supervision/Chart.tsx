import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

// Only the supervision pages import this module: ECharts lands in their lazy chunks, never in the portal's.
echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, TitleComponent, TooltipComponent, CanvasRenderer]);

/** Screenshots of browser tests must be stable: no animation under automation. */
const stillFrames = typeof navigator !== 'undefined' && navigator.webdriver === true;

export type ChartOption = echarts.EChartsCoreOption;

interface SeriesLike { type?: string; symbol?: string; lineStyle?: { type?: string } }

/**
 * What tells the series apart besides colour (`line:dashed:diamond,bar`), on the element: the canvas
 * has no DOM to read, and a browser test checks that no two series differ by colour only (issue 14).
 */
function seriesKinds(option: ChartOption): string {
  const series = Array.isArray(option.series) ? (option.series as SeriesLike[]) : [];
  return series.map((s) => (s.type === 'line' ? `line:${s.lineStyle?.type ?? 'solid'}:${s.symbol ?? 'emptyCircle'}` : s.type ?? '')).join(',');
}

/** An ECharts canvas that follows its container's width. */
export function Chart({ option, height = 280, testid }: { option: ChartOption; height?: number; testid?: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return undefined;
    const c = echarts.init(el.current);
    chart.current = c;
    const ro = typeof ResizeObserver !== 'undefined' ? new ResizeObserver(() => c.resize()) : null;
    ro?.observe(el.current);
    return () => {
      ro?.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption({ animation: !stillFrames, ...option }, { notMerge: true });
  }, [option]);
  return <div ref={el} style={{ width: '100%', height }} data-testid={testid} data-animation={stillFrames ? 'off' : 'on'} data-series={seriesKinds(option)} />;
}
