import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors.ts';
import {
  eurostatFileOf,
  eurostatFormat,
  eurostatFormatOfName,
  formatOfStored,
  otherInputOf,
  otherInputs,
} from '../../lib/model/inputLayout.ts';

describe('the input layout: what an input file is, decided once', () => {
  describe('Eurostat sources', () => {
    it('reads the format from the name, gzipped or not', () => {
      expect(eurostatFormatOfName('lfsa_egan22d.tsv.gz')).toBe('tsv');
      expect(eurostatFormatOfName('lfsa_egan22d.tsv')).toBe('tsv');
      expect(eurostatFormatOfName('lfsa_egan22d.csv.gz')).toBe('sdmx-csv');
      expect(eurostatFormatOfName('lfsa_egan22d.csv')).toBe('sdmx-csv');
      expect(eurostatFormatOfName('lfsa_egan22d.json')).toBe('json-stat');
      expect(eurostatFormatOfName('lfsa_egan22d.txt')).toBeUndefined();
    });

    it('lets the configured format win over the name, and refuses a name that says nothing', () => {
      expect(eurostatFormat('nationalByDivision', 'x.txt', 'sdmx-csv')).toBe('sdmx-csv');
      expect(() => eurostatFormat('nationalByDivision', 'x.txt', undefined)).toThrow(
        'cannot tell the format of x.txt from its name; set sources.nationalByDivision.format',
      );
    });

    it('finds the one file of a dataset, and refuses none or the same dataset given twice', () => {
      expect(
        eurostatFileOf(
          'lfsa_egan22d',
          ['lfsa_egan22d.csv', 'other.tsv'],
          'nationalByDivision',
          'in/eurostat',
        ),
      ).toBe('lfsa_egan22d.csv');
      expect(() =>
        eurostatFileOf('lfsa_egan22d', ['other.tsv'], 'nationalByDivision', 'in/eurostat'),
      ).toThrow(/no file for the nationalByDivision source \(dataset lfsa_egan22d\) in in\/eurostat/);
      expect(() =>
        eurostatFileOf(
          'lfsa_egan22d',
          ['lfsa_egan22d.csv', 'lfsa_egan22d.json'],
          'nationalByDivision',
          'in/eurostat',
        ),
      ).toThrow(
        'in/eurostat has several files for lfsa_egan22d (lfsa_egan22d.csv, lfsa_egan22d.json): keep one',
      );
    });
  });

  describe('the other inputs (eccp/, policy/, mapping/; an input directory or the bucket inbox/)', () => {
    it('names role, short name and format of every input it knows', () => {
      expect(otherInputOf('eccp/cluster_organisations.json')).toEqual({
        path: 'eccp/cluster_organisations.json',
        role: 'clusterOrganisations',
        name: 'cluster_organisations',
        format: 'json',
      });
      expect(otherInputOf('eccp/synthetic_consortia.csv')).toMatchObject({
        role: 'consortia',
        name: 'consortia',
        format: 'csv',
      });
      expect(otherInputOf('policy/BE.json')).toMatchObject({ role: 'policy', name: 'BE', format: 'json' });
      expect(otherInputOf('mapping/nace2_to_ecosystem.csv')).toMatchObject({
        role: 'mapping',
        format: 'csv',
      });
    });

    it('leaves alone what is no input', () => {
      for (const path of [
        'eccp/notes.txt',
        'policy/BE.csv',
        'policy/sub/BE.json',
        'mapping/other.csv',
        'README.md',
      ])
        expect(otherInputOf(path)).toBeUndefined();
    });

    it('refuses the organisations, the consortia or the mapping given twice (.csv and .json)', () => {
      expect(() =>
        otherInputs(['eccp/cluster_organisations.csv', 'eccp/cluster_organisations.json'], 'inbox/'),
      ).toThrow(
        new ConfigError(
          'inbox/ has eccp/cluster_organisations.csv and eccp/cluster_organisations.json (both clusterOrganisations): keep one',
        ),
      );
      expect(() => otherInputs(['eccp/consortia.csv', 'eccp/synthetic_consortia.csv'], 'in')).toThrow(
        /both consortia/,
      );
    });

    it('keeps every policy file, sorted by path', () => {
      expect(
        otherInputs(['policy/FR.json', 'policy/BE.json', 'eccp/x.csv'], 'in').map((i) => i.path),
      ).toEqual(['policy/BE.json', 'policy/FR.json']);
    });
  });

  describe('a stored raw object', () => {
    it('is read in the format that travelled with it', () => {
      expect(
        formatOfStored({
          role: 'nationalByDivision',
          path: 'eurostat/lfsa_egan22d.tsv.gz',
          format: 'sdmx-csv',
        }),
      ).toBe('sdmx-csv');
    });

    it('recorded before the format travelled, is read as its role and name say', () => {
      expect(formatOfStored({ role: 'nationalByDivision', path: 'eurostat/lfsa_egan22d.csv.gz' })).toBe(
        'sdmx-csv',
      );
      expect(formatOfStored({ role: 'regionalTotal', path: 'eurostat/lfst_r_lfe2emp.json' })).toBe(
        'json-stat',
      );
      expect(formatOfStored({ role: 'clusterOrganisations', path: 'eccp/cluster_organisations.json' })).toBe(
        'json',
      );
      expect(formatOfStored({ role: 'policy', path: 'policy/BE.json' })).toBe('json');
      expect(formatOfStored({ role: 'mapping', path: 'mapping/nace2_to_ecosystem.csv' })).toBe('csv');
    });
  });
});
