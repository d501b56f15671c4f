import { parseGeo } from '../classifications/nuts.ts';
import { InputError } from '../errors.ts';
import type { Cube } from '../eurostat/parse/cube.ts';
import { ecosystemShares } from '../metrics/ecosystemShares.ts';
import { type ActivityValues, benchmarkValues, emptyTally, type SumTally } from '../metrics/geography.ts';
import type { MissingCellRule } from '../metrics/missingCells.ts';
import type { EcosystemEmploymentRow, ParsedInputs } from '../model/computedTables.ts';
import type { Notice } from '../model/notice.ts';
import type { TableResult } from './result.ts';

const TABLE = 'ecosystem_employment';

/**
 * Factsheet Figure 1: each country's and the benchmark's employment in the 14 ecosystems, and their shares,
 * every sum under the missing-cell rule (docs/missing-data.md).
 */
export function ecosystemEmploymentTable(
  inputs: Pick<ParsedInputs, 'nace' | 'mapping'> & { national: Cube },
  period: string,
  benchmark: string,
  rule: MissingCellRule = 'lenient',
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
    const tally = emptyTally();
    const { values } = benchmarkValues(
      inputs.national.cells,
      benchmark,
      period,
      divisions,
      countries,
      rule,
      tally,
    );
    if (
      [...values.values()].every((v) => v === null) &&
      (tally.absent.size === 0 || tally.present.size === 0)
    ) {
      throw new InputError(
        { file: inputs.national.file, field: 'geo' },
        `no figures for the benchmark ${benchmark} in ${period}, neither its own rows nor its members'`,
        'Check "benchmark" in the configuration and the filters; nothing was published',
      );
    }
    nationalRows.set(benchmark, values);
    notices.push(...memberNotices(benchmark, inputs.national.file, tally, rule));
  }
  const rows = ecosystemShares(nationalRows, benchmark, inputs.mapping, rule).map((r) => ({ ...r, year }));
  const notice = missingDivisionsNotice(nationalRows, divisions.length, rule, benchmark);
  if (notice) notices.push(notice);
  return { rows, notices };
}

/** `BE (A02, A03), LU (…)`: at most `limit` parts, each with its first few activities. */
export function partsList(parts: ReadonlyMap<string, readonly string[]>, limit = 10): string {
  const listed = [...parts]
    .slice(0, limit)
    .map(([p, acts]) => `${p} (${acts.slice(0, 6).join(', ')}${acts.length > 6 ? ', …' : ''})`);
  return `${listed.join(', ')}${parts.size > limit ? `, and ${parts.size - limit} more` : ''}`;
}

/** What summing the benchmark from its members met: members absent that year, members' suppressed cells. */
export function memberNotices(
  benchmark: string,
  file: string,
  tally: SumTally,
  rule: MissingCellRule,
): Notice[] {
  const notices: Notice[] = [
    { table: TABLE, message: `${benchmark} summed from its member countries (no own rows in ${file})` },
  ];
  if (tally.absent.size > 0) {
    notices.push({
      table: TABLE,
      message: `${benchmark} has no figures: members with no data that year: ${[...tally.absent].sort().join(', ')} (a missing member makes the sum missing; no benchmark shares)`,
    });
  }
  if (tally.suppressed.size > 0) {
    const cells = [...tally.suppressed.values()].reduce((n, a) => n + a.length, 0);
    const how =
      rule === 'strict'
        ? 'each makes its division of the benchmark missing (missingCells: strict)'
        : 'counted as zero in the sum';
    notices.push({
      table: TABLE,
      message: `${benchmark}: ${cells} member × division cells without data, ${how}: ${partsList(tally.suppressed)}`,
    });
  }
  return notices;
}

/** One notice naming each geography's divisions without data and what the rule made of them. */
function missingDivisionsNotice(
  rows: ReadonlyMap<string, ActivityValues>,
  divisions: number,
  rule: MissingCellRule,
  benchmark: string,
): Notice | undefined {
  const missing = new Map<string, string[]>();
  for (const [geo, values] of rows) {
    if (geo === benchmark) continue;
    const gaps = [...values].filter(([, v]) => v === null).map(([d]) => d);
    if (gaps.length > 0 && gaps.length < divisions) missing.set(geo, gaps);
  }
  if (missing.size === 0) return undefined;
  const how =
    rule === 'strict'
      ? 'their ecosystems have no employment and those geographies no shares (missingCells: strict)'
      : "counted as zero in their ecosystems (column missing_divisions), every share over the 14 ecosystems' total built the same way";
  return {
    table: TABLE,
    message: `${missing.size} geographies have divisions without data, ${how}: ${partsList(new Map([...missing].map(([g, d]) => [`${g} ${d.length} of ${divisions}`, d])))}`,
  };
}
