import type { MaturityScore } from '../../policy/maturity.ts';
import { field as f, type PublishedTable, REQUIRED } from './publishedTable.ts';

const SCORE = { constraints: { enum: [0, 0.5, 1, 2] }, decimalPoint: true, unit: 'score' } as const;

/** The factsheet Annex's score: lib/tables/maturity.ts computes it (lib/policy/maturity.ts, the rules). */
export const MATURITY: PublishedTable<MaturityScore> = {
  name: 'maturity',
  path: 'data/maturity.csv',
  description:
    'Cluster policy maturity by the factsheet Annex: four criteria scored 0/0.5/1/2, total out of 8, as of assessed_on',
  primaryKey: ['country'],
  fields: [
    f('country', 'string', 'Country code', REQUIRED),
    f(
      'policy_scope',
      'number',
      'Policy scope score: 2 targeted cluster, 1 sectoral, 0.5 broader policy, 0 none',
      SCORE,
    ),
    f(
      'continuity',
      'number',
      'Continuity score: years since the earliest cluster policy in force started',
      SCORE,
    ),
    f('evidence', 'number', 'Evidence of performance score (monitoring and evaluations)', SCORE),
    f('instruments', 'number', 'Cluster support instruments score (financial and technical support)', SCORE),
    f('total', 'number', 'Sum of the four, out of 8', {
      unit: 'score',
      constraints: { minimum: 0, maximum: 8 },
      decimalPoint: true,
    }),
    f(
      'assessed_on',
      'date',
      'Date the policy facts describe; the score is as of this date (YYYY-MM-DD)',
      REQUIRED,
    ),
  ],
  toRow: (r) => [r.country, r.policyScope, r.continuity, r.evidence, r.instruments, r.total, r.assessedOn],
  from: 'tables',
  rows: (t) => t.maturity,
  item: { attribute: 'maturity', geo: (r) => r.country },
};
