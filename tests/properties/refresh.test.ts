import * as fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FsSnapshotStore } from '../../lib/fs/fsSnapshotStore.ts';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import { parseInputs } from '../../lib/refresh/parseInputs.ts';
import { refresh } from '../../lib/refresh/refresh.ts';
import { computeTables } from '../../lib/tables/compute.ts';
import { MINI_NATIONAL, MINI_REGIONAL, miniInput, tempDir } from '../helpers/miniInput.ts';
import { storeState, strictInvariantProblems } from '../helpers/storeInvariants.ts';
import { memoryInput, outcome, RUNS } from './support.ts';

type Inputs = Awaited<ReturnType<typeof loadInputDirectory>>;
let base: Inputs;
beforeAll(async () => {
  base = await loadInputDirectory(await miniInput());
});

/** A TSV cell: a value ≥ 0 (small to huge), `:`, flags. */
const cell = fc.oneof(
  fc.constant(': '),
  fc.constant(': c'),
  fc.double({ min: 0, max: 1e12, noNaN: true }).map((v) => `${Number(v.toPrecision(6))} `),
  fc.constantFrom('0 ', '0.0 b', '1e300 ', '5e-324 '),
);

/** The mini layout with every figure generated (synthetic). */
const tsv = (lines: readonly string[]) =>
  fc
    .array(fc.tuple(cell, cell), { minLength: lines.length - 1, maxLength: lines.length - 1 })
    .map((cells) =>
      [
        lines[0],
        ...lines.slice(1).map((l, i) => `${l.split('\t')[0]}\t${cells[i]?.[0]}\t${cells[i]?.[1]}`),
      ].join('\n'),
    );

function withEurostat(national: string, regional: string): Inputs {
  return {
    ...base,
    eurostat: {
      nationalByDivision: {
        ...memoryInput('eurostat/lfsa_egan22d.tsv', national, 'nationalByDivision', 'lfsa_egan22d'),
        format: 'tsv',
      },
      regionalByActivity: {
        ...memoryInput('eurostat/lfst_r_lfe2en2.tsv', regional, 'regionalByActivity', 'lfst_r_lfe2en2'),
        format: 'tsv',
      },
    },
  };
}

/** Every number anywhere in the tables is finite. */
function finiteEverywhere(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(finiteEverywhere);
  if (value && typeof value === 'object') return Object.values(value).every(finiteEverywhere);
  return true;
}

describe('refresh properties', () => {
  it(`computeTables on generated cubes has no non-finite number in any table (${RUNS.tables} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(tsv(MINI_NATIONAL), tsv(MINI_REGIONAL), async (national, regional) => {
        const inputs = withEurostat(national, regional);
        await outcome(async () => {
          const tables = computeTables(await parseInputs(inputs), inputs.config);
          expect(finiteEverywhere(tables)).toBe(true);
        });
      }),
      { numRuns: RUNS.tables },
    );
  });

  it(`a failed run never moves latest: one bad cell among good inputs (${RUNS.refresh} cases)`, async () => {
    const out = await tempDir();
    const store = new FsSnapshotStore(out);
    const first = await refresh({
      inputs: base,
      store,
      now: new Date('2026-01-01T00:00:00Z'),
      codeVersion: 'prop',
    });
    const bad = fc.constantFrom('1e400 ', ' ', 'abc ', '-1 ', '12 C', '\u0000 ');
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.nat({ max: 7 }),
        bad,
        fc.nat({ max: 1 }),
        async (inNational, row, value, col) => {
          const lines = [...(inNational ? MINI_NATIONAL : MINI_REGIONAL)];
          const at = 1 + (row % (lines.length - 1));
          const parts = (lines[at] as string).split('\t');
          parts[1 + col] = value;
          lines[at] = parts.join('\t');
          const text = lines.join('\n');
          const inputs = inNational
            ? withEurostat(text, MINI_REGIONAL.join('\n'))
            : withEurostat(MINI_NATIONAL.join('\n'), text);
          const err = await outcome(() =>
            refresh({ inputs, store, now: new Date(), codeVersion: 'prop', force: true }),
          );
          expect(err).toBeDefined();
          expect((await storeState(out)).latest).toBe(first.version);
          expect(await strictInvariantProblems(out)).toEqual([]);
        },
      ),
      { numRuns: RUNS.refresh },
    );
  });
});
