import type { MaturityScore } from '../../policy/maturity.ts';
import { renderChartSvg } from '../echartsSvg.ts';
import { column } from '../figureData.ts';
import { score } from '../format.ts';
import type { FactsheetInput } from '../input.ts';
import { countryName } from '../names.ts';
import { sourceLine } from '../sources.ts';
import type { Figure } from './figure.ts';
import {
  AXIS_NAME,
  COLOURS,
  categoryAxis,
  frame,
  legend,
  STILL,
  sourceRoom,
  valueAxis,
  FIGURE_WIDTH as WIDTH,
} from './style.ts';

/** Each criterion scores 0, 0.5, 1 or 2. */
export const CRITERION_MAX = 2;

export const CRITERIA: ReadonlyArray<{
  key: 'policyScope' | 'continuity' | 'evidence' | 'instruments';
  label: string;
}> = [
  { key: 'policyScope', label: 'Policy scope' },
  { key: 'continuity', label: 'Continuity' },
  { key: 'evidence', label: 'Evidence of performance' },
  { key: 'instruments', label: 'Cluster support instruments' },
];

/** Figure 3: the maturity score per criterion against the maximum of 2. */
export function maturityFigure(input: FactsheetInput, m: MaturityScore): Figure {
  const name = countryName(input, m.country);
  const title = `Figure 3: Maturity of cluster policy – ${name}`;
  const max = CRITERION_MAX * CRITERIA.length;
  const subtitle = `Score per criterion against the maximum of ${CRITERION_MAX} points; total ${score(m.total)} of ${max} (as assessed on ${m.assessedOn})`;
  const source = sourceLine(input, 'maturity', m.country);
  const bottom = sourceRoom(source);
  const height = 96 + CRITERIA.length * 44 + bottom;
  const id = `${m.country}-maturity`;
  const alt =
    `Bar chart of the cluster policy maturity of ${name} per criterion against the maximum of ${CRITERION_MAX}: ` +
    `${CRITERIA.map((c) => `${c.label} ${score(m[c.key])} of ${CRITERION_MAX}`).join('; ')}; ` +
    `total ${score(m.total)} of ${max}.`;
  const svg = renderChartSvg({
    id,
    width: WIDTH,
    height,
    title: `${title}. ${subtitle}`,
    description: alt,
    option: {
      ...frame({ width: WIDTH, height, title, subtitle, source, synthetic: input.synthetic }),
      legend: legend(['Score', 'Maximum score']),
      grid: { left: 200, right: 70, top: 88, bottom },
      xAxis: valueAxis({
        min: 0,
        max: CRITERION_MAX,
        interval: 0.5,
        name: 'points',
        ...AXIS_NAME,
        axisLabel: { fontSize: 10 },
      }),
      yAxis: categoryAxis(CRITERIA.map((c) => c.label)),
      series: [
        {
          type: 'bar',
          name: 'Maximum score',
          data: CRITERIA.map(() => CRITERION_MAX),
          itemStyle: { color: COLOURS.maximum },
          barWidth: 22,
          ...STILL,
        },
        {
          type: 'bar',
          name: 'Score',
          data: CRITERIA.map((c) => m[c.key]),
          itemStyle: { color: COLOURS.country },
          barWidth: 22,
          barGap: '-100%',
          label: {
            show: true,
            position: 'right',
            fontSize: 11,
            color: COLOURS.text,
            formatter: (p: { value: unknown }) => `${score(Number(p.value))} / ${CRITERION_MAX}`,
          },
          ...STILL,
        },
      ],
    },
  });
  const data = {
    fields: [
      column('country', 'string', 'Country code'),
      column('criterion', 'string', 'Maturity criterion'),
      column('score', 'number', 'Score (0, 0.5, 1 or 2)', 'score'),
      column('maximum', 'number', 'Maximum score of the criterion', 'score'),
    ],
    rows: CRITERIA.map((c) => [m.country, c.label, m[c.key], CRITERION_MAX]),
  };
  return { id, title, svg, alt, data };
}
