/** The Eurostat client: downloads that survive the real API, streamed into content-addressed storage. */
export {
  type CatalogueEntry,
  type CatalogueOptions,
  readCatalogue,
  readCatalogueIfAvailable,
} from './catalogue.ts';
export {
  type DatasetRequest,
  datasetUrl,
  type FetchOptions,
  type FetchResult,
  fetchDataset,
  fetchDatasetBuffer,
} from './client.ts';
export { EurostatHttpError, MalformedCatalogueError, TransientError } from './errors.ts';
export { type RetryOptions, withRetry } from './retry.ts';
export {
  MemoryRawSink,
  type RawSink,
  type SinkMeta,
  type SinkWriter,
  type StoredObject,
} from './sinks.ts';
export { bulkUrl } from './urls.ts';
