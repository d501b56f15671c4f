import { describe, expect, it } from 'vitest';
import type { ClusterOrganisationsRead, RowRejection } from '../../lib/clusters/parse.ts';
import { enforceRejectedShare, rejectionNotices } from '../../lib/clusters/rejections.ts';
import { DEFAULT_CONFIG_DOCUMENT, parseConfig } from '../../lib/config/configuration.ts';
import { ConfigError, InputError } from '../../lib/errors.ts';
import { thrown } from '../helpers/thrown.ts';

const FILE = 'eccp/cluster_organisations.csv';

/** A reading of `total` rows of which `rejected` were rejected (rows 2, 3, … with a bad country). */
function reading(total: number, rejected: number): ClusterOrganisationsRead {
  const rejections: RowRejection[] = Array.from({ length: rejected }, (_, i) => ({
    file: FILE,
    row: i + 2,
    rowIs: 'line',
    field: 'country',
    reason: `bad country ${i + 1}`,
  }));
  return { file: FILE, total, organisations: [], rejections };
}

describe('enforceRejectedShare', () => {
  it('lets a run go on when the rejected share is exactly the limit', () => {
    // 1 of 20 = 0.05
    expect(() => enforceRejectedShare(reading(20, 1), 0.05)).not.toThrow();
  });

  it('fails the run when the rejected share is above the limit', () => {
    // 2 of 20 = 0.1 > 0.05
    expect(() => enforceRejectedShare(reading(20, 2), 0.05)).toThrow(InputError);
  });

  it('says how many rows were rejected, the share and the limit, naming the file', () => {
    const err = thrown(() => enforceRejectedShare(reading(20, 2), 0.05));
    expect(err.location).toEqual({ file: FILE });
    expect(err.reason).toBe(
      '2 of 20 rows were rejected (10 %), more than eccp.maxRejectedShare allows (0.05 = 5 %)',
    );
  });

  it('lists the first 10 rejections as file:row field: reason and counts the rest', () => {
    const err = thrown(() => enforceRejectedShare(reading(40, 12), 0.05));
    // rows 2..11 listed, rows 12 and 13 counted
    expect(err.message).toContain(`${FILE}:2 country: bad country 1`);
    expect(err.message).toContain(`${FILE}:11 country: bad country 10`);
    expect(err.message).not.toContain(`${FILE}:12 country`);
    expect(err.message).toContain('… and 2 more');
  });

  it('says how to fix it: correct the rows or raise eccp.maxRejectedShare', () => {
    const err = thrown(() => enforceRejectedShare(reading(20, 2), 0.05));
    expect(err.hint).toMatch(/Correct these rows in the file, or raise eccp\.maxRejectedShare/);
  });

  it('accepts no rejection at all with a limit of 0', () => {
    expect(() => enforceRejectedShare(reading(1000, 1), 0)).toThrow(InputError);
    expect(() => enforceRejectedShare(reading(1000, 0), 0)).not.toThrow();
  });

  it('lets an empty file through', () => {
    expect(() => enforceRejectedShare(reading(0, 0), 0)).not.toThrow();
  });
});

describe('rejectionNotices', () => {
  const report = (total: number, rejected: number) => ({
    ...reading(total, rejected),
    maxRejectedShare: 0.5,
  });

  it('gives no notice when no row was rejected', () => {
    expect(rejectionNotices(report(10, 0))).toEqual([]);
  });

  it('summarises the rejections on the cluster_organisations table', () => {
    const [summary] = rejectionNotices(report(10, 1));
    expect(summary).toEqual({
      table: 'cluster_organisations',
      message: `1 of 10 rows of ${FILE} were rejected (10 %, limit 50 %) and left out of cluster_organisations and member_composition`,
    });
  });

  it('lists each rejection as a notice', () => {
    const notices = rejectionNotices(report(10, 2));
    expect(notices.slice(1)).toEqual([
      { table: 'cluster_organisations', message: `rejected ${FILE}:2 country: bad country 1` },
      { table: 'cluster_organisations', message: `rejected ${FILE}:3 country: bad country 2` },
    ]);
  });

  it('lists the first 20 rejections one by one, then counts the others', () => {
    const notices = rejectionNotices(report(100, 23));
    // summary + 20 listed + "… and 3 more"
    expect(notices).toHaveLength(22);
    expect(notices[20]?.message).toBe(`rejected ${FILE}:21 country: bad country 20`);
    expect(notices[21]?.message).toBe('… and 3 more rejected rows');
  });
});

describe('configuration: eccp', () => {
  const withEccp = (eccp: unknown) => parseConfig({ ...DEFAULT_CONFIG_DOCUMENT, eccp }, 'test.json');

  it('is optional', () => {
    expect(parseConfig(DEFAULT_CONFIG_DOCUMENT, 'test.json').eccp).toBeUndefined();
  });

  it('defaults maxRejectedShare to 0.05', () => {
    expect(withEccp({}).eccp).toEqual({ maxRejectedShare: 0.05 });
  });

  it('accepts a share between 0 and 1 and an https URL', () => {
    const url = 'https://reports.clustercollaboration.eu/export.csv';
    expect(withEccp({ maxRejectedShare: 0, url }).eccp).toEqual({ maxRejectedShare: 0, url });
    expect(withEccp({ maxRejectedShare: 1 }).eccp?.maxRejectedShare).toBe(1);
  });

  it('rejects a share outside [0, 1]', () => {
    expect(() => withEccp({ maxRejectedShare: 1.5 })).toThrow(
      /eccp\.maxRejectedShare: must be between 0 and 1/,
    );
    expect(() => withEccp({ maxRejectedShare: -0.1 })).toThrow(ConfigError);
  });

  it('rejects a URL that is not https', () => {
    expect(() => withEccp({ url: 'http://example.org/x.csv' })).toThrow(
      /eccp\.url: must be an https:\/\/ URL/,
    );
    expect(() => withEccp({ url: 'not a url' })).toThrow(ConfigError);
  });

  it('rejects unknown keys', () => {
    expect(() => withEccp({ maxRejected: 0.1 })).toThrow(ConfigError);
  });
});
