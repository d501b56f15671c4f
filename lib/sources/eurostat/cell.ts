import { InputError, type InputLocation } from '../../errors.ts';
import type { Cell } from './observations.ts';

const NUMBER = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;
const FLAGS = /^[a-z]*$/;

/**
 * Parses one Eurostat TSV cell: the value, a space, then zero or more flag letters (`31.5 b`, `: c`, `4.2 u`,
 * `: `). `:` is "not available"; a confidential value (flag `c`) is treated as missing too, never as zero.
 */
export function parseTsvCell(raw: string, where: () => InputLocation): Cell {
  const space = raw.indexOf(' ');
  const valueText = (space === -1 ? raw : raw.slice(0, space)).trim();
  const flags = space === -1 ? '' : raw.slice(space + 1).trim();
  return toCell(valueText, flags, where);
}

/** Builds a cell from a value text (`:` or empty for missing) and flag letters, validating both. */
export function toCell(valueText: string, flags: string, where: () => InputLocation): Cell {
  if (!FLAGS.test(flags)) {
    throw new InputError(
      where(),
      `"${flags}" is not a list of Eurostat flag letters`,
      'Flags are lower-case letters such as b, c, e, p, u',
    );
  }
  if (valueText === ':' || valueText === '') return { value: null, flags };
  if (!NUMBER.test(valueText)) {
    throw new InputError(
      where(),
      `"${valueText}" is not a number`,
      'A cell is a number or ":", optionally followed by a space and flags',
    );
  }
  const value = Number(valueText);
  if (value < 0) {
    throw new InputError(
      where(),
      `negative employment ${valueText}`,
      'Employment cannot be negative: check the source file',
    );
  }
  return { value: flags.includes('c') ? null : value, flags };
}
