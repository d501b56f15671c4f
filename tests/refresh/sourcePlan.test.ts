import { describe, expect, it } from 'vitest';
import type { SourceState } from '../../lib/model/sourceState.ts';
import {
  checkStructure,
  headerDimensions,
  planSource,
  StructureChangeError,
} from '../../lib/refresh/sourcePlan.ts';

const STATE: SourceState = {
  dataset: 'lfsa_egan22d',
  key: 'raw/eurostat/lfsa_egan22d/abc.tsv.gz',
  hash: `sha256:${'a'.repeat(64)}`,
  bytes: 10,
  path: 'eurostat/lfsa_egan22d.tsv.gz',
  format: 'tsv',
  lastDataUpdate: '2026-11-20',
  lastStructureChange: '2024-02-01',
  etag: '"v1"',
  lastModified: null,
  dimensions: ['freq', 'unit', 'sex', 'age', 'nace_r2', 'geo'],
  fetchedAt: '2026-11-20T12:30:00Z',
};
const SAME = { lastDataUpdate: '2026-11-20', lastStructureChange: '2024-02-01' };

describe('planSource', () => {
  it('reuses the stored bytes when the catalogue dates are those seen last time', () => {
    expect(planSource('lfsa_egan22d', SAME, STATE, false).action).toBe('reuse');
  });

  it('fetches when Eurostat updated the data', () => {
    const plan = planSource('lfsa_egan22d', { ...SAME, lastDataUpdate: '2026-11-27' }, STATE, false);
    expect(plan).toEqual({ action: 'fetch', reason: 'data updated 2026-11-20 → 2026-11-27' });
  });

  it('fetches when the structure changed', () => {
    const plan = planSource('lfsa_egan22d', { ...SAME, lastStructureChange: '2026-11-27' }, STATE, false);
    expect(plan.action).toBe('fetch');
    expect(plan.reason).toMatch(/^structure changed/);
  });

  it('fetches a source never fetched before', () => {
    expect(planSource('lfsa_egan22d', SAME, undefined, false)).toEqual({
      action: 'fetch',
      reason: 'never fetched',
    });
  });

  it('fetches when forced, even if nothing changed', () => {
    expect(planSource('lfsa_egan22d', SAME, STATE, true).action).toBe('fetch');
  });

  it('asks the server with the stored validators when the catalogue does not list the dataset', () => {
    expect(planSource('lfsa_egan22d', undefined, STATE, false)).toMatchObject({
      action: 'fetch',
      validators: { etag: '"v1"' },
    });
  });
});

describe('checkStructure', () => {
  it('accepts the same dimensions in the same order', () => {
    expect(() => checkStructure('d', ['unit', 'geo'], ['unit', 'geo'])).not.toThrow();
  });

  it('stops on a new dimension, naming it', () => {
    const error = (() => {
      try {
        checkStructure('d', ['unit', 'geo'], ['unit', 'wstatus', 'geo']);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(StructureChangeError);
    expect((error as Error).message).toMatch(/new: wstatus/);
  });

  it('stops on a missing dimension, naming it', () => {
    expect(() => checkStructure('d', ['unit', 'sex', 'geo'], ['unit', 'geo'])).toThrow(/gone: sex/);
  });

  it('has nothing to compare on a first fetch', () => {
    expect(() => checkStructure('d', null, ['unit', 'geo'])).not.toThrow();
  });
});

describe('headerDimensions', () => {
  it('reads the dimensions of a current-layout TSV header', () => {
    expect(headerDimensions('freq,unit,sex,age,geo\\TIME_PERIOD\t2010 \t2011 ', 'tsv')).toEqual([
      'freq',
      'unit',
      'sex',
      'age',
      'geo',
    ]);
  });

  it('reads the dimensions of a pre-2023 TSV header', () => {
    expect(headerDimensions('unit,nace_r2,age,geo\\time\t2015 \t2014 ', 'tsv')).toEqual([
      'unit',
      'nace_r2',
      'age',
      'geo',
    ]);
  });

  it('reads the dimension columns of an SDMX-CSV header', () => {
    const header = 'DATAFLOW,LAST UPDATE,freq,unit,geo,TIME_PERIOD,OBS_VALUE,OBS_FLAG';
    expect(headerDimensions(header, 'sdmx-csv')).toEqual(['freq', 'unit', 'geo']);
  });
});
