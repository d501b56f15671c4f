import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../lib/config/configuration.ts';
import { ConfigError } from '../../lib/errors.ts';

const source = (dataset: string, filters: Record<string, string>) => ({ dataset, filters });

describe('the regional sources count the same people (one unit, sex and age band)', () => {
  const document = (
    total: Record<string, string>,
    regional = { unit: 'THS_PER', sex: 'T', age: 'Y15-64' },
  ) => ({
    sources: {
      nationalByDivision: source('lfsa_egan22d', { unit: 'THS_PER', sex: 'T', age: 'Y_GE15' }),
      regionalByActivity: source('lfst_r_lfe2en2', regional),
      regionalTotal: source('lfst_r_lfe2emp', total),
    },
  });

  it('refuses different age bands in one line naming both sources and the dimension', () => {
    const read = () => parseConfig(document({ unit: 'THS_PER', sex: 'T', age: 'Y_GE15' }), 'p.json');
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(
      'p.json: sources.regionalByActivity selects age "Y15-64" but sources.regionalTotal selects age "Y_GE15"; ' +
        "a region's share divides one by the other: give both the same age",
    );
    expect(() => read()).toThrow(/^[^\n]*$/);
  });

  it('refuses different sexes and units the same way', () => {
    expect(() => parseConfig(document({ unit: 'THS_PER', sex: 'F', age: 'Y15-64' }), 'p.json')).toThrow(
      /selects sex "T" but sources.regionalTotal selects sex "F"/,
    );
    expect(() => parseConfig(document({ unit: 'PC', sex: 'T', age: 'Y15-64' }), 'p.json')).toThrow(
      /selects unit "THS_PER" but sources.regionalTotal selects unit "PC"/,
    );
  });

  it('accepts the same band, a dimension only one of them filters, and a national source of another band', () => {
    expect(() => parseConfig(document({ unit: 'THS_PER', sex: 'T', age: 'Y15-64' }), 'p.json')).not.toThrow();
    expect(() => parseConfig(document({ age: 'Y15-64', freq: 'A' }), 'p.json')).not.toThrow();
  });
});
