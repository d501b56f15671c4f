import { readFileSync } from 'node:fs';
import { globalAgent } from 'node:https';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { datasetUrl, fetchDataset } from '../../../lib/eurostat/fetch/client.ts';
import { downloadOrganisations } from '../../../lib/eurostat/fetch/sourceDownload.ts';
import { FsRawStore } from '../../../lib/fs/fsRawStore.ts';
import { type CountingProxy, countingProxy } from '../../helpers/countingProxy.ts';
import { type FakeEurostat, fakeEurostat } from '../../helpers/fakeEurostat.ts';
import { fakeTime, filesUnder, SYNTHETIC_TSV_GZ, tempRoot, testOptions } from './support.ts';

/**
 * The client takes its proxy from the environment, as axios reads it on every request: `HTTP_PROXY` for
 * http:// URLs (the proxy gets absolute-form requests), `HTTPS_PROXY` for https:// URLs (a CONNECT tunnel:
 * the proxy sees only host and port), and `NO_PROXY` to go direct. Each test sets the variables it needs.
 */

const FIXTURES = join(import.meta.dirname, 'fixtures');
const TLS = {
  cert: readFileSync(join(FIXTURES, 'loopback-cert.pem')),
  key: readFileSync(join(FIXTURES, 'loopback-key.pem')),
};
const PROXY_VARIABLES = ['HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'NO_PROXY', 'no_proxy'];
const DATASET = 'lfsa_egan22d';
const REQUEST = { dataset: DATASET, format: 'tsv' as const, filters: {} };
const ORGANISATIONS = '/eccp/cluster_organisations.csv';
// SYNTHETIC: two invented organisations, only to be carried through the proxy.
const ORGANISATIONS_CSV = 'organisation_id,name\nSYN-1,Synthetic cluster one\nSYN-2,Synthetic cluster two\n';

let plain: FakeEurostat;
let secure: FakeEurostat;
let proxy: CountingProxy;
let saved: Record<string, string | undefined>;
let root: string;

const datasets = { [DATASET]: { tsv: { file: SYNTHETIC_TSV_GZ } } };

beforeAll(async () => {
  plain = await fakeEurostat({
    datasets,
    files: { [ORGANISATIONS]: { body: ORGANISATIONS_CSV, contentType: 'text/csv' } },
  });
  secure = await fakeEurostat({ datasets, tls: TLS });
  proxy = await countingProxy();
  // The origin's certificate, trusted the way axios's tunnel trusts one: through the https global agent.
  globalAgent.options.ca = TLS.cert;
});

afterAll(async () => {
  delete globalAgent.options.ca;
  await Promise.all([plain.close(), secure.close(), proxy.close()]);
});

beforeEach(async () => {
  saved = Object.fromEntries(PROXY_VARIABLES.map((v) => [v, process.env[v]]));
  for (const v of PROXY_VARIABLES) delete process.env[v];
  plain.reset();
  secure.reset();
  proxy.requests.length = 0;
  proxy.tunnels.length = 0;
  root = await tempRoot();
});

afterEach(() => {
  for (const [v, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[v];
    else process.env[v] = value;
  }
});

const fetchFrom = (server: FakeEurostat) =>
  fetchDataset(REQUEST, new FsRawStore(root), testOptions(server.baseUrl, fakeTime()));

describe('HTTP_PROXY', () => {
  it('sends an http:// request through the proxy, in absolute form, and stores the data', async () => {
    process.env.HTTP_PROXY = proxy.url;
    const result = await fetchFrom(plain);
    expect(proxy.requests).toEqual([datasetUrl(REQUEST, plain.baseUrl)]);
    expect(plain.count(datasetUrl(REQUEST, plain.baseUrl))).toBe(1);
    expect(await filesUnder(root)).toEqual([result.stored?.key]);
  });

  it('is bypassed for a host listed in NO_PROXY', async () => {
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = 'example.org,127.0.0.1';
    const result = await fetchFrom(plain);
    expect(proxy.requests).toEqual([]);
    expect(plain.count(datasetUrl(REQUEST, plain.baseUrl))).toBe(1);
    expect(result.stored).toBeDefined();
  });

  it('carries the cluster organisations download (eccp.url) too', async () => {
    process.env.HTTP_PROXY = proxy.url;
    const url = `${plain.baseUrl}${ORGANISATIONS}`;
    const got = await downloadOrganisations(url, { retry: { maxAttempts: 1 } });
    expect(proxy.requests).toEqual([url]);
    expect(got.body.toString('utf8')).toBe(ORGANISATIONS_CSV);
  });
});

describe('HTTPS_PROXY', () => {
  it('tunnels an https:// request with CONNECT: the proxy sees host and port only', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    const result = await fetchFrom(secure);
    const { host } = new URL(secure.baseUrl);
    expect(proxy.tunnels).toEqual([host]);
    expect(proxy.requests).toEqual([]);
    expect(secure.count(datasetUrl(REQUEST, secure.baseUrl))).toBe(1);
    expect(await filesUnder(root)).toEqual([result.stored?.key]);
  });

  it('is bypassed for a host listed in NO_PROXY', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    process.env.NO_PROXY = '127.0.0.1';
    await fetchFrom(secure);
    expect(proxy.tunnels).toEqual([]);
    expect(secure.count(datasetUrl(REQUEST, secure.baseUrl))).toBe(1);
  });

  it('is not used for an http:// URL', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    await fetchFrom(plain);
    expect(proxy.requests).toEqual([]);
    expect(proxy.tunnels).toEqual([]);
  });
});
