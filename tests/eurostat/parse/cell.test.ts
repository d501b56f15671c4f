import { describe, expect, it } from 'vitest';
import { InputError, type InputLocation } from '../../../lib/errors.ts';
import { parseTsvCell, toCell } from '../../../lib/eurostat/parse/cell.ts';

const HERE: InputLocation = { file: 'eurostat/x.tsv', line: 7, field: '2023' };
const where = () => HERE;

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError, nothing was thrown');
}

describe('parseTsvCell', () => {
  describe('values', () => {
    it('reads a number followed by the separating space', () => {
      expect(parseTsvCell('12.3 ', where)).toEqual({ value: 12.3, flags: '' });
    });

    it('reads a number without the separating space', () => {
      expect(parseTsvCell('12.3', where)).toEqual({ value: 12.3, flags: '' });
    });

    it('reads an integer', () => {
      expect(parseTsvCell('4450 ', where)).toEqual({ value: 4450, flags: '' });
    });

    it('reads zero as zero, not as missing', () => {
      expect(parseTsvCell('0.0 ', where)).toEqual({ value: 0, flags: '' });
    });
  });

  describe('missing values', () => {
    it('reads ": " as missing without flags', () => {
      expect(parseTsvCell(': ', where)).toEqual({ value: null, flags: '' });
    });

    it('reads ":" without a space as missing', () => {
      expect(parseTsvCell(':', where)).toEqual({ value: null, flags: '' });
    });

    it('reads ": c" as missing with the confidential flag', () => {
      expect(parseTsvCell(': c', where)).toEqual({ value: null, flags: 'c' });
    });

    it('reads ": bu" as missing with both flags', () => {
      expect(parseTsvCell(': bu', where)).toEqual({ value: null, flags: 'bu' });
    });
  });

  describe('flags', () => {
    it('keeps a single flag', () => {
      expect(parseTsvCell('31.5 b', where)).toEqual({ value: 31.5, flags: 'b' });
    });

    it('keeps several flags in their order', () => {
      expect(parseTsvCell('4.0 bu', where)).toEqual({ value: 4.0, flags: 'bu' });
    });

    it('treats a value flagged confidential as missing, never as its number', () => {
      expect(parseTsvCell('5.0 c', where)).toEqual({ value: null, flags: 'c' });
    });

    it('treats a value whose flags include c among others as missing', () => {
      expect(parseTsvCell('5.0 bc', where)).toEqual({ value: null, flags: 'bc' });
    });

    it('rejects an upper-case flag', () => {
      const err = errorOf(() => parseTsvCell('5.0 B', where));
      expect(err.reason).toBe('"B" is not a list of Eurostat flag letters');
    });

    it('rejects flags separated by a space', () => {
      expect(() => parseTsvCell('5.0 b u', where)).toThrow(/is not a list of Eurostat flag letters/);
    });
  });

  describe('invalid values', () => {
    it('rejects text that is not a number', () => {
      const err = errorOf(() => parseTsvCell('abc', where));
      expect(err.reason).toBe('"abc" is not a number');
    });

    it('rejects a value glued to its flag', () => {
      expect(() => parseTsvCell('12.3b', where)).toThrow(/"12\.3b" is not a number/);
    });

    it('rejects a negative value', () => {
      const err = errorOf(() => parseTsvCell('-3.0', where));
      expect(err.reason).toBe('negative employment -3.0');
    });

    it('rejects a negative value even when flagged', () => {
      expect(() => parseTsvCell('-3.0 b', where)).toThrow(/negative/);
    });

    it('reports the location the caller gives', () => {
      const err = errorOf(() => parseTsvCell('abc', where));
      expect(err.location).toEqual(HERE);
      expect(err.message.startsWith('eurostat/x.tsv:7 field "2023": ')).toBe(true);
    });
  });
});

describe('toCell', () => {
  it('reads an empty value text as missing', () => {
    expect(toCell('', '', where)).toEqual({ value: null, flags: '' });
  });

  it('reads ":" as missing and keeps the flags', () => {
    expect(toCell(':', 'c', where)).toEqual({ value: null, flags: 'c' });
  });

  it('reads a number with flags', () => {
    expect(toCell('18.4', 'u', where)).toEqual({ value: 18.4, flags: 'u' });
  });

  it('makes a confidential value missing', () => {
    expect(toCell('5.0', 'c', where)).toEqual({ value: null, flags: 'c' });
  });

  it('rejects upper-case flags', () => {
    expect(() => toCell('5.0', 'P', where)).toThrow(InputError);
  });

  it('rejects a value that is not a number', () => {
    expect(() => toCell('n/a', '', where)).toThrow(/"n\/a" is not a number/);
  });

  it('rejects a negative value', () => {
    expect(() => toCell('-0.1', '', where)).toThrow(/negative employment -0\.1/);
  });
});
