import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseNaceStructure } from '../../lib/classifications/referenceFiles.ts';
import { ConfigError, InputError, InvalidDocumentError, PublishError } from '../../lib/errors.ts';
import { CubeBuilder } from '../../lib/eurostat/parse/cube.ts';
import type { RawInput } from '../../lib/model/rawInput.ts';
import { sha256Hex } from '../../lib/snapshot/hashing.ts';

export const ROOT = join(import.meta.dirname, '..', '..');

/** Cases per property: many small ones (the whole suite stays well under a minute on two cores). */
export const RUNS = { parser: 1500, contract: 1000, tables: 200, refresh: 20 };

/** The project's own typed errors: what any bad input may end in (never a TypeError, RangeError, …). */
export function expectTypedError(err: unknown): void {
  const typed =
    err instanceof InputError ||
    err instanceof ConfigError ||
    err instanceof InvalidDocumentError ||
    err instanceof PublishError;
  if (!typed) throw new Error(`not a typed error: ${(err as Error)?.stack ?? err}`);
  expect((err as Error).message.length).toBeGreaterThan(0);
}

/** Runs `body`, failing with "hang" when it takes longer than `ms`. */
export async function bounded<T>(body: () => Promise<T>, ms = 2000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: no result within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([body(), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves to the typed error a call ends in, or undefined when it succeeds; anything else fails. */
export async function outcome(body: () => Promise<unknown>): Promise<unknown> {
  try {
    await bounded(body);
    return undefined;
  } catch (err) {
    expectTypedError(err);
    return err;
  }
}

let nace: ReturnType<typeof parseNaceStructure> | undefined;
export async function naceStructure() {
  nace ??= parseNaceStructure(
    await readFile(join(ROOT, 'data', 'reference', 'nace_rev2_structure_en.csv'), 'utf8'),
    'reference/nace_rev2_structure_en.csv',
  );
  return nace;
}

export async function cubeBuilder(): Promise<CubeBuilder> {
  return new CubeBuilder(
    {
      geoDimension: 'geo',
      activityDimension: 'nace_r2',
      filters: { unit: 'THS_PER', sex: 'T', age: 'Y_GE15' },
      ignoreCodes: {},
    },
    await naceStructure(),
  );
}

export async function* chunksOf(text: string): AsyncGenerator<Buffer> {
  // In two pieces: the parsers must not depend on where a chunk ends.
  const b = Buffer.from(text);
  const cut = Math.floor(b.length / 2);
  yield b.subarray(0, cut);
  yield b.subarray(cut);
}

/** An input held in memory (generated), in the shape the adapters give. */
export function memoryInput(path: string, text: string, role: string, name: string): RawInput {
  const content = Buffer.from(text);
  return {
    role,
    name,
    path,
    bytes: content.length,
    hash: `sha256:${sha256Hex(content)}`,
    synthetic: true,
    sourceVersion: null,
    open: () => chunksOf(text),
    openRaw: () => chunksOf(text),
  };
}

/** Character-level mutations that hit the parsers' edges: separators, signs, exponents, BOM, NUL. */
export const NASTY = [
  '\t',
  ',',
  ':',
  ' ',
  '\n',
  '\r',
  '"',
  '\\',
  '-',
  '.',
  'e',
  'E',
  '9',
  '0',
  '\uFEFF',
  '\u0000',
  'c',
  '{',
  '}',
  '[',
  ']',
  '1e400',
  'NaN',
  'Infinity',
  '',
];
