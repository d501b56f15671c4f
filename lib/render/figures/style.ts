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
