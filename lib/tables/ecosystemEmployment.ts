import { parseGeo } from '../classifications/nuts.ts';
import { InputError } from '../errors.ts';
import { ecosystemShares } from '../metrics/ecosystemShares.ts';
import { type ActivityValues, benchmarkValues } from '../metrics/geography.ts';
import type { Notice } from '../model/notice.ts';
import type { EcosystemEmploymentRow, ParsedInputs } from '../model/tables.ts';
import type { TableResult } from './result.ts';

/** Factsheet Figure 1: each country's and the benchmark's employment in the 14 ecosystems, and their shares. */
export function ecosystemEmploymentTable(
  inputs: Pick<ParsedInputs, 'national' | 'nace' | 'mapping'>,
  period: string,
  benchmark: string,
): TableResult<EcosystemEmploymentRow> {
  const notices: Notice[] = [];
  const year = Number(period);
  const divisions = [...inputs.nace.divisions.keys()];
  const nationalRows = new Map<string, ActivityValues>();
  for (const [geo, byActivity] of inputs.national.cells) {
    const g = parseGeo(geo);
    if (!((g?.kind === 'nuts' && g.level === 0) || geo === benchmark)) continue;
    nationalRows.set(geo, new Map(divisions.map((d) => [d, byActivity.get(d)?.get(period)?.value ?? null])));
  }
  if (!nationalRows.has(benchmark)) {
    const countries = new Map([...nationalRows].filter(([g]) => g !== benchmark));
    const { values } = benchmarkValues(inputs.national.cells, benchmark, period, divisions, countries);
    if ([...values.values()].some((v) => v !== null)) {
      nationalRows.set(benchmark, values);
      notices.push({
        table: 'ecosystem_employment',
        message: `${benchmark} summed from its member countries (no own rows in ${inputs.national.file})`,
      });
    } else {
      throw new InputError(
        { file: inputs.national.file, field: 'geo' },
        `no figures for the benchmark ${benchmark} in ${period}, neither its own rows nor its members'`,
        'Check "benchmark" in the configuration and the filters; nothing was published',
      );
    }
  }
  const rows = ecosystemShares(nationalRows, benchmark, inputs.mapping).map((r) => ({ ...r, year }));
  const incomplete = [...new Set(rows.filter((r) => r.employment === null).map((r) => r.geo))];
  if (incomplete.length > 0) {
    notices.push({
      table: 'ecosystem_employment',
      message: `${incomplete.length} geographies have ecosystems with a missing division (empty employment): ${incomplete.slice(0, 10).join(', ')}`,
    });
  }
  return { rows, notices };
}
