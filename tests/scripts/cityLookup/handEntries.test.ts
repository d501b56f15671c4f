import { describe, expect, it } from 'vitest';
import { parseHandList } from '../../../scripts/cityLookup/handEntries.ts';
import { thrown } from '../../helpers/thrown.ts';

const FILE = 'city_lookup_hand_entries.csv';

function csv(...rows: string[]): string {
  return `${['country,city,nuts3,label,kind,why', ...rows].join('\n')}\n`;
}

describe('reading the hand list of the city lookup', () => {
  it('reads an entry with its label, kind and reason', () => {
    const hand = parseHandList(csv('BE,Antwerp,BE211,Arr. Antwerpen,exonym,English name of Antwerpen'), FILE);
    expect(hand).toEqual({
      entries: [
        {
          country: 'BE',
          city: 'Antwerp',
          nuts3: 'BE211',
          label: 'Arr. Antwerpen',
          kind: 'exonym',
          why: 'English name of Antwerpen',
        },
      ],
      excluded: [],
    });
  });

  it('reads a quoted label with a comma', () => {
    const hand = parseHandList(csv('DE,Munich,DE212,"München, Kreisfreie Stadt",exonym,English name'), FILE);
    expect(hand.entries[0]?.label).toBe('München, Kreisfreie Stadt');
  });

  it('puts the rows of kind "excluded" in the excluded names, under their city as the name', () => {
    const hand = parseHandList(csv('DE,Harburg,DE933,Harburg,excluded,a borough of Hamburg'), FILE);
    expect(hand).toEqual({
      entries: [],
      excluded: [{ country: 'DE', name: 'Harburg', nuts3: 'DE933', why: 'a borough of Hamburg' }],
    });
  });

  it('rejects an unknown kind, naming the file, line and field', () => {
    const err = thrown(() =>
      parseHandList(
        csv('BE,Antwerp,BE211,Arr. Antwerpen,exonym,ok', 'BE,Gand,BE234,Arr. Gent,nickname,x'),
        FILE,
      ),
    );
    expect(err.location).toEqual({ file: FILE, line: 3, field: 'kind' });
    expect(err.message).toMatch(/"nickname" is not one of exonym, .*, excluded/);
  });

  it('rejects an entry without a reason', () => {
    const err = thrown(() => parseHandList(csv('BE,Antwerp,BE211,Arr. Antwerpen,exonym, '), FILE));
    expect(err.location).toEqual({ file: FILE, line: 2, field: 'why' });
  });

  it('rejects a NUTS3 code outside the entry’s country', () => {
    const err = thrown(() => parseHandList(csv('NL,Antwerp,BE211,Arr. Antwerpen,exonym,x'), FILE));
    expect(err.location).toEqual({ file: FILE, line: 2, field: 'nuts3' });
    expect(err.message).toMatch(/BE211 is not in country NL/);
  });

  it('rejects a file without the label column', () => {
    const err = thrown(() => parseHandList('country,city,nuts3,kind,why\nBE,Antwerp,BE211,exonym,x\n', FILE));
    expect(err.location.field).toBe('label');
  });
});
