import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { InvalidDocumentError } from '../lib/errors.ts';
import { parseDocument } from '../lib/parseDocument.ts';

const pointer = z.object({ version: z.string().check(z.minLength(1)), created: z.string() });

describe('parseDocument', () => {
  it('returns the parsed document when it is valid', () => {
    expect(parseDocument(pointer, { version: 'v1', created: 'today' }, 'latest.json')).toEqual({
      version: 'v1',
      created: 'today',
    });
  });

  it('names the document and every bad field in English', () => {
    let err: unknown;
    try {
      parseDocument(pointer, { version: '', created: 3 }, 'snapshots/latest.json');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidDocumentError);
    const message = (err as Error).message;
    expect(message).toMatch(/^snapshots\/latest.json is not valid:/);
    expect(message).toMatch(/at version/);
    expect(message).toMatch(/expected string, received number[\s\S]*at created/);
  });
});
