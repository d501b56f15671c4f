import { describe, expect, it } from 'vitest';
import { InputError } from '../../lib/errors.ts';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import { parseInputs } from '../../lib/refresh/parseInputs.ts';
import { computeTables } from '../../lib/tables/compute.ts';
import { rejection } from '../helpers/faults.ts';
import { MINI_NATIONAL, MINI_REGIONAL, miniInput } from '../helpers/miniInput.ts';

async function tablesOf(o: Parameters<typeof miniInput>[0]) {
  const inputs = await loadInputDirectory(await miniInput(o));
  return computeTables(await parseInputs(inputs), inputs.config);
}

describe('bad input is refused before anything is published', () => {
  it('refuses a geo code no bundled NUTS list knows (ZZ99), naming file, line and code', async () => {
    const regional = [...MINI_REGIONAL, 'A,THS_PER,T,Y_GE15,C21,ZZ99\t1.0 \t1.0 '];
    const err = await rejection(tablesOf({ regional }));
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/lfst_r_lfe2en2\.tsv:14 field "geo": unknown geo code "ZZ99"/);
  });

  it('refuses BE99, whose NUTS 1 parent BE9 no bundled list has, and accepts the mini input codes', async () => {
    const regional = [...MINI_REGIONAL, 'A,THS_PER,T,Y_GE15,C21,BE99\t1.0 \t1.0 '];
    expect(await rejection(tablesOf({ regional }))).toBeInstanceOf(InputError);
    await expect(tablesOf({})).resolves.toBeDefined();
  });

  it('refuses a benchmark with no rows and no member with data in the national source', async () => {
    const national = MINI_NATIONAL.filter((l) => !l.includes('EU27_2020')).map((l) =>
      l.replace(/,BE\t/, ',NO\t'),
    );
    const err = await rejection(tablesOf({ national }));
    expect((err as Error).message).toMatch(/no figures for the benchmark EU27_2020 in \d{4}/);
  });

  it('publishes no benchmark shares, with a notice naming them, when members have no data that year', async () => {
    // Only Belgium of the 27 has national rows: the other members are absent, so EU27_2020 cannot be summed.
    const national = MINI_NATIONAL.filter((l) => !l.includes('EU27_2020'));
    const tables = await tablesOf({ national });
    expect(tables.ecosystemEmployment.filter((r) => r.benchmarkShare !== null)).toEqual([]);
    expect(tables.notices.map((n) => n.message).join('\n')).toMatch(
      /EU27_2020 has no figures: members with no data that year: AT, BG, .*MT/,
    );
  });

  it('refuses an empty TSV cell (a missing value is ":")', async () => {
    const national = MINI_NATIONAL.map((l, i) => (i === 1 ? l.replace('\t21.0 ', '\t') : l));
    const err = await rejection(tablesOf({ national }));
    expect((err as Error).message).toMatch(/lfsa_egan22d\.tsv:2 .*empty cell/);
  });

  it('refuses a cell that is not a finite number (1e400)', async () => {
    const national = MINI_NATIONAL.map((l, i) => (i === 1 ? l.replace('21.0 ', '1e400 ') : l));
    const err = await rejection(tablesOf({ national }));
    expect((err as Error).message).toMatch(/1e400 is too large to be a number/);
  });

  it('says in a notice that a header-only organisations file has no organisations', async () => {
    const { CSV_COLUMNS } = await import('../../lib/clusters/contract.ts');
    const tables = await tablesOf({
      extra: { 'eccp/cluster_organisations.csv': `${CSV_COLUMNS.join(',')}\n` },
    });
    expect(tables.notices.map((n) => n.message).join('\n')).toMatch(/has no organisations \(a header only/);
  });
});
