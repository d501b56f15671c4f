import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyNaceCode, NOT_AN_ACTIVITY } from '../../lib/classifications/nace.ts';
import { parseNaceStructure } from '../../lib/classifications/referenceFiles.ts';

const file = join(import.meta.dirname, '..', '..', 'data', 'reference', 'nace_rev2_structure_en.csv');
const nace = parseNaceStructure(readFileSync(file, 'utf8'), file);

describe('NACE Rev. 2 codes as Eurostat writes them', () => {
  it('reads the bundled structure: 21 sections, 88 divisions, each division under its letter', () => {
    expect(nace.sections.size).toBe(21);
    expect(nace.divisions.size).toBe(88);
    expect(nace.divisions.get('C20')).toMatchObject({ code: 'C20', section: 'C' });
  });

  it.each([
    ['C20', 'division'],
    ['C', 'section'],
    ['B-E', 'sectionGroup'],
    ['M_N', 'sectionGroup'],
    ['G-I', 'sectionGroup'],
    ['TOTAL', 'total'],
  ] as const)('classifies %s as a %s', (code, kind) => {
    expect(classifyNaceCode(code, nace)).toBe(kind);
  });

  it.each(['E-B', 'C99', 'Z', 'NRP', 'UNK', ''])('does not take %j for an activity', (code) => {
    expect(classifyNaceCode(code, nace)).toBe('unknown');
  });

  it('names the labour-force codes that are no activity (no response, unknown), so they are dropped with a notice', () => {
    expect([...NOT_AN_ACTIVITY.keys()].sort()).toEqual(['NRP', 'UNK']);
  });
});
