import type { Policy, PolicyFacts } from './contract.ts';

/**
 * Cluster policy maturity by the ECCP factsheets' Annex: four criteria scored 0 / 0.5 / 1 / 2, total of 8.
 *
 * Everything is as of `facts.assessedOn`, never the clock: the same facts give the same score in any year.
 * Years are whole: Y is the year of `assessedOn`. A policy is IN FORCE when `startYear ≤ Y` and (no `endYear`
 * or `endYear ≥ Y`): one starting in Y counts, one ending in Y still counts (it is in force through its end
 * year), one starting after Y or ending before Y does not. Only policies in force are scored; an ended
 * predecessor adds nothing, so a country's history counts through the start year of the policy now in force.
 *
 * - Policy scope: 2 a targeted cluster policy (`type: cluster`, national or regional); 1 a specific sectoral
 *   policy; 0.5 a broader policy; 0 none. The best one in force counts.
 * - Continuity (targeted cluster policies only): age A = Y − the earliest `startYear` of the cluster policies
 *   in force. "Established within the last 2 years" is A ≤ 2 → 0.5 (so A = 0, 1, 2); "between over 2 and
 *   10 years" is 2 < A ≤ 10 → 1 (A = 3 … 10); "over 10 years ago" is A > 10 → 2 (A ≥ 11). No cluster policy
 *   in force → 0, whatever sectoral or broader policies there are.
 * - Evidence of performance, from `evaluation` (ongoing = `in-itinere`): 2 monitoring AND an ex-ante or an
 *   ongoing / interim evaluation; 1 monitoring, or an ongoing / interim evaluation, alone; 0.5 only
 *   evaluations of past policies (`ex-ante`, `ex-post`); 0 none. So monitoring with ex-post is 1, and
 *   Belgium's in-itinere evaluation without monitoring is 1.
 * - Cluster support instruments, from each policy's `support`: 2 financial and technical support in one
 *   cluster policy; 1 financial or technical support in a cluster policy; 0.5 financial support in a sectoral
 *   or broader policy (technical support there scores nothing: the Annex names only financial); 0 none.
 */
export interface MaturityScore {
  country: string;
  policyScope: number;
  continuity: number;
  evidence: number;
  instruments: number;
  total: number;
  /** `facts.assessedOn`, an ISO date (YYYY-MM-DD). */
  assessedOn: string;
}

/** Whether a policy is in force in year `y` (whole years, both ends inclusive). */
export function inForce(p: Policy, y: number): boolean {
  return p.startYear <= y && (p.endYear === undefined || p.endYear >= y);
}

export function maturityScore(facts: PolicyFacts): MaturityScore {
  const y = Number(facts.assessedOn.slice(0, 4));
  const current = facts.policies.filter((p) => inForce(p, y));
  const cluster = current.filter((p) => p.type === 'cluster');

  const policyScope =
    cluster.length > 0
      ? 2
      : current.some((p) => p.type === 'sectoral')
        ? 1
        : current.some((p) => p.type === 'broader')
          ? 0.5
          : 0;

  const age = y - Math.min(...cluster.map((p) => p.startYear));
  const continuity = cluster.length === 0 ? 0 : age > 10 ? 2 : age > 2 ? 1 : 0.5;

  const ev = new Set(facts.evaluation);
  const monitoring = ev.has('monitoring');
  const ongoing = ev.has('in-itinere') || ev.has('interim');
  const evidence =
    monitoring && (ongoing || ev.has('ex-ante'))
      ? 2
      : monitoring || ongoing
        ? 1
        : ev.has('ex-ante') || ev.has('ex-post')
          ? 0.5
          : 0;

  const gives = (p: Policy, kind: 'financial' | 'technical') => p.support.includes(kind);
  const instruments = cluster.some((p) => gives(p, 'financial') && gives(p, 'technical'))
    ? 2
    : cluster.some((p) => gives(p, 'financial') || gives(p, 'technical'))
      ? 1
      : current.some((p) => p.type !== 'cluster' && gives(p, 'financial'))
        ? 0.5
        : 0;

  return {
    country: facts.country,
    policyScope,
    continuity,
    evidence,
    instruments,
    total: policyScope + continuity + evidence + instruments,
    assessedOn: facts.assessedOn,
  };
}
