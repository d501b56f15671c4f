import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Bucket } from '../../lib/aws/bucket.ts';
import { LEASE_KEY } from '../../lib/aws/tableItems.ts';
import { catalogueText } from '../helpers/catalogue.ts';
import { type FakeEurostat, fakeEurostat, SAMPLE_DATASETS } from '../helpers/fakeEurostat.ts';
import { freshStorage } from '../helpers/localAws.ts';
import { DeployedWorkflow, type RunResult } from './support/deployedWorkflow.ts';

/**
 * Operating the deployed workflow for a year, executed: every run that does not succeed reaches the failures
 * topic exactly once (through the synthesized EventBridge rule, whatever ended it), and every step retried
 * after its last write ends the run as if it had run once. Same harness as stateMachine.test.ts (the
 * synthesized state machine, the bundled functions, IAM checked, s3rver, DynamoDB Local, a local Eurostat);
 * every time limit 10 times faster.
 */
const SCALE = 1 / 10;
const LONG = 300_000;
const ROOT = join(import.meta.dirname, '..', '..');
const SAMPLE = join(ROOT, 'data', 'sample');
const CATALOGUE_PATH = '/api/dissemination/catalogue/toc/txt';

/** SYNTHETIC catalogue dates (the codes are Eurostat's, the dates invented). */
const CATALOGUE = catalogueText({
  lfsa_egan22d: ['20.11.2026', '01.02.2024'],
  lfst_r_lfe2en2: ['20.11.2026', '01.02.2024'],
  lfst_r_lfe2emp: ['20.11.2026', '01.02.2024'],
});

describe('the deployed workflow operated unattended (failure reports, retries)', () => {
  let server: FakeEurostat;
  let wf: DeployedWorkflow;
  let bucket: Bucket;
  let table: string;
  let ddb: Awaited<ReturnType<typeof freshStorage>>['ddb'];

  const ledger = async (run: string) => {
    const out = await ddb.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `RUN#${run}` },
      }),
    );
    return (out.Items ?? []).map((i) => i.sk as string).sort();
  };
  const ledgerItem = async (run: string, event: string) =>
    (await ddb.send(new GetCommand({ TableName: table, Key: { pk: `RUN#${run}`, sk: event } }))).Item;
  const leaseHolder = async () =>
    (await ddb.send(new GetCommand({ TableName: table, Key: LEASE_KEY, ConsistentRead: true }))).Item
      ?.runId as string | undefined;
  /**
   * An execution that ended where no state runs (States.Runtime, its timeout, an abort) keeps the lease
   * until it expires; the operator deletes it (docs/operations.md), as here, so the next scenario starts now.
   */
  const expectLeaseKeptThenClear = async (run: string) => {
    expect(await leaseHolder()).toBe(run);
    await ddb.send(
      new DeleteCommand({
        TableName: table,
        Key: LEASE_KEY,
        ConditionExpression: 'runId = :r',
        ExpressionAttributeValues: { ':r': run },
      }),
    );
  };
  const pointer = async () =>
    (await ddb.send(new GetCommand({ TableName: table, Key: { pk: 'POINTER', sk: 'latest' } }))).Item
      ?.version as string | undefined;
  const keys = async (prefix: string) => (await bucket.list(prefix)).map((o) => o.key).sort();
  const json = async (key: string) => JSON.parse((await bucket.getBuffer(key)).toString('utf8'));
  const failures = () =>
    wf.notifications.filter((n) => (n.message as { event?: string }).event === 'refresh.failed');
  const denied = () =>
    wf.calls.flatMap((c) =>
      c.checks.filter((x) => x.decision !== 'Allowed').map((x) => `${c.fn}: ${x.action} on ${x.resource}`),
    );
  const run = async (input: Record<string, unknown>, name: string, options = {}) => {
    server.reset();
    wf.notifications.length = 0;
    return wf.run(input, name, options);
  };
  const hangCatalogue = () => server.fault(CATALOGUE_PATH, ...Array(20).fill({ hangMs: 60_000 }));

  beforeAll(async () => {
    server = await fakeEurostat({
      catalogue: CATALOGUE,
      datasets: SAMPLE_DATASETS,
    });
    ({ bucket, table, ddb } = await freshStorage());
    await bucket.put(
      'inbox/eccp/cluster_organisations.csv',
      await readFile(join(SAMPLE, 'eccp', 'cluster_organisations.csv')),
    );
    await bucket.put('inbox/policy/BE.json', await readFile(join(SAMPLE, 'policy', 'BE.json')));
    wf = await DeployedWorkflow.start({
      bucket,
      table,
      s3Endpoint: inject('s3Endpoint'),
      dynamoEndpoint: inject('dynamoEndpoint'),
      eurostatBaseUrl: server.baseUrl,
      scale: SCALE,
    });
    const first = await run({}, 'first');
    expect(first.status, `${first.error}: ${first.cause} ${denied().join('; ')}`).toBe('SUCCEEDED');
  }, LONG);

  afterAll(async () => {
    await wf?.close();
    await server?.close();
  });

  describe('every run that does not succeed reaches the failures topic exactly once', () => {
    const expectOneReport = (r: RunResult, status: string, name: string) => {
      expect(failures()).toEqual([
        expect.objectContaining({
          message: expect.objectContaining({ event: 'refresh.failed', status, runId: name }),
        }),
      ]);
      // Nothing else was sent: no second mail from the workflow, no published event.
      expect(wf.notifications).toHaveLength(1);
      expect(r.status).toBe(status);
    };

    it(
      'a step whose answer is malformed fails with States.Runtime, which no Catch sees: one report',
      async () => {
        // Check answers without startedAt; PrepareCompute's path then points at nothing.
        wf.answerOf = (state, answer) => {
          if (state !== 'Check') return answer;
          const { startedAt: _dropped, ...rest } = answer as Record<string, unknown>;
          return rest;
        };
        const before = await pointer();
        const r = await run({ force: true }, 'malformed-1');
        wf.answerOf = undefined;
        expect(r.error).toBe('States.Runtime');
        expectOneReport(r, 'FAILED', 'malformed-1');
        expect(failures()[0]?.message).toMatchObject({ error: 'States.Runtime' });
        // The Catch path did not run (as in AWS): the ledger has the start only, the mail is the record.
        expect(await ledger('malformed-1')).toEqual(['STARTED']);
        expect(await pointer()).toBe(before);
        expect(denied()).toEqual([]);
        await expectLeaseKeptThenClear('malformed-1');
      },
      LONG,
    );

    it(
      'an execution past its timeout ends TIMED_OUT, which no Catch sees: one report',
      async () => {
        hangCatalogue();
        const r = await run({ force: true }, 'timeout-1', { timeoutS: 2 });
        expectOneReport(r, 'TIMED_OUT', 'timeout-1');
        expect(await ledger('timeout-1')).toEqual(['STARTED']);
        await expectLeaseKeptThenClear('timeout-1');
      },
      LONG,
    );

    it(
      'an execution stopped by hand ends ABORTED: one report',
      async () => {
        hangCatalogue();
        const r = await run({ force: true }, 'aborted-1', {
          onStart: (abort: () => void) => setTimeout(abort, 1500),
        });
        expectOneReport(r, 'ABORTED', 'aborted-1');
        await expectLeaseKeptThenClear('aborted-1');
      },
      LONG,
    );

    it(
      'a caught step error is recorded in the ledger by the Catch path and still reported once',
      async () => {
        wf.answerOf = (state, answer) =>
          state === 'Compute' ? { ...(answer as object), status: 'something-else' } : answer;
        const r = await run({ force: true }, 'caught-1');
        wf.answerOf = undefined;
        expect(r.error).toBe('UnexpectedStatus');
        expectOneReport(r, 'FAILED', 'caught-1');
        expect(await ledger('caught-1')).toEqual(['FAILED', 'STARTED']);
        // The failure path gave the lease back.
        expect(await leaseHolder()).toBeUndefined();
      },
      LONG,
    );
  });

  describe('every step retried after its last write ends the run as if it had run once', () => {
    it.each(['Check', 'Fetch', 'Compute', 'Render', 'Publish'])(
      '%s: its first answer lost (Sandbox.Timedout), retried by the state machine, the run publishes once',
      async (step) => {
        const fn = wf.functionOf(step).logicalId;
        wf.loseAnswerOf = (state, attempt) => state === step && attempt === 1;
        const name = `retried-${step.toLowerCase()}`;
        // An earlier scenario's run killed mid-download may have left its own temporary object.
        const tmpBefore = await keys('raw/tmp/');
        const r = await run({ force: true }, name);
        wf.loseAnswerOf = undefined;
        expect(r.status, `${r.error}: ${r.cause}`).toBe('SUCCEEDED');
        expect(r.output).toMatchObject({ status: 'published' });
        const lost = r.invocations.filter((i) => i.fn === fn && i.outcome?.includes('answer lost'));
        expect(lost).toHaveLength(1);
        const version = r.output?.version as string;
        expect(await pointer()).toBe(version);
        expect((await json('snapshots/latest.json')).version).toBe(version);
        const index = (await json('snapshots/index.json')).versions.map(
          (v: { version: string }) => v.version,
        );
        expect(index.filter((v: string) => v === version)).toHaveLength(1);
        expect(index[0]).toBe(version);
        expect(await ledger(name)).toEqual(['PUBLISHED', 'STARTED']);
        expect(await leaseHolder()).toBeUndefined();
        // This run's staging folder is gone (a failed run's earlier one stays until the lifecycle rule).
        expect(await keys(`staging/${version}/`)).toEqual([]);
        expect(await keys('raw/tmp/')).toEqual(tmpBefore);
        // One published event, no failure report.
        expect(wf.notifications).toEqual([
          expect.objectContaining({
            message: expect.objectContaining({ event: 'snapshot.published', version }),
          }),
        ]);
        if (step === 'Fetch') {
          // The retried fetch answered from the state its first attempt wrote: each dataset downloaded once.
          const downloads = server.requests.filter((q) => q.path.includes('/sdmx/2.1/data/'));
          expect(downloads).toHaveLength(3);
        }
        expect(denied()).toEqual([]);
      },
      LONG,
    );
  });

  describe('a publication killed after its pointer flip and never retried', () => {
    it(
      'leaves latest.json and index.json behind the pointer until the next run, which repairs them whatever it publishes',
      async () => {
        const publish = wf.functionOf('Publish').logicalId;
        let flipped = false;
        // Killed at its first request after the flip (the Query that rebuilds index.json): Runtime.ExitError,
        // which no Retry takes, as when an execution is aborted there.
        wf.killWhen = (call) => {
          if (call.fn !== publish) return false;
          if (flipped) return true;
          if (call.operation === 'TransactWriteItems') flipped = true;
          return false;
        };
        const before = (await json('snapshots/latest.json')).version as string;
        const killed = await run({ force: true }, 'killed-after-flip');
        wf.killWhen = undefined;
        expect(flipped).toBe(true);
        expect(killed.status).toBe('FAILED');
        expect(killed.error).toBe('Runtime.ExitError');
        const flippedTo = await pointer();
        expect(flippedTo).not.toBe(before);
        expect((await json('snapshots/latest.json')).version).toBe(before);
        const indexed = async () =>
          (await json('snapshots/index.json')).versions.map((v: { version: string }) => v.version);
        expect(await indexed()).not.toContain(flippedTo);

        const next = await run({}, 'after-flip-kill');
        expect(next.status, `${next.error}: ${next.cause}`).toBe('SUCCEEDED');
        expect(next.output).toMatchObject({ status: 'unchanged', version: flippedTo });
        expect((await json('snapshots/latest.json')).version).toBe(flippedTo);
        expect((await indexed())[0]).toBe(flippedTo);
        // What the check step rewrote is in the run's ledger (and its log line).
        expect((await ledgerItem('after-flip-kill', 'STARTED'))?.repaired).toEqual([
          'snapshots/index.json',
          'snapshots/latest.json',
        ]);
        expect(wf.logs.join('\n')).toMatch(
          /"step":"check".*"repaired":\["snapshots\/index.json","snapshots\/latest.json"\]/,
        );
        // A run that finds them whole rewrites nothing.
        const again = await run({}, 'after-repair');
        expect(again.output).toMatchObject({ status: 'unchanged' });
        expect((await ledgerItem('after-repair', 'STARTED'))?.repaired).toBeUndefined();
        expect(denied()).toEqual([]);
      },
      LONG,
    );
  });

  describe('a run in progress holds the lease: a second execution waits for it instead of racing it', () => {
    it(
      'two executions started together both publish, one after the other; neither is superseded nor fails, and the lease is gone',
      async () => {
        server.reset();
        wf.notifications.length = 0;
        const check = wf.functionOf('Check').logicalId;
        const [a, b] = await Promise.all([
          wf.run({ force: true }, 'together-a'),
          wf.run({ force: true }, 'together-b'),
        ]);
        for (const r of [a, b]) {
          expect(r.status, `${r.error}: ${r.cause}`).toBe('SUCCEEDED');
          expect(r.output).toMatchObject({ status: 'published' });
        }
        // One of them was refused the lease at least once (RunInProgressError, retried), then ran.
        const waits = (r: RunResult) =>
          r.invocations.filter((i) => i.fn === check && i.outcome === 'RunInProgressError').length;
        const [first, second] = waits(a) === 0 ? [a, b] : [b, a];
        expect(waits(first)).toBe(0);
        expect(waits(second)).toBeGreaterThan(0);
        // The waiting one started (took the lease, wrote STARTED) only after the first had published.
        const name = (r: RunResult) => (r === a ? 'together-a' : 'together-b');
        const published = await ledgerItem(name(first), 'PUBLISHED');
        const started = await ledgerItem(name(second), 'STARTED');
        expect(String(started?.at) >= String(published?.at)).toBe(true);
        // Two versions, in order: the second published from the first's.
        expect(String(second.output?.version) > String(first.output?.version)).toBe(true);
        expect(await pointer()).toBe(second.output?.version);
        const index = (await json('snapshots/index.json')).versions.map(
          (v: { version: string }) => v.version,
        );
        expect(index.slice(0, 2)).toEqual([second.output?.version, first.output?.version]);
        for (const r of [a, b]) expect(await ledger(name(r))).toEqual(['PUBLISHED', 'STARTED']);
        expect(await leaseHolder()).toBeUndefined();
        expect(failures()).toEqual([]);
        expect(denied()).toEqual([]);
      },
      LONG,
    );
  });
});
