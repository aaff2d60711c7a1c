// <Chart option={...}/> renders and resizes one Apache ECharts chart. ECharts (echarts.js) is a chunk of its own,
// fetched when the first chart is drawn (the reports and pools pages): the overview draws its charts with the page
// (barchart.js, heatgrid.js) and does not load it.
import { useEffect, useRef } from 'preact/hooks';
import { html } from './html.js';
import { PALETTE } from './palette.js';

let echarts = null;
const loadECharts = () => echarts || (echarts = import('./echarts.js'));

// No animation: a chart is whole in the first frame that draws it (with one, its bars would grow for 0.3 s after
// the page is otherwise shown, drawing a frame each time).
function apply(chart, option, onClick) {
  chart.setOption({ color: PALETTE, textStyle: { fontFamily: 'inherit' }, animation: false, ...option }, true);
  chart.off('click');
  if (onClick) chart.on('click', onClick);
}

export function Chart({ option, height = 280, onClick, label }) {
  const el = useRef(null);
  const chart = useRef(null);
  const latest = useRef(null);
  latest.current = { option, onClick };
  useEffect(() => {
    let gone = false, ro = null;
    loadECharts().then(({ init }) => {
      if (gone) return;
      chart.current = init(el.current);
      apply(chart.current, latest.current.option, latest.current.onClick);
      // ResizeObserver also reports the size an element has when it starts being observed: resizing to that
      // size would lay the chart out and draw it a second time. Only a real change of size resizes.
      let size = [el.current.clientWidth, el.current.clientHeight];
      ro = new ResizeObserver(() => {
        const now = el.current ? [el.current.clientWidth, el.current.clientHeight] : size;
        if (!chart.current || (now[0] === size[0] && now[1] === size[1])) return;
        size = now;
        chart.current.resize();
      });
      ro.observe(el.current);
    });
    return () => {
      gone = true;
      if (ro) ro.disconnect();
      // zrender may still have a paint pass queued for the next animation frame (a busy CPU splits painting over
      // frames); disposing at once makes that pass throw. The element is gone already: dispose a moment later.
      const done = chart.current;
      chart.current = null;
      if (done) setTimeout(() => done.dispose(), 1000);
    };
  }, []);
  useEffect(() => {
    if (chart.current) apply(chart.current, option, onClick);
  }, [option, onClick]);
  return html`<div class="chart" role="img" aria-label=${label} ref=${el} style=${{ height: `${height}px` }}></div>`;
}
