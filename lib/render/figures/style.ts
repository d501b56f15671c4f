import type { ChartOption } from '../echartsSvg.ts';

/** The factsheet's look, shared by the three figures. */
export const COLOURS = {
  country: '#1f4e96',
  benchmark: '#f0b323',
  /** The benchmark as a line: darker than the bar colour, so a thin line keeps its contrast on white. */
  benchmarkLine: '#b07a00',
  maximum: '#dfe4ec',
  unknown: '#9aa3ae',
  text: '#1d232b',
  muted: '#59616b',
  synthetic: '#b00020',
} as const;

// Unquoted: ECharts writes the family into a double-quoted style attribute.
export const FONT = 'Arial, Helvetica, Liberation Sans, sans-serif';

export interface Frame {
  width: number;
  height: number;
  title: string;
  subtitle: string;
  source: string;
  synthetic: boolean;
}

/** Title and subtitle on top, the source line at the bottom, a SYNTHETIC mark when the data is synthetic. */
export function frame(f: Frame): Pick<ChartOption, 'title' | 'textStyle' | 'backgroundColor'> {
  const titles: Record<string, unknown>[] = [
    {
      text: f.title,
      subtext: f.subtitle,
      left: 12,
      top: 8,
      textStyle: { fontSize: 15, fontWeight: 'bold', color: COLOURS.text, fontFamily: FONT },
      subtextStyle: { fontSize: 12, color: COLOURS.muted, fontFamily: FONT },
    },
    {
      text: f.source,
      left: 12,
      bottom: 8,
      textStyle: {
        fontSize: 10,
        fontWeight: 'normal',
        color: COLOURS.muted,
        fontFamily: FONT,
        width: f.width - 24,
        overflow: 'break',
        lineHeight: 13,
      },
    },
  ];
  if (f.synthetic) {
    titles.push({
      text: 'SYNTHETIC DATA',
      right: 12,
      top: 10,
      textStyle: { fontSize: 13, fontWeight: 'bold', color: COLOURS.synthetic, fontFamily: FONT },
    });
  }
  return { title: titles, textStyle: { fontFamily: FONT, color: COLOURS.text }, backgroundColor: '#ffffff' };
}

/** Lines the source text takes at the bottom (ECharts wraps it; we reserve the room). */
export function sourceLines(source: string, width: number): number {
  // About 5.5 px per character at 10 px.
  return Math.max(1, Math.ceil((source.length * 5.5) / (width - 24)));
}

// The chart options every figure shares, written once: the figures differ in their data and their grid.

/** Every figure's width (px): the page's column. */
export const FIGURE_WIDTH = 860;

/** The bottom margin: room for the source line, however many lines it wraps to. */
export function sourceRoom(source: string, width: number = FIGURE_WIDTH): number {
  return 34 + 13 * sourceLines(source, width);
}

/** The legend under the subtitle: not clickable (a static SVG). */
export function legend(data: string[], item = { itemWidth: 14, itemHeight: 10 }) {
  return { top: 58, left: 12, selectedMode: false, ...item, data };
}

/** Light vertical grid lines. */
const GRID_LINES = { lineStyle: { color: '#e6e9ee' } };

/** A value axis (the options in between: its range, name and labels), with the grid lines. */
export function valueAxis(options: Record<string, unknown>) {
  return { type: 'value' as const, ...options, splitLine: GRID_LINES };
}

/** An axis name's gap and size, beside the axis' end. */
export const AXIS_NAME = { nameGap: 8, nameTextStyle: { fontSize: 10 } };

/** The categories down the left, first on top, without ticks. */
export function categoryAxis(data: string[], axisLabel: Record<string, unknown> = { fontSize: 11 }) {
  return { type: 'category' as const, inverse: true, data, axisTick: { show: false }, axisLabel };
}

/** A series in a static picture: no hover, no emphasis. */
export const STILL = { silent: true, emphasis: { disabled: true } };

/** A bar's value written to its right. */
export const VALUE_LABEL = { show: true, position: 'right', fontSize: 10, color: COLOURS.text };
