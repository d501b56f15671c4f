import axios, { type AxiosResponse } from 'axios';

/** A failure worth retrying (5xx, 429, timeouts, resets): the workflow retries steps that throw it. */
export class TransientError extends Error {
  override readonly name = 'TransientError';
}

/** A failure that retrying will not fix (4xx other than 429, an HTML page instead of data). */
export class SourceError extends Error {
  override readonly name = 'SourceError';
  constructor(
    message: string,
    readonly dataset: string,
    readonly url: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface DatasetDownload {
  url: string;
  body: Buffer;
  /** `Last-Modified`, else `ETag`, when the server sends one. */
  sourceVersion: string | null;
}

export interface EurostatClientOptions {
  baseUrl: string;
  timeoutMs?: number;
  /** Largest body accepted, in bytes. */
  maxBytes?: number;
}

/** The SDMX 2.1 bulk URL of a whole dataset as gzipped TSV (Eurostat's bulk download since 2023). */
export function datasetTsvUrl(baseUrl: string, dataset: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/api/dissemination/sdmx/2.1/data/${encodeURIComponent(dataset)}?format=TSV&compressed=true`;
}

/** Downloads one dataset as gzipped TSV. */
export async function downloadDatasetTsv(
  dataset: string,
  o: EurostatClientOptions,
): Promise<DatasetDownload> {
  const url = datasetTsvUrl(o.baseUrl, dataset);
  let response: AxiosResponse<ArrayBuffer>;
  try {
    response = await axios.get<ArrayBuffer>(url, {
      responseType: 'arraybuffer',
      timeout: o.timeoutMs ?? 120_000,
      maxContentLength: o.maxBytes ?? 512 * 1024 * 1024,
      // Keep the gzip as served: the raw bytes are what is stored and hashed.
      decompress: false,
      validateStatus: () => true,
    });
  } catch (err) {
    throw new TransientError(`${dataset}: ${url} did not answer (${(err as Error).message})`);
  }
  const status = response.status;
  const body = Buffer.from(response.data);
  if (status === 429 || status >= 500) throw new TransientError(`${dataset}: ${url} answered HTTP ${status}`);
  if (status !== 200) {
    throw new SourceError(
      `${dataset}: ${url} answered HTTP ${status}: ${body.toString('utf8', 0, 300)}`,
      dataset,
      url,
      status,
    );
  }
  if (/^\s*</.test(body.toString('utf8', 0, 64))) {
    throw new SourceError(
      `${dataset}: ${url} answered an HTML page where data was expected`,
      dataset,
      url,
      status,
    );
  }
  const header = (name: string) => {
    const v = response.headers[name];
    return typeof v === 'string' && v.length > 0 ? v : null;
  };
  return { url, body, sourceVersion: header('last-modified') ?? header('etag') };
}
