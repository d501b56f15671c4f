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
  | { kind: 'object'; keys: Set<string>; key: string; expectKey: boolean }
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
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (text.charCodeAt(j) !== 0x22) j += text.charCodeAt(j) === 0x5c /* \ */ ? 2 : 1;
      const top = stack.at(-1);
      if (top?.kind === 'object' && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return { key, path: pathOf(stack.slice(0, -1), key) };
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */) stack.push({ kind: 'object', keys: new Set(), key: '', expectKey: true });
    else if (c === 0x5b /* [ */) stack.push({ kind: 'array', index: 0 });
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x2c /* , */) {
      const top = stack.at(-1);
      if (top?.kind === 'object') top.expectKey = true;
      else if (top) top.index++;
    }
  }
  return undefined;
}

/** `policies[1].name`: each enclosing container's current key or index, then the key itself. */
function pathOf(parents: readonly Frame[], key: string): string {
  let path = '';
  for (const f of parents) path += f.kind === 'array' ? `[${f.index}]` : path === '' ? f.key : `.${f.key}`;
  return path === '' ? key : `${path}.${key}`;
}
