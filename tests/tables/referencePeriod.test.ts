import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors.ts';
import type { Cube } from '../../lib/eurostat/parse/cube.ts';
import { referencePeriods } from '../../lib/tables/referencePeriod.ts';

const cube = (file: string, years: number[]): Cube => ({
  file,
  cells: new Map(),
  periodsWithData: new Set(years.map(String)),
  kept: years.length,
});

const national = cube('national.tsv', [2012, 2013, 2014, 2015, 2016]);
const regional = cube('regional.tsv', [2013, 2014, 2016, 2017]);

describe('referencePeriods', () => {
  it('takes every year with data in every source for "all", and names the years a source lacks', () => {
    const r = referencePeriods([national, regional], { kind: 'all' });
    expect(r.periods).toEqual(['2013', '2014', '2016']);
    expect(r.notices.map((n) => n.message)).toEqual([
      'national.tsv has no data for 2017: those years are left out of every yearly table',
      'regional.tsv has no data for 2012, 2015: those years are left out of every yearly table',
    ]);
  });

  it('keeps to a range', () => {
    expect(referencePeriods([national, regional], { kind: 'range', from: 2014, to: 2016 }).periods).toEqual([
      '2014',
      '2016',
    ]);
  });

  it('fails a range without a common year, naming the range', () => {
    const call = () => referencePeriods([national, regional], { kind: 'range', from: 2015, to: 2015 });
    expect(call).toThrow(ConfigError);
    expect(call).toThrow('share no year with data between 2015 and 2015');
  });

  it('takes a single year as configured and fails one a source lacks, naming it and the years it has', () => {
    expect(referencePeriods([national, regional], { kind: 'single', year: 2014 })).toEqual({
      periods: ['2014'],
      notices: [],
    });
    const call = () => referencePeriods([national, regional], { kind: 'single', year: 2015 });
    expect(call).toThrow(ConfigError);
    expect(call).toThrow('year 2015 has no data in regional.tsv (years with data: 2013, 2014, 2016, 2017)');
  });
});

describe('referencePeriods against what was parsed', () => {
  it('fails rather than compute years whose cells the parser left out (a cube parsed for one year)', () => {
    const oneYear = { ...regional, keptPeriods: new Set(['2016']) };
    const call = () => referencePeriods([national, oneYear], { kind: 'all' });
    expect(call).toThrow(
      'regional.tsv was parsed without the cells of 2013, 2014: parse and compute with the same "years"',
    );
  });
});
