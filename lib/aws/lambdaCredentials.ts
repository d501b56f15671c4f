import { fromEnv } from '@aws-sdk/credential-provider-env';
import { fromHttp } from '@aws-sdk/credential-provider-http';
import { chain, memoize } from '@smithy/core/config';

/**
 * The credential chain of the Lambda bundles, in place of `@aws-sdk/credential-provider-node` (an esbuild
 * alias, lib/infra/lambdaBundling.ts). Lambda hands a function its role's credentials in the environment
 * (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN), or, where it runs functions in
 * containers of its own, through a container credentials endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI):
 * the profile, SSO, login, process and web-identity providers of the default chain never apply there, and
 * they and their clients were about 100 KB of every bundle and 15–20 ms of every cold start. The CLI
 * keeps the default chain. Same signature and refresh rule as the default provider.
 */
export const defaultProvider = (init: Parameters<typeof fromHttp>[0] = {}) =>
  memoize(
    chain(
      fromEnv(init),
      // Created when asked: fromHttp throws at once when no endpoint is set, and the SDK builds the chain
      // with each client.
      () => fromHttp(init)(),
    ),
    // Expired: five minutes or less left. Refreshed at all: only credentials that expire.
    (credentials) =>
      credentials.expiration !== undefined && credentials.expiration.getTime() - Date.now() < 300_000,
    (credentials) => credentials.expiration !== undefined,
  );
