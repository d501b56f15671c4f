import { gunzipSync } from 'node:zlib';
import type { DatasetSource } from '../../config/configuration.ts';
import type { SourceState } from '../../model/sourceState.ts';
import { checkStructure, headerDimensions } from '../../refresh/sourcePlan.ts';
// The modules themselves, not the index: a bundle of the fetch step then carries no catalogue reader.
import { type FetchOptions, fetchDataset } from './client.ts';
import { EurostatHttpError, eurostatMessage, TransientError } from './errors.ts';
import { openGet, readSmall, statusError } from './http.ts';
import { resolveRetryOptions, withRetry } from './retry.ts';
import type { RawSink } from './sinks.ts';
import { classifyHead, HEAD_BYTES } from './sniff.ts';

export interface SourceDownload {
  source: DatasetSource;
  /** What was stored last time, if anything: its validators make the request conditional. */
  previous: SourceState | undefined;
  /** Send the previous ETag / Last-Modified (when the catalogue could not say whether anything changed). */
  conditional: boolean;
  /** The catalogue's dates to record. */
  lastDataUpdate: string | null;
  lastStructureChange: string | null;
  acceptStructureChange: boolean;
  sink: RawSink;
  /** The first line of a stored object (decompressed), for the structure check. */
  firstLine: (key: string, shownPath: string) => Promise<string>;
  options: FetchOptions;
  now: Date;
}

/**
 * Downloads one Eurostat source into a raw sink and returns its new state: the same state on a 304, else
 * the stored object, its validators and its dimensions — after checking the dimensions against the last
 * download (a new or missing one stops the source unless accepted). Shared by the CLI and the AWS steps.
 */
export async function downloadSource(
  d: SourceDownload,
): Promise<{ state: SourceState; notModified: boolean }> {
  const { source, previous } = d;
  const validators =
    d.conditional && previous
      ? {
          ...(previous.etag ? { etag: previous.etag } : {}),
          ...(previous.lastModified ? { lastModified: previous.lastModified } : {}),
        }
      : undefined;
  const result = await fetchDataset(
    {
      dataset: source.dataset,
      format: source.format ?? 'tsv',
      filters: source.filters,
      ...(source.keyOrder ? { keyOrder: source.keyOrder } : {}),
      ...(source.startPeriod ? { startPeriod: source.startPeriod } : {}),
      ...(validators ? { validators } : {}),
    },
    d.sink,
    d.options,
  );
  if (result.notModified && previous) {
    return {
      state: {
        ...previous,
        lastDataUpdate: d.lastDataUpdate ?? previous.lastDataUpdate,
        lastStructureChange: d.lastStructureChange ?? previous.lastStructureChange,
      },
      notModified: true,
    };
  }
  const stored = result.stored;
  if (!stored) throw new Error(`${source.dataset}: the download stored nothing`);
  const extension = stored.key.slice(stored.key.indexOf('.', stored.key.lastIndexOf('/')));
  const path = `eurostat/${source.dataset}${extension}`;
  const dimensions = headerDimensions(await d.firstLine(stored.key, path), result.format);
  if (!d.acceptStructureChange) checkStructure(source.dataset, previous?.dimensions ?? null, dimensions);
  return {
    state: {
      dataset: source.dataset,
      key: stored.key,
      hash: stored.hash,
      bytes: stored.bytes,
      path,
      format: result.format,
      lastDataUpdate: d.lastDataUpdate,
      lastStructureChange: d.lastStructureChange,
      etag: result.etag ?? null,
      lastModified: result.lastModified ?? null,
      dimensions,
      fetchedAt: d.now.toISOString(),
    },
    notModified: false,
  };
}

/** The first line of decompressed chunks (at most 1 MiB read). */
export async function firstLineOf(chunks: AsyncIterable<Buffer>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) {
    text += chunk.toString('utf8');
    const nl = text.indexOf('\n');
    if (nl !== -1) return text.slice(0, nl).replace(/\r$/, '');
    if (text.length > 1 << 20) break;
  }
  return text;
}

/**
 * Downloads the cluster organisation file from `eccp.url` (CSV or JSON, by the answer's type or the URL),
 * with the same client, timeouts, limits and retries as the Eurostat downloads. The file is small: it is
 * returned whole, gunzipped when it came gzipped. An HTML page or a truncated or corrupt gzip is retried like
 * a 503.
 */
export async function downloadOrganisations(
  url: string,
  http: Omit<FetchOptions, 'baseUrl'> = {},
): Promise<{ body: Buffer; path: string; format: 'csv' | 'json' }> {
  const target = { dataset: 'cluster_organisations', url };
  const limits = { stallMs: http.stallMs ?? 60_000, maxBytes: http.maxBytes ?? 64 * 1024 * 1024 };
  const retry = resolveRetryOptions(http.retry);
  return withRetry(async () => {
    const res = await openGet(target, { timeoutMs: http.timeoutMs ?? 60_000 });
    if (res.status !== 200) throw await statusError(res, target, limits, retry.now());
    // One byte over the limit is never reached: readChunks fails first, naming maxBytes.
    const served = await readSmall(res, target, { ...limits, limit: limits.maxBytes + 1 });
    const details = { ...target, status: res.status };
    const kind = classifyHead(served.subarray(0, HEAD_BYTES));
    if (kind === 'html') {
      throw new TransientError('answered an HTML page where the cluster organisations were expected', {
        ...details,
        eurostatMessage: eurostatMessage(served),
      });
    }
    const body = kind === 'gzip' ? gunzipWithin(served, limits.maxBytes, details) : served;
    const json = /json/.test(res.header('content-type') ?? '') || /\.json(\?|$)/.test(url);
    const format = json ? 'json' : 'csv';
    return { body, path: `eccp/cluster_organisations.${format}`, format };
  }, retry);
}

/** A served gzip, gunzipped (at most `maxBytes`); one that does not gunzip whole is transient. */
function gunzipWithin(
  gz: Buffer,
  maxBytes: number,
  details: { dataset: string; url: string; status: number },
) {
  try {
    return gunzipSync(gz, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new EurostatHttpError(
        `gunzipped body exceeds the limit of ${maxBytes} bytes (maxBytes)`,
        details,
      );
    }
    throw new TransientError(`answered a truncated or corrupt gzip (${(err as Error).message})`, {
      ...details,
      cause: err,
    });
  }
}
