import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors.ts';
import { loadDeploymentConfig } from '../../lib/infra/deploymentConfig.ts';
import { EuClusterStack } from '../../lib/infra/euClusterStack.ts';
import { buildStack, logicalId, ROOT, SAMPLE_DOCUMENT, sampleConfig, testApp } from './support.ts';

const contextApp = (context: Record<string, unknown>) => new App({ context });

describe('loadDeploymentConfig', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eucluster-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads data/sample/pipeline.config.json when the context names nothing, its file entries dropped and said', () => {
    const said: string[] = [];
    const config = loadDeploymentConfig(contextApp({}).node, ROOT, (line) => said.push(line));
    const sample = sampleConfig();
    const { file: _n, ...national } = sample.sources.nationalByDivision ?? { file: undefined };
    const { file: _r, ...regional } = sample.sources.regionalByActivity ?? { file: undefined };
    expect(config).toEqual({
      ...sample,
      sources: { ...sample.sources, nationalByDivision: national, regionalByActivity: regional },
    });
    expect(said).toEqual([
      'data/sample/pipeline.config.json: the deployment fetches every source from the Eurostat API; dropped ' +
        `sources.nationalByDivision.file (${_n}), sources.regionalByActivity.file (${_r})`,
    ]);
  });

  it('says nothing when there is nothing to drop', () => {
    const said: string[] = [];
    const sources = Object.fromEntries(
      Object.entries(SAMPLE_DOCUMENT.sources as Record<string, Record<string, unknown>>).map(([k, v]) => {
        const { file: _f, ...rest } = v;
        return [k, rest];
      }),
    );
    loadDeploymentConfig(contextApp({ 'eucluster:config': { ...SAMPLE_DOCUMENT, sources } }).node, dir, (l) =>
      said.push(l),
    );
    expect(said).toEqual([]);
  });

  it('refuses a duplicate key, as the CLI does (JSON.parse would keep the last one silently)', () => {
    writeFileSync(
      join(dir, 'twice.json'),
      '{ "benchmark": "EU27_2020", "benchmark": "EA20", "sources": {} }',
    );
    const app = contextApp({ 'eucluster:configFile': 'twice.json' });
    expect(() => loadDeploymentConfig(app.node, dir)).toThrow(ConfigError);
    expect(() => loadDeploymentConfig(app.node, dir)).toThrow(/twice\.json field "benchmark": duplicate key/);
  });

  it('reads the file named by context eucluster:configFile, relative to the working directory', () => {
    writeFileSync(join(dir, 'custom.json'), JSON.stringify({ ...SAMPLE_DOCUMENT, benchmark: 'EA20' }));
    const config = loadDeploymentConfig(
      contextApp({ 'eucluster:configFile': 'custom.json' }).node,
      dir,
      () => {},
    );
    expect(config.benchmark).toBe('EA20');
  });

  it('prefers the document in context eucluster:config over any file', () => {
    const config = loadDeploymentConfig(
      contextApp({
        'eucluster:config': { ...SAMPLE_DOCUMENT, deployment: { timeZone: 'UTC' } },
        'eucluster:configFile': 'does-not-exist.json',
      }).node,
      dir,
    );
    expect(config.deployment.timeZone).toBe('UTC');
  });

  it('accepts the document as JSON text, as `cdk -c eucluster:config=…` passes it', () => {
    const text = JSON.stringify({ ...SAMPLE_DOCUMENT, deployment: { schedule: 'rate(1 day)' } });
    const config = loadDeploymentConfig(contextApp({ 'eucluster:config': text }).node, dir);
    expect(config.deployment.schedule).toBe('rate(1 day)');
  });

  it('fills the defaults of the deployment block', () => {
    expect(sampleConfig().deployment).toEqual({
      schedule: 'cron(30 12 * * ? *)',
      timeZone: 'Europe/Brussels',
      ledgerRetentionDays: 90,
      noncurrentVersionDays: 30,
      athenaBytesScannedLimit: 1_000_000_000,
    });
  });

  it('rejects an invalid document, naming where it came from and the wrong field', () => {
    const app = contextApp({
      'eucluster:config': { ...SAMPLE_DOCUMENT, deployment: { alarmEmail: 'nobody' } },
    });
    expect(() => loadDeploymentConfig(app.node, dir)).toThrow(ConfigError);
    expect(() => loadDeploymentConfig(app.node, dir)).toThrow(
      /context "eucluster:config".*\n.*deployment\.alarmEmail/,
    );
  });

  it('says which file it could not read and how to name another', () => {
    const app = contextApp({ 'eucluster:configFile': 'missing.json' });
    expect(() => loadDeploymentConfig(app.node, dir)).toThrow(
      /missing\.json: cannot read .*eucluster:configFile/,
    );
  });

  it('says when a file is not JSON', () => {
    writeFileSync(join(dir, 'broken.json'), '{ "benchmark": ');
    const app = contextApp({ 'eucluster:configFile': 'broken.json' });
    expect(() => loadDeploymentConfig(app.node, dir)).toThrow(/broken\.json: not valid JSON/);
  });
});

describe('EuClusterStack configured by the document', () => {
  const custom = sampleConfig({
    schedule: 'cron(0 6 ? * MON *)',
    timeZone: 'UTC',
    alarmEmail: 'ops@example.org',
    noncurrentVersionDays: 90,
    athenaBytesScannedLimit: 50_000_000,
  });
  const { stack, template } = buildStack(custom);

  it('schedules with the configured expression and time zone', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 6 ? * MON *)',
      ScheduleExpressionTimezone: 'UTC',
    });
  });

  it('subscribes deployment.alarmEmail to the failures topic (only)', () => {
    const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription'));
    expect(subscriptions.map((s) => s.Properties)).toEqual([
      {
        Protocol: 'email',
        Endpoint: 'ops@example.org',
        TopicArn: { Ref: logicalId(stack.notifications.failures) },
      },
    ]);
  });

  it('keeps noncurrent object versions for deployment.noncurrentVersionDays', () => {
    const bucket = template.findResources('AWS::S3::Bucket')[logicalId(stack.storage.bucket)];
    expect(bucket?.Properties.LifecycleConfiguration.Rules).toContainEqual(
      expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: 90 } }),
    );
  });

  it('cuts a query off after deployment.athenaBytesScannedLimit bytes scanned', () => {
    const workGroup = template.findResources('AWS::Athena::WorkGroup')[logicalId(stack.catalog.workGroup)];
    expect(workGroup?.Properties.WorkGroupConfiguration.BytesScannedCutoffPerQuery).toBe(50_000_000);
  });

  it('hands every function the same validated document', () => {
    const variables = Object.values(template.findResources('AWS::Lambda::Function')).map(
      (f) => f.Properties.Environment.Variables.PIPELINE_CONFIG,
    );
    expect(variables.map((v) => JSON.parse(v))).toEqual(Array(5).fill(custom));
  });

  it('refuses a document too large for the functions’ environment', () => {
    const huge = sampleConfig();
    const national = huge.sources.nationalByDivision;
    if (!national) throw new Error('the sample configuration has a nationalByDivision source');
    national.ignoreCodes = { nace_r2: Array.from({ length: 600 }, (_, i) => `X${i}`) };
    expect(() => new EuClusterStack(testApp(), 'TooLarge', { config: huge })).toThrow(
      /environment variables/,
    );
  });
});
