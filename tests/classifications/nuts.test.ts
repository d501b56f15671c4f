import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EU27_2020_COUNTRIES, parseGeo, toEurostatCountry } from '../../lib/classifications/nuts.ts';
import { nutsVersionsOf, parseNutsCodeList } from '../../lib/classifications/nutsCodeLists.ts';
import { geoCodeCheck } from '../../lib/classifications/nutsKnown.ts';
import { InputError } from '../../lib/errors.ts';

const reference = (name: string) => join(import.meta.dirname, '..', '..', 'data', 'reference', name);
const list = (name: string) => parseNutsCodeList(readFileSync(reference(name), 'utf8'), name);
const nuts2016 = list('nuts2016_codes_labels.tsv');
const nuts2024 = list('nuts2024_codes_labels.csv');

describe('geo codes', () => {
  it('the EU27 (2020) has 27 Member States, Greece as EL', () => {
    expect(EU27_2020_COUNTRIES).toHaveLength(27);
    expect(EU27_2020_COUNTRIES).toContain('EL');
    expect(EU27_2020_COUNTRIES).not.toContain('GR');
  });

  it('tells aggregates from NUTS units, with the level and Extra-Regio', () => {
    expect(parseGeo('EU27_2020')).toEqual({ kind: 'aggregate', code: 'EU27_2020' });
    expect(parseGeo('EA20')).toEqual({ kind: 'aggregate', code: 'EA20' });
    expect(parseGeo('DE21')).toEqual({
      kind: 'nuts',
      code: 'DE21',
      country: 'DE',
      level: 2,
      extraRegio: false,
    });
    expect(parseGeo('BEZZ')).toMatchObject({ level: 2, extraRegio: true });
    expect(parseGeo('de21')).toBeUndefined();
    expect(parseGeo('DE2112')).toBeUndefined();
  });

  it('writes ISO 3166 codes as Eurostat does', () => {
    expect(toEurostatCountry('gr')).toBe('EL');
    expect(toEurostatCountry('GB')).toBe('UK');
    expect(toEurostatCountry('fr')).toBe('FR');
  });
});

describe('the bundled NUTS code lists', () => {
  it('read their version from the header (2016) or the file name (2024)', () => {
    expect(nuts2016.version).toBe('2016');
    expect(nuts2024.version).toBe('2024');
    expect(nuts2024.units.get('DE21')).toMatchObject({ level: 2, country: 'DE' });
  });

  it('say which vintages have a code', () => {
    expect(nutsVersionsOf('DE21', [nuts2016, nuts2024])).toEqual(['2016', '2024']);
    expect(nutsVersionsOf('FR', [nuts2016, nuts2024])).toEqual(['2016', '2024']);
  });

  it('refuse a line whose code is not a NUTS code, naming the file, line and field', () => {
    const bad = 'nuts-2016\tcountry\tname\nDE1\tDE\tBaden\nnot-a-code\tDE\tx\n';
    expect(() => parseNutsCodeList(bad, 'nuts.tsv')).toThrow(InputError);
    expect(() => parseNutsCodeList(bad, 'nuts.tsv')).toThrow(/nuts\.tsv.*3/);
  });

  it('accept aggregates, countries, listed codes and other vintages under a listed NUTS 1, nothing else', () => {
    const known = geoCodeCheck([nuts2016, nuts2024]);
    for (const code of ['EU27_2020', 'XK', 'DE21', 'NL31', 'BEZZ']) expect(known(code), code).toBe(true);
    for (const code of ['ZZ99', 'BE99', 'de21']) expect(known(code), code).toBe(false);
  });
});
