import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { FetchOptions } from '../../../lib/eurostat/fetch/client.ts';

export const SAMPLE = join(import.meta.dirname, '..', '..', '..', 'data', 'sample', 'eurostat');
/** SYNTHETIC national employment by NACE division (data/sample/PROVENANCE.md), gzipped TSV. */
export const SYNTHETIC_TSV_GZ = join(SAMPLE, 'synthetic_lfsa_egan22d.tsv.gz');
/** Real regional total employment (lfst_r_lfe2emp), plain TSV. */
export const REAL_TSV = join(SAMPLE, 'lfst_r_lfe2emp.tsv');

/** SYNTHETIC SDMX-CSV body in Eurostat's column layout (values invented). */
export const SYNTHETIC_SDMX_CSV = [
  'DATAFLOW,LAST UPDATE,freq,unit,sex,age,nace_r2,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG',
  'ESTAT:SYNTH_EGAN22D(1.0),10/04/24 23:00:00,A,THS_PER,T,Y_GE15,C20,BE,2022,19.8,',
  'ESTAT:SYNTH_EGAN22D(1.0),10/04/24 23:00:00,A,THS_PER,T,Y_GE15,C20,BE,2023,20.1,p',
  '',
].join('\n');

/** SYNTHETIC JSON-stat 2.0 body in the statistics API's shape (values invented). */
export const SYNTHETIC_JSON_STAT = JSON.stringify({
  version: '2.0',
  class: 'dataset',
  label: 'SYNTHETIC test body',
  source: 'SYNTHETIC (not ESTAT)',
  updated: '2024-04-10T23:00:00+0200',
  id: ['geo', 'time'],
  size: [1, 2],
  dimension: {
    geo: { label: 'geo', category: { index: { BE: 0 }, label: { BE: 'Belgium' } } },
    time: {
      label: 'time',
      category: { index: { '2022': 0, '2023': 1 }, label: { '2022': '2022', '2023': '2023' } },
    },
  },
  value: { '0': 19.8, '1': 20.1 },
});

/** Every file under `root`, relative paths, sorted (empty folders are not listed). */
export async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

export function tempRoot(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'eurostat-sink-'));
}

/**
 * A clock that only `sleep` moves, and the delays asked of it: retries and polls take no real time.
 */
export function fakeTime(start = Date.parse('2024-04-10T09:00:00Z')) {
  let now = start;
  const delays: number[] = [];
  return {
    delays,
    now: () => now,
    sleep: async (ms: number) => {
      delays.push(ms);
      now += ms;
    },
  };
}

/** Client options for tests: small limits and an injected clock. */
export function testOptions(
  baseUrl: string,
  time: ReturnType<typeof fakeTime>,
  extra: Partial<FetchOptions> = {},
): FetchOptions {
  return {
    baseUrl,
    timeoutMs: 1_000,
    stallMs: 200,
    maxBytes: 10 * 1024 * 1024,
    asyncPollMs: 50,
    asyncMaxWaitMs: 1_000,
    ...extra,
    retry: {
      maxAttempts: 3,
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      budgetMs: 60_000,
      sleep: time.sleep,
      now: time.now,
      ...extra.retry,
    },
  };
}
