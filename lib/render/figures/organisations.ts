import { renderChartSvg } from '../echartsSvg.ts';
import { column } from '../figureData.ts';
import type { FactsheetInput } from '../input.ts';
import { countryName, regionName } from '../names.ts';
import { organisationsByRegion, organisationTotals } from '../reading.ts';
import { sourceLine } from '../sources.ts';
import type { Figure } from './figure.ts';
import {
  AXIS_NAME,
  COLOURS,
  categoryAxis,
  frame,
  STILL,
  sourceRoom,
  VALUE_LABEL,
  valueAxis,
  FIGURE_WIDTH as WIDTH,
} from './style.ts';

export const UNKNOWN_REGION = 'Region not known';

/** Figure 2: cluster organisations per region (and those whose region could not be placed). */
export function organisationsFigure(input: FactsheetInput, country: string): Figure {
  const name = countryName(input, country);
  const regions = organisationsByRegion(input, country);
  const { total, unresolved } = organisationTotals(input, country);
  const bars = regions.map((r) => ({
    code: r.key as string | null,
    label: regionName(input, r.key),
    count: r.count,
    unknown: false,
  }));
  if (unresolved > 0) bars.push({ code: null, label: UNKNOWN_REGION, count: unresolved, unknown: true });
  const title = 'Figure 2: Cluster organisations in the regions';
  const subtitle =
    bars.length > 0
      ? `${name}: number of cluster organisations per region (${total} in total)`
      : `${name}: no cluster organisations in the input`;
  const source = sourceLine(input, 'organisations', country);
  const bottom = sourceRoom(source);
  const height = 80 + Math.max(bars.length, 1) * 30 + bottom;
  const id = `${country}-organisations`;
  const alt =
    bars.length > 0
      ? `Bar chart of the number of cluster organisations per region, ${name} (${total} in total): ` +
        `${bars.map((b) => `${b.label} ${b.count}`).join('; ')}.`
      : `No cluster organisations of ${name} in the input.`;
  const svg = renderChartSvg({
    id,
    width: WIDTH,
    height,
    title: `${title}. ${subtitle}`,
    description: alt,
    option: {
      ...frame({ width: WIDTH, height, title, subtitle, source, synthetic: input.synthetic }),
      grid: { left: 250, right: 50, top: 66, bottom },
      xAxis: valueAxis({
        name: 'organisations',
        ...AXIS_NAME,
        minInterval: 1,
        axisLabel: { fontSize: 10 },
      }),
      yAxis: categoryAxis(
        bars.map((b) => b.label),
        { fontSize: 11, width: 235, overflow: 'truncate' },
      ),
      series: [
        {
          type: 'bar',
          data: bars.map((b) => ({
            value: b.count,
            itemStyle: { color: b.unknown ? COLOURS.unknown : COLOURS.country },
          })),
          label: VALUE_LABEL,
          barCategoryGap: '30%',
          ...STILL,
        },
      ],
    },
  });
  const data = {
    fields: [
      column('region', 'string', 'NUTS code; empty for organisations whose region could not be placed'),
      column('label', 'string', 'Region as the figure names it'),
      column('organisations', 'integer', 'Cluster organisations', 'organisations'),
    ],
    rows: bars.map((b) => [b.code, b.label, b.count]),
  };
  return { id, title, svg, alt, data };
}
