import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJsonStat } from '../../lib/eurostat/parse/jsonStat.ts';
import { splitLines } from '../../lib/eurostat/parse/observations.ts';
import { readSdmxCsv } from '../../lib/eurostat/parse/sdmxCsv.ts';
import { readEurostatTsv } from '../../lib/eurostat/parse/tsv.ts';
import { MINI_NATIONAL } from '../helpers/miniInput.ts';
import { chunksOf, cubeBuilder, NASTY, outcome, RUNS } from './support.ts';

const TSV = `${MINI_NATIONAL.join('\n')}\n`;

/** The mini national data as SDMX-CSV (synthetic figures). */
const SDMX = [
  'DATAFLOW,LAST UPDATE,freq,unit,sex,age,nace_r2,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG',
  ...MINI_NATIONAL.slice(1).flatMap((line) => {
    const [key, v2022, v2023] = line.split('\t') as [string, string, string];
    return [
      ['2022', v2022],
      ['2023', v2023],
    ].map(([year, cell]) => {
      const [value, flag] = (cell as string).split(' ');
      return `ESTAT:LFSA_EGAN22D(1.0),01/01/26 11:00:00,${key},${year},${value === ':' ? '' : value},${flag ?? ''}`;
    });
  }),
].join('\n');

/** A small JSON-stat 2.0 dataset (synthetic figures). */
function jsonStat(values: Array<number | null>): unknown {
  return {
    version: '2.0',
    class: 'dataset',
    updated: '2026-01-01',
    id: ['freq', 'unit', 'sex', 'age', 'nace_r2', 'geo', 'time'],
    size: [1, 1, 1, 1, 2, 2, 2],
    dimension: {
      freq: { category: { index: { A: 0 } } },
      unit: { category: { index: { THS_PER: 0 } } },
      sex: { category: { index: { T: 0 } } },
      age: { category: { index: { Y_GE15: 0 } } },
      nace_r2: { category: { index: { C21: 0, F41: 1 } } },
      geo: { category: { index: { BE: 0, EU27_2020: 1 } } },
      time: { category: { index: { '2022': 0, '2023': 1 } } },
    },
    value: values,
  };
}

/** A text with characters replaced, inserted or deleted at random places. */
const mutated = (text: string) =>
  fc
    .array(
      fc.record({
        at: fc.nat({ max: text.length }),
        kind: fc.constantFrom('replace', 'insert', 'delete'),
        with: fc.constantFrom(...NASTY),
      }),
      { minLength: 1, maxLength: 4 },
    )
    .map((edits) => {
      let s = text;
      for (const e of edits) {
        const at = Math.min(e.at, s.length);
        if (e.kind === 'insert') s = s.slice(0, at) + e.with + s.slice(at);
        else if (e.kind === 'delete') s = s.slice(0, at) + s.slice(at + 1);
        else s = s.slice(0, at) + e.with + s.slice(at + 1);
      }
      return s;
    });

/** Every value a successful parse kept is a finite number ≥ 0 or missing. */
function allFinite(cube: Awaited<ReturnType<typeof cubeBuilder>>): void {
  for (const byActivity of cube.build().cells.values())
    for (const byTime of byActivity.values())
      for (const cell of byTime.values())
        if (cell.value !== null) expect(Number.isFinite(cell.value) && cell.value >= 0).toBe(true);
}

describe('Eurostat parsers on mutated inputs: a typed error or finite values, never a crash or a hang', () => {
  it(`TSV (${RUNS.parser} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(mutated(TSV), async (text) => {
        const builder = await cubeBuilder();
        const err = await outcome(() =>
          readEurostatTsv(splitLines(chunksOf(text)), 'synthetic.tsv', builder),
        );
        if (!err) allFinite(builder);
      }),
      { numRuns: RUNS.parser },
    );
  });

  it(`SDMX-CSV (${RUNS.parser} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(mutated(SDMX), async (text) => {
        const builder = await cubeBuilder();
        const err = await outcome(() => readSdmxCsv(chunksOf(text), 'synthetic.csv', builder));
        if (!err) allFinite(builder);
      }),
      { numRuns: RUNS.parser },
    );
  });

  it(`JSON-stat, mutated text (${RUNS.parser} cases)`, async () => {
    const text = JSON.stringify(jsonStat([1, 2, 3, 4, 5, 6, 7, 8]));
    await fc.assert(
      fc.asyncProperty(mutated(text), async (t) => {
        const builder = await cubeBuilder();
        const err = await outcome(() => readJsonStat(chunksOf(t), 'synthetic.json', builder));
        if (!err) allFinite(builder);
      }),
      { numRuns: RUNS.parser },
    );
  });

  it(`JSON-stat, generated values including 1e400 and negatives (${RUNS.parser} cases)`, async () => {
    const value = fc.oneof(fc.constant(null), fc.double(), fc.constantFrom(0, -1, 1e308));
    await fc.assert(
      fc.asyncProperty(
        fc.array(value, { minLength: 0, maxLength: 10 }),
        fc.boolean(),
        async (values, huge) => {
          let text = JSON.stringify(jsonStat(values));
          if (huge) text = text.replace(/"value":\[/, '"value":[1e400,');
          const builder = await cubeBuilder();
          const err = await outcome(() => readJsonStat(chunksOf(text), 'synthetic.json', builder));
          if (!err) allFinite(builder);
        },
      ),
      { numRuns: RUNS.parser },
    );
  });
});
