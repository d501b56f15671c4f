#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { factsheetRenderer } from '../lib/cli/renderer.ts';
import { summarise } from '../lib/cli/summary.ts';
import { terminalProgress } from '../lib/cli/terminalProgress.ts';
import type { Configuration } from '../lib/config/configuration.ts';
import { ConfigError, InputError, PublishError, SupersededError, storageErrorOf } from '../lib/errors.ts';
import { codeVersion } from '../lib/fs/codeVersion.ts';
import { FsRawStore } from '../lib/fs/fsRawStore.ts';
import { FsSnapshotStore } from '../lib/fs/fsSnapshotStore.ts';
import { loadInputDirectory } from '../lib/fs/inputDirectory.ts';
import { withOneYear } from '../lib/refresh/oneYear.ts';
import { type RefreshOutcome, refresh } from '../lib/refresh/refresh.ts';

const EXIT_FAILURE = 1;
/** Errors whose message says all a user needs (the source, the URL, the status, what to do). */
const KNOWN_ERRORS = new Set([
  'EurostatHttpError',
  'TransientError',
  'MalformedCatalogueError',
  'ManifestError',
  'StructureChangeError',
]);
const EXIT_USAGE = 2;

function year(value: string): number {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError('expected a four-digit year such as 2021');
  return Number(value);
}

const program = new Command()
  .name('eucluster')
  .description(
    'Recompute the ECCP cluster statistics from Eurostat and ECCP inputs and publish a versioned snapshot.',
  )
  .exitOverride()
  .showHelpAfterError('(run eucluster --help for usage)');

program
  .command('refresh')
  .description('Read the inputs, compute every table and publish a snapshot (or report "unchanged").')
  .option('-i, --input <dir>', 'input directory (eurostat/, eccp/, policy/, mapping/, pipeline.config.json)')
  .option(
    '-l, --live',
    'fetch the Eurostat sources (and eccp.url) instead of reading DIR/eurostat/; base URL from the ' +
      'configuration or EUROSTAT_BASE_URL',
    false,
  )
  .requiredOption('-o, --out <dir>', 'output directory; snapshots go to <dir>/snapshots/')
  .option(
    '-y, --year <yyyy>',
    'compute this one year only (the same as "years": YYYY in the configuration; default: the configured ' +
      'years, else every year the sources share)',
    year,
  )
  .option('-f, --force', 'fetch and publish even if nothing changed', false)
  .option(
    '--no-pages',
    'publish the tables only (CSV, Parquet, labels, manifest, changes), without pages and figures',
  )
  .option('--accept-structure-change', 'accept a new or missing dimension in a live source', false)
  .action(
    async (opts: {
      input?: string;
      live: boolean;
      out: string;
      year?: number;
      force: boolean;
      pages: boolean;
      acceptStructureChange: boolean;
    }) => {
      if (!opts.input && !opts.live) {
        throw new CommanderError(EXIT_USAGE, 'eucluster.usage', 'error: give --input <dir>, --live, or both');
      }
      const progress = await terminalProgress();
      const out = resolve(opts.out);
      if (opts.live) {
        // Loaded only for live runs: the HTTP client and its dependencies cost every other start time.
        const { liveRefresh } = await import('../lib/cli/liveRefresh.ts');
        const result = await liveRefresh({
          input: opts.input ? resolve(opts.input) : null,
          out,
          now: new Date(),
          codeVersion: await codeVersion(),
          force: opts.force,
          acceptStructureChange: opts.acceptStructureChange,
          pages: opts.pages,
          ...(opts.year !== undefined ? { year: opts.year } : {}),
          ...(process.env.EUROSTAT_BASE_URL ? { baseUrl: process.env.EUROSTAT_BASE_URL } : {}),
          progress,
        });
        if (!result.catalogue)
          console.log("note: Eurostat's catalogue could not be read; every source was asked");
        for (const s of result.sources) console.log(`${s.dataset}: ${s.action} (${s.reason})`);
        printOutcome(result.outcome, result.config, opts.pages);
        return;
      }
      const loaded = await loadInputDirectory(resolve(opts.input as string));
      const inputs = opts.year === undefined ? loaded : withOneYear(loaded, opts.year);
      const outcome = await refresh({
        inputs,
        store: new FsSnapshotStore(out),
        now: new Date(),
        codeVersion: await codeVersion(),
        force: opts.force,
        progress,
        archive: new FsRawStore(out),
        // Without pages the chart library is never loaded.
        ...(opts.pages ? { render: await factsheetRenderer() } : {}),
      });
      printOutcome(outcome, inputs.config, opts.pages);
    },
  );

function printOutcome(outcome: RefreshOutcome, config: Configuration, pages: boolean): void {
  if (outcome.status === 'unchanged') {
    console.log(`unchanged: inputs and code are those of the latest snapshot ${outcome.version}`);
    // Pages are not part of what decides a version: a version published with --no-pages stays without them.
    if (pages && !existsSync(join(outcome.location, 'pages')))
      console.log(
        `note: ${outcome.version} has no pages (--no-pages); --force publishes a version with them`,
      );
    console.log(`snapshot: ${outcome.location}`);
    return;
  }
  if (outcome.synthetic.length > 0) {
    console.log('NOTE: this snapshot is computed from SYNTHETIC sample data, not Eurostat or ECCP figures:');
    for (const s of outcome.synthetic) console.log(`  - ${s.path}`);
    console.log('');
  }
  for (const line of summarise(outcome.tables, config.summaryCountries, config.benchmark)) console.log(line);
  if (outcome.notices.length > 0) {
    console.log('\nnotices:');
    for (const n of outcome.notices) console.log(`  - ${n.table ? `[${n.table}] ` : ''}${n.message}`);
  }
  console.log(`\npublished ${outcome.version}${outcome.previous ? ` (previous: ${outcome.previous})` : ''}`);
  console.log(`snapshot: ${outcome.location}`);
  for (const country of config.summaryCountries) {
    const page = join(outcome.location, 'pages', `${country}.html`);
    if (existsSync(page)) console.log(`factsheet ${country}: ${page}`);
  }
}

program
  .command('rebuild')
  .description('Recompute a published snapshot from its archived inputs and compare it byte for byte.')
  .argument('<version>', 'version id, as in snapshots/index.json')
  .requiredOption('-o, --out <dir>', 'the output directory the snapshot was published to')
  .action(async (version: string, opts: { out: string }) => {
    const out = resolve(opts.out);
    const { rebuildSnapshot } = await import('../lib/cli/rebuild.ts');
    const report = await rebuildSnapshot(
      join(out, 'snapshots'),
      version,
      new FsRawStore(out),
      await codeVersion(),
    );
    if (report.codeVersion.published !== report.codeVersion.current) {
      console.log(
        `note: published with code ${report.codeVersion.published}, rebuilt with ${report.codeVersion.current}`,
      );
    }
    for (const f of report.files) console.log(`${f.identical ? 'identical' : 'DIFFERENT'}  ${f.path}`);
    const different = report.files.filter((f) => !f.identical).length;
    if (different > 0) {
      console.error(
        `error: ${different} of ${report.files.length} files differ from the published ${version}`,
      );
      process.exitCode = EXIT_FAILURE;
      return;
    }
    console.log(`rebuilt ${version}: all ${report.files.length} files identical`);
  });

/**
 * The consumer commands (pull, verify, diff) publish nothing: any failure is one line naming the file and
 * the hashes, exit 1, never the refresh's "nothing was published".
 */
function consumer<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await action(...args);
    } catch (err) {
      console.error(`error: ${(err as Error).message.replace(/\s*\n\s*/g, ' ')}`);
      process.exitCode = EXIT_FAILURE;
    }
  };
}

program
  .command('pull')
  .description('Download a snapshot version, verified, into a folder (replaced whole, never mixed).')
  .argument('<source>', 's3://bucket[/prefix], an https:// base URL, or a local output directory')
  .requiredOption('-d, --dest <dir>', 'the folder to hold the snapshot')
  .option('-v, --version <version>', 'a version id from index.json, or "latest"', 'latest')
  .action(
    consumer(async (source: string, opts: { dest: string; version: string }) => {
      const { pull } = await import('../lib/cli/pull.ts');
      const { openSource } = await import('../lib/cli/snapshotSources.ts');
      const report = await pull(await openSource(source), {
        dest: opts.dest,
        version: opts.version,
        progress: await terminalProgress(),
      });
      if (report.note) console.log(`note: ${report.note}`);
      if (report.kept > 0) console.log(`kept ${report.kept} files already downloaded by an interrupted pull`);
      console.log(`pulled ${report.version}: ${report.files} files, ${report.bytes} bytes, verified`);
      console.log(`snapshot: ${report.dest}`);
    }),
  );

program
  .command('verify')
  .description(
    "Check a downloaded snapshot: the manifest, every file's size and sha256, nothing missing or extra.",
  )
  .argument('<dir>', "a snapshot folder (a pull's --dest, or OUT/snapshots/<version>)")
  .action(
    consumer(async (dir: string) => {
      const { verifySnapshot } = await import('../lib/cli/verify.ts');
      const report = await verifySnapshot(resolve(dir));
      console.log(`verified ${report.version}: ${report.files} files, ${report.bytes} bytes`);
    }),
  );

program
  .command('diff')
  .description('What changed between two versions of a local output directory, and why the later one exists.')
  .argument('<a>', 'the earlier version id (or "latest")')
  .argument('<b>', 'the later version id (or "latest")')
  .option('-o, --out <dir>', 'the output directory the versions were published to', 'out')
  .option('--json', 'print the changes document (as changes.json holds it)', false)
  .action(
    consumer(async (a: string, b: string, opts: { out: string; json: boolean }) => {
      const { diffVersions, formatChanges } = await import('../lib/cli/diff.ts');
      const changes = await diffVersions(resolve(opts.out), a, b);
      if (opts.json) console.log(JSON.stringify(changes, null, 2));
      else for (const line of formatChanges(changes)) console.log(line);
    }),
  );

program
  .command('pdf')
  .description("Print a snapshot's factsheet pages to PDF (A4) with the machine's Chromium.")
  .argument('<snapshot-dir>', "a snapshot folder (OUT/snapshots/<version>, or a pull's --dest)")
  .option('-c, --countries <codes>', 'comma-separated country codes, e.g. BE,NL (default: every page)')
  .option('-o, --out <dir>', 'where the PDFs go', '.')
  .action(
    consumer(async (dir: string, opts: { countries?: string; out: string }) => {
      const { ChromiumMissingError, findChromium, printPdfs } = await import('../lib/cli/pdf.ts');
      const chromium = await findChromium();
      if (!chromium) throw new ChromiumMissingError();
      const countries = opts.countries
        ?.split(',')
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean);
      const files = await printPdfs({
        snapshotDir: dir,
        out: resolve(opts.out),
        chromium,
        ...(countries ? { countries } : {}),
      });
      for (const f of files) console.log(`wrote ${f}`);
    }),
  );

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    if (err.code === 'eucluster.usage') console.error(err.message);
    process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
  } else if (err instanceof SupersededError) {
    // A lost race is not a failure: the other run's snapshot stands.
    if (err.sameInputs)
      console.log(`unchanged: another run published the same inputs first, as ${err.actual}`);
    else console.log(`${err.message}. ${err.latestNote}`);
  } else if (err instanceof PublishError && err.latestNote) {
    console.error(`error: ${err.message}`);
    console.error(err.latestNote);
    process.exitCode = EXIT_FAILURE;
  } else if (
    err instanceof InputError ||
    err instanceof ConfigError ||
    err instanceof PublishError ||
    KNOWN_ERRORS.has((err as Error).name) ||
    storageErrorOf(err)
  ) {
    console.error(`error: ${(storageErrorOf(err) ?? (err as Error)).message}`);
    console.error('No snapshot was published; the latest snapshot is unchanged.');
    process.exitCode = EXIT_FAILURE;
  } else {
    console.error(`error: ${(err as Error).stack ?? err}`);
    console.error('No snapshot was published; the latest snapshot is unchanged.');
    process.exitCode = EXIT_FAILURE;
  }
}
