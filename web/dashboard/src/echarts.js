// Apache ECharts, only the parts used (core + bar/line/heatmap + a few components + canvas), to keep the bundle
// small. Its own chunk, imported by charts.js as the app starts: the browser fetches it beside the app's script
// (index.html preloads it) and evaluates it while the first API requests are on their way, instead of before them.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent,
  CanvasRenderer]);

export const init = (el) => echarts.init(el, null, { renderer: 'canvas' });
