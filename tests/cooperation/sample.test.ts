import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cooperation } from '../../lib/cooperation/cooperation.ts';
import { parseConsortiaCsv } from '../../lib/cooperation/parse.ts';
import { generateConsortia, OUT_CONSORTIA, sampleOrganisations } from '../../scripts/generate-consortia.ts';

const text = readFileSync(OUT_CONSORTIA, 'utf8');
const read = parseConsortiaCsv(text, 'eccp/synthetic_consortia.csv');

describe('the bundled synthetic consortia', () => {
  it('are what scripts/generate-consortia.ts makes, byte for byte', () => {
    expect(generateConsortia(sampleOrganisations())).toBe(text);
  });

  it('say they are synthetic, in every consortium’s flag and name', () => {
    expect(read.consortia.length).toBeGreaterThan(0);
    expect(read.consortia.every((c) => c.synthetic && c.name.startsWith('SYNTHETIC '))).toBe(true);
  });

  it('draw their partners from the bundled cluster organisations, with their real names and countries', () => {
    const byId = new Map(sampleOrganisations().map((o) => [o.id, o]));
    for (const p of read.consortia.flatMap((c) => c.partners)) {
      const o = byId.get(p.organisationId ?? '');
      expect(o && [o.name, o.country]).toEqual([p.name, p.country]);
    }
  });

  it('give Belgium cooperation figures in every programme', () => {
    const be = cooperation(read.consortia).filter((r) => r.country === 'BE' && r.scope === 'consortia');
    expect(be.map((r) => r.programme)).toEqual([
      'ESCP-4i',
      'ESCP-4x',
      'ESCP-S3',
      'ESCP',
      'INNOSUP-1',
      'Euroclusters',
      'all',
    ]);
  });
});
