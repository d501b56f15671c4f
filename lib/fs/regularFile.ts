import { constants } from 'node:fs';
import { lstat, open, realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { InputError, storageErrorOf } from '../errors.ts';

/**
 * Checks that `path` is a regular file, and (with `root`) that it stays inside `root` once symbolic links
 * are resolved, before anything reads it: a FIFO, a device (`/dev/zero`), a folder, a dangling link or a
 * link loop is refused with an InputError naming the input as shown (`shown`), never read. Gives the
 * resolved path and size.
 */
export async function checkRegularFile(
  path: string,
  shown: string,
  root?: string,
): Promise<{ real: string; size: number }> {
  const refuse = (reason: string, hint?: string): never => {
    throw new InputError({ file: shown }, reason, hint);
  };
  let real: string;
  try {
    real = await realpath(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const link = await lstat(path).then(
      (s) => s.isSymbolicLink(),
      () => false,
    );
    if (code === 'ELOOP') return refuse('is a loop of symbolic links', 'Point the link at a file');
    if (code === 'ENOENT' && link)
      return refuse('is a symbolic link to a file that does not exist', 'Point the link at a file');
    if (code === 'ENOENT') return refuse('does not exist');
    throw storageErrorOf(err) ?? err;
  }
  if (root !== undefined) {
    const realRoot = await realpath(root);
    if (real !== realRoot && !real.startsWith(realRoot + sep)) {
      refuse(
        'is a symbolic link to a file outside the input directory, which is refused',
        'Copy the file into the input directory',
      );
    }
  }
  const s = await stat(real);
  if (!s.isFile()) {
    const kind = s.isDirectory()
      ? 'a folder'
      : s.isFIFO()
        ? 'a named pipe (FIFO)'
        : s.isCharacterDevice() || s.isBlockDevice()
          ? 'a device'
          : s.isSocket()
            ? 'a socket'
            : 'not a regular file';
    refuse(`is ${kind}, not a regular file`, 'Inputs must be regular files');
  }
  return { real, size: s.size };
}

/**
 * Reads a small input whole after `checkRegularFile`, opened non-blocking (a FIFO swapped in after the
 * check cannot hang the read) and checked again on the open handle.
 */
export async function readRegularFile(path: string, root?: string, shown = path): Promise<Buffer> {
  const { real } = await checkRegularFile(path, shown, root);
  const handle = await open(real, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!(await handle.stat()).isFile()) throw new InputError({ file: shown }, 'is not a regular file');
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
