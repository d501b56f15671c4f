import { CATALOGUE_COLUMNS } from '../../lib/eurostat/fetch/catalogue.ts';

/**
 * A SYNTHETIC Eurostat catalogue in the documented TOC TXT layout (tab-separated, double-quoted, a header
 * row, dates as DD.MM.YYYY): one dataset row per code with the two dates given. Codes real, dates invented.
 */
export function catalogueText(
  dates: Record<string, [lastDataUpdate: string, lastStructureChange: string]>,
): string {
  const q = (fields: readonly string[]) => fields.map((f) => `"${f}"`).join('\t');
  const rows = Object.entries(dates).map(([code, [data, structure]]) =>
    q([`    ${code}`, code, 'dataset', data, structure, '2014', '2023', '1000']),
  );
  return `${[q(CATALOGUE_COLUMNS), ...rows].join('\n')}\n`;
}
