import { describe, expect, it } from 'vitest';
import { findDuplicateKey, parseJsonText } from '../lib/jsonText.ts';
import { thrown } from './helpers/thrown.ts';

describe('parseJsonText', () => {
  it('returns what JSON.parse returns', () => {
    expect(parseJsonText('{"a":[1,{"b":"x"}]}', 'f.json')).toEqual({ a: [1, { b: 'x' }] });
  });

  it('accepts a byte-order mark', () => {
    expect(parseJsonText('\uFEFF{"a":1}', 'f.json')).toEqual({ a: 1 });
  });

  it('names the file when the text is not JSON', () => {
    expect(thrown(() => parseJsonText('{"a":', 'policy/BE.json')).message).toMatch(
      /^policy\/BE\.json: not valid JSON: /,
    );
  });

  it('rejects a duplicate key, naming the file and the key’s path', () => {
    const e = thrown(() => parseJsonText('{"a":1,"a":2}', 'f.json'));
    expect(e.message).toBe('f.json field "a": duplicate key "a". Each key may appear once per object');
  });
});

describe('findDuplicateKey', () => {
  it('finds none when every object has distinct keys', () => {
    expect(findDuplicateKey('{"a":{"a":1},"b":[{"a":1},{"a":2}]}')).toBeUndefined();
  });

  it('gives the path through objects and arrays', () => {
    expect(findDuplicateKey('{"p":[{"x":1},{"y":1,"y":2}]}')).toEqual({ key: 'y', path: 'p[1].y' });
  });

  it('gives the path inside a top-level array', () => {
    expect(findDuplicateKey('[{"id":1},{"id":2,"id":3}]')).toEqual({ key: 'id', path: '[1].id' });
  });

  it('compares keys decoded: "a" and "\\u0061" are the same key', () => {
    expect(findDuplicateKey('{"a":1,"\\u0061":2}')?.key).toBe('a');
  });

  it('is not misled by braces, commas, quotes and key-like text inside string values', () => {
    expect(findDuplicateKey('{"a":"{\\"a\\":1,","b":"x,\\"a\\"","c":["a","a"]}')).toBeUndefined();
  });

  it('tells a key from a string value after a comma in an array', () => {
    expect(findDuplicateKey('{"k":["k","k"],"v":{"k":1,"k":2}}')).toEqual({ key: 'k', path: 'v.k' });
  });
});
