import { link, mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';

/**
 * The file-system calls a store makes, as one object: the seam where tests inject faults (a full disk at
 * the Nth write, a kill point) without mocking the file system itself.
 */
export interface StoreFs {
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  writeFile(path: string, content: string | Buffer): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  link(existing: string, path: string): Promise<void>;
  unlink(path: string): Promise<void>;
  rm(path: string, options: { recursive?: boolean; force?: boolean }): Promise<void>;
  readFile(path: string): Promise<Buffer>;
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<{ mtimeMs: number; isDirectory(): boolean }>;
}

export const nodeStoreFs: StoreFs = {
  mkdir: (p, o) => mkdir(p, o),
  writeFile: (p, c) => writeFile(p, c),
  rename,
  link,
  unlink,
  rm,
  readFile: (p) => readFile(p),
  readdir: (p) => readdir(p),
  stat,
};

/** The calls of StoreFs that change the disk: where a fault injector counts. */
export const WRITE_CALLS = ['mkdir', 'writeFile', 'rename', 'link', 'unlink', 'rm'] as const;
