import { describe, expect, it } from 'vitest';
import { lookupCity, normalizeCityName, parseCityLookup } from '../../lib/clusters/cityLookup.ts';
import { thrown } from '../helpers/thrown.ts';

const FILE = 'reference/city_to_nuts.csv';

function table(...rows: string[]): string {
  return `${['country,city,nuts3,source', ...rows].join('\n')}\n`;
}

const LOOKUP = parseCityLookup(
  table(
    'BE,Bruxelles,BE100,nuts2024:arrondissement',
    'BE,Liège,BE332,nuts2024:arrondissement',
    'BE,Gent,BE234,nuts2024:arrondissement',
    'DE,München,DE212,nuts2024:kreisfreie-stadt',
    'DE,Frankfurt am Main,DE712,nuts2024:kreisfreie-stadt',
    'PL,Łódź,PL711,nuts2024:miasto',
    'EL,Θεσσαλονίκη,EL522,nuts2024:plain',
  ),
  FILE,
);

describe('normalizeCityName', () => {
  it('ignores case', () => {
    expect(normalizeCityName('BRUXELLES')).toBe(normalizeCityName('bruxelles'));
  });

  it('ignores accents', () => {
    expect(normalizeCityName('Liège')).toBe('liege');
    expect(normalizeCityName('Bucureşti')).toBe(normalizeCityName('București'));
  });

  it('folds letters that do not decompose (ł, ø, ß)', () => {
    expect(normalizeCityName('Łódź')).toBe('lodz');
    expect(normalizeCityName('Ørsted')).toBe('orsted');
    expect(normalizeCityName('Straße')).toBe('strasse');
  });

  it('ignores whitespace', () => {
    expect(normalizeCityName('  Frankfurt \t am  Main ')).toBe('frankfurtammain');
  });

  it('keeps hyphens: Cluj-Napoca is not Cluj Napoca', () => {
    expect(normalizeCityName('Cluj-Napoca')).not.toBe(normalizeCityName('Cluj Napoca'));
  });

  it('treats typographic and straight apostrophes alike', () => {
    expect(normalizeCityName('L’Aquila')).toBe(normalizeCityName("L'Aquila"));
  });
});

describe('lookupCity', () => {
  it('finds a city whatever its case, accents and spacing', () => {
    expect(lookupCity(LOOKUP, 'BE', 'LIEGE')).toBe('BE332');
    expect(lookupCity(LOOKUP, 'DE', 'munchen')).toBe('DE212');
    expect(lookupCity(LOOKUP, 'DE', ' frankfurt  AM main')).toBe('DE712');
    expect(lookupCity(LOOKUP, 'PL', 'Lodz')).toBe('PL711');
  });

  it('looks a city up within its country only', () => {
    expect(lookupCity(LOOKUP, 'FR', 'Gent')).toBeUndefined();
  });

  it('reads an ISO country code as Eurostat’s (GR → EL)', () => {
    expect(lookupCity(LOOKUP, 'GR', 'Θεσσαλονίκη')).toBe('EL522');
  });

  it('returns undefined for a city not in the table', () => {
    expect(lookupCity(LOOKUP, 'BE', 'Gosselies')).toBeUndefined();
  });
});

describe('parseCityLookup', () => {
  it('accepts the same city twice with the same code', () => {
    const t = parseCityLookup(table('BE,Gent,BE234,a', 'BE,GENT,BE234,b'), FILE);
    expect(t.entries.size).toBe(1);
  });

  it('rejects the same city with two codes, naming both lines', () => {
    const err = thrown(() => parseCityLookup(table('BE,Gent,BE234,a', 'BE,gent,BE211,b'), FILE));
    expect(err.location).toEqual({ file: FILE, line: 3, field: 'city' });
    expect(err.reason).toBe('"gent" (BE) is BE211 here but BE234 on line 2');
  });

  it('rejects a code that is not NUTS3', () => {
    const err = thrown(() => parseCityLookup(table('BE,Gent,BE23,a'), FILE));
    expect(err.location).toEqual({ file: FILE, line: 2, field: 'nuts3' });
  });

  it('rejects a code outside the row’s country', () => {
    const err = thrown(() => parseCityLookup(table('BE,Lille,FRE11,a'), FILE));
    expect(err.reason).toBe('FRE11 is not in country BE');
  });

  it('rejects a table without the nuts3 column', () => {
    const err = thrown(() => parseCityLookup('country,city,source\nBE,Gent,a\n', FILE));
    expect(err.location.field).toBe('nuts3');
  });
});
