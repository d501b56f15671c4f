import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ComputedTables } from '../../lib/model/computedTables.ts';
import { publishedNumber, roundTables } from '../../lib/tables/rounding.ts';

describe('publishedNumber', () => {
  it('drops the binary noise of sums: 170.89999999999998 is 170.9, 197.50000000000003 is 197.5', () => {
    expect(publishedNumber(170.89999999999998)).toBe(170.9);
    expect(publishedNumber(197.50000000000003)).toBe(197.5);
    expect(publishedNumber(0.1 + 0.2)).toBe(0.3);
  });

  it('keeps 15 significant digits of a ratio', () => {
    expect(String(publishedNumber(2 / 3))).toBe('0.666666666666667');
    expect(String(publishedNumber(0.006057862017965855))).toBe('0.00605786201796586');
    expect(String(publishedNumber(1234.5678901234567))).toBe('1234.56789012346');
  });

  it('leaves integers, infinities and NaN as they are', () => {
    expect(publishedNumber(123456789012345680)).toBe(123456789012345680);
    expect(publishedNumber(-7)).toBe(-7);
    expect(publishedNumber(Number.POSITIVE_INFINITY)).toBe(Number.POSITIVE_INFINITY);
    expect(publishedNumber(Number.NaN)).toBeNaN();
  });

  it('gives what 15 significant digits of text give, for figures with one decimal and their near misses', () => {
    const byText = (v: number) => (Number.isInteger(v) ? v : Number(v.toPrecision(15)));
    fc.assert(
      fc.property(
        fc.integer({ min: -(10 ** 15), max: 10 ** 15 }),
        fc.integer({ min: -2, max: 2 }),
        fc.integer({ min: -3, max: 3 }),
        (tenths, ulps, shift) => {
          // t/10 scaled by a power of ten, then moved a few units in the last place either way.
          let v = (tenths / 10) * 10 ** shift;
          for (let i = 0; i < Math.abs(ulps); i++) v = nextDouble(v, Math.sign(ulps));
          expect(publishedNumber(v)).toBe(byText(v));
        },
      ),
      { numRuns: 20_000 },
    );
    expect(publishedNumber(0.30000000000000004)).toBe(0.3);
    expect(publishedNumber(99999999999999.9)).toBe(99999999999999.9);
    expect(publishedNumber(999999999999999.9)).toBe(byText(999999999999999.9));
  });

  it('is its own fixed point: a rounded number rounds to itself', () => {
    let seed = 11;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let i = 0; i < 5000; i++) {
      const v = (random() - 0.3) * 10 ** ((i % 30) - 12);
      const once = publishedNumber(v);
      if (Number.isInteger(once)) continue;
      expect(publishedNumber(once)).toBe(once);
      // At most 15 significant digits in its shortest text.
      const digits = String(once).replace(/e.*$/, '').replace(/[-.]/g, '').replace(/^0+/, '');
      expect(digits.length).toBeLessThanOrEqual(15);
    }
  });
});

describe('roundTables', () => {
  it('rounds every number of every row, nested ones included, and leaves the rest', () => {
    const tables = {
      year: 2023,
      years: [2022, 2023],
      ecosystemEmployment: [
        { geo: 'BE', employment: 197.50000000000003, share: 2 / 3, rank: 1, specialised: true },
      ],
      locationQuotients: [{ region: 'BE1', lq: 1.5000000000000002, parts: [{ v: 0.1 + 0.2 }] }],
      notices: [{ message: 'kept' }],
    } as unknown as ComputedTables;
    const out = roundTables(tables) as unknown as Record<string, Array<Record<string, unknown>>>;
    expect(out.ecosystemEmployment?.[0]).toEqual({
      geo: 'BE',
      employment: 197.5,
      share: 0.666666666666667,
      rank: 1,
      specialised: true,
    });
    expect(out.locationQuotients?.[0]).toEqual({ region: 'BE1', lq: 1.5, parts: [{ v: 0.3 }] });
    expect(out.notices).toEqual([{ message: 'kept' }]);
  });
});

/** The next double after v towards the sign of `direction` (v finite and not zero). */
function nextDouble(v: number, direction: number): number {
  if (v === 0 || direction === 0) return v;
  const bits = new BigInt64Array(new Float64Array([v]).buffer);
  bits[0] = (bits[0] as bigint) + (v > 0 === direction > 0 ? 1n : -1n);
  return new Float64Array(bits.buffer)[0] as number;
}
