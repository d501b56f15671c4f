import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import type { DeployedFunction } from './template.ts';

/** An error as Step Functions sees it from a Lambda task: its name is the error matched by Retry and Catch. */
export class LambdaError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

export interface Invocation {
  fn: string;
  startedAt: number;
  /** From the event being sent (after init) to the answer. */
  durationMs?: number;
  outcome?: 'result' | string;
}

const RUNTIME = join(import.meta.dirname, 'lambdaRuntime.mjs');
/**
 * Lambda's Node 24 compresses the Parquet pages with `zlib.zstdCompressSync`; this machine's Node may predate
 * it, and then the bundle loads the WebAssembly fallback by name (lib/snapshot/zstd.ts), which only the
 * project's node_modules has. Said here, not hidden: the bundle itself is run unchanged.
 */
const ZSTD_FALLBACK_PATH = join(import.meta.dirname, '..', '..', '..', 'node_modules');
const hasNativeZstd = typeof (zlib as { zstdCompressSync?: unknown }).zstdCompressSync === 'function';
/** Lambda's limit on the init phase (loading the module), not counted in the function's timeout. */
const INIT_LIMIT_MS = 10_000;

/**
 * Invokes a bundled function once, in a new Node process, with `env`: the init phase first (the module
 * loads), then the event, with the function's timeout (already scaled by the caller) enforced from there:
 * at the timeout the process is killed and the invocation fails with `Sandbox.Timedout`, as Lambda reports
 * it. A process that dies otherwise fails with `Runtime.ExitError`.
 */
export function invokeBundled(
  fn: DeployedFunction,
  event: unknown,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  track: { children: Set<ChildProcess>; invocations: Invocation[]; logs: string[] },
): Promise<unknown> {
  const [file, exportName] = fn.handler.split('.') as [string, string];
  const child = fork(RUNTIME, [join(fn.assetDir, `${file}.mjs`), exportName], {
    cwd: fn.assetDir,
    env: hasNativeZstd ? env : { ...env, NODE_PATH: ZSTD_FALLBACK_PATH },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  track.children.add(child);
  const invocation: Invocation = { fn: fn.logicalId, startedAt: Date.now() };
  track.invocations.push(invocation);
  const log = (chunk: Buffer) => track.logs.push(`[${fn.logicalId}] ${chunk.toString('utf8').trimEnd()}`);
  child.stdout?.on('data', log);
  child.stderr?.on('data', log);
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let sentAt = 0;
    let settled = false;
    const finish = (outcome: string, fail?: LambdaError, result?: unknown) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      invocation.outcome = outcome;
      invocation.durationMs = sentAt ? Date.now() - sentAt : 0;
      track.children.delete(child);
      if (child.exitCode === null) child.kill('SIGKILL');
      if (fail) reject(fail);
      else resolve(result);
    };
    timer = setTimeout(
      () => finish('init timeout', new LambdaError('Runtime.InitError', 'init phase over 10 s')),
      INIT_LIMIT_MS,
    );
    child.on(
      'message',
      (m: { type: string; result?: unknown; errorType?: string; errorMessage?: string }) => {
        if (m.type === 'ready') {
          clearTimeout(timer);
          sentAt = Date.now();
          timer = setTimeout(
            () =>
              finish(
                'Sandbox.Timedout',
                new LambdaError(
                  'Sandbox.Timedout',
                  `Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`,
                ),
              ),
            timeoutMs,
          );
          child.send(event as never);
        } else if (m.type === 'result') finish('result', undefined, m.result);
        else finish(m.errorType ?? 'Error', new LambdaError(m.errorType ?? 'Error', m.errorMessage ?? ''));
      },
    );
    child.on('exit', (code, signal) =>
      finish(
        'Runtime.ExitError',
        new LambdaError(
          'Runtime.ExitError',
          `Runtime exited with ${signal ? `signal: ${signal}` : `code ${code}`}`,
        ),
      ),
    );
  });
}
