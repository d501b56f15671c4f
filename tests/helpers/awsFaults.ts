/** SDK commands that change S3 or DynamoDB (the Document client's commands run as these). */
const WRITE =
  /^(PutObject|DeleteObjects?|CopyObject|CreateMultipartUpload|UploadPart|CompleteMultipartUpload|PutItem|DeleteItem|UpdateItem|BatchWriteItem|TransactWriteItems)Command$/;

export interface AwsFaultPlan {
  /** The 1-based write (across every client given) that fails. */
  failAt: number;
  /**
   * `before`: the write never reaches the server; `after`: it is done, and the answer is lost (a function
   * killed just after its write, or timed out on the way back). Either way the caller is dead from then on:
   * every later call fails too, so no clean-up runs.
   */
  when: 'before' | 'after';
}

export class KilledError extends Error {
  override readonly name = 'KilledError';
}

/**
 * A fault at the Nth write the SDK clients make, injected as SDK middleware: the requests themselves go to
 * the real servers (s3rver, DynamoDB Local) untouched. `writes()` counts the writes seen so far, so a first
 * run without a fault tells how many writes a publication makes.
 */
/** What of an SDK client this needs: its middleware stack. */
interface WithMiddleware {
  middlewareStack: { add(middleware: never, options: { step: 'initialize'; name: string }): void };
}
type Next = (args: unknown) => Promise<unknown>;

export function injectFault(clients: WithMiddleware[], plan: AwsFaultPlan) {
  let writes = 0;
  let dead = false;
  for (const client of clients) {
    const middleware = (next: Next, context: { commandName?: string }) => async (args: unknown) => {
      if (dead) throw new KilledError(`killed before ${context.commandName}`);
      // A write's number is taken as it starts: a store writes several files at once, so others may start
      // (and be counted) before this one is answered.
      const n = WRITE.test(String(context.commandName)) ? ++writes : 0;
      if (n === plan.failAt && plan.when === 'before') {
        dead = true;
        throw new KilledError(`killed at write ${n} (${context.commandName}), before it`);
      }
      const out = await next(args);
      if (n === plan.failAt && plan.when === 'after') {
        dead = true;
        throw new KilledError(`killed at write ${n} (${context.commandName}), after it`);
      }
      return out;
    };
    client.middlewareStack.add(middleware as never, { step: 'initialize', name: 'injectedFault' });
  }
  return { writes: () => writes };
}
