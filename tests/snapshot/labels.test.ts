import { describe, expect, it } from 'vitest';
import { buildMapping } from '../../lib/classifications/ecosystems.ts';
import type { NaceClassification } from '../../lib/classifications/nace.ts';
import { parseNutsCodeList } from '../../lib/classifications/nutsCodeLists.ts';
import type { ComputedTables } from '../../lib/model/computedTables.ts';
import { LqTable } from '../../lib/model/lqTable.ts';
import { activityRows, ecosystemId, regionRows, tableNutsVersions } from '../../lib/snapshot/labels.ts';

// Two tiny code lists in the bundled files' layouts (real codes and labels, cut down).
const NUTS2016 = parseNutsCodeList(
  'nuts-2016\tcountry\tname\nNL\tNL\tNEDERLAND\nNL3\tNL\tWEST-NEDERLAND\nNL31\tNL\tUtrecht\nNL32\tNL\tNoord-Holland\n',
  'reference/nuts2016_codes_labels.tsv',
);
const NUTS2024 = parseNutsCodeList(
  '\uFEFFCountry code;NUTS Code;NUTS label;NUTS level;Country order;#;;\r\n' +
    'NL;NL3;West-Nederland;1;19;1200;;\r\nNL;NL32;Noord-Holland;2;19;1204;;\r\nNL;NL35;Utrecht;2;19;1215;;\r\n;;;;;;;\r\n',
  'reference/nuts2024_codes_labels.csv',
);
const LISTS = [NUTS2016, NUTS2024];

const tables = (regions: string[], activities: string[] = []): ComputedTables => ({
  year: 2023,
  years: [2023],
  nodeHistory: [],
  activityLevel: 'division',
  ecosystemEmployment: [],
  locationQuotients: LqTable.of(
    regions.flatMap((region) =>
      activities.map((activity) => ({
        region,
        activity,
        employment: 1,
        regionShare: 0.1,
        lq: 1,
        node: false,
        year: 2023,
        level: 'nace' as const,
        missingDivisions: null,
      })),
    ),
  ),
  regionNodes: [],
  clusterOrganisations: [],
  memberComposition: [],
  maturity: [],
  countryNodes: [],
  cooperation: [],
  notices: [],
});

const NACE: NaceClassification = {
  sections: new Map([
    ['C', 'Manufacturing'],
    ['D', 'Electricity, gas, steam and air conditioning supply'],
  ]),
  divisions: new Map([['C33', { code: 'C33', section: 'C', label: 'Repair and installation of machinery' }]]),
};

describe('parseNutsCodeList', () => {
  it('reads the version from the 2016 header and from the 2024 file name, skipping empty rows', () => {
    expect([NUTS2016.version, NUTS2024.version]).toEqual(['2016', '2024']);
    expect(NUTS2024.units.size).toBe(3);
  });
});

describe('regionRows', () => {
  it('lists each code with the versions that have it, named by the newest', () => {
    const { rows } = regionRows(tables(['NL31', 'NL32'], ['C33']), LISTS);
    expect(rows).toEqual([
      { code: 'NL31', level: 2, country: 'NL', name: 'Utrecht', nutsVersions: ['2016'] },
      { code: 'NL32', level: 2, country: 'NL', name: 'Noord-Holland', nutsVersions: ['2016', '2024'] },
    ]);
  });

  it('names a code no list knows in a notice', () => {
    const { rows, notices } = regionRows(tables(['NL32', 'XX99'], ['C33']), LISTS);
    expect(rows.find((r) => r.code === 'XX99')?.nutsVersions).toEqual([]);
    expect(notices.map((n) => n.message).join()).toContain('XX99');
  });
});

describe('tableNutsVersions', () => {
  it('gives the versions that have every region of a table', () => {
    const { versions, notices } = tableNutsVersions(tables(['NL32'], ['C33']), LISTS);
    expect(versions.get('location_quotients')).toEqual(['2016', '2024']);
    expect(notices).toEqual([]);
  });

  it('says which codes each version lacks when no one version has them all', () => {
    const { versions, notices } = tableNutsVersions(tables(['NL31', 'NL35'], ['C33']), LISTS);
    expect(versions.get('location_quotients')).toEqual([]);
    expect(notices[0]?.message).toContain('not in NUTS 2016: NL35; not in NUTS 2024: NL31');
  });
});

describe('activityRows', () => {
  it('joins a division to the NACE structure code, its section, label and ecosystems', () => {
    const mapping = buildMapping([{ division: 'C33', ecosystem: 'Aerospace & Defence', weight: 0.4 }]);
    const { rows } = activityRows(tables(['NL32'], ['C33', 'D', 'C-D']), NACE, mapping);
    expect(rows).toEqual([
      {
        code: 'C-D',
        kind: 'sectionGroup',
        naceCode: null,
        section: null,
        label: 'Manufacturing; Electricity, gas, steam and air conditioning supply',
        ecosystems: [],
        weights: [],
      },
      {
        code: 'C33',
        kind: 'division',
        naceCode: '33',
        section: 'C',
        label: 'Repair and installation of machinery',
        ecosystems: ['Aerospace & Defence'],
        weights: [0.4],
      },
      {
        code: 'D',
        kind: 'section',
        naceCode: 'D',
        section: 'D',
        label: 'Electricity, gas, steam and air conditioning supply',
        ecosystems: [],
        weights: [],
      },
    ]);
  });

  it('names an activity code NACE does not know in a notice', () => {
    const { notices } = activityRows(tables(['NL32'], ['Z99']), NACE, buildMapping([]));
    expect(notices[0]?.message).toContain('Z99');
  });
});

describe('ecosystemId', () => {
  it('turns a name into a lower-case, dash-separated id', () => {
    expect(ecosystemId('Aerospace & Defence')).toBe('aerospace-and-defence');
    expect(ecosystemId('Proximity, Social Economy and Civil Security')).toBe(
      'proximity-social-economy-and-civil-security',
    );
  });
});
