/**
 * The Eurostat client's errors. Both carry the dataset, the URL, the HTTP status (when there was one) and
 * Eurostat's own message (when its answer had one), and say all of it in `message`.
 *
 * - `EurostatHttpError`: retrying will not help (4xx other than 429, an XML message, ZIP or empty body where
 *   data was expected, a body over the byte limit, a request that cannot be sent).
 * - `TransientError`: worth retrying (429, 5xx, connection reset, timeout, stall, async request expired, an
 *   HTML page where data was expected — a maintenance or proxy page —, a truncated or corrupt gzip).
 *   Its `name` is exactly 'TransientError': the Step Functions state machine retries steps on that name, so
 *   the client throws it once its own retries are exhausted.
 */

export interface EurostatErrorDetails {
  dataset: string;
  url: string;
  status?: number;
  /** Eurostat's own message, from its error body (at most 300 characters). */
  eurostatMessage?: string;
  cause?: unknown;
}

function describe(reason: string, d: EurostatErrorDetails): string {
  const status = d.status !== undefined ? ` answered HTTP ${d.status}` : '';
  const said = d.eurostatMessage ? `; Eurostat says: ${d.eurostatMessage}` : '';
  return `${d.dataset}: ${reason} (GET ${d.url}${status}${said})`;
}

/** A permanent failure: the same request will fail the same way. */
export class EurostatHttpError extends Error {
  override readonly name = 'EurostatHttpError';
  readonly dataset: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly eurostatMessage: string | undefined;

  constructor(
    readonly reason: string,
    details: EurostatErrorDetails,
  ) {
    super(describe(reason, details), details.cause === undefined ? undefined : { cause: details.cause });
    this.dataset = details.dataset;
    this.url = details.url;
    this.status = details.status;
    this.eurostatMessage = details.eurostatMessage;
  }
}

/** The name of a failure worth retrying: the state machine (lib/infra) retries a step that fails with it. */
export const TRANSIENT_ERROR = 'TransientError';

/** A failure worth retrying. `retryAfterMs` is the server's `Retry-After`, when it sent one. */
export class TransientError extends Error {
  override readonly name = TRANSIENT_ERROR;
  readonly dataset: string;
  readonly url: string;
  readonly status: number | undefined;
  readonly eurostatMessage: string | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly reason: string,
    details: EurostatErrorDetails & { retryAfterMs?: number },
  ) {
    super(describe(reason, details), details.cause === undefined ? undefined : { cause: details.cause });
    this.dataset = details.dataset;
    this.url = details.url;
    this.status = details.status;
    this.eurostatMessage = details.eurostatMessage;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** The catalogue (table of contents) does not have the documented layout. */
export class MalformedCatalogueError extends Error {
  override readonly name = 'MalformedCatalogueError';
  constructor(
    readonly url: string,
    readonly line: number | undefined,
    readonly reason: string,
  ) {
    super(
      `Eurostat catalogue ${url}${line !== undefined ? ` line ${line}` : ''}: ${reason}. ` +
        'The catalogue layout may have changed: check the TOC columns ("title", "code", "type", ' +
        '"last update of data", "last table structure change", "data start", "data end", "values")',
    );
  }
}

const MESSAGE_LIMIT = 300;

function clip(text: string): string | undefined {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length === 0 ? undefined : s.slice(0, MESSAGE_LIMIT);
}

function unescapeXml(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * Eurostat's own message from an error body, first 300 characters: the JSON form
 * `{"error":{"status":…,"label":…}}` (or an array of such), SDMX-ML `<S:ErrorMessage …><com:Text>…`,
 * a SOAP `<faultstring>` (the 413 EXTRACTION_TOO_BIG answer), else the plain text. HTML pages give their `<title>`.
 */
export function eurostatMessage(body: Buffer | string): string | undefined {
  const text = (typeof body === 'string' ? body : body.toString('utf8')).replace(/^\uFEFF/, '').trim();
  if (text.length === 0) return undefined;
  if (text.startsWith('{') || text.startsWith('[')) {
    try {
      const parsed = JSON.parse(text) as { error?: unknown };
      const errors = Array.isArray(parsed.error) ? parsed.error : [parsed.error];
      const labels = errors
        .map((e) => (e && typeof e === 'object' ? (e as { label?: unknown }).label : undefined))
        .filter((l): l is string => typeof l === 'string');
      if (labels.length > 0) return clip(labels.join('; '));
    } catch {
      // not JSON after all: fall through to plain text
    }
  }
  if (text.startsWith('<')) {
    const sdmx =
      /<(?:\w+:)?ErrorMessage\b[^>]*>[\s\S]*?<(?:\w+:)?Text\b[^>]*>([\s\S]*?)<\/(?:\w+:)?Text>/.exec(text);
    if (sdmx?.[1]) return clip(unescapeXml(sdmx[1]));
    const fault = /<faultstring\b[^>]*>([\s\S]*?)<\/faultstring>/i.exec(text);
    if (fault?.[1]) return clip(unescapeXml(fault[1]));
    const title = /<title\b[^>]*>([\s\S]*?)<\/title>/i.exec(text);
    if (title?.[1]) return clip(unescapeXml(title[1]));
    return clip(text.replace(/<[^>]*>/g, ' '));
  }
  return clip(text);
}
