import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A tiny input directory in the documented layout, default configuration (no pipeline.config.json).
 * The figures are invented for tests (synthetic), in Eurostat's current TSV layout.
 */
export const MINI_NATIONAL = [
  'freq,unit,sex,age,nace_r2,geo\\TIME_PERIOD\t2022 \t2023 ',
  'A,THS_PER,T,Y_GE15,C21,BE\t20.0 \t21.0 ',
  'A,THS_PER,T,Y_GE15,C21,EU27_2020\t600.0 \t610.0 ',
  'A,THS_PER,T,Y_GE15,F41,BE\t100.0 \t101.0 ',
  'A,THS_PER,T,Y_GE15,F41,EU27_2020\t5000.0 \t5100.0 ',
  'A,THS_PER,T,Y_GE15,J61,BE\t30.0 \t31.0 b',
  'A,THS_PER,T,Y_GE15,J61,EU27_2020\t900.0 \t910.0 ',
  'A,THS_PER,T,Y_GE15,Q86,BE\t300.0 \t310.0 ',
  'A,THS_PER,T,Y_GE15,Q86,EU27_2020\t12000.0 \t12100.0 ',
];

export const MINI_REGIONAL = [
  'freq,unit,sex,age,nace_r2,geo\\TIME_PERIOD\t2022 \t2023 ',
  'A,THS_PER,T,Y_GE15,C21,BE10\t1.0 u\t2.0 u',
  'A,THS_PER,T,Y_GE15,C21,BE21\t10.0 \t10.0 ',
  'A,THS_PER,T,Y_GE15,C21,BE31\t9.0 \t9.0 ',
  'A,THS_PER,T,Y_GE15,C21,EU27_2020\t600.0 \t610.0 ',
  'A,THS_PER,T,Y_GE15,J61,BE10\t20.0 \t20.0 ',
  'A,THS_PER,T,Y_GE15,J61,BE21\t6.0 \t6.0 ',
  'A,THS_PER,T,Y_GE15,J61,BE31\t: c\t: c',
  'A,THS_PER,T,Y_GE15,J61,EU27_2020\t900.0 \t910.0 ',
  'A,THS_PER,T,Y_GE15,Q86,BE10\t78.0 \t79.0 ',
  'A,THS_PER,T,Y_GE15,Q86,BE21\t150.0 \t151.0 ',
  'A,THS_PER,T,Y_GE15,Q86,BE31\t80.0 \t80.0 ',
  'A,THS_PER,T,Y_GE15,Q86,EU27_2020\t12000.0 \t12100.0 ',
];

export interface MiniInputOptions {
  national?: string[];
  regional?: string[];
  /** Extra files: path relative to the input dir → content. */
  extra?: Record<string, string>;
}

export async function miniInput(options: MiniInputOptions = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'eucluster-in-'));
  await mkdir(join(dir, 'eurostat'));
  await writeFile(
    join(dir, 'eurostat', 'lfsa_egan22d.tsv'),
    `${(options.national ?? MINI_NATIONAL).join('\n')}\n`,
  );
  await writeFile(
    join(dir, 'eurostat', 'lfst_r_lfe2en2.tsv'),
    `${(options.regional ?? MINI_REGIONAL).join('\n')}\n`,
  );
  for (const [path, content] of Object.entries(options.extra ?? {})) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

export async function tempDir(prefix = 'eucluster-out-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}
