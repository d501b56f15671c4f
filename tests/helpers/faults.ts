import { spawnSync } from 'node:child_process';
import { nodeStoreFs, type StoreFs, WRITE_CALLS } from '../../lib/fs/storeFs.ts';

/** An errno error as Node's fs throws it. */
export function errnoError(code: string, path: string): NodeJS.ErrnoException {
  const err = new Error(`${code}: injected fault, '${path}'`) as NodeJS.ErrnoException;
  err.code = code;
  err.path = path;
  return err;
}

export interface FaultPlan {
  /** The 1-based write call that fails. */
  failAt: number;
  /** Errno code thrown (default ENOSPC). */
  code?: string;
  /** A kill rather than an error: that call and every call after it fail, so no clean-up runs. */
  crash?: boolean;
}

/**
 * The real file-system calls of a store, with a fault at the Nth write (mkdir, writeFile, rename, link,
 * unlink, rm). `writes` counts the write calls made, so a test can find how many a publish makes.
 */
export function faultyFs(plan: FaultPlan, base: StoreFs = nodeStoreFs): StoreFs & { writes: number } {
  let writes = 0;
  let dead = false;
  const out = { writes: 0 } as StoreFs & { writes: number };
  for (const name of Object.keys(base) as Array<keyof StoreFs>) {
    const isWrite = (WRITE_CALLS as readonly string[]).includes(name);
    (out as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
      if (dead) throw errnoError('EKILLED', String(args[0]));
      if (isWrite) {
        writes++;
        out.writes = writes;
        if (writes === plan.failAt) {
          if (plan.crash) dead = true;
          throw errnoError(plan.crash ? 'EKILLED' : (plan.code ?? 'ENOSPC'), String(args[0]));
        }
      }
      return (base[name] as (...a: unknown[]) => Promise<unknown>)(...args);
    };
  }
  return out;
}

/** The pid of a process that has ended (for a lock or temporary file "left by a killed run"). */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

/** The error a promise rejects with, or undefined when it resolves. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return err;
  }
}
