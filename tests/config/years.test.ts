import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CONFIG_DOCUMENT,
  parseConfig,
  wantedPeriods,
  yearSelection,
} from '../../lib/config/configuration.ts';
import { ConfigError } from '../../lib/errors.ts';

const withYears = (extra: Record<string, unknown>) => ({ ...DEFAULT_CONFIG_DOCUMENT, ...extra });

describe('years in the configuration', () => {
  it('defaults to every year', () => {
    const c = parseConfig(DEFAULT_CONFIG_DOCUMENT, 'pipeline.config.json');
    expect(yearSelection(c)).toEqual({ kind: 'all' });
    expect(wantedPeriods(yearSelection(c))).toBeUndefined();
  });

  it('takes a range, whose years are the periods parsed', () => {
    const c = parseConfig(withYears({ years: { from: 2021, to: 2023 } }), 'c.json');
    expect(yearSelection(c)).toEqual({ kind: 'range', from: 2021, to: 2023 });
    expect([...(wantedPeriods(yearSelection(c)) ?? [])]).toEqual(['2021', '2022', '2023']);
  });

  it('takes a single year', () => {
    expect(yearSelection(parseConfig(withYears({ years: 2021 }), 'c.json'))).toEqual({
      kind: 'single',
      year: 2021,
    });
  });

  it('reads an older configuration\'s "year" as "years", which is all the parsed configuration has', () => {
    const c = parseConfig(withYears({ year: 2021 }), 'c.json');
    expect(c.years).toBe(2021);
    expect('year' in c).toBe(false);
    expect(yearSelection(c)).toEqual({ kind: 'single', year: 2021 });
  });

  it('lets --year (years set to one year after parsing) override a configured range', () => {
    const c = parseConfig(withYears({ years: { from: 2015, to: 2023 } }), 'c.json');
    expect(yearSelection({ ...c, years: 2019 })).toEqual({ kind: 'single', year: 2019 });
  });

  it('rejects "year" and "years" together', () => {
    expect(() => parseConfig(withYears({ year: 2021, years: 'all' }), 'c.json')).toThrow(
      /c\.json: invalid configuration\n {2}year: "year" and "years" are both given/,
    );
  });

  it('rejects a range whose start is after its end, an unknown key in it, and another word than "all"', () => {
    expect(() => parseConfig(withYears({ years: { from: 2023, to: 2015 } }), 'c.json')).toThrow(
      '"from" (2023) is after "to" (2015)',
    );
    expect(() => parseConfig(withYears({ years: { from: 2015, to: 2023, step: 2 } }), 'c.json')).toThrow(
      ConfigError,
    );
    expect(() => parseConfig(withYears({ years: 'latest' }), 'c.json')).toThrow(/years/);
  });
});
