import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { escapeHtml } from './escape.ts';

// Only what the figures use, so a bundle carries no more of ECharts than that.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

export type ChartOption = Parameters<echarts.ECharts['setOption']>[0];

export interface ChartSpec {
  /** Unique on a page: prefixes every id in the SVG (`BE-ecosystems`). */
  id: string;
  width: number;
  height: number;
  option: ChartOption;
  /** Accessible name (`<title>`) and description (`<desc>`). */
  title: string;
  description: string;
}

/**
 * Renders an ECharts option to an SVG string on the server, with no DOM: `ssr`, no animation, and always
 * `dispose()` (an undisposed chart keeps the process alive).
 */
export function renderChartSvg(spec: ChartSpec): string {
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: spec.width,
    height: spec.height,
  });
  let svg: string;
  try {
    chart.setOption({ ...spec.option, animation: false });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  return finishSvg(svg, spec);
}

/**
 * Makes ECharts' SVG deterministic and accessible:
 * - zrender numbers each painter (`zr0`, `zr1`, …) and each CSS class (`cls-12`) with process-wide counters,
 *   so the same chart gets other ids on a second render; ids become `<id>-…` and classes are renumbered in
 *   order of appearance. The prefix also keeps ids unique when several figures share a page.
 * - the `ecmeta_*` attributes only serve client-side hydration: dropped.
 * - `role="img"`, `aria-labelledby`, `<title>` and `<desc>` give the text alternative.
 */
export function finishSvg(svg: string, spec: Pick<ChartSpec, 'id' | 'title' | 'description'>): string {
  const classes = new Map<string, number>();
  let out = svg
    .replace(/zr\d+-cls-(\d+)/g, (_m, n: string) => {
      let k = classes.get(n);
      if (k === undefined) {
        k = classes.size;
        classes.set(n, k);
      }
      return `${spec.id}-cls-${k}`;
    })
    .replace(/\bzr\d+-/g, `${spec.id}-`)
    .replace(/ ecmeta_[a-z_]+="[^"]*"/g, '');
  const open = /^<svg\b[^>]*>/.exec(out);
  if (!open) throw new Error('ECharts returned no <svg> element');
  const titleId = escapeHtml(`${spec.id}-title`);
  const descId = escapeHtml(`${spec.id}-desc`);
  const tag = open[0].replace(
    /^<svg\b/,
    `<svg id="${escapeHtml(spec.id)}" role="img" aria-labelledby="${titleId} ${descId}"`,
  );
  out =
    `${tag}\n<title id="${titleId}">${escapeHtml(spec.title)}</title>\n` +
    `<desc id="${descId}">${escapeHtml(spec.description)}</desc>${out.slice(open[0].length)}`;
  return out;
}
