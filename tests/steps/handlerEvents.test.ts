import { afterEach, describe, expect, it } from 'vitest';
import { handler as check } from '../../lambdas/check.ts';
import { handler as compute } from '../../lambdas/compute.ts';
import { handler as fetch } from '../../lambdas/fetch.ts';
import { handler as publish } from '../../lambdas/publish.ts';
import { handler as render } from '../../lambdas/render.ts';
import { InvalidDocumentError } from '../../lib/errors.ts';
import { resetStepContext } from '../../lib/steps/handlerContext.ts';

// No BUCKET_NAME, TABLE_NAME or PIPELINE_CONFIG is set here: a handler that got past its event would fail on
// its environment instead, so these tests also show that the event is checked before anything else.
afterEach(() => resetStepContext());

describe('a step handler given a malformed event', () => {
  const cases: Array<[string, (raw: unknown) => Promise<unknown>, unknown, RegExp]> = [
    ['check', check, { runId: '', force: 'yes' }, /the check step's event is not valid:[\s\S]*force/],
    ['fetch', fetch, { runId: 'r1' }, /the fetch step's event is not valid/],
    ['compute', compute, { runId: 42 }, /the compute step's event is not valid:[\s\S]*runId/],
    ['publish', publish, [], /the publish step's event is not valid/],
    ['render', render, { status: 'unchanged' }, /the render step's event is not valid:[\s\S]*status/],
  ];
  for (const [name, handler, event, message] of cases) {
    it(`${name}: fails with an InvalidDocumentError naming the step and the bad field`, async () => {
      const err = await handler(event).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(InvalidDocumentError);
      expect((err as Error).name).toBe('InvalidDocumentError');
      expect((err as Error).message).toMatch(message);
    });
  }
});
