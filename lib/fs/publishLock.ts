import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod/mini';
import '../zodLocale.ts';
import { PublishError } from '../errors.ts';
import type { StoreFs } from './storeFs.ts';

/** Who holds the lock: enough to tell a live holder from a dead one. */
const holderSchema = z.object({
  pid: z.number(),
  host: z.string(),
  started: z.string(),
  token: z.string(),
});
type Holder = z.output<typeof holderSchema>;

export interface LockOptions {
  /** A lock older than this is taken over whatever its holder (the critical section takes milliseconds). */
  staleAfterMs?: number;
  /** How long to wait for a live holder before giving up. */
  waitMs?: number;
  /** The clock (tests move it). */
  now?: () => number;
  /** The pid written into the lock and temporary names (tests give a dead one to play a killed run). */
  pid?: number;
}

export const LOCK_DEFAULTS = { staleAfterMs: 10 * 60_000, waitMs: 60_000, pid: process.pid };

/**
 * A lock file (`.lock`) holding pid, host, start time and a random token. It is created whole and
 * atomically (written to a temporary name, then hard-linked to `.lock`, which fails if one exists). A lock
 * whose pid is not alive on this host, or that is older than `staleAfterMs`, is taken over by renaming it
 * away (only one taker's rename succeeds) and checking that the renamed file is the one judged stale.
 */
export class PublishLock {
  private readonly path: string;
  private readonly o: Required<LockOptions>;

  constructor(
    dir: string,
    private readonly fs: StoreFs,
    options: LockOptions = {},
  ) {
    this.path = join(dir, '.lock');
    this.o = { ...LOCK_DEFAULTS, now: Date.now, ...options };
  }

  async run<T>(body: () => Promise<T>): Promise<T> {
    const token = await this.acquire();
    try {
      return await body();
    } finally {
      await this.release(token);
    }
  }

  private async acquire(): Promise<string> {
    const deadline = this.o.now() + this.o.waitMs;
    for (let attempt = 0; ; attempt++) {
      const me: Holder = {
        pid: this.o.pid,
        host: hostname(),
        started: new Date(this.o.now()).toISOString(),
        token: randomUUID(),
      };
      const tmp = `${this.path}.${tempTag(this.o.pid)}.tmp`;
      await this.fs.writeFile(tmp, JSON.stringify(me));
      try {
        await this.fs.link(tmp, this.path);
        return me.token;
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // ENOENT: a repair under the lock removed the temporary file as a leftover; write it again.
        if (code === 'ENOENT') continue;
        if (code !== 'EEXIST') throw err;
      } finally {
        await this.fs.unlink(tmp).catch(() => undefined);
      }
      const holder = await this.read(this.path);
      if (holder === 'gone') continue;
      if (this.isStale(holder)) {
        await this.takeOver(holder);
        continue;
      }
      if (this.o.now() > deadline) {
        const who =
          holder === 'unreadable'
            ? 'an unknown run'
            : `pid ${holder.pid} on ${holder.host} since ${holder.started}`;
        throw new PublishError(
          `${this.path} is held by ${who}, which is still publishing; run again when it has finished`,
          'The latest snapshot is unchanged.',
        );
      }
      await new Promise((r) => setTimeout(r, Math.min(250, 10 * 2 ** Math.min(attempt, 5)) * Math.random()));
    }
  }

  /** Whether a lock file exists and its holder is dead or too old (the next `run` takes it over). */
  async abandoned(): Promise<boolean> {
    const holder = await this.read(this.path);
    return holder !== 'gone' && this.isStale(holder);
  }

  private isStale(holder: Holder | 'unreadable'): boolean {
    // A file that is not a holder record was not written by this lock: nobody can be holding it.
    if (holder === 'unreadable') return true;
    const age = this.o.now() - Date.parse(holder.started);
    if (!(age < this.o.staleAfterMs)) return true;
    return holder.host === hostname() && !processAlive(holder.pid);
  }

  private async takeOver(judged: Holder | 'unreadable'): Promise<void> {
    const aside = `${this.path}.stale-${tempTag(this.o.pid)}`;
    try {
      await this.fs.rename(this.path, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // another run took it over first
      throw err;
    }
    const moved = await this.read(aside);
    const same =
      judged === 'unreadable'
        ? moved === 'unreadable'
        : moved !== 'gone' && moved !== 'unreadable' && moved.token === judged.token;
    // Between reading and renaming, another taker replaced the stale lock with its own live one: give it back.
    if (!same) await this.fs.link(aside, this.path).catch(() => undefined);
    await this.fs.unlink(aside).catch(() => undefined);
  }

  private async release(token: string): Promise<void> {
    const holder = await this.read(this.path);
    // Taken over (this run outlived the stale bound): the lock is someone else's now.
    if (holder === 'gone' || holder === 'unreadable' || holder.token !== token) return;
    await this.fs.unlink(this.path).catch(() => undefined);
  }

  private async read(path: string): Promise<Holder | 'gone' | 'unreadable'> {
    let text: string;
    try {
      text = (await this.fs.readFile(path)).toString('utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
      throw err;
    }
    try {
      const parsed = holderSchema.safeParse(JSON.parse(text));
      return parsed.success ? parsed.data : 'unreadable';
    } catch {
      return 'unreadable';
    }
  }
}

/** Whether a process with this pid runs on this host (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const HOST_TAG = createHash('sha256').update(hostname()).digest('hex').slice(0, 6);

/** `<pid>-<8 hex>-<host tag>`: names a temporary file so that its writer can be told alive or dead. */
export function tempTag(pid = process.pid): string {
  return `${pid}-${randomUUID().slice(0, 8)}-${HOST_TAG}`;
}

/**
 * Whether a temporary file (named with `tempTag`) was left by a dead run: its pid is not alive on this
 * host. A file of another host, or one without a tag, counts as left over once older than `staleAfterMs`.
 */
export function leftBehind(name: string, mtimeMs: number, now: number, staleAfterMs: number): boolean {
  const m = /(\d+)-[0-9a-f]{8}-([0-9a-f]{6})/.exec(name);
  if (m && m[2] === HOST_TAG) return !processAlive(Number(m[1]));
  return now - mtimeMs > staleAfterMs;
}
