import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type PolicyFacts, policyFactsSchema } from '../../lib/policy/contract.ts';
import { maturityScore } from '../../lib/policy/maturity.ts';
import { parsePolicyFacts } from '../../lib/policy/parse.ts';

const BELGIUM = new URL('../../data/sample/policy/BE.json', import.meta.url);

type PolicyInput = {
  type: 'cluster' | 'sectoral' | 'broader';
  startYear: number;
  endYear?: number;
  support?: Array<'financial' | 'technical'>;
};

/** Facts for a made-up country assessed on 30 September of `year`: the given policies and evaluation. */
function facts(year: number, policies: PolicyInput[], evaluation: string[] = []): PolicyFacts {
  return policyFactsSchema.parse({
    country: 'AT',
    assessedOn: `${year}-09-30`,
    source: 'hand-made test facts',
    policies: policies.map((p, i) => ({ name: `Policy ${i + 1}`, level: 'national', ...p })),
    evaluation,
  });
}

const score = (year: number, policies: PolicyInput[], evaluation: string[] = []) =>
  maturityScore(facts(year, policies, evaluation));

const cluster2010 = { type: 'cluster', startYear: 2010 } as const;

describe('maturityScore', () => {
  describe('Belgium, the worked example of the factsheet', () => {
    it('scores the bundled Belgian facts 2 + 2 + 1 + 2 = 7 as of 2022-09-30', () => {
      const belgium = parsePolicyFacts(readFileSync(BELGIUM, 'utf8'), 'policy/BE.json');
      // scope 2: regional cluster policies in force (Flanders since 2016, Wallonia since 2005)
      // continuity 2: the earliest started 2005; 2022 − 2005 = 17 > 10
      // evidence 1: evaluation available in-itinere, no monitoring stated in the standardised category
      // instruments 2: financial and technical support in a cluster policy
      expect(maturityScore(belgium)).toEqual({
        country: 'BE',
        policyScope: 2,
        continuity: 2,
        evidence: 1,
        instruments: 2,
        total: 7,
        assessedOn: '2022-09-30',
      });
    });
  });

  describe('the assessment date', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('is the facts’ assessedOn, not the clock’s: a run in 2035 scores 2022 facts as of 2022', () => {
      vi.useFakeTimers({ now: new Date('2035-06-01T00:00:00Z') });
      // as of 2022 the 2021 policy is 1 year old (0.5); by the clock it would be 14 (2)
      expect(score(2022, [{ type: 'cluster', startYear: 2021 }])).toMatchObject({
        continuity: 0.5,
        assessedOn: '2022-09-30',
      });
    });

    it('moves with assessedOn: the same policy assessed in 2032 is over 10 years old', () => {
      expect(score(2032, [{ type: 'cluster', startYear: 2021 }]).continuity).toBe(2);
    });
  });

  describe('policy scope', () => {
    it('scores 2 for a targeted cluster policy in force', () => {
      expect(score(2022, [cluster2010]).policyScope).toBe(2);
    });

    it('scores 1 for a specific sectoral policy', () => {
      expect(score(2022, [{ type: 'sectoral', startYear: 2010 }]).policyScope).toBe(1);
    });

    it('scores 0.5 for a broader policy', () => {
      expect(score(2022, [{ type: 'broader', startYear: 2010 }]).policyScope).toBe(0.5);
    });

    it('scores 0 when there is no policy at all', () => {
      expect(score(2022, []).policyScope).toBe(0);
    });

    it('takes the best policy in force: a sectoral and a cluster policy score 2', () => {
      expect(score(2022, [{ type: 'sectoral', startYear: 2000 }, cluster2010]).policyScope).toBe(2);
    });

    it('counts a policy ending in the assessment year as in force', () => {
      expect(score(2022, [{ ...cluster2010, endYear: 2022 }]).policyScope).toBe(2);
    });

    it('does not count a policy that ended the year before: 0 when it was the only one', () => {
      expect(score(2022, [{ ...cluster2010, endYear: 2021 }]).policyScope).toBe(0);
    });

    it('scores an ended cluster policy next to a current broader one as the broader one', () => {
      const s = score(2022, [
        { ...cluster2010, endYear: 2020 },
        { type: 'broader', startYear: 2015 },
      ]);
      expect(s.policyScope).toBe(0.5);
    });

    it('counts a policy starting in the assessment year as in force', () => {
      expect(score(2022, [{ type: 'cluster', startYear: 2022 }]).policyScope).toBe(2);
    });

    it('does not count a policy starting after the assessment year', () => {
      expect(score(2022, [{ type: 'cluster', startYear: 2023 }])).toMatchObject({
        policyScope: 0,
        continuity: 0,
      });
    });
  });

  describe('continuity: age = assessment year − earliest start of a cluster policy in force', () => {
    it.each([
      // "within the last 2 years": age 0, 1, 2
      [2022, 0.5],
      [2021, 0.5],
      [2020, 0.5],
      // "between over 2 and 10 years": age 3 … 10
      [2019, 1],
      [2012, 1],
      // "over 10 years ago": age 11 and more
      [2011, 2],
      [1995, 2],
    ])('a cluster policy started %i, assessed in 2022, scores %d', (startYear, expected) => {
      expect(score(2022, [{ type: 'cluster', startYear }]).continuity).toBe(expected);
    });

    it('counts from the earliest cluster policy in force', () => {
      // 2022 − 2005 = 17 > 10, although the other started 2016 (age 6 → 1 alone)
      const s = score(2022, [
        { type: 'cluster', startYear: 2016 },
        { type: 'cluster', startYear: 2005 },
      ]);
      expect(s.continuity).toBe(2);
    });

    it('ignores sectoral and broader policies, however old', () => {
      // the broader policy is 22 years old, the cluster policy 1 year: 0.5
      const s = score(2022, [
        { type: 'broader', startYear: 2000 },
        { type: 'cluster', startYear: 2021 },
      ]);
      expect(s.continuity).toBe(0.5);
    });

    it('scores 0 without a cluster policy, even with a sectoral one', () => {
      expect(score(2022, [{ type: 'sectoral', startYear: 2000 }]).continuity).toBe(0);
    });

    it('ignores an ended cluster policy: a successor counts from its own start', () => {
      const s = score(2022, [
        { type: 'cluster', startYear: 2000, endYear: 2020 },
        { type: 'cluster', startYear: 2021 },
      ]);
      expect(s.continuity).toBe(0.5);
    });
  });

  describe('evidence of performance', () => {
    it.each([
      [[], 0],
      [['ex-ante'], 0.5],
      [['ex-post'], 0.5],
      [['ex-ante', 'ex-post'], 0.5],
      [['monitoring'], 1],
      [['in-itinere'], 1],
      [['interim'], 1],
      [['in-itinere', 'interim'], 1],
      [['monitoring', 'ex-post'], 1],
      [['monitoring', 'ex-ante'], 2],
      [['monitoring', 'in-itinere'], 2],
      [['monitoring', 'interim'], 2],
      [['ex-ante', 'in-itinere'], 1],
    ])('scores %j as %d', (evaluation, expected) => {
      expect(score(2022, [cluster2010], evaluation).evidence).toBe(expected);
    });
  });

  describe('cluster support instruments', () => {
    it.each([
      [[{ ...cluster2010, support: ['financial', 'technical'] }], 2],
      [[{ ...cluster2010, support: ['financial'] }], 1],
      [[{ ...cluster2010, support: ['technical'] }], 1],
      [[{ type: 'sectoral', startYear: 2010, support: ['financial'] }], 0.5],
      [[{ type: 'broader', startYear: 2010, support: ['financial'] }], 0.5],
      [[{ type: 'sectoral', startYear: 2010, support: ['technical'] }], 0],
      [[{ type: 'broader', startYear: 2010, support: ['financial', 'technical'] }], 0.5],
      [[cluster2010], 0],
    ] as Array<[PolicyInput[], number]>)('scores %j as %d', (policies, expected) => {
      expect(score(2022, policies).instruments).toBe(expected);
    });

    it('needs both kinds in one cluster policy for 2: financial in one and technical in another give 1', () => {
      const s = score(2022, [
        { ...cluster2010, support: ['financial'] },
        { type: 'cluster', startYear: 2015, support: ['technical'] },
      ]);
      expect(s.instruments).toBe(1);
    });

    it('prefers a cluster policy’s support over a broader policy’s', () => {
      const s = score(2022, [
        { type: 'broader', startYear: 2000, support: ['financial'] },
        { ...cluster2010, support: ['technical'] },
      ]);
      expect(s.instruments).toBe(1);
    });

    it('ignores the support of a policy no longer in force', () => {
      const s = score(2022, [{ ...cluster2010, endYear: 2021, support: ['financial', 'technical'] }]);
      expect(s.instruments).toBe(0);
    });
  });

  describe('total', () => {
    it('adds the four criteria', () => {
      // scope 1 (sectoral) + continuity 0 (no cluster policy) + evidence 0.5 (ex-post) + instruments 0.5 = 2
      const s = score(2022, [{ type: 'sectoral', startYear: 2016, support: ['financial'] }], ['ex-post']);
      expect(s).toMatchObject({ policyScope: 1, continuity: 0, evidence: 0.5, instruments: 0.5, total: 2 });
    });

    it('scores a full-marks country 8', () => {
      const s = score(
        2022,
        [{ type: 'cluster', startYear: 2005, support: ['financial', 'technical'] }],
        ['monitoring', 'interim'],
      );
      expect(s.total).toBe(8);
    });

    it('scores 0 for a country without policies or evaluation', () => {
      expect(score(2022, []).total).toBe(0);
    });
  });
});
