import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Duration, Stack } from 'aws-cdk-lib';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PipelineFunction, REFERENCE_FILES } from '../../lib/infra/pipelineFunction.ts';
import { CDK_CONTEXT, ROOT } from './support.ts';

/**
 * Bundles a stand-in handler with the local esbuild, as `npm run synth` does, and loads the result: the
 * ESM bundle must run on Node and carry the reference tables when asked to.
 */
describe('PipelineFunction bundling', () => {
  let outdir: string;
  const bundles: Record<string, string> = {};

  beforeAll(() => {
    outdir = mkdtempSync(join(tmpdir(), 'eucluster-bundle-'));
    const app = new App({ outdir, context: CDK_CONTEXT });
    const stack = new Stack(app, 'Bundling');
    const props = {
      entry: 'tests/infra/fixtures/handler.ts',
      description: 'bundling test',
      memorySize: 128,
      timeout: Duration.seconds(3),
      environment: {},
    };
    const plain = new PipelineFunction(stack, 'Plain', props);
    const withReference = new PipelineFunction(stack, 'WithReference', { ...props, referenceFiles: true });
    const withSdk = new PipelineFunction(stack, 'WithSdk', {
      ...props,
      entry: 'tests/infra/fixtures/sdkHandler.ts',
    });
    app.synth();
    for (const [name, fn] of Object.entries({ plain, withReference, withSdk })) {
      const code = fn.node.findChild('Code') as Asset;
      bundles[name] = join(outdir, code.assetPath);
    }
  }, 60_000);

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  it('emits an ES module with a source map', () => {
    expect(readdirSync(bundles.plain as string).sort()).toEqual(['index.mjs', 'index.mjs.map']);
  });

  it('defines `require` for the CommonJS parts of dependencies', () => {
    expect(readFileSync(join(bundles.plain as string, 'index.mjs'), 'utf8')).toMatch(
      /^import \{ createRequire \} from 'module'; const require = createRequire\(import\.meta\.url\);/,
    );
  });

  it('loads on Node and its handler runs', async () => {
    const module = await import(pathToFileURL(join(bundles.plain as string, 'index.mjs')).href);
    await expect(module.handler({ text: 'abc' })).resolves.toMatchObject({
      sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
  });

  it('copies the reference tables into reference/ when asked to', () => {
    for (const file of REFERENCE_FILES) {
      const copied = join(bundles.withReference as string, 'reference', file);
      expect(readFileSync(copied)).toEqual(readFileSync(join(ROOT, 'data', 'reference', file)));
    }
  });

  it('bundles no reference tables otherwise', () => {
    expect(existsSync(join(bundles.plain as string, 'reference'))).toBe(false);
  });

  describe('the credential chain', () => {
    const sources = () =>
      (
        JSON.parse(readFileSync(join(bundles.withSdk as string, 'index.mjs.map'), 'utf8')).sources as string[]
      ).join('\n');

    it("is Lambda's (lib/aws/lambdaCredentials.ts), without the profile, SSO and login providers and their clients", () => {
      expect(sources()).toContain('lib/aws/lambdaCredentials.ts');
      for (const left of [
        'credential-provider-node',
        'credential-provider-ini',
        'credential-provider-sso',
        'credential-provider-login',
        'nested-clients',
      ])
        expect(sources()).not.toContain(`/${left}/`);
    });

    it('gives the S3 and DynamoDB clients the credentials Lambda puts in the environment', async () => {
      const lambda = {
        AWS_ACCESS_KEY_ID: 'ASIAFROMLAMBDA',
        AWS_SECRET_ACCESS_KEY: 'secret',
        AWS_REGION: 'eu-west-1',
      };
      const saved = Object.fromEntries(Object.keys(lambda).map((name) => [name, process.env[name]]));
      Object.assign(process.env, lambda);
      try {
        const module = await import(pathToFileURL(join(bundles.withSdk as string, 'index.mjs')).href);
        await expect(module.handler()).resolves.toEqual({ s3: 'ASIAFROMLAMBDA', dynamodb: 'ASIAFROMLAMBDA' });
      } finally {
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }
    });
  });
});
