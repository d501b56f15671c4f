import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it, vi } from 'vitest';
import { buildStack, sampleConfig } from './support.ts';

/**
 * Every cdk-nag acknowledgement must answer a finding cdk-nag really reports (no stale or mistyped ids) and
 * give a reason. Here `acknowledge` only records, so the packs report everything that was acknowledged.
 */
const recorded = vi.hoisted(() => [] as { path: string; id: string; reason: string }[]);
vi.mock('../../lib/infra/nag.ts', async (original) => ({
  ...(await original<typeof import('../../lib/infra/nag.ts')>()),
  acknowledge: (scope: IConstruct, findings: Record<string, string>) => {
    for (const [id, reason] of Object.entries(findings)) recorded.push({ path: scope.node.path, id, reason });
  },
}));

const { stack } = buildStack(sampleConfig({ alarmEmail: 'ops@example.org' }));
const reported = [new AwsSolutionsChecks(stack), new ServerlessChecks(stack)].flatMap((pack) =>
  pack
    .validateScope(stack)
    .violations.flatMap((v) =>
      v.violatingResources.map((r) => ({ id: v.ruleName, path: r.constructPath ?? '' })),
    ),
);
const covers = (ack: { path: string; id: string }, finding: { path: string; id: string }) =>
  ack.id === finding.id && finding.path.startsWith(`${ack.path}/`);

describe('cdk-nag acknowledgements', () => {
  it('are made (the stack has findings to acknowledge)', () => {
    expect(recorded.length).toBeGreaterThan(0);
  });

  it('each answer a finding cdk-nag reports at or below the acknowledging construct', () => {
    const stale = recorded.filter((ack) => !reported.some((finding) => covers(ack, finding)));
    expect(stale).toEqual([]);
  });

  it('cover every finding', () => {
    const open = reported.filter((finding) => !recorded.some((ack) => covers(ack, finding)));
    expect(open).toEqual([]);
  });

  it('each give a reason of at least a sentence', () => {
    expect(recorded.filter((ack) => ack.reason.length < 60)).toEqual([]);
  });
});
