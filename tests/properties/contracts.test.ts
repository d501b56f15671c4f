import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseEcosystemMapping } from '../../lib/classifications/referenceFiles.ts';
import { parseClusterOrganisationsCsv, parseClusterOrganisationsJson } from '../../lib/clusters/parse.ts';
import { DEFAULT_CONFIG_DOCUMENT, parseConfig } from '../../lib/config/configuration.ts';
import { parseJsonText } from '../../lib/jsonText.ts';
import { parsePolicyFacts } from '../../lib/policy/parse.ts';
import { NASTY, naceStructure, outcome, ROOT, RUNS } from './support.ts';

const read = (...p: string[]) => readFileSync(join(ROOT, ...p), 'utf8');
const ORGS_CSV = read('data', 'sample', 'eccp', 'cluster_organisations.csv')
  .split('\n')
  .slice(0, 6)
  .join('\n');
const POLICY = read('data', 'sample', 'policy', 'BE.json');
const MAPPING = read('data', 'reference', 'nace2_to_ecosystem_v0.csv').split('\n').slice(0, 30).join('\n');

const edits = (text: string) =>
  fc
    .array(
      fc.record({ at: fc.nat({ max: text.length }), insert: fc.boolean(), with: fc.constantFrom(...NASTY) }),
      {
        minLength: 1,
        maxLength: 3,
      },
    )
    .map((es) => {
      let s = text;
      for (const e of es) {
        const at = Math.min(e.at, s.length);
        s = s.slice(0, at) + e.with + s.slice(e.insert ? at : at + 1);
      }
      return s;
    });

/** A JSON document with one value somewhere replaced by an arbitrary JSON value (or a key repeated). */
function jsonMutations(doc: unknown) {
  const paths: Array<Array<string | number>> = [];
  const walk = (v: unknown, path: Array<string | number>) => {
    paths.push(path);
    if (Array.isArray(v)) {
      for (const [i, x] of v.entries()) walk(x, [...path, i]);
    } else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k]);
  };
  walk(doc, []);
  return fc
    .tuple(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 2 }), fc.boolean())
    .map(([path, value, dup]) => {
      const copy = structuredClone(doc) as Record<string | number, unknown>;
      if (path.length === 0) return JSON.stringify(value);
      let at: Record<string | number, unknown> = copy;
      for (const p of path.slice(0, -1)) at = at[p] as Record<string | number, unknown>;
      at[path.at(-1) as string | number] = value;
      const text = JSON.stringify(copy);
      // A repeated key, which JSON.parse would accept silently.
      return dup ? text.replace(/^\{"([^"]+)":/, '{"$1":null,"$1":') : text;
    });
}

describe('contracts on generated and mutated inputs: a typed error or a valid result, never a crash', () => {
  it(`organisations CSV (${RUNS.contract} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(edits(ORGS_CSV), async (text) => {
        await outcome(async () => parseClusterOrganisationsCsv(text, 'synthetic_organisations.csv'));
      }),
      { numRuns: RUNS.contract },
    );
  });

  it(`organisations JSON (${RUNS.contract} cases)`, async () => {
    const doc = {
      organisations: [{ id: 'o1', name: 'n', country: 'BE', city: 'Gent', ecosystems: ['Digital'] }],
    };
    await fc.assert(
      fc.asyncProperty(jsonMutations(doc), async (text) => {
        await outcome(async () => parseClusterOrganisationsJson(text, 'synthetic_organisations.json'));
      }),
      { numRuns: RUNS.contract },
    );
  });

  it(`policy facts (${RUNS.contract} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(jsonMutations(JSON.parse(POLICY)), edits(POLICY)), async (text) => {
        const err = await outcome(async () => parsePolicyFacts(text, 'policy/BE.json'));
        if (!err) {
          const facts = parsePolicyFacts(text, 'policy/BE.json');
          expect(facts.country).toBe('BE');
          for (const p of facts.policies)
            if (p.endYear !== undefined) expect(p.endYear).toBeGreaterThanOrEqual(p.startYear);
        }
      }),
      { numRuns: RUNS.contract },
    );
  });

  it(`ecosystem mapping (${RUNS.contract} cases)`, async () => {
    const nace = await naceStructure();
    await fc.assert(
      fc.asyncProperty(edits(MAPPING), async (text) => {
        await outcome(async () => parseEcosystemMapping(text, 'mapping/nace2_to_ecosystem.csv', nace));
      }),
      { numRuns: RUNS.contract },
    );
  });

  it(`configuration (${RUNS.contract} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(jsonMutations(DEFAULT_CONFIG_DOCUMENT), async (text) => {
        await outcome(async () =>
          parseConfig(parseJsonText(text, 'pipeline.config.json'), 'pipeline.config.json'),
        );
      }),
      { numRuns: RUNS.contract },
    );
  });
});
