import { renderChartSvg } from '../echartsSvg.ts';
import { column } from '../figureData.ts';
import { percent } from '../format.ts';
import type { FactsheetInput } from '../input.ts';
import { countryName } from '../names.ts';
import { seriesYears, shareSeries } from '../series.ts';
import { sourceLine } from '../sources.ts';
import type { Figure } from './figure.ts';
import {
  COLOURS,
  FONT,
  frame,
  legend,
  STILL,
  sourceRoom,
  valueAxis,
  FIGURE_WIDTH as WIDTH,
} from './style.ts';

const PANEL = { width: 118, height: 130, gap: 46, left: 52, top: 120 };

/**
 * Figure 4: the country's five largest ecosystems over the years, one small panel each (its own scale), the
 * country's share against the benchmark's (dashed, so the two differ without colour).
 */
export function shareSeriesFigure(input: FactsheetInput, country: string): Figure {
  const panels = shareSeries(input, country);
  const years = seriesYears(input);
  const name = countryName(input, country);
  const bench = countryName(input, input.benchmark);
  const title = 'Figure 4: The largest ecosystems over time';
  const subtitle = `${name} and ${bench}, ${years[0]}–${years.at(-1)}: share of employment in the 14 ecosystems (%), each panel on its own scale`;
  const source = sourceLine(input, 'ecosystems', country);
  const bottom = sourceRoom(source);
  const height = PANEL.top + PANEL.height + 30 + bottom;
  const id = `${country}-ecosystems-series`;
  const pct = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);
  const alt =
    `Line charts, one per ecosystem, of the share of employment in ${name}'s five largest ecosystems against ${bench}, ` +
    `${years[0]} to ${years.at(-1)}: ` +
    `${panels.map((p) => `${p.ecosystem} ${p.points.map((x) => `${x.year} ${percent(x.share)}`).join(', ')} (${bench} ${percent(p.points.at(-1)?.benchmarkShare ?? null)} in ${years.at(-1)})`).join('; ')}.`;
  const left = (i: number) => PANEL.left + i * (PANEL.width + PANEL.gap);
  const line = (which: 'share' | 'benchmarkShare', i: number) => ({
    type: 'line' as const,
    name: which === 'share' ? name : bench,
    xAxisIndex: i,
    yAxisIndex: i,
    data: (panels[i]?.points ?? []).map((x) => pct(x[which])),
    symbolSize: 4,
    lineStyle: { width: 2, type: which === 'share' ? ('solid' as const) : ('dashed' as const) },
    itemStyle: { color: which === 'share' ? COLOURS.country : COLOURS.benchmarkLine },
    ...STILL,
  });
  const framed = frame({ width: WIDTH, height, title, subtitle, source, synthetic: input.synthetic });
  const panelTitles = panels.map((p, i) => ({
    text: p.ecosystem,
    left: left(i) - 40,
    top: PANEL.top - 26,
    textStyle: {
      fontSize: 11,
      fontWeight: 'bold',
      color: COLOURS.text,
      fontFamily: FONT,
      width: PANEL.width + 40,
      overflow: 'truncate',
    },
  }));
  const svg = renderChartSvg({
    id,
    width: WIDTH,
    height,
    title: `${title}. ${subtitle}`,
    description: alt,
    option: {
      ...framed,
      title: [...(framed.title as object[]), ...panelTitles],
      legend: legend([name, bench], { itemWidth: 18, itemHeight: 8 }),
      grid: panels.map((_, i) => ({
        left: left(i),
        top: PANEL.top,
        width: PANEL.width,
        height: PANEL.height,
      })),
      xAxis: panels.map((_, i) => ({
        type: 'category',
        gridIndex: i,
        data: years.map(String),
        boundaryGap: false,
        axisLabel: { fontSize: 10, interval: Math.max(0, years.length - 2) },
      })),
      yAxis: panels.map((_, i) =>
        valueAxis({
          gridIndex: i,
          scale: true,
          splitNumber: 3,
          axisLabel: { fontSize: 10, formatter: '{value} %' },
        }),
      ),
      series: panels.flatMap((_, i) => [line('share', i), line('benchmarkShare', i)]),
    },
  });
  const data = shareSeriesData(panels, country, input.benchmark);
  return { id, title, svg, alt, data };
}

/** The figure's data behind it: one row per panel and year, the country's share against the benchmark's. */
function shareSeriesData(panels: ReturnType<typeof shareSeries>, country: string, benchmark: string) {
  return {
    fields: [
      column('geo', 'string', 'Country code'),
      column('ecosystem', 'string', "One of the country's five largest ecosystems in the reference year"),
      column('year', 'integer', 'Year'),
      column('share', 'number', "Share of the country's employment in the 14 ecosystems", 'share'),
      column('benchmark', 'string', 'Benchmark code'),
      column('benchmark_share', 'number', "The benchmark's share", 'share'),
    ],
    rows: panels.flatMap((p) =>
      p.points.map((x) => [country, p.ecosystem, x.year, x.share, benchmark, x.benchmarkShare]),
    ),
  };
}
