import { InputError } from './errors.ts';

/**
 * Reads a user's JSON file: `JSON.parse`, plus a check for duplicate keys, which `JSON.parse` accepts
 * silently (the last one wins), so a second `"startYear"` in a hand-edited file would quietly replace the
 * first. A byte-order mark is allowed. Throws InputError naming the file and, for a duplicate, its path.
 */
export function parseJsonText(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (err) {
    throw new InputError({ file }, `not valid JSON: ${(err as Error).message}`);
  }
  const duplicate = findDuplicateKey(body);
  if (duplicate) {
    throw new InputError(
      { file, field: duplicate.path },
      `duplicate key "${duplicate.key}"`,
      'Each key may appear once per object',
    );
  }
  return json;
}

type Frame =
  | {
      kind: 'object';
      keys: Set<string>;
      indexes: Set<number>;
      key: string;
      /** The current key when it is an index key (its string is made only for a message). */
      keyIndex: number;
      expectKey: boolean;
    }
  | { kind: 'array'; index: number };

/**
 * The first key that appears twice in one object, with its path (`policies[1].name`), or undefined.
 * Only for text that `JSON.parse` accepted: a scan of its structural characters and strings is then
 * enough (no numbers or literals can hold `{`, `"` or `,`). Keys are compared decoded, so `"a"` and
 * `"\u0061"` are the same key, as they are to `JSON.parse`.
 */
export function findDuplicateKey(validJson: string): { key: string; path: string } | undefined {
  const stack: Frame[] = [];
  const text = validJson;
  let nextBackslash = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      // The closing quote: the next `"` not escaped (found with indexOf, the scan's hot path on big files).
      let j = text.indexOf('"', i + 1);
      while (text.charCodeAt(j - 1) === 0x5c /* \ */) {
        let backslashes = 0;
        for (let k = j - 1; text.charCodeAt(k) === 0x5c; k--) backslashes++;
        if (backslashes % 2 === 0) break;
        j = text.indexOf('"', j + 1);
      }
      // The next backslash in the text, found again only once passed: linear over the whole scan.
      if (nextBackslash !== -1 && nextBackslash <= i) nextBackslash = text.indexOf('\\', i + 1);
      const escaped = nextBackslash !== -1 && nextBackslash < j;
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectKey) {
        // Index-like keys ("0" … "999999999", JSON-stat's sparse values) go in a set of numbers: a set of a
        // million sliced strings costs seconds, one of numbers milliseconds.
        const index = escaped ? -1 : indexKey(text, i + 1, j);
        const key =
          index >= 0 ? '' : escaped ? (JSON.parse(text.slice(i, j + 1)) as string) : text.slice(i + 1, j);
        const seen = index >= 0 ? top.indexes.has(index) : top.keys.has(key);
        if (seen) {
          const name = index >= 0 ? String(index) : key;
          return { key: name, path: pathOf(stack.slice(0, -1), name) };
        }
        if (index >= 0) top.indexes.add(index);
        else top.keys.add(key);
        top.key = key;
        top.keyIndex = index;
        top.expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */)
      stack.push({
        kind: 'object',
        keys: new Set(),
        indexes: new Set(),
        key: '',
        keyIndex: -1,
        expectKey: true,
      });
    else if (c === 0x5b /* [ */) stack.push({ kind: 'array', index: 0 });
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return undefined;
}

/** The number a key `text[from, to)` spells when it is a canonical index (`0`, `17`, not `017`), else -1. */
function indexKey(text: string, from: number, to: number): number {
  const length = to - from;
  if (length === 0 || length > 9 || (length > 1 && text.charCodeAt(from) === 0x30)) return -1;
  let n = 0;
  for (let k = from; k < to; k++) {
    const d = text.charCodeAt(k) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** `policies[1].name`: each enclosing container's current key or index, then the key itself. */
function pathOf(parents: readonly Frame[], key: string): string {
  let path = '';
  for (const f of parents) {
    const key =
      f.kind === 'object' && f.keyIndex >= 0 ? String(f.keyIndex) : f.kind === 'object' ? f.key : '';
    path += f.kind === 'array' ? `[${f.index}]` : path === '' ? key : `.${key}`;
  }
  return path === '' ? key : `${path}.${key}`;
}
