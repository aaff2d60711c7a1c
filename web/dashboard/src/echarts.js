// Apache ECharts, only the parts used (core + bar/line + a few components + canvas), to keep the bundle
// small. Its own chunk, imported by charts.js as the app starts: the browser fetches it beside the app's script
// (index.html preloads it) and evaluates it while the first API requests are on their way, instead of before them.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

export const init = (el) => echarts.init(el, null, { renderer: 'canvas' });
