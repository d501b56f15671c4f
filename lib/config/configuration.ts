import * as z from 'zod/mini';
import '../zodLocale.ts';
import { ConfigError } from '../errors.ts';
import { MISSING_CELL_RULES } from '../metrics/missingCells.ts';
import { EUROSTAT_FORMATS } from '../model/formats.ts';
import { EUROSTAT_INPUT_ROLES } from '../model/inputLayout.ts';

/**
 * The one configuration document, used by the CLI and (later) the stack alike: which dataset plays which role,
 * the filters that cut each dataset down to one value per region, activity and year, the benchmark, the
 * region level per country and the years the tables carry.
 */

const dimensionName = z
  .string()
  .check(z.regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'must be a dimension name such as "sex"'));

/**
 * Who published a source's figures, credited in the manifest's sources, licences and citation and on the pages'
 * source lines. Left out: Eurostat (the dataset code names a Eurostat dataset).
 */
const sourceCredit = z.strictObject({
  /** e.g. `International Labour Organization (ILO)`. */
  publisher: z.string().check(z.minLength(1)),
  /** The publisher's title of the dataset. */
  title: z.optional(z.string().check(z.minLength(1))),
  /** Where the dataset is published. */
  url: z.optional(z.url({ protocol: /^https?$/ })),
  /** The licence the publisher grants, e.g. `{ "name": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/" }`. */
  licence: z.optional(
    z.strictObject({ name: z.string().check(z.minLength(1)), url: z.url({ protocol: /^https?$/ }) }),
  ),
});

const datasetSource = z.strictObject({
  /** The publisher, title, URL and licence to credit; default Eurostat's. */
  credit: z.optional(sourceCredit),
  /** Eurostat dataset code, e.g. `lfsa_egan22d`. */
  dataset: z
    .string()
    .check(z.regex(/^[A-Za-z0-9_]+$/, 'must be a Eurostat dataset code such as "lfsa_egan22d"')),
  /** File under `eurostat/` (default: `<dataset>.<tsv|tsv.gz|csv|csv.gz|json|json.gz>`). */
  file: z.optional(z.string().check(z.regex(/^[^/\\]+$/, 'must be a file name inside the eurostat/ folder'))),
  /** Format; default from the file name (`.tsv` → tsv, `.csv` → sdmx-csv, `.json` → json-stat). */
  format: z.optional(z.enum(EUROSTAT_FORMATS)),
  /** dimension → the single value to keep. */
  filters: z._default(z.record(dimensionName, z.string().check(z.minLength(1))), {}),
  geoDimension: z._default(dimensionName, 'geo'),
  activityDimension: z._default(dimensionName, 'nace_r2'),
  /** The dataset's dimensions in SDMX key order: lets a live fetch ask Eurostat for the filtered slice only. */
  keyOrder: z.optional(z.array(dimensionName).check(z.minLength(1))),
  /** First year a live fetch asks for (older years are not downloaded). */
  startPeriod: z.optional(z.number().check(z.int(), z.gte(1950), z.lte(2100))),
  /** dimension → codes to drop (aggregates such as NRP, "no response"). */
  ignoreCodes: z._default(z.record(dimensionName, z.array(z.string().check(z.minLength(1)))), {}),
});

const yearNumber = z.number().check(z.int(), z.gte(1990), z.lte(2100));

const regionLevel = z.number().check(z.int(), z.gte(0), z.lte(3));

/** Default of `eccp.maxRejectedShare` (also when the `eccp` block is left out). */
export const DEFAULT_MAX_REJECTED_SHARE = 0.05;

export const configurationSchema = z.strictObject({
  /** Benchmark geography of the location quotients and ecosystem shares. */
  benchmark: z._default(z.string().check(z.minLength(2)), 'EU27_2020'),
  /**
   * The years every yearly table carries: `"all"` (every year with data in every required source), a range
   * `{ "from": 2015, "to": 2023 }` or one year. Default `"all"`.
   */
  years: z._default(
    z.union([z.literal('all'), yearNumber, z.strictObject({ from: yearNumber, to: yearNumber })]),
    'all',
  ),
  /**
   * `"year": N`, what older configurations say for `"years": N`: still read (an archived configuration must
   * parse for `eucluster rebuild`), given as `years` by `parseConfig`.
   */
  year: z.optional(yearNumber),
  /** NUTS level of the regions per country: `default` plus two-letter country overrides. */
  regionLevel: z
    ._default(z.catchall(z.object({ default: z._default(regionLevel, 2) }), regionLevel), {
      default: 2,
      BE: 1,
    })
    .check(
      z.superRefine((levels, ctx) => {
        for (const key of Object.keys(levels)) {
          if (key !== 'default' && !/^[A-Z]{2}$/.test(key)) {
            ctx.addIssue({
              code: 'custom',
              path: [key],
              message: 'must be a two-letter country code such as "BE"',
            });
          }
        }
      }),
    ),
  /**
   * The Eurostat-layout sources by role. Either of the first two may be left out: a run then computes the tables
   * its sources allow (national only: ecosystem_employment; regional only: the location quotients) and says
   * which it could not.
   */
  sources: z
    .strictObject({
      nationalByDivision: z.optional(datasetSource),
      regionalByActivity: z.optional(datasetSource),
      regionalTotal: z.optional(datasetSource),
    })
    .check(
      z.refine((s) => s.nationalByDivision !== undefined || s.regionalByActivity !== undefined, {
        message: 'configure nationalByDivision, regionalByActivity or both: there is nothing to compute',
      }),
      z.refine((s) => s.regionalTotal === undefined || s.regionalByActivity !== undefined, {
        message:
          'regionalTotal is only used with regionalByActivity: add that source or leave regionalTotal out',
      }),
    ),
  /** Where the live Eurostat APIs are (overridable by the environment variable EUROSTAT_BASE_URL). */
  eurostat: z._default(
    z.strictObject({ baseUrl: z._default(z.url({ protocol: /^https?$/ }), 'https://ec.europa.eu/eurostat') }),
    { baseUrl: 'https://ec.europa.eu/eurostat' },
  ),
  /** Settings used only by the AWS deployment (the stack reads the same document). */
  deployment: z._default(
    z.strictObject({
      /** EventBridge Scheduler expression; default: daily at 12:30, after Eurostat's 11:00 update. */
      schedule: z._default(z.string().check(z.minLength(1)), 'cron(30 12 * * ? *)'),
      timeZone: z._default(z.string().check(z.minLength(1)), 'Europe/Brussels'),
      /** Address subscribed to the failure topic, if any. */
      alarmEmail: z.optional(z.email()),
      /** Days the run ledger keeps its items (DynamoDB TTL). */
      ledgerRetentionDays: z._default(z.number().check(z.int(), z.gte(1), z.lte(3650)), 90),
      /** Days a replaced or deleted object version is kept in the snapshot bucket. */
      noncurrentVersionDays: z._default(z.number().check(z.int(), z.gte(1), z.lte(3650)), 30),
      /** Bytes one Athena query of the workgroup may scan before Athena cancels it (Athena's minimum: 10 MB). */
      athenaBytesScannedLimit: z._default(
        z.number().check(z.int(), z.gte(10_000_000, 'must be at least 10000000 (10 MB, Athena’s minimum)')),
        1_000_000_000,
      ),
      /**
       * Adopt the snapshot bucket and table a previous deployment left behind (`cdk destroy` keeps them):
       * their names (the BucketName and TableName outputs of that deployment). Absent: new ones are created.
       */
      existingBucketName: z.optional(
        z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')),
      ),
      existingTableName: z.optional(
        z.string().check(z.regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name')),
      ),
      /**
       * The access-log bucket the previous deployment left behind (its AccessLogBucketName output): adopted
       * with a new log-delivery and TLS-only policy. An adopted snapshot bucket still logs to it.
       */
      existingAccessLogBucketName: z.optional(
        z.string().check(z.regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')),
      ),
    }),
    {
      schedule: 'cron(30 12 * * ? *)',
      timeZone: 'Europe/Brussels',
      ledgerRetentionDays: 90,
      noncurrentVersionDays: 30,
      athenaBytesScannedLimit: 1_000_000_000,
    },
  ),
  /**
   * The ECCP cluster-organisation input (optional block; every key has a default).
   * - `maxRejectedShare`: the share of rows of the organisation file that may be rejected (a row breaking the
   *   contract is left out and reported in the run's notices); above it the run fails. In [0, 1], default 0.05.
   * - `url`: where the file can be fetched from (https; plain http only for localhost); optional.
   */
  eccp: z.optional(
    z.strictObject({
      maxRejectedShare: z._default(
        z
          .number({ error: 'must be a number between 0 and 1' })
          .check(z.gte(0, 'must be between 0 and 1'), z.lte(1, 'must be between 0 and 1')),
        DEFAULT_MAX_REJECTED_SHARE,
      ),
      url: z.optional(
        z.url({ protocol: /^https?$/, error: 'must be an https:// URL' }).check(
          z.refine((u) => u.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(u), {
            message: 'must be an https:// URL (plain http only for a server on this machine)',
          }),
        ),
      ),
    }),
  ),
  /**
   * What a sum does with a part that has no value (docs/missing-data.md): `lenient` counts a suppressed cell
   * as zero and says so (column `missing_divisions`, notices); `strict` makes any sum with a missing part
   * missing. Default `lenient`.
   */
  missingCells: z._default(z.enum(MISSING_CELL_RULES), 'lenient'),
  /** Countries whose figures the CLI prints after a run (the benchmark is always printed). */
  summaryCountries: z._default(z.array(z.string().check(z.regex(/^[A-Z]{2}$/))), ['BE']),
});

/** The configuration as the code reads it: the years in one field, `years`. */
export type Configuration = Omit<z.output<typeof configurationSchema>, 'year'>;
export type DatasetSource = z.output<typeof datasetSource>;
export type SourceRole = keyof Configuration['sources'];

/** The Eurostat roles in a fixed order (manifests, fetches and reports do not depend on key order). */
export const EUROSTAT_ROLES: readonly SourceRole[] = EUROSTAT_INPUT_ROLES;

/** The shipped default, used when the input directory has no `pipeline.config.json`. */
export const DEFAULT_CONFIG_DOCUMENT = {
  benchmark: 'EU27_2020',
  regionLevel: { default: 2, BE: 1 },
  sources: {
    nationalByDivision: { dataset: 'lfsa_egan22d', filters: { unit: 'THS_PER', sex: 'T', age: 'Y_GE15' } },
    regionalByActivity: { dataset: 'lfst_r_lfe2en2', filters: { unit: 'THS_PER', sex: 'T', age: 'Y_GE15' } },
  },
} as const;

/** Validates a configuration document; errors name the JSON path and say what is expected. */
export function parseConfig(document: unknown, file: string): Configuration {
  const result = configurationSchema.safeParse(document);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(
      `${file}: invalid configuration\n${lines.join('\n')}\nSee "Configuration" in docs/inputs.md.`,
    );
  }
  const years = (document as { years?: unknown } | null)?.years;
  if (result.data.year !== undefined && years !== undefined) {
    throw new ConfigError(
      `${file}: invalid configuration\n  year: "year" and "years" are both given; keep one ("year": N is "years": N)\nSee "Configuration" in docs/inputs.md.`,
    );
  }
  sourcesAgree(result.data.sources, file);
  const { year, ...config } = result.data;
  const y = config.years;
  if (typeof y === 'object' && y.from > y.to) {
    throw new ConfigError(
      `${file}: invalid configuration\n  years: "from" (${y.from}) is after "to" (${y.to})\nSee "Configuration" in docs/inputs.md.`,
    );
  }
  return year === undefined ? config : { ...config, years: year };
}

/**
 * The regional sources are divided by one another (a region's activity over its total employment): they must
 * count the same people. Both filtering a dimension to different values (ages 15–64 against 15+) is refused
 * in one line naming both sources and the dimension. The national source stands alone (Figure 1's shares are
 * within one source) and may count another age band.
 */
function sourcesAgree(sources: Configuration['sources'], file: string): void {
  const a = sources.regionalByActivity?.filters;
  const b = sources.regionalTotal?.filters;
  if (!a || !b) return;
  for (const dim of Object.keys(a).sort()) {
    if (b[dim] !== undefined && b[dim] !== a[dim]) {
      throw new ConfigError(
        `${file}: sources.regionalByActivity selects ${dim} "${a[dim]}" but sources.regionalTotal selects ` +
          `${dim} "${b[dim]}"; a region's share divides one by the other: give both the same ${dim}`,
      );
    }
  }
}

/** Which years the yearly tables carry: every common year, a range, or one year. */
export type YearSelection =
  | { kind: 'all' }
  | { kind: 'range'; from: number; to: number }
  | { kind: 'single'; year: number };

/** The configuration's years (`--year` sets them to one year). */
export function yearSelection(config: Pick<Configuration, 'years'>): YearSelection {
  const y = config.years;
  if (y === 'all') return { kind: 'all' };
  if (typeof y === 'number') return { kind: 'single', year: y };
  return { kind: 'range', from: y.from, to: y.to };
}

/**
 * The periods a parser has to hand over whole (parsed and validated); the others it only checks for data.
 * Undefined: every period (`"all"`).
 */
export function wantedPeriods(selection: YearSelection): ReadonlySet<string> | undefined {
  if (selection.kind === 'all') return undefined;
  if (selection.kind === 'single') return new Set([String(selection.year)]);
  const out = new Set<string>();
  for (let y = selection.from; y <= selection.to; y++) out.add(String(y));
  return out;
}

export function regionLevelFor(config: Configuration, country: string): number {
  return config.regionLevel[country] ?? config.regionLevel.default;
}
