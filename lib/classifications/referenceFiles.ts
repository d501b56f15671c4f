import * as z from 'zod/mini';
import '../zodLocale.ts';
import { parseCsvRecords } from '../csv/csvRecords.ts';
import { InputError } from '../errors.ts';
import { buildMapping, canonicalEcosystem, type EcosystemMapping, type MappingEntry } from './ecosystems.ts';
import type { NaceClassification, NaceDivision } from './nace.ts';

/** Parses Eurostat's NACE Rev. 2 structure (`code,label,level,parent`, dotted codes) into Eurostat codes. */
export function parseNaceStructure(text: string, file: string): NaceClassification {
  const records = parseCsvRecords(text, file, ['code', 'label', 'level', 'parent']);
  const sections = new Map<string, string>();
  const divisions = new Map<string, NaceDivision>();
  for (const { values } of records) {
    if (values.level === '1') sections.set(values.code ?? '', values.label ?? '');
  }
  for (const { line, values } of records) {
    if (values.level !== '2') continue;
    const section = values.parent ?? '';
    if (!sections.has(section) || !/^\d{2}$/.test(values.code ?? '')) {
      throw new InputError({ file, line, field: 'code' }, `division "${values.code}" has no known section`);
    }
    const code = `${section}${values.code}`;
    divisions.set(code, { code, section, label: values.label ?? '' });
  }
  return { divisions, sections };
}

const mappingRow = z.object({
  nace_r2: z.string().check(z.regex(/^[A-U]\d{2}$/, 'must be a NACE division in Eurostat coding, e.g. C20')),
  ecosystem: z.string().check(z.minLength(1)),
  weight: z.coerce
    .number({ error: 'must be a number' })
    .check(z.gt(0, 'must be greater than 0'), z.lte(1, 'must be at most 1')),
});

/**
 * Parses and validates the NACE division → ecosystem mapping (`nace_r2,ecosystem,weight`).
 * Every division must exist, every ecosystem be one of the 14, and one division's weights sum to at most 1.
 */
export function parseEcosystemMapping(
  text: string,
  file: string,
  nace: NaceClassification,
): EcosystemMapping {
  const entries: MappingEntry[] = [];
  const weightByDivision = new Map<string, number>();
  for (const { line, values } of parseCsvRecords(text, file, ['nace_r2', 'ecosystem', 'weight'])) {
    const parsed = mappingRow.safeParse(values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue?.path[0] ?? '');
      throw new InputError(
        { file, line, field },
        `"${values[field] ?? ''}" ${issue?.message ?? 'is invalid'}`,
      );
    }
    const { nace_r2: division, weight } = parsed.data;
    if (!nace.divisions.has(division)) {
      throw new InputError({ file, line, field: 'nace_r2' }, `unknown NACE division "${division}"`);
    }
    const ecosystem = canonicalEcosystem(parsed.data.ecosystem);
    if (!ecosystem) {
      throw new InputError(
        { file, line, field: 'ecosystem' },
        `"${parsed.data.ecosystem}" is not one of the 14 industrial ecosystems`,
      );
    }
    const total = (weightByDivision.get(division) ?? 0) + weight;
    if (total > 1 + 1e-9) {
      throw new InputError(
        { file, line, field: 'weight' },
        `the weights of ${division} add up to ${total}, more than 1`,
        'A division cannot count more than its whole employment',
      );
    }
    weightByDivision.set(division, total);
    entries.push({ division, ecosystem, weight });
  }
  return buildMapping(entries);
}
