import { describe, expect, it } from 'vitest';
import { mergeYearNotices } from '../../lib/tables/yearNotices.ts';

describe('mergeYearNotices', () => {
  it('gives a notice every year repeats once, as it is, and prefixes one only some years give with those years', () => {
    const every = { table: 'location_quotients', message: 'benchmark summed' };
    const some = { table: 'location_quotients', message: 'no total for HR02' };
    expect(
      mergeYearNotices([
        ['2015', [every, some]],
        ['2016', [every, some]],
        ['2017', [every]],
      ]),
    ).toEqual([every, { table: 'location_quotients', message: '2015, 2016: no total for HR02' }]);
  });

  it('leaves the notices of a single year as they are', () => {
    const n = { message: 'x' };
    expect(mergeYearNotices([['2023', [n]]])).toEqual([n]);
  });
});
