import { describe, expect, it } from 'vitest';
import { buildMapping, canonicalEcosystem, ECOSYSTEMS } from '../../lib/classifications/ecosystems.ts';

describe('the 14 industrial ecosystems', () => {
  it('are 14, spelled as the factsheets spell them', () => {
    expect(ECOSYSTEMS).toHaveLength(14);
    expect(new Set(ECOSYSTEMS).size).toBe(14);
  });

  it('take the other spellings met in the sources, ignoring case and spaces around', () => {
    expect(canonicalEcosystem('  aerospace and DEFENCE ')).toBe('Aerospace & Defence');
    expect(canonicalEcosystem('textile')).toBe('Textiles');
    expect(canonicalEcosystem('Digital')).toBe('Digital');
    expect(canonicalEcosystem('Space')).toBeUndefined();
  });

  it('group a division → ecosystem mapping by ecosystem, every ecosystem present', () => {
    const mapping = buildMapping([
      { division: 'C20', ecosystem: 'Energy Intensive Industries', weight: 1 },
      { division: 'J62', ecosystem: 'Digital', weight: 0.5 },
      { division: 'J62', ecosystem: 'Creative & Cultural Industries', weight: 0.5 },
    ]);
    expect(mapping.byEcosystem.size).toBe(14);
    expect(mapping.byEcosystem.get('Digital')).toEqual([['J62', 0.5]]);
    expect(mapping.byEcosystem.get('Tourism')).toEqual([]);
  });
});
