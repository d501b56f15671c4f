import { fakeEurostat } from './fakeEurostat.ts';

/**
 * A local HTTP server that answers like Eurostat's SDMX 2.1 API for whole datasets as gzipped TSV:
 * `GET /api/dissemination/sdmx/2.1/data/{dataset}?format=TSV&compressed=true`, serving files from disk
 * (gzipping plain ones) and listing the request URLs it got. A thin view of `fakeEurostat`, which speaks
 * the rest of the API and injects faults.
 */
export interface EurostatTestServer {
  baseUrl: string;
  /** Path and query of each request, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function eurostatServer(datasets: Record<string, string>): Promise<EurostatTestServer> {
  const fake = await fakeEurostat({
    datasets: Object.fromEntries(Object.entries(datasets).map(([name, file]) => [name, { tsv: { file } }])),
  });
  return {
    baseUrl: fake.baseUrl,
    get requests() {
      return fake.requests.map((r) => r.url);
    },
    close: fake.close,
  };
}
