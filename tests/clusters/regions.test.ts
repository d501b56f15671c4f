import { describe, expect, it } from 'vitest';
import { parseCityLookup } from '../../lib/clusters/cityLookup.ts';
import { type ClusterOrganisation, clusterOrganisationSchema } from '../../lib/clusters/contract.ts';
import { placementNotice, placeOrganisation, summarisePlacements } from '../../lib/clusters/regions.ts';

const org = (fields: Record<string, unknown>): ClusterOrganisation =>
  clusterOrganisationSchema.parse({ name: `Cluster ${String(fields.id)}`, ...fields });

const LOOKUP = parseCityLookup(
  [
    'country,city,nuts3,source',
    'BE,Bruxelles,BE100,nuts2024:arrondissement',
    'BE,Liège,BE332,nuts2024:arrondissement',
    'AT,Wien,AT130,nuts2024:plain',
    'DE,München,DE212,nuts2024:kreisfreie-stadt',
  ].join('\n'),
  'reference/city_to_nuts.csv',
);

describe('placeOrganisation', () => {
  it('uses the NUTS code, truncated to the level', () => {
    expect(placeOrganisation(org({ id: 'a', country: 'BE', region: 'BE211' }), 1, LOOKUP)).toEqual({
      via: 'nuts',
      region: 'BE2',
    });
  });

  it('uses the city when there is no NUTS code, truncating its NUTS3 code to the level', () => {
    expect(placeOrganisation(org({ id: 'a', country: 'BE', city: 'Liège' }), 1, LOOKUP)).toEqual({
      via: 'city',
      region: 'BE3',
      nuts3: 'BE332',
    });
    expect(placeOrganisation(org({ id: 'a', country: 'AT', city: 'Wien' }), 2, LOOKUP)).toMatchObject({
      region: 'AT13',
    });
  });

  it('matches the city whatever its case and accents', () => {
    expect(placeOrganisation(org({ id: 'a', country: 'DE', city: 'MUNCHEN' }), 3, LOOKUP)).toMatchObject({
      via: 'city',
      region: 'DE212',
    });
  });

  it('lets the NUTS code take precedence over the city', () => {
    // Liège is BE332 (BE3), but the row says BE2
    expect(
      placeOrganisation(org({ id: 'a', country: 'BE', region: 'BE2', city: 'Liège' }), 1, LOOKUP),
    ).toEqual({ via: 'nuts', region: 'BE2' });
  });

  it('leaves an organisation with a NUTS code coarser than the level unresolved, without using its city', () => {
    expect(
      placeOrganisation(org({ id: 'a', country: 'DE', region: 'DE2', city: 'München' }), 2, LOOKUP),
    ).toEqual({ via: 'unresolved', why: 'coarse-nuts' });
  });

  it('leaves a city that is not in the lookup unresolved', () => {
    expect(placeOrganisation(org({ id: 'a', country: 'BE', city: 'Gosselies' }), 1, LOOKUP)).toEqual({
      via: 'unresolved',
      why: 'city-not-found',
    });
  });

  it('leaves a city unresolved when no lookup is given', () => {
    expect(placeOrganisation(org({ id: 'a', country: 'BE', city: 'Liège' }), 1)).toEqual({
      via: 'unresolved',
      why: 'no-lookup',
    });
  });

  it('leaves a city in a country the lookup has no city of unresolved, and says so', () => {
    expect(placeOrganisation(org({ id: 'a', country: 'TR', city: 'Ankara' }), 2, LOOKUP)).toEqual({
      via: 'unresolved',
      why: 'country-not-covered',
    });
  });

  it('leaves an organisation with neither region nor city unresolved', () => {
    expect(placeOrganisation(org({ id: 'a', country: 'BE' }), 1, LOOKUP)).toEqual({
      via: 'unresolved',
      why: 'no-location',
    });
  });
});

describe('summarisePlacements and its notice', () => {
  const ORGS = [
    org({ id: 'nuts', country: 'BE', region: 'BE21' }),
    org({ id: 'city-1', country: 'BE', city: 'bruxelles' }),
    org({ id: 'city-2', country: 'AT', city: 'Wien' }),
    org({ id: 'lost-1', country: 'BE', city: 'Gosselies' }),
    org({ id: 'lost-2', country: 'BE', city: 'gosselies ' }),
    org({ id: 'lost-3', country: 'BE' }),
    org({ id: 'coarse', country: 'AT', region: 'AT1' }),
  ];
  const levelFor = (country: string) => (country === 'BE' ? 1 : 2);

  it('counts organisations placed by NUTS code, by city and unresolved, with the reasons', () => {
    const s = summarisePlacements(ORGS, levelFor, LOOKUP);
    expect(s).toMatchObject({ organisations: 7, byNuts: 1, byCity: 2 });
    expect(s.unresolved).toEqual({
      'coarse-nuts': 1,
      'city-not-found': 2,
      'country-not-covered': 0,
      'no-lookup': 0,
      'no-location': 1,
      total: 4,
    });
  });

  it('lists the unmatched cities, spellings that match alike counted together', () => {
    const s = summarisePlacements(ORGS, levelFor, LOOKUP);
    // "Gosselies" and "gosselies " are one city
    expect(s.unmatchedCities).toEqual([{ country: 'BE', city: 'Gosselies', organisations: 2 }]);
  });

  it('says in the notice how many were placed each way and how many are unresolved', () => {
    const notice = placementNotice(summarisePlacements(ORGS, levelFor, LOOKUP), LOOKUP);
    expect(notice.table).toBe('cluster_organisations');
    expect(notice.message).toContain(
      'regions of the 7 organisations: 1 placed by their NUTS code, 2 by their city through reference/city_to_nuts.csv (NUTS 2024 codes), 4 unresolved',
    );
    expect(notice.message).toContain('2 with a city not in the lookup');
    expect(notice.message).toContain('1 with neither a region nor a city');
    expect(notice.message).toContain("1 with a NUTS code coarser than the country's region level");
  });

  it('names the countries the lookup has no city of', () => {
    const orgs = [...ORGS, org({ id: 'tr', country: 'TR', city: 'Ankara' })];
    const notice = placementNotice(summarisePlacements(orgs, levelFor, LOOKUP), LOOKUP);
    expect(notice.message).toContain('1 with a city in a country the lookup has no city of (TR)');
  });

  it('says when city-only organisations are unresolved because no lookup was given', () => {
    const notice = placementNotice(summarisePlacements(ORGS, levelFor));
    expect(notice.message).toContain('0 by their city through the city lookup (none given)');
    expect(notice.message).toContain('4 with only a city, and no city lookup was given');
  });
});
