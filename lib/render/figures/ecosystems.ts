import { renderChartSvg } from '../echartsSvg.ts';
import { column } from '../figureData.ts';
import { percent } from '../format.ts';
import type { FactsheetInput } from '../input.ts';
import { countryName } from '../names.ts';
import { ecosystemsInOrder } from '../reading.ts';
import { sourceLine } from '../sources.ts';
import type { Figure } from './figure.ts';
import {
  COLOURS,
  categoryAxis,
  frame,
  legend,
  STILL,
  sourceRoom,
  VALUE_LABEL,
  valueAxis,
  FIGURE_WIDTH as WIDTH,
} from './style.ts';

/** Figure 1: the country's employment share per ecosystem against the benchmark, largest first. */
export function ecosystemsFigure(input: FactsheetInput, country: string): Figure {
  const rows = ecosystemsInOrder(input, country);
  const name = countryName(input, country);
  const bench = countryName(input, input.benchmark);
  const title = 'Figure 1: Employment in the 14 industrial ecosystems';
  const subtitle = `${name} and ${bench}, ${input.latestYear}: share of employment in the 14 ecosystems (%)`;
  const source = sourceLine(input, 'ecosystems', country);
  const bottom = sourceRoom(source);
  const height = 96 + rows.length * 34 + bottom;
  const pct = (v: number | null) => (v === null ? '-' : Math.round(v * 1000) / 10);
  const label = { ...VALUE_LABEL, formatter: '{c} %' };
  const id = `${country}-ecosystems`;
  const alt =
    `Bar chart of the share of employment in each of the 14 industrial ecosystems, ${name} against ${bench}, ` +
    `${input.latestYear}, ordered by ${name}'s employment: ` +
    `${rows.map((r) => `${r.ecosystem} ${percent(r.share)} (${bench} ${percent(r.benchmarkShare)})`).join('; ')}.`;
  const svg = renderChartSvg({
    id,
    width: WIDTH,
    height,
    title: `${title}. ${subtitle}`,
    description: alt,
    option: {
      ...frame({ width: WIDTH, height, title, subtitle, source, synthetic: input.synthetic }),
      legend: legend([name, bench]),
      grid: { left: 250, right: 64, top: 88, bottom },
      xAxis: valueAxis({ axisLabel: { formatter: '{value} %', fontSize: 10 } }),
      yAxis: categoryAxis(
        rows.map((r) => r.ecosystem),
        { fontSize: 11, width: 235, overflow: 'break', lineHeight: 13 },
      ),
      series: [
        {
          type: 'bar',
          name,
          data: rows.map((r) => pct(r.share)),
          itemStyle: { color: COLOURS.country },
          label,
          barGap: '10%',
          barCategoryGap: '28%',
          ...STILL,
        },
        {
          type: 'bar',
          name: bench,
          data: rows.map((r) => pct(r.benchmarkShare)),
          itemStyle: { color: COLOURS.benchmark },
          label,
          ...STILL,
        },
      ],
    },
  });
  const data = {
    fields: [
      column('geo', 'string', 'Country code'),
      column('ecosystem', 'string', 'Industrial ecosystem'),
      column('rank', 'integer', "Rank by the country's employment (1 = largest)"),
      column('share', 'number', "Share of the country's employment in the 14 ecosystems", 'share'),
      column('benchmark', 'string', 'Benchmark code'),
      column('benchmark_share', 'number', "The benchmark's share", 'share'),
    ],
    rows: rows.map((r) => [country, r.ecosystem, r.rank, r.share, input.benchmark, r.benchmarkShare]),
  };
  return { id, title, svg, alt, data };
}
