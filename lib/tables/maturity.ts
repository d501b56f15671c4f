import type { PolicyFacts } from '../policy/contract.ts';
import { type MaturityScore, maturityScore } from '../policy/maturity.ts';
import type { TableResult } from './result.ts';

/** Cluster policy maturity for every country with policy facts, by country code, each as of its own facts' date. */
export function maturityTable(policies: readonly PolicyFacts[]): TableResult<MaturityScore> {
  const rows = [...policies].map((p) => maturityScore(p)).sort((a, b) => (a.country < b.country ? -1 : 1));
  return {
    rows,
    notices:
      rows.length === 0
        ? [{ table: 'maturity', message: 'no policy/<country>.json in the input: maturity is empty' }]
        : [],
  };
}
