import type { PolicyFacts } from './contract.ts';

/**
 * Cluster policy maturity: four criteria scored 0 / 0.5 / 1 / 2, total out of 8.
 *
 * The factsheets' Annex text was not at hand, so these rules are the project's reading of it, written so
 * that the published Belgian assessment (2 + 2 + 1 + 2 = 7 in 2022) follows from the published facts:
 * - policy scope: 2 a dedicated cluster policy in force (national or regional); 1 clusters supported within
 *   a broader policy in force; 0.5 a policy that is not (or no longer) in force; 0 none.
 * - continuity (depends on the assessment year): years since the earliest in-force policy started:
 *   ≥ 10 → 2, 5–9 → 1, 0–4 → 0.5; nothing in force → 0.
 * - evidence of performance: ex-post or impact evaluation → 2; monitoring or interim (in-itinere)
 *   evaluation → 1; evaluation only planned → 0.5; none → 0.
 * - support instruments: financial and technical support → 2; one of them → 1; only networking or
 *   labelling → 0.5; none → 0.
 */
export interface MaturityScore {
  country: string;
  policyScope: number;
  continuity: number;
  evidence: number;
  instruments: number;
  total: number;
  assessmentYear: number;
}

export function maturityScore(facts: PolicyFacts, assessmentYear: number): MaturityScore {
  const inForce = facts.policies.filter(
    (p) =>
      p.inForce && p.startYear <= assessmentYear && (p.endYear === undefined || p.endYear >= assessmentYear),
  );
  const policyScope = inForce.some((p) => p.kind === 'dedicated')
    ? 2
    : inForce.some((p) => p.kind === 'broader')
      ? 1
      : facts.policies.length > 0
        ? 0.5
        : 0;

  const earliest = Math.min(...inForce.map((p) => p.startYear));
  const years = assessmentYear - earliest;
  const continuity = inForce.length === 0 ? 0 : years >= 10 ? 2 : years >= 5 ? 1 : 0.5;

  const ev = new Set(facts.evaluation);
  const evidence =
    ev.has('ex-post') || ev.has('impact')
      ? 2
      : ev.has('monitoring') || ev.has('in-itinere') || ev.has('interim')
        ? 1
        : ev.has('planned')
          ? 0.5
          : 0;

  const ins = new Set(facts.instruments);
  const direct = (ins.has('financial') ? 1 : 0) + (ins.has('technical') ? 1 : 0);
  const instruments = direct === 2 ? 2 : direct === 1 ? 1 : ins.size > 0 ? 0.5 : 0;

  return {
    country: facts.country,
    policyScope,
    continuity,
    evidence,
    instruments,
    total: policyScope + continuity + evidence + instruments,
    assessmentYear,
  };
}
