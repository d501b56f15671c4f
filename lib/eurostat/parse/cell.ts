import { excerpt, InputError, type InputLocation } from '../../errors.ts';
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
  // TSV writes a missing value as `:`; an empty cell is a damaged line, not a missing value.
  if (valueText === '') {
    throw new InputError(
      where(),
      'empty cell',
      'A cell is a number or ":", optionally followed by a space and flags',
    );
  }
  return toCell(valueText, flags, where);
}

/** Powers of ten that are exact doubles, for the fast path below. */
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * `parseTsvCell(text.slice(start, end), where)`, without the slice for the usual shapes: up to 15 digits with
 * at most one `.`, or `:`, then optionally one space and lower-case flag letters. Digits m with k decimals
 * give m / 10^k, which is the correctly rounded double `Number()` gives (m < 2^53 and 10^k are exact, and a
 * division rounds correctly). Anything else takes the general path, with its checks and messages.
 */
export function parseTsvCellIn(text: string, start: number, end: number, where: () => InputLocation): Cell {
  let i = start;
  let missing = false;
  let mantissa = 0;
  let digits = 0;
  let decimals = -1;
  if (i < end && text.charCodeAt(i) === 58) {
    missing = true;
    i++;
  } else {
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        if (decimals >= 0) decimals++;
      } else if (c === 46 && decimals < 0) decimals = 0;
      else break;
    }
    if (digits === 0 || digits > 15) return parseTsvCell(text.slice(start, end), where);
  }
  let flags = '';
  if (i < end) {
    if (text.charCodeAt(i) !== 32) return parseTsvCell(text.slice(start, end), where);
    for (let j = i + 1; j < end; j++) {
      const c = text.charCodeAt(j);
      if (c < 97 || c > 122) return parseTsvCell(text.slice(start, end), where);
    }
    if (i + 1 < end) flags = text.slice(i + 1, end);
  }
  if (missing) return { value: null, flags };
  const value = decimals > 0 ? mantissa / (POW10[decimals] as number) : mantissa;
  return { value: flags.includes('c') ? null : value, flags };
}

/**
 * Builds a cell from a value text (`:`, or empty in SDMX-CSV and JSON-stat, for missing) and flag letters,
 * validating both: a number must be finite and ≥ 0.
 */
export function toCell(valueText: string, flags: string, where: () => InputLocation): Cell {
  if (!FLAGS.test(flags)) {
    throw new InputError(
      where(),
      `"${excerpt(flags)}" is not a list of Eurostat flag letters`,
      'Flags are lower-case letters such as b, c, e, p, u',
    );
  }
  if (valueText === ':' || valueText === '') return { value: null, flags };
  if (!NUMBER.test(valueText)) {
    throw new InputError(
      where(),
      `"${excerpt(valueText)}" is not a number`,
      'A cell is a number or ":", optionally followed by a space and flags',
    );
  }
  const value = Number(valueText);
  if (!Number.isFinite(value)) {
    throw new InputError(
      where(),
      `${excerpt(valueText)} is too large to be a number`,
      'Employment figures are finite: check the source file',
    );
  }
  if (value < 0) {
    throw new InputError(
      where(),
      `negative employment ${valueText}`,
      'Employment cannot be negative: check the source file',
    );
  }
  return { value: flags.includes('c') ? null : value, flags };
}
