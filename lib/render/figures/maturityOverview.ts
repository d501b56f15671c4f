import type { MaturityScore } from '../../policy/maturity.ts';
import { renderChartSvg } from '../echartsSvg.ts';
import { column } from '../figureData.ts';
import { score } from '../format.ts';
import type { FactsheetInput } from '../input.ts';
import { countryName } from '../names.ts';
import type { Figure } from './figure.ts';
import { CRITERIA, CRITERION_MAX } from './maturity.ts';
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

const MAX = CRITERION_MAX * CRITERIA.length;

/** The overview's figure: every assessed country's maturity total out of 8, highest first. */
export function maturityOverviewFigure(input: FactsheetInput, countries: readonly string[]): Figure {
  const scored = countries
    .map((c) => input.tables.maturity.find((m) => m.country === c))
    .filter((m): m is MaturityScore => m !== undefined)
    .sort((a, b) => b.total - a.total || (a.country < b.country ? -1 : 1));
  const title = 'Maturity of cluster policy by country';
  const subtitle = `Total score out of ${MAX} (four criteria of up to ${CRITERION_MAX} points), ${scored.length} of ${countries.length} countries assessed`;
  const source = `Source: eucluster snapshot ${input.snapshotVersion}, computed from the policy facts of each country.`;
  const bottom = sourceRoom(source);
  const height = 80 + Math.max(scored.length, 1) * 24 + bottom;
  const id = 'overview-maturity';
  const label = (m: MaturityScore) => countryName(input, m.country);
  const alt =
    scored.length === 0
      ? 'No country has a maturity assessment in this snapshot.'
      : `Bar chart of the cluster policy maturity total out of ${MAX} per country, highest first: ${scored.map((m) => `${label(m)} ${score(m.total)}`).join('; ')}.`;
  const svg = renderChartSvg({
    id,
    width: WIDTH,
    height,
    title: `${title}. ${subtitle}`,
    description: alt,
    option: {
      ...frame({ width: WIDTH, height, title, subtitle, source, synthetic: input.synthetic }),
      grid: { left: 170, right: 60, top: 66, bottom },
      xAxis: valueAxis({
        min: 0,
        max: MAX,
        interval: 1,
        name: 'points',
        ...AXIS_NAME,
        axisLabel: { fontSize: 10 },
      }),
      yAxis: categoryAxis(scored.map(label)),
      series: [
        {
          type: 'bar',
          data: scored.map((m) => m.total),
          itemStyle: { color: COLOURS.country },
          label: VALUE_LABEL,
          barCategoryGap: '30%',
          ...STILL,
        },
      ],
    },
  });
  const data = {
    fields: [
      column('country', 'string', 'Country code'),
      column('total', 'number', `Maturity total out of ${MAX}`, 'score'),
      ...CRITERIA.map((c) => column(c.key, 'number', `${c.label} (0, 0.5, 1 or 2)`, 'score')),
      column('assessed_on', 'string', "The policy facts' assessment date"),
    ],
    rows: scored.map((m) => [m.country, m.total, ...CRITERIA.map((c) => m[c.key]), m.assessedOn]),
  };
  return { id, title, svg, alt, data };
}
