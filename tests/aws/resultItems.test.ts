import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchWriteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchConfig, generate } from '../../bench/generate.ts';
import { DYNAMODB_ITEM_LIMIT, itemSize, resultItems } from '../../lib/aws/resultItems.ts';
import { parseConfig } from '../../lib/config/configuration.ts';
import { loadInputDirectory } from '../../lib/fs/inputDirectory.ts';
import type { ComputedTables } from '../../lib/model/computedTables.ts';
import { parseInputs } from '../../lib/refresh/parseInputs.ts';
import { computeTables } from '../../lib/tables/compute.ts';
import { freshStorage } from '../helpers/localAws.ts';

const VERSION = '20260101T100000Z-000000000000';
const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Every year of the benchmark's SYNTHETIC input (bench/generate.ts, seeded): every EU27 NUTS2 region × 88
 * divisions × 15 years. Its selected slice is the same at 1×, 10× and 100× (those add only units and age
 * bands the filters drop), so its widest geography is the 100× input's.
 */
let tables: ComputedTables;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'eucluster-bench-items-'));
  await generate(1, dir, join(ROOT, 'data', 'reference'));
  await writeFile(join(dir, 'pipeline.config.json'), JSON.stringify(benchConfig('all')));
  const inputs = await loadInputDirectory(dir);
  tables = computeTables(await parseInputs(inputs), parseConfig(benchConfig('all'), 'bench'));
}, 180_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

const largest = (items: Array<Record<string, unknown>>) =>
  items.reduce((a, b) => (itemSize(b) > itemSize(a) ? b : a));

describe('result items of every year', () => {
  it('put each year of a geography in its own item, and what is not yearly in the version item', () => {
    const items = resultItems(VERSION, tables);
    const be1 = items.filter((i) => i.geo === 'BE1');
    expect(be1.map((i) => i.sk)).toEqual([`V#${VERSION}`, ...tables.years.map((y) => `V#${VERSION}#Y#${y}`)]);
    const [base, ...years] = be1;
    expect(base?.years).toEqual(tables.years);
    expect(base?.nodeHistory).toEqual(tables.nodeHistory.filter((r) => r.region === 'BE1'));
    expect(base?.locationQuotients).toBeUndefined();
    for (const item of years) {
      expect(item.locationQuotients).toEqual(
        tables.locationQuotients.rows().filter((r) => r.region === 'BE1' && r.year === item.year),
      );
    }
  });

  it('stay under 400 KB at 15 years × 88 divisions, the largest written to and read back from DynamoDB Local', async () => {
    expect(tables.years).toHaveLength(15);
    const items = resultItems(VERSION, tables);
    const biggest = [
      largest(items.filter((i) => i.years !== undefined)),
      largest(items.filter((i) => i.years === undefined)),
    ];
    for (const item of biggest) expect(itemSize(item)).toBeLessThan(DYNAMODB_ITEM_LIMIT);
    const { ddb, table } = await freshStorage();
    for (const Item of biggest) {
      await ddb.send(new PutCommand({ TableName: table, Item }));
      const back = await ddb.send(new GetCommand({ TableName: table, Key: { pk: Item.pk, sk: Item.sk } }));
      expect(back.Item).toEqual(Item);
    }
  }, 60_000);

  it('count sizes as DynamoDB Local does: an item just under the limit is taken, one just over refused', async () => {
    const { ddb, table } = await freshStorage();
    const padded = (size: number) => {
      const item = { pk: 'GEO#PAD', sk: `V#${VERSION}`, pad: '' };
      item.pad = 'x'.repeat(size - itemSize(item));
      return item;
    };
    await ddb.send(new PutCommand({ TableName: table, Item: padded(DYNAMODB_ITEM_LIMIT - 64) }));
    await expect(
      ddb.send(new PutCommand({ TableName: table, Item: padded(DYNAMODB_ITEM_LIMIT + 64) })),
    ).rejects.toThrow(/size/i);
  }, 60_000);

  it("serve a region's whole series in one query and every geography of a year from the index", async () => {
    const items = resultItems(VERSION, tables).filter((i) => String(i.geo).startsWith('BE'));
    const { ddb, table } = await freshStorage();
    for (let i = 0; i < items.length; i += 25) {
      await ddb.send(
        new BatchWriteCommand({
          RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
    }
    const series = await ddb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :g AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':g': 'GEO#BE2', ':v': `V#${VERSION}` },
      }),
    );
    expect(series.Items?.map((i) => i.year)).toEqual([tables.year, ...tables.years]);
    const year = await ddb.send(
      new QueryCommand({
        TableName: table,
        IndexName: 'byVersion',
        KeyConditionExpression: 'gsi1pk = :v AND begins_with(gsi1sk, :y)',
        ExpressionAttributeValues: { ':v': `V#${VERSION}`, ':y': `Y#${tables.year}#` },
      }),
    );
    expect(year.Items?.map((i) => i.geo).sort()).toEqual(['BE', 'BE1', 'BE2', 'BE3']);
  }, 60_000);
});
