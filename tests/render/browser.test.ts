import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ComputedTables } from '../../lib/model/tables.ts';
import { renderFactsheets } from '../../lib/render/index.ts';
import { launchChromium, newContext, openFile, writeFiles } from './chromium.ts';
import { sampleFactsheet } from './sampleInput.ts';

/** The factsheets of the bundled (partly synthetic) sample, opened from disk in real headless Chromium. */
let browser: Browser;
let context: BrowserContext;
let dir: string;
let tables: ComputedTables;
let countries: string[];

beforeAll(async () => {
  const { input } = await sampleFactsheet();
  tables = input.tables;
  dir = await mkdtemp(join(tmpdir(), 'eucluster-render-'));
  const files = renderFactsheets(input);
  await writeFiles(dir, files);
  countries = files.flatMap((f) => /^pages\/([A-Z]{2})\.html$/.exec(f.path)?.[1] ?? []);
  browser = await launchChromium();
}, 120_000);

beforeEach(async () => {
  context = await newContext(browser);
});

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await browser?.close();
});

const pct = (share: number | null | undefined) => `${((share ?? Number.NaN) * 100).toFixed(1)} %`;

describe('factsheet pages in Chromium', () => {
  it('opens every page with no console error and no request but the page itself', async () => {
    expect(countries.length).toBeGreaterThan(20);
    for (const name of ['index', ...countries]) {
      const opened = await openFile(context, join(dir, 'pages', `${name}.html`));
      expect({ name, errors: opened.errors, requests: opened.requests }).toEqual({
        name,
        errors: [],
        requests: [opened.url],
      });
      await opened.page.close();
    }
  });

  it('shows the three figures of the Belgian page as SVG images with their titles', async () => {
    const { page } = await openFile(context, join(dir, 'pages', 'BE.html'));
    const titles = await page.locator('svg[role="img"] > title').allTextContents();
    expect(titles.map((t) => t.split('.')[0])).toEqual([
      'Figure 1: Employment in the 14 industrial ecosystems',
      'Figure 2: Cluster organisations in the regions',
      'Figure 3: Maturity of cluster policy – Belgium',
    ]);
    for (const id of ['BE-ecosystems', 'BE-organisations', 'BE-maturity']) {
      const box = await page.locator(`svg#${id}`).boundingBox();
      expect(box?.width).toBeGreaterThan(500);
      expect(box?.height).toBeGreaterThan(200);
    }
  });

  it("shows Belgium's largest ecosystem with the snapshot's share, in the text and on its bar", async () => {
    const top = tables.ecosystemEmployment.find((r) => r.geo === 'BE' && r.rank === 1);
    const { page } = await openFile(context, join(dir, 'pages', 'BE.html'));
    await expect
      .poll(() => page.locator('#figure1-reading').textContent())
      .toContain(`“${top?.ecosystem}” (${pct(top?.share)})`);
    const labels = await page.locator('svg#BE-ecosystems text').allTextContents();
    expect(labels).toContain(String(top?.ecosystem));
    expect(labels).toContain(`${Math.round((top?.share ?? 0) * 1000) / 10} %`);
  });

  it("shows BE1's node count and the maturity total as the snapshot has them", async () => {
    const be1 = tables.regionNodes.find((r) => r.region === 'BE1' && r.level === 'nace');
    const maturity = tables.maturity.find((m) => m.country === 'BE');
    const { page } = await openFile(context, join(dir, 'pages', 'BE.html'));
    expect(await page.locator('#nodes-nace tr[data-region="BE1"] td.nodes').textContent()).toBe(
      String(be1?.nodeCount),
    );
    expect(await page.locator('#maturity-total').textContent()).toBe(String(maturity?.total));
  });

  it('shows the SYNTHETIC banner on the sample pages', async () => {
    const { page } = await openFile(context, join(dir, 'pages', 'BE.html'));
    await expect.poll(() => page.locator('#synthetic-banner').isVisible()).toBe(true);
    expect(await page.locator('#synthetic-banner').textContent()).toContain('SYNTHETIC DATA');
  });

  it('links every country page from the index, and a link opens the page', async () => {
    const { page } = await openFile(context, join(dir, 'pages', 'index.html'));
    const hrefs = await page
      .locator('#countries a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(countries.map((c) => `${c}.html`));
    await page.locator('#countries a', { hasText: 'Belgium' }).click();
    await expect.poll(() => page.url()).toBe(new URL('BE.html', page.url()).href);
    expect(await page.locator('h1').textContent()).toBe('Belgium');
  });

  it('keeps a full-page screenshot of the Belgian page', async () => {
    const { page } = await openFile(context, join(dir, 'pages', 'BE.html'));
    const png = await page.screenshot({ path: join(dir, 'factsheet-BE.png'), fullPage: true });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(50_000);
  });
});
