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
