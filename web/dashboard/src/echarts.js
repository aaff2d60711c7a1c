// Apache ECharts, only the parts used (core + bar/line + a few components + canvas), to keep the bundle
// small. Its own chunk, imported by charts.js when a page first draws a chart.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export const init = (el) => echarts.init(el, null, { renderer: 'canvas' });
