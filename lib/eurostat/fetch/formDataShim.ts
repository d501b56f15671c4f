/**
 * Stands in for the `form-data` package in the bundles (see `bundling.ts`). axios imports it for multipart
 * uploads, which a GET-only client never makes; with it comes `mime-db` (about 135 KB minified). Node's own
 * FormData takes its place, so axios still works if anything ever posts a form through it.
 */
export default globalThis.FormData;
