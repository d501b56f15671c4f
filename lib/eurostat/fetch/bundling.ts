import { fileURLToPath } from 'node:url';

/**
 * What every esbuild bundle that holds the Eurostat client needs: `form-data` (axios's multipart uploads,
 * with `mime-db`: about 165 KB of the 275 KB axios brings) replaced by Node's own FormData, see
 * `formDataShim.ts`. Used by the Lambda bundles (lib/infra/lambdaBundling.ts), the CLI build
 * (scripts/build.ts) and the bench, so that they all measure and ship the same code.
 */
export const FORM_DATA_SHIM = fileURLToPath(new URL('./formDataShim.ts', import.meta.url));

/** esbuild's `alias` option (JS API). */
export const HTTP_CLIENT_ALIAS: Readonly<Record<string, string>> = { 'form-data': FORM_DATA_SHIM };
