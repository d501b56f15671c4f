/** The Eurostat client as the CLI's live run uses it: the catalogue read when available, the fetch options. */
export { readCatalogueIfAvailable } from './catalogue.ts';
export type { FetchOptions } from './client.ts';
export { TransientError } from './errors.ts';
