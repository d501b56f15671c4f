import { describe, expect, it } from 'vitest';
import { type Consortium, consortiumSchema } from '../../lib/cooperation/contract.ts';
import { type CooperationRow, cooperation } from '../../lib/cooperation/cooperation.ts';
import { COOPERATION } from '../../lib/snapshot/published/cooperation.ts';
import { toCsv } from '../../lib/snapshot/tableFiles.ts';

const consortium = (programme: string, id: string, partners: Array<[string, string, string?]>): Consortium =>
  consortiumSchema.parse({
    programme,
    id,
    name: `Consortium ${id}`,
    partners: partners.map(([name, country, organisationId]) => ({
      name,
      country,
      ...(organisationId ? { organisationId } : {}),
    })),
  });

/**
 * | consortium | programme    | partners                                   |
 * | i1         | ESCP-4i      | be-a (BE), be-b (BE), fr-a (FR)            |
 * | i2         | ESCP-4i      | be-a (BE), de-a (DE)                       |
 * | x1         | ESCP-4x      | be-b (BE), fr-a (FR), de-a (DE)            |
 * | e1         | Euroclusters | be-a (BE), fr-b (FR)                       |
 * | n1         | INNOSUP-1    | fr-a (FR), de-a (DE)  (no Belgian partner) |
 */
const CONSORTIA = [
  consortium('ESCP-4i', 'i1', [
    ['A', 'BE', 'be-a'],
    ['B', 'BE', 'be-b'],
    ['F', 'FR', 'fr-a'],
  ]),
  consortium('ESCP-4i', 'i2', [
    ['A', 'BE', 'be-a'],
    ['D', 'DE', 'de-a'],
  ]),
  consortium('ESCP-4x', 'x1', [
    ['B', 'BE', 'be-b'],
    ['F', 'FR', 'fr-a'],
    ['D', 'DE', 'de-a'],
  ]),
  consortium('Euroclusters', 'e1', [
    ['A', 'BE', 'be-a'],
    ['G', 'FR', 'fr-b'],
  ]),
  consortium('INNOSUP-1', 'n1', [
    ['F', 'FR', 'fr-a'],
    ['D', 'DE', 'de-a'],
  ]),
];

const of = (rows: CooperationRow[], country: string, programme: string) =>
  rows
    .filter((r) => r.country === country && r.programme === programme)
    .map((r) => `${r.scope}${r.key ? `:${r.key}` : ''}=${r.count}`);

describe('cooperation', () => {
  const rows = cooperation(CONSORTIA);

  it('counts a country’s consortia, organisations and partner countries per programme', () => {
    // ESCP-4i: i1 and i2; Belgian organisations be-a, be-b; partners from FR (i1) and DE (i2)
    expect(of(rows, 'BE', 'ESCP-4i')).toEqual([
      'consortia=2',
      'organisations=2',
      'partner_countries=2',
      'partner_country:DE=1',
      'partner_country:FR=1',
    ]);
  });

  it('adds the three ESCP strands up as ESCP, counting an organisation or country once', () => {
    // i1, i2, x1: be-a and be-b; FR shared in i1 and x1, DE in i2 and x1
    expect(of(rows, 'BE', 'ESCP')).toEqual([
      'consortia=3',
      'organisations=2',
      'partner_countries=2',
      'partner_country:DE=2',
      'partner_country:FR=2',
    ]);
  });

  it('counts every programme together under all', () => {
    expect(of(rows, 'BE', 'all')).toEqual([
      'consortia=4',
      'organisations=2',
      'partner_countries=2',
      'partner_country:DE=2',
      'partner_country:FR=3',
    ]);
  });

  it('gives a country no rows for a programme it is not in', () => {
    expect(of(rows, 'BE', 'INNOSUP-1')).toEqual([]);
    expect(of(rows, 'FR', 'INNOSUP-1')).toEqual([
      'consortia=1',
      'organisations=1',
      'partner_countries=1',
      'partner_country:DE=1',
    ]);
  });

  it('counts distinct organisations of the country: two French organisations across FR’s consortia', () => {
    expect(of(rows, 'FR', 'all').slice(0, 2)).toEqual(['consortia=4', 'organisations=2']);
  });

  it('tells organisations without an id apart by name within their country', () => {
    const r = cooperation([
      consortium('ESCP-4i', 'a', [
        ['Pôle X', 'FR'],
        ['Org', 'BE'],
      ]),
      consortium('ESCP-4i', 'b', [
        ['pôle  x', 'FR'],
        ['Pôle Y', 'FR'],
      ]),
    ]);
    expect(of(r, 'FR', 'ESCP-4i').slice(0, 2)).toEqual(['consortia=2', 'organisations=2']);
  });

  it('sorts by country, then programme in the order ESCP-4i, ESCP-4x, ESCP-S3, ESCP, INNOSUP-1, Euroclusters, all', () => {
    const order = [...new Set(rows.map((r) => `${r.country} ${r.programme}`))];
    expect(order).toEqual([
      'BE ESCP-4i',
      'BE ESCP-4x',
      'BE ESCP',
      'BE Euroclusters',
      'BE all',
      'DE ESCP-4i',
      'DE ESCP-4x',
      'DE ESCP',
      'DE INNOSUP-1',
      'DE all',
      'FR ESCP-4i',
      'FR ESCP-4x',
      'FR ESCP',
      'FR INNOSUP-1',
      'FR Euroclusters',
      'FR all',
    ]);
  });

  it('gives no rows for no consortia', () => {
    expect(cooperation([])).toEqual([]);
  });
});

describe('COOPERATION', () => {
  it('writes country,programme,scope,key,count', () => {
    const text = toCsv(COOPERATION, cooperation([CONSORTIA[1] as Consortium])).toString();
    expect(text.split('\n').slice(0, 3)).toEqual([
      'country,programme,scope,key,count',
      'BE,ESCP-4i,consortia,,1',
      'BE,ESCP-4i,organisations,,1',
    ]);
  });
});
