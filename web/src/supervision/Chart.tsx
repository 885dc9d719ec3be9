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
  return <div ref={el} style={{ width: '100%', height }} data-testid={testid} data-animation={stillFrames ? 'off' : 'on'} />;
}
