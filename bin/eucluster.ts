#!/usr/bin/env node
import { join, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError, InputError, PublishError } from '../lib/errors.ts';
import { codeVersion } from '../lib/io/codeVersion.ts';
import { loadInputDirectory } from '../lib/io/inputDirectory.ts';
import { rebuildSnapshot } from '../lib/io/rebuild.ts';
import { terminalProgress } from '../lib/io/terminalProgress.ts';
import { refresh } from '../lib/pipeline/refresh.ts';
import { summarise } from '../lib/pipeline/summary.ts';
import { FsRawArchive } from '../lib/stores/fsRawArchive.ts';
import { FsSnapshotStore } from '../lib/stores/fsSnapshotStore.ts';

const EXIT_FAILURE = 1;
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
  .description('Read an input directory, compute every table and publish a snapshot (or report "unchanged").')
  .requiredOption(
    '-i, --input <dir>',
    'input directory (eurostat/, eccp/, policy/, mapping/, pipeline.config.json)',
  )
  .requiredOption('-o, --out <dir>', 'output directory; snapshots go to <dir>/snapshots/')
  .option(
    '-y, --year <yyyy>',
    'reference year (default: configuration, else the latest year with data)',
    year,
  )
  .option('-f, --force', 'publish a new snapshot even if inputs and code are unchanged', false)
  .action(async (opts: { input: string; out: string; year?: number; force: boolean }) => {
    const progress = terminalProgress();
    const inputs = await loadInputDirectory(resolve(opts.input));
    if (opts.year !== undefined) inputs.config = { ...inputs.config, year: opts.year };
    const store = new FsSnapshotStore(resolve(opts.out));
    const outcome = await refresh({
      inputs,
      store,
      now: new Date(),
      codeVersion: await codeVersion(),
      force: opts.force,
      progress,
      archive: new FsRawArchive(resolve(opts.out)),
    });
    if (outcome.status === 'unchanged') {
      console.log(`unchanged: inputs and code are those of the latest snapshot ${outcome.version}`);
      console.log(`snapshot: ${outcome.location}`);
      return;
    }
    if (outcome.synthetic.length > 0) {
      console.log(
        'NOTE: this snapshot is computed from SYNTHETIC sample data, not Eurostat or ECCP figures:',
      );
      for (const s of outcome.synthetic) console.log(`  - ${s.path}`);
      console.log('');
    }
    for (const line of summarise(outcome.tables, inputs.config.summaryCountries, inputs.config.benchmark))
      console.log(line);
    if (outcome.notices.length > 0) {
      console.log('\nnotices:');
      for (const n of outcome.notices) console.log(`  - ${n.table ? `[${n.table}] ` : ''}${n.message}`);
    }
    console.log(
      `\npublished ${outcome.version}${outcome.previous ? ` (previous: ${outcome.previous})` : ''}`,
    );
    console.log(`snapshot: ${outcome.location}`);
  });

program
  .command('rebuild')
  .description('Recompute a published snapshot from its archived inputs and compare it byte for byte.')
  .argument('<version>', 'version id, as in snapshots/index.json')
  .requiredOption('-o, --out <dir>', 'the output directory the snapshot was published to')
  .action(async (version: string, opts: { out: string }) => {
    const out = resolve(opts.out);
    const report = await rebuildSnapshot(
      join(out, 'snapshots'),
      version,
      new FsRawArchive(out),
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

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : EXIT_USAGE;
  } else if (err instanceof InputError || err instanceof ConfigError || err instanceof PublishError) {
    console.error(`error: ${err.message}`);
    console.error('No snapshot was published; the latest snapshot is unchanged.');
    process.exitCode = EXIT_FAILURE;
  } else {
    console.error(`error: ${(err as Error).stack ?? err}`);
    console.error('No snapshot was published; the latest snapshot is unchanged.');
    process.exitCode = EXIT_FAILURE;
  }
}
