import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type PolicyFacts, policyFactsSchema } from '../../lib/policy/contract.ts';
import { maturityScore } from '../../lib/policy/maturity.ts';

const BELGIUM = new URL('../../data/sample/policy/BE.json', import.meta.url);

type PolicyInput = {
  name?: string;
  level?: 'national' | 'regional';
  kind: 'dedicated' | 'broader';
  startYear: number;
  endYear?: number;
  inForce?: boolean;
};

/** Facts for a made-up country: the given policies, evaluation and instruments, nothing else. */
function facts(policies: PolicyInput[], evaluation: string[] = [], instruments: string[] = []): PolicyFacts {
  return policyFactsSchema.parse({
    country: 'AT',
    source: 'hand-made test facts',
    policies: policies.map((p, i) => ({ name: `Policy ${i + 1}`, level: 'national', ...p })),
    evaluation,
    instruments,
  });
}

const dedicated2019 = { kind: 'dedicated', startYear: 2019 } as const;

describe('maturityScore', () => {
  describe('Belgium, the worked example', () => {
    it('scores Belgium’s published facts 2 + 2 + 1 + 2 = 7 in 2022', () => {
      const belgium = policyFactsSchema.parse(JSON.parse(readFileSync(BELGIUM, 'utf8')));
      const score = maturityScore(belgium, 2022);
      // scope 2: dedicated regional policies in force (Flanders, Wallonia)
      // continuity 2: the earliest in force started 2005; 2022 − 2005 = 17 ≥ 10
      // evidence 1: monitoring and in-itinere evaluation, no ex-post
      // instruments 2: financial and technical support
      expect(score).toEqual({
        country: 'BE',
        policyScope: 2,
        continuity: 2,
        evidence: 1,
        instruments: 2,
        total: 7,
        assessmentYear: 2022,
      });
    });
  });

  describe('policy scope', () => {
    it('scores 2 for a dedicated cluster policy in force', () => {
      expect(maturityScore(facts([dedicated2019]), 2022).policyScope).toBe(2);
    });

    it('scores 1 when clusters are supported only within a broader policy', () => {
      expect(maturityScore(facts([{ kind: 'broader', startYear: 2010 }]), 2022).policyScope).toBe(1);
    });

    it('scores 2 when a dedicated policy and a broader one are both in force', () => {
      const f = facts([
        { kind: 'broader', startYear: 2010 },
        { kind: 'dedicated', startYear: 2020 },
      ]);
      expect(maturityScore(f, 2022).policyScope).toBe(2);
    });

    it('scores 0.5 for a policy that is no longer in force', () => {
      const f = facts([{ kind: 'dedicated', startYear: 2005, inForce: false }]);
      expect(maturityScore(f, 2022).policyScope).toBe(0.5);
    });

    it('scores 0.5 for a policy whose end year is before the assessment year', () => {
      const f = facts([{ kind: 'dedicated', startYear: 2005, endYear: 2020 }]);
      expect(maturityScore(f, 2022).policyScope).toBe(0.5);
    });

    it('counts a policy ending in the assessment year as still in force', () => {
      const f = facts([{ kind: 'dedicated', startYear: 2005, endYear: 2022 }]);
      expect(maturityScore(f, 2022).policyScope).toBe(2);
    });

    it('does not count a policy starting after the assessment year as in force', () => {
      const f = facts([{ kind: 'dedicated', startYear: 2025 }]);
      // not in force in 2022: scored like a policy not in force
      expect(maturityScore(f, 2022)).toMatchObject({ policyScope: 0.5, continuity: 0 });
    });

    it('scores 0 when there is no policy at all', () => {
      expect(maturityScore(facts([]), 2022).policyScope).toBe(0);
    });
  });

  describe('continuity', () => {
    it('scores 0.5 for a policy in force for fewer than 5 years', () => {
      // 2022 − 2019 = 3 years
      expect(maturityScore(facts([dedicated2019]), 2022).continuity).toBe(0.5);
    });

    it('scores 1 for a policy in force for 5 years', () => {
      // 2024 − 2019 = 5 years
      expect(maturityScore(facts([dedicated2019]), 2024).continuity).toBe(1);
    });

    it('scores 2 for a policy in force for 10 years', () => {
      // 2029 − 2019 = 10 years
      expect(maturityScore(facts([dedicated2019]), 2029).continuity).toBe(2);
    });

    it('scores 0.5 at 4 years and 1 at 9 years, just below each step', () => {
      // 2023 − 2019 = 4 → 0.5; 2028 − 2019 = 9 → 1
      expect(maturityScore(facts([dedicated2019]), 2023).continuity).toBe(0.5);
      expect(maturityScore(facts([dedicated2019]), 2028).continuity).toBe(1);
    });

    it('counts from the earliest policy in force', () => {
      const f = facts([
        { kind: 'broader', startYear: 2010 },
        { kind: 'dedicated', startYear: 2020 },
      ]);
      // 2022 − 2010 = 12 ≥ 10
      expect(maturityScore(f, 2022).continuity).toBe(2);
    });

    it('ignores an earlier policy that is no longer in force', () => {
      const f = facts([
        { kind: 'dedicated', startYear: 2000, inForce: false },
        { kind: 'dedicated', startYear: 2019 },
      ]);
      // only the 2019 policy counts: 2022 − 2019 = 3 → 0.5 (not 2022 − 2000 = 22 → 2)
      expect(maturityScore(f, 2022).continuity).toBe(0.5);
    });

    it('scores 0 when no policy is in force', () => {
      const f = facts([{ kind: 'dedicated', startYear: 2005, inForce: false }]);
      expect(maturityScore(f, 2022).continuity).toBe(0);
    });
  });

  describe('evidence of performance', () => {
    it.each([
      [['ex-post'], 2],
      [['impact'], 2],
      [['monitoring'], 1],
      [['interim'], 1],
      [['in-itinere'], 1],
      [['planned'], 0.5],
      [['none'], 0],
      [[], 0],
    ])('scores %j as %d', (evaluation, expected) => {
      expect(maturityScore(facts([dedicated2019], evaluation), 2022).evidence).toBe(expected);
    });

    it('scores the strongest evidence given', () => {
      // planned (0.5), monitoring (1) and ex-post (2) → 2
      const f = facts([dedicated2019], ['planned', 'monitoring', 'ex-post']);
      expect(maturityScore(f, 2022).evidence).toBe(2);
    });
  });

  describe('support instruments', () => {
    it.each([
      [['financial', 'technical'], 2],
      [['financial'], 1],
      [['technical'], 1],
      [['networking'], 0.5],
      [['labelling'], 0.5],
      [['networking', 'labelling'], 0.5],
      [[], 0],
    ])('scores %j as %d', (instruments, expected) => {
      expect(maturityScore(facts([dedicated2019], [], instruments), 2022).instruments).toBe(expected);
    });

    it('scores financial support with networking as 1, not 2', () => {
      // only one of financial / technical → 1
      const f = facts([dedicated2019], [], ['financial', 'networking']);
      expect(maturityScore(f, 2022).instruments).toBe(1);
    });
  });

  describe('total', () => {
    it('adds the four criteria', () => {
      const f = facts([{ kind: 'broader', startYear: 2016 }], ['planned'], ['labelling']);
      // scope 1 (broader) + continuity 1 (2022 − 2016 = 6) + evidence 0.5 + instruments 0.5 = 3
      expect(maturityScore(f, 2022)).toMatchObject({
        policyScope: 1,
        continuity: 1,
        evidence: 0.5,
        instruments: 0.5,
        total: 3,
      });
    });

    it('scores 0 for a country with no facts but its name', () => {
      // 0 + 0 + 0 + 0 = 0
      expect(maturityScore(facts([]), 2022).total).toBe(0);
    });
  });
});
