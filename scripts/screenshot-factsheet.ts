/**
 * Renders the factsheets of the bundled sample (partly SYNTHETIC) and keeps a full-page screenshot of the
 * Belgian page in docs/images/factsheet-BE.png, taken with Debian's Chromium.
 * Run: npx tsx scripts/screenshot-factsheet.ts [country]
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderFactsheets } from '../lib/render/index.ts';
import { launchChromium, newContext, openFile, writeFiles } from '../tests/render/chromium.ts';
import { sampleFactsheet } from '../tests/render/sampleInput.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const country = process.argv[2] ?? 'BE';
const out = join(ROOT, 'docs', 'images', `factsheet-${country}.png`);

const { input } = await sampleFactsheet();
const dir = await mkdtemp(join(tmpdir(), 'eucluster-factsheet-'));
await writeFiles(dir, renderFactsheets(input));
const browser = await launchChromium();
try {
  const { page, errors } = await openFile(await newContext(browser), join(dir, 'pages', `${country}.html`));
  if (errors.length > 0) throw new Error(`the page logged errors: ${errors.join('; ')}`);
  await mkdir(dirname(out), { recursive: true });
  await page.screenshot({ path: out, fullPage: true });
} finally {
  await browser.close();
}
console.log(`wrote ${out.slice(ROOT.length + 1)} (from the SYNTHETIC sample; pages in ${dir})`);
