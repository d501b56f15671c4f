import { describe, expect, it } from 'vitest';
import { datasetUrl } from '../../../lib/eurostat/fetch/client.ts';
import { asyncDataUrl, asyncStatusUrl, bulkUrl, catalogueUrl } from '../../../lib/eurostat/fetch/urls.ts';

const BASE = 'https://ec.europa.eu/eurostat/';
const FILTERS = { unit: 'THS_PER', sex: 'T', age: 'Y_GE15', geo: ['BE', 'EU27_2020'] };
const KEY_ORDER = ['freq', 'unit', 'sex', 'age', 'nace_r2', 'geo'];

describe('datasetUrl', () => {
  it('asks SDMX 2.1 for the whole dataset (no key) when no keyOrder is given', () => {
    expect(datasetUrl({ dataset: 'lfsa_egan22d', format: 'tsv', filters: FILTERS }, BASE)).toBe(
      'https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/data/lfsa_egan22d?format=TSV&compressed=true',
    );
  });

  it('builds the SDMX key in keyOrder: values joined by +, dots between dimensions, empty slots as wildcards', () => {
    expect(
      datasetUrl({ dataset: 'lfsa_egan22d', format: 'tsv', filters: FILTERS, keyOrder: KEY_ORDER }, BASE),
    ).toBe(
      'https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/data/lfsa_egan22d/.THS_PER.T.Y_GE15..BE+EU27_2020?format=TSV&compressed=true',
    );
  });

  it('asks for SDMX-CSV and adds startPeriod', () => {
    expect(
      datasetUrl(
        {
          dataset: 'lfst_r_lfe2emp',
          format: 'sdmx-csv',
          filters: { sex: 'T' },
          keyOrder: ['freq', 'sex'],
          startPeriod: 2015,
        },
        BASE,
      ),
    ).toBe(
      'https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/data/lfst_r_lfe2emp/.T?format=SDMX-CSV&compressed=true&startPeriod=2015',
    );
  });

  it('asks the statistics API for JSON-stat with lang=EN, format=JSON, one parameter per value, and sinceTimePeriod', () => {
    expect(
      datasetUrl({ dataset: 'lfsa_egan22d', format: 'json-stat', filters: FILTERS, startPeriod: 2019 }, BASE),
    ).toBe(
      'https://ec.europa.eu/eurostat/api/dissemination/statistics/1.0/data/lfsa_egan22d?lang=EN&format=JSON&age=Y_GE15&geo=BE&geo=EU27_2020&sex=T&unit=THS_PER&sinceTimePeriod=2019',
    );
  });

  it('refuses a filter on a dimension that keyOrder does not list', () => {
    expect(() =>
      datasetUrl(
        { dataset: 'lfsa_egan22d', format: 'tsv', filters: { sexx: 'T' }, keyOrder: KEY_ORDER },
        BASE,
      ),
    ).toThrow(/filter on "sexx", which is not in keyOrder/);
  });

  it('refuses a dataset code that is not one (it ends up in a URL and a storage key)', () => {
    expect(() => datasetUrl({ dataset: '../etc', format: 'tsv', filters: {} }, BASE)).toThrow(
      /not a Eurostat dataset code/,
    );
  });
});

describe('the other Eurostat URLs', () => {
  it('bulk download: whole dataset, gzipped TSV', () => {
    expect(bulkUrl('lfsa_egan22d', BASE)).toBe(
      'https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/data/lfsa_egan22d?format=TSV&compressed=true',
    );
  });

  it('async status and data', () => {
    expect(asyncStatusUrl('k-1', BASE)).toBe(
      'https://ec.europa.eu/eurostat/api/dissemination/1.0/async/status/k-1',
    );
    expect(asyncDataUrl('k-1', BASE)).toBe(
      'https://ec.europa.eu/eurostat/api/dissemination/1.0/async/data/k-1',
    );
  });

  it('catalogue TOC in TXT', () => {
    expect(catalogueUrl(BASE)).toBe(
      'https://ec.europa.eu/eurostat/api/dissemination/catalogue/toc/txt?lang=en',
    );
  });
});
