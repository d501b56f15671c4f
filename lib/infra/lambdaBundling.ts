import { fileURLToPath } from 'node:url';
import { HTTP_CLIENT_ALIAS } from '../eurostat/fetch/bundling.ts';

/** The credential chain of a function (see the module), read by esbuild only: the CDK app never loads it. */
const LAMBDA_CREDENTIALS = fileURLToPath(new URL('../aws/lambdaCredentials.ts', import.meta.url));

/**
 * esbuild's `alias` option for every Lambda bundle: the HTTP client without form-data, and the SDK's
 * default credential chain cut to what Lambda provides (lib/aws/lambdaCredentials.ts). Used by
 * lib/infra/pipelineFunction.ts and the bench, so that the bench measures the bundles the stack ships.
 */
export const LAMBDA_ALIAS: Readonly<Record<string, string>> = {
  ...HTTP_CLIENT_ALIAS,
  '@aws-sdk/credential-provider-node': LAMBDA_CREDENTIALS,
};

/** The same for `NodejsFunction`'s `esbuildArgs` (one `--alias:from=to` per entry). */
export const LAMBDA_ESBUILD_ARGS: Readonly<Record<string, string[]>> = {
  '--alias': Object.entries(LAMBDA_ALIAS).map(([from, to]) => `${from}=${to}`),
};
