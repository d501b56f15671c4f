import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Names a Chromium goes by on PATH, then the places installers put one. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
export const CHROMIUM_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

/** Printing needs a browser the machine does not have; the message says what to install. */
export class ChromiumMissingError extends Error {
  constructor() {
    super(
      'no Chromium found (looked for $EUCLUSTER_CHROMIUM, chromium or google-chrome on PATH, and the usual install paths): install it (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium) or set EUCLUSTER_CHROMIUM to its path',
    );
    this.name = 'ChromiumMissingError';
  }
}

/** The snapshot folder or the pages asked for are not there. */
export class PdfError extends Error {
  override name = 'PdfError';
}

async function executable(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** The machine's Chromium: `EUCLUSTER_CHROMIUM`, else the first on PATH, else a usual install path; null if none. */
export async function findChromium(
  env: NodeJS.ProcessEnv = process.env,
  paths: readonly string[] = CHROMIUM_PATHS,
): Promise<string | null> {
  if (env.EUCLUSTER_CHROMIUM)
    return (await executable(env.EUCLUSTER_CHROMIUM)) ? env.EUCLUSTER_CHROMIUM : null;
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .flatMap((dir) => CHROMIUM_NAMES.map((n) => join(dir, n)));
  for (const candidate of [...onPath, ...paths]) if (await executable(candidate)) return candidate;
  return null;
}

export interface PdfOptions {
  /** A snapshot folder: OUT/snapshots/<version>, or a pull's --dest. */
  snapshotDir: string;
  /** Country codes; every country page (and the overview) when absent. */
  countries?: readonly string[];
  /** Where the PDFs go (created). */
  out: string;
  chromium: string;
}

/** The pages to print, `BE` → `pages/BE.html`; an unknown country is an error naming the file. */
async function pagesToPrint(dir: string, countries: readonly string[] | undefined): Promise<string[]> {
  const pages = await readdir(join(dir, 'pages')).catch(() => {
    throw new PdfError(
      `${join(dir, 'pages')} not found: give a snapshot folder (OUT/snapshots/<version>, or a pull's --dest) rendered with its pages`,
    );
  });
  const present = new Set(pages.filter((p) => p.endsWith('.html')).map((p) => p.slice(0, -'.html'.length)));
  if (!countries) return [...present].filter((p) => /^[A-Z]{2}$/.test(p) || p === 'overview').sort();
  const missing = countries.filter((c) => !present.has(c));
  if (missing.length > 0)
    throw new PdfError(
      `${missing.map((c) => join(dir, 'pages', `${c}.html`)).join(', ')} not found: no page for ${missing.join(', ')} in this snapshot`,
    );
  return [...countries];
}

/**
 * Prints factsheet pages to PDF (A4, as the pages' print stylesheet lays them out) with the machine's own
 * Chromium and its `--print-to-pdf`, one fresh profile per page so that no running browser interferes.
 * Driving Chromium's own switch keeps the command free of a browser-automation dependency at run time.
 */
export async function printPdfs(o: PdfOptions): Promise<string[]> {
  const dir = resolve(o.snapshotDir);
  const names = await pagesToPrint(dir, o.countries);
  await mkdir(o.out, { recursive: true });
  const written: string[] = [];
  for (const name of names) {
    const target = resolve(o.out, `${name}.pdf`);
    await printOne(o.chromium, join(dir, 'pages', `${name}.html`), target);
    written.push(target);
  }
  return written;
}

async function printOne(chromium: string, page: string, target: string): Promise<void> {
  const profile = await mkdtemp(join(tmpdir(), 'eucluster-pdf-'));
  try {
    await run(
      chromium,
      [
        '--headless=new',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        '--no-pdf-header-footer',
        `--print-to-pdf=${target}`,
        pathToFileURL(page).href,
      ],
      { timeout: 120_000 },
    );
  } catch (err) {
    throw new PdfError(
      `${page}: Chromium (${chromium}) could not print it: ${(err as Error).message.split('\n')[0]}`,
    );
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  const head = await readFile(target).then(
    (b) => b.subarray(0, 5).toString('latin1'),
    () => '',
  );
  if (head !== '%PDF-') throw new PdfError(`${target}: Chromium wrote no PDF for ${page}`);
}
