import type { FactsheetRenderer } from '../refresh/compute.ts';

/** The factsheet renderer, loaded on use: the charting library is the largest module a run loads. */
export async function factsheetRenderer(): Promise<FactsheetRenderer> {
  const { renderFactsheets } = await import('../render/index.ts');
  return renderFactsheets;
}
