// Apache ECharts, only the parts used (core + bar/line/heatmap + a few components + canvas), to keep the bundle
// small. <Chart option={...}/> renders and resizes one chart.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'preact/hooks';
import { html } from './html.js';

echarts.use([BarChart, LineChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent,
  CanvasRenderer]);

export const PALETTE = ['#4f46e5', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#ec4899', '#14b8a6', '#64748b', '#a3a3a3'];

export function Chart({ option, height = 280, onClick, label }) {
  const el = useRef(null);
  const chart = useRef(null);
  useEffect(() => {
    chart.current = echarts.init(el.current, null, { renderer: 'canvas' });
    const ro = new ResizeObserver(() => chart.current && chart.current.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      // zrender may still have a paint pass queued for the next animation frame (a busy CPU splits painting over
      // frames); disposing at once makes that pass throw. The element is gone already: dispose a moment later.
      const done = chart.current;
      chart.current = null;
      setTimeout(() => done.dispose(), 1000);
    };
  }, []);
  useEffect(() => {
    chart.current.setOption({ color: PALETTE, textStyle: { fontFamily: 'inherit' }, animationDuration: 300, ...option }, true);
    chart.current.off('click');
    if (onClick) chart.current.on('click', onClick);
  }, [option, onClick]);
  return html`<div class="chart" role="img" aria-label=${label} ref=${el} style=${{ height: `${height}px` }}></div>`;
}
