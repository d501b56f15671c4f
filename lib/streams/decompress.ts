import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.ts';

const CHUNK = 1 << 20;

/**
 * Passes chunks through, gunzipping them when the first bytes are gzip's magic number (whatever the name
 * says). A truncated or corrupt gzip is an InputError naming the file.
 */
export async function* maybeGunzip(chunks: AsyncIterable<Buffer>, shownPath: string): AsyncGenerator<Buffer> {
  const iterator = chunks[Symbol.asyncIterator]();
  // The magic number may arrive split over chunks (a network stream's first chunk can be one byte).
  let head: Buffer = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await iterator.next();
    if (next.done) break;
    head = head.length === 0 ? next.value : Buffer.concat([head, next.value]);
  }
  if (head.length === 0) return;
  const rest: AsyncIterable<Buffer> = {
    [Symbol.asyncIterator]: () => iterator,
  };
  if (!(head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b)) {
    yield head;
    yield* rest;
    return;
  }
  async function* all() {
    yield head;
    yield* rest;
  }
  const source = Readable.from(all());
  const gunzip = createGunzip({ chunkSize: CHUNK });
  source.on('error', (e) => gunzip.destroy(e));
  source.pipe(gunzip);
  try {
    yield* gunzip as AsyncIterable<Buffer>;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_') || /unexpected end of file/i.test((err as Error).message)) {
      throw new InputError(
        { file: shownPath },
        `truncated or corrupt gzip (${(err as Error).message})`,
        'Download the file again',
      );
    }
    throw err;
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}
