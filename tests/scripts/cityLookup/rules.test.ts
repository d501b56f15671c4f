import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lookupCity, parseCityLookup } from '../../../lib/clusters/cityLookup.ts';
import { type HandEntry, parseHandList } from '../../../scripts/cityLookup/handEntries.ts';
import { type NutsUnit, parseNutsCodeList } from '../../../scripts/cityLookup/nutsCodeList.ts';
import { buildCityLookup, citiesFromLabel, cityLookupCsv } from '../../../scripts/cityLookup/rules.ts';

const REFERENCE = join(import.meta.dirname, '..', '..', '..', 'data', 'reference');
const UNITS = parseNutsCodeList(
  readFileSync(join(REFERENCE, 'nuts2024_codes_labels.csv'), 'utf8'),
  'nuts2024_codes_labels.csv',
);
const HAND = parseHandList(
  readFileSync(join(REFERENCE, 'city_lookup_hand_entries.csv'), 'utf8'),
  'city_lookup_hand_entries.csv',
);
const BUILT = buildCityLookup(UNITS, HAND.entries, HAND.excluded);
const COMMITTED = readFileSync(join(REFERENCE, 'city_to_nuts.csv'), 'utf8');
const LOOKUP = parseCityLookup(COMMITTED, 'reference/city_to_nuts.csv');

/** The real NUTS 2024 label of a code. */
function labelOf(code: string): string {
  const unit = UNITS.find((u) => u.code === code);
  if (!unit) throw new Error(`${code} is not in the NUTS 2024 list`);
  return unit.label;
}

/** The names the rules read from the real label of `code`. */
function namesOf(code: string): string[] {
  return citiesFromLabel(code.slice(0, 2), labelOf(code)).map((n) => n.name);
}

describe('reading city names from NUTS 2024 labels', () => {
  it('reads a label that is a city name as it is (AT130 Wien, AT221 Graz)', () => {
    expect(namesOf('AT130')).toEqual(['Wien']);
    expect(namesOf('AT221')).toEqual(['Graz']);
  });

  it('reads "X, Kreisfreie Stadt" as X (DE212 München)', () => {
    expect(labelOf('DE212')).toBe('München, Kreisfreie Stadt');
    expect(citiesFromLabel('DE', labelOf('DE212'))).toEqual([
      { name: 'München', strength: 'city', rule: 'kreisfreie-stadt' },
    ]);
  });

  it('reads "X, Stadtkreis" as X (DE111 Stuttgart)', () => {
    expect(namesOf('DE111')).toEqual(['Stuttgart']);
  });

  it('reads the "Stadtkreis X" and "X (city)" forms', () => {
    expect(citiesFromLabel('DE', 'Stadtkreis Ulm')).toMatchObject([{ name: 'Ulm', strength: 'city' }]);
    expect(citiesFromLabel('UK', 'Leeds (city)')).toMatchObject([{ name: 'Leeds', strength: 'city' }]);
  });

  it('reads both names of the bilingual Brussels arrondissement (BE100 → Bruxelles, Brussel)', () => {
    expect(labelOf('BE100')).toBe('Arr. de Bruxelles-Capitale/Arr. Brussel-Hoofdstad');
    expect(namesOf('BE100')).toEqual(['Bruxelles', 'Brussel']);
  });

  it('reads "Arr. X" as its chief town X (BE211 Antwerpen, BE332 Liège)', () => {
    expect(namesOf('BE211')).toEqual(['Antwerpen']);
    expect(namesOf('BE332')).toEqual(['Liège']);
  });

  it('reads slash-separated bilingual names (ES523 Valencia/València)', () => {
    expect(namesOf('ES523')).toEqual(['Valencia', 'València']);
  });

  it('reads the city-marking labels of PL, HR, DK, CZ and BG', () => {
    expect(namesOf('PL911')).toEqual(['Warszawa']); // Miasto Warszawa
    expect(namesOf('HR050')).toEqual(['Zagreb']); // Grad Zagreb
    expect(namesOf('DK011')).toEqual(['København']); // Byen København
    expect(namesOf('CZ010')).toEqual(['Praha']); // Hlavní město Praha
    expect(namesOf('BG411')).toEqual(['София']); // София (столица)
  });

  it('reads no city from a German rural district marked Landkreis (DE21H München, Landkreis)', () => {
    expect(labelOf('DE21H')).toBe('München, Landkreis');
    expect(namesOf('DE21H')).toEqual([]);
  });

  it('does not read French départements as city names (FRI34 Vienne: the town Vienne is in Isère)', () => {
    expect(namesOf('FRI34')).toEqual([]);
  });

  it('does not read Polish subregions named after the area around a city (PL214 Krakowski)', () => {
    expect(namesOf('PL214')).toEqual([]);
  });

  it('splits Italian provinces named after two cities (ITH58 Forlì-Cesena)', () => {
    expect(namesOf('ITH58')).toEqual(['Forlì', 'Cesena']);
  });

  it('reads the Swedish county genitive as the city (SE110 Stockholms län → Stockholm)', () => {
    expect(namesOf('SE110')).toEqual(['Stockholm']);
  });
});

describe('building the lookup', () => {
  const row = (country: string, city: string) =>
    BUILT.rows.find((r) => r.country === country && r.city === city);

  it('prefers a label that says "city" over a district of the same name (Leipzig → DED51, not DED52)', () => {
    expect(labelOf('DED52')).toBe('Leipzig');
    expect(row('DE', 'Leipzig')).toEqual({
      country: 'DE',
      city: 'Leipzig',
      nuts3: 'DED51',
      source: 'nuts2024:kreisfreie-stadt',
    });
  });

  it('places София in the capital BG411, not the province BG412', () => {
    expect(row('BG', 'София')?.nuts3).toBe('BG411');
  });

  it('drops a name the rules give to two units (Wiener Umland: AT126 and AT127)', () => {
    expect(row('AT', 'Wiener Umland')).toBeUndefined();
    expect(BUILT.ambiguous).toContainEqual({
      country: 'AT',
      city: 'Wiener Umland',
      codes: ['AT126', 'AT127'],
    });
  });

  it('settles Verviers (BE335 and BE336) by the hand list', () => {
    expect(row('BE', 'Verviers')).toMatchObject({ nuts3: 'BE335', source: 'hand:ambiguity' });
  });

  it('leaves out the excluded name Harburg (a borough of Hamburg, not in the district Harburg)', () => {
    expect(row('DE', 'Harburg')).toBeUndefined();
  });

  it('leaves out the Extra-Regio units', () => {
    expect(BUILT.rows.filter((r) => r.nuts3.endsWith('ZZZ'))).toEqual([]);
  });

  it('resolves every Brussels variant to BE100', () => {
    for (const city of ['Brussels', 'Bruxelles', 'Brussel', 'BRUSSELS'])
      expect(lookupCity(LOOKUP, 'BE', city)).toBe('BE100');
  });

  it('resolves Antwerp/Antwerpen to BE211, Ghent/Gent to BE234 and Liège/Liege to BE332', () => {
    expect(lookupCity(LOOKUP, 'BE', 'Antwerp')).toBe('BE211');
    expect(lookupCity(LOOKUP, 'BE', 'Antwerpen')).toBe('BE211');
    expect(lookupCity(LOOKUP, 'BE', 'Ghent')).toBe('BE234');
    expect(lookupCity(LOOKUP, 'BE', 'Gent')).toBe('BE234');
    expect(lookupCity(LOOKUP, 'BE', 'Liege')).toBe('BE332');
  });

  it('resolves Wien/Vienna, Graz and München/Munich', () => {
    expect(lookupCity(LOOKUP, 'AT', 'Vienna')).toBe('AT130');
    expect(lookupCity(LOOKUP, 'AT', 'Wien')).toBe('AT130');
    expect(lookupCity(LOOKUP, 'AT', 'Graz')).toBe('AT221');
    expect(lookupCity(LOOKUP, 'DE', 'Munich')).toBe('DE212');
    expect(lookupCity(LOOKUP, 'DE', 'München')).toBe('DE212');
  });

  it('lists every hand entry under its verified NUTS 2024 code and label', () => {
    for (const e of HAND.entries) {
      expect(labelOf(e.nuts3), `${e.city} → ${e.nuts3}`).toBe(e.label);
      expect(e.nuts3.startsWith(e.country)).toBe(true);
    }
  });

  describe('checks on the hand list', () => {
    const units: NutsUnit[] = [
      { country: 'BE', code: 'BE211', label: 'Arr. Antwerpen', level: 3 },
      { country: 'BE', code: 'BE234', label: 'Arr. Gent', level: 3 },
    ];
    const entry = (fields: Partial<HandEntry>): HandEntry => ({
      country: 'BE',
      city: 'Antwerp',
      nuts3: 'BE211',
      label: 'Arr. Antwerpen',
      kind: 'exonym',
      why: 'test',
      ...fields,
    });

    it('fails on a code that is not in the code list', () => {
      expect(() => buildCityLookup(units, [entry({ nuts3: 'BE299' })])).toThrow(/no NUTS3 unit BE299/);
    });

    it('fails on a label that does not match the code list', () => {
      expect(() => buildCityLookup(units, [entry({ label: 'Arr. Anvers' })])).toThrow(/labels BE211/);
    });

    it('fails on an entry a rule already gives', () => {
      expect(() => buildCityLookup(units, [entry({ city: 'Antwerpen' })])).toThrow(/redundant/);
    });

    it('fails on an entry that contradicts a rule', () => {
      expect(() => buildCityLookup(units, [entry({ city: 'Gent', nuts3: 'BE211' })])).toThrow(/contradicts/);
    });
  });
});

describe('the committed lookup', () => {
  it('is what the rules build from the NUTS 2024 code list and the hand list', () => {
    expect(COMMITTED).toBe(cityLookupCsv(BUILT.rows));
  });
});
