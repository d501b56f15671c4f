import { describe, expect, it } from 'vitest';
import { sumUnderRule, valuesAsParts } from '../../lib/metrics/missingCells.ts';

describe('sumUnderRule', () => {
  describe('lenient (the default rule)', () => {
    it('counts a suppressed part as zero and counts it', () => {
      // 10 + (suppressed → 0) + 5 = 15, one part missing
      expect(sumUnderRule(valuesAsParts([10, null, 5]), 'lenient')).toEqual({
        value: 15,
        missing: 1,
        absent: false,
      });
    });

    it('applies weights', () => {
      // 0.5 × 100 + 1 × 40 = 90
      expect(sumUnderRule([{ value: 100, weight: 0.5 }, { value: 40 }], 'lenient').value).toBe(90);
    });

    it('makes a sum whose parts are all missing missing', () => {
      expect(sumUnderRule(valuesAsParts([null, undefined]), 'lenient')).toEqual({
        value: null,
        missing: 2,
        absent: false,
      });
    });

    it('makes a sum of nothing missing', () => {
      expect(sumUnderRule([], 'lenient').value).toBeNull();
    });

    it('makes a sum with a part absent for the whole year missing, even if it carries a value', () => {
      expect(sumUnderRule([{ value: 10 }, { value: 3, absent: true }], 'lenient')).toEqual({
        value: null,
        missing: 1,
        absent: true,
      });
    });

    it('keeps a real zero as a value, not as a missing part', () => {
      expect(sumUnderRule(valuesAsParts([0, 0]), 'lenient')).toEqual({ value: 0, missing: 0, absent: false });
    });
  });

  describe('strict', () => {
    it('makes any sum with a missing part missing', () => {
      expect(sumUnderRule(valuesAsParts([10, null, 5]), 'strict')).toEqual({
        value: null,
        missing: 1,
        absent: false,
      });
    });

    it('sums complete parts as lenient does', () => {
      expect(sumUnderRule(valuesAsParts([10, 5]), 'strict').value).toBe(15);
    });
  });
});
