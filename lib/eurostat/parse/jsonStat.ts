import * as z from 'zod/mini';
import '../../zodLocale.ts';
import { InputError } from '../../errors.ts';
import { parseJsonText } from '../../jsonText.ts';
import { toCell } from './cell.ts';
import type { ObservationSink } from './observations.ts';

const category = z.object({
  index: z.union([z.array(z.string()), z.record(z.string(), z.number().check(z.int(), z.nonnegative()))]),
  label: z.optional(z.record(z.string(), z.string())),
});

const dataset = z.object({
  version: z.literal('2.0'),
  class: z.literal('dataset'),
  id: z.array(z.string()).check(z.minLength(1)),
  size: z.array(z.number().check(z.int(), z.nonnegative())).check(z.minLength(1)),
  dimension: z.record(z.string(), z.object({ category })),
  value: z.union([z.array(z.nullable(z.number())), z.record(z.string(), z.nullable(z.number()))]),
  status: z.optional(
    z.union([z.array(z.nullable(z.string())), z.record(z.string(), z.string()), z.string()]),
  ),
  updated: z.optional(z.string()),
});

type Dataset = z.output<typeof dataset>;

/**
 * Reads a JSON-stat 2.0 dataset as Eurostat's statistics API returns it: dimensions in `id` / `size`, values
 * dense (array) or sparse (object keyed by flat index), flags in `status`. Positions without a value are
 * reported as missing cells. The time dimension is the one named `time` (Eurostat's id), else the last.
 */
export async function readJsonStat(
  chunks: AsyncIterable<string | Buffer>,
  file: string,
  sink: ObservationSink,
): Promise<void> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  // Duplicate keys refused, a BOM allowed. Measured on 1 million sparse values (19 MB): JSON.parse 0.3 s,
  // the duplicate-key scan 1.4 s more; dense (array) values cost the scan nothing notable.
  const json = parseJsonText(Buffer.concat(parts).toString('utf8'), file);
  const parsed = dataset.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new InputError(
      { file, field: issue?.path.join('.') || '(root)' },
      `not a JSON-stat 2.0 dataset: ${issue?.message}`,
    );
  }
  const ds = parsed.data;
  if (ds.id.length !== ds.size.length) {
    throw new InputError(
      { file, field: 'size' },
      `"id" has ${ds.id.length} dimensions but "size" has ${ds.size.length}`,
    );
  }
  const codes = dimensionCodes(ds, file);
  let timeDim = ds.id.indexOf('time');
  if (timeDim === -1) timeDim = ds.id.length - 1;
  const keyDims = ds.id.flatMap((_, d) => (d === timeDim ? [] : [d]));
  sink.begin(
    keyDims.map((d) => ds.id[d] as string),
    file,
  );
  if (ds.updated) sink.sourceVersion(ds.updated);

  const total = ds.size.reduce((a, b) => a * b, 1);
  const strides = ds.size.map((_, d) => ds.size.slice(d + 1).reduce((a, b) => a * b, 1));
  const valueAt = (i: number): number | null | undefined =>
    Array.isArray(ds.value) ? ds.value[i] : ds.value[String(i)];
  const statusAt = (i: number): string => {
    if (ds.status === undefined) return '';
    if (typeof ds.status === 'string') return ds.status;
    return (Array.isArray(ds.status) ? ds.status[i] : ds.status[String(i)]) ?? '';
  };
  for (let i = 0; i < total; i++) {
    const coord = strides.map((s, d) => Math.floor(i / s) % (ds.size[d] as number));
    const key = keyDims.map((d) => codes[d]?.[coord[d] as number] ?? '');
    if (!sink.accepts(key)) continue;
    const value = valueAt(i);
    const status = statusAt(i).trim();
    // Eurostat puts ":" in status for unavailable cells; the other letters are flags.
    const flags = status.replace(/:/g, '');
    const time = codes[timeDim]?.[coord[timeDim] as number] ?? '';
    const cell = toCell(value === null || value === undefined ? ':' : String(value), flags, () => ({
      file,
      field: `value[${i}]`,
    }));
    sink.add(key, time, cell, undefined);
  }
}

/** Each dimension's category codes in position order; a gap, a shared position or a size mismatch is refused. */
function dimensionCodes(ds: Dataset, file: string): string[][] {
  return ds.id.map((dim, d) => {
    const cat = ds.dimension[dim]?.category;
    if (!cat)
      throw new InputError({ file, field: `dimension.${dim}` }, 'dimension listed in "id" is not described');
    const list: string[] = Array.isArray(cat.index) ? [...cat.index] : [];
    if (!Array.isArray(cat.index)) {
      for (const [code, pos] of Object.entries(cat.index)) {
        if (list[pos] !== undefined) {
          throw new InputError(
            { file, field: `dimension.${dim}.category.index` },
            `position ${pos} is given to both "${list[pos]}" and "${code}"`,
          );
        }
        list[pos] = code;
      }
    }
    const gap = Array.from({ length: list.length }, (_, i) => i).find((i) => list[i] === undefined);
    if (gap !== undefined) {
      throw new InputError(
        { file, field: `dimension.${dim}.category.index` },
        `no category at position ${gap}`,
      );
    }
    if (list.length !== ds.size[d]) {
      throw new InputError(
        { file, field: `dimension.${dim}` },
        `has ${list.length} categories but size says ${ds.size[d]}`,
      );
    }
    return list;
  });
}
