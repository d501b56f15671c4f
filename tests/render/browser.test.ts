import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ComputedTables } from '../../lib/model/computedTables.ts';
import { renderFactsheets } from '../../lib/render/index.ts';
import { axeViolations, launchChromium, newContext, openFile, writeFiles } from './chromium.ts';
import { COUNTRY_NAMES, sampleFactsheet } from './sampleInput.ts';

/** The factsheets of the bundled (partly synthetic) sample, opened from disk in real headless Chromium. */
let browser: Browser;
let context: BrowserContext;
let dir: string;
let tables: ComputedTables;
let series: ComputedTables;
let countries: string[];
const names = COUNTRY_NAMES;

beforeAll(async () => {
  const { input, snapshot } = await sampleFactsheet();
  tables = input.tables;
  series = snapshot.tables;
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
    for (const name of ['index', 'overview', ...countries]) {
      const opened = await openFile(context, join(dir, 'pages', `${name}.html`));
      expect({ name, errors: opened.errors, requests: opened.requests }).toEqual({
        name,
        errors: [],
        requests: [opened.url],
      });
      await opened.page.close();
    }
  });

  it('shows the four figures of the Belgian page as SVG images with their titles', async () => {
    const { page } = await openFile(context, join(dir, 'pages', 'BE.html'));
    const titles = await page.locator('svg[role="img"] > title').allTextContents();
    expect(titles.map((t) => t.split('.')[0])).toEqual([
      'Figure 1: Employment in the 14 industrial ecosystems',
      'Figure 2: Cluster organisations in the regions',
      'Figure 3: Maturity of cluster policy – Belgium',
      'Figure 4: The largest ecosystems over time',
    ]);
    for (const id of ['BE-ecosystems', 'BE-organisations', 'BE-maturity', 'BE-ecosystems-series']) {
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

  it('shows the Belgian series: the five largest ecosystems over time, nodes by year, and the changes in words', async () => {
    const { page } = await openFile(context, join(dir, 'pages', 'BE.html'));
    const top5 = tables.ecosystemEmployment
      .filter((r) => r.geo === 'BE' && r.rank !== null && r.rank <= 5)
      .sort((a, b) => (a.rank ?? 0) - (b.rank ?? 0))
      .map((r) => r.ecosystem);
    const texts = await page.locator('svg#BE-ecosystems-series text').allTextContents();
    for (const e of top5) expect(texts).toContain(e);
    const history = series.nodeHistory.filter((h) => h.region === 'BE1' && h.level === 'nace');
    const rows = await page
      .locator('#strip-nace tr[data-region="BE1"]')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-activity')));
    expect(rows.sort()).toEqual(history.map((h) => h.activity).sort());
    for (const h of history) {
      const marks = await page
        .locator(`#strip-nace tr[data-region="BE1"][data-activity="${h.activity}"] td.on`)
        .count();
      expect({ activity: h.activity, marks }).toEqual({ activity: h.activity, marks: h.nodeYears });
    }
    const latest = series.years.at(-1);
    const nace = series.countryNodes.find(
      (r) => r.country === 'BE' && r.level === 'nace' && r.year === latest,
    );
    const changes = await page.locator('#changes li').allTextContents();
    expect(changes[0]).toMatch(new RegExp(`^Since ${series.years.at(-2)}, `));
    expect(changes.join(' ')).toMatch(new RegExp(`Belgium counts ${nace?.nodeCount} NACE nodes?\\b`));
  });

  it('sorts the overview by a column with the mouse and from the keyboard, and says how it is sorted', async () => {
    const { page } = await openFile(context, join(dir, 'pages', 'overview.html'));
    const total = (c: string) =>
      tables.clusterOrganisations.find((r) => r.country === c && r.scope === 'total')?.count ?? 0;
    const order = () =>
      page
        .locator('#overview tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-country') ?? ''));
    expect(await order()).toEqual(countries);
    const heading = page.locator('#overview th', { hasText: 'Cluster organisations' });
    await heading.getByRole('button').click();
    const ascending = await order();
    expect(ascending.map(total)).toEqual([...countries.map(total)].sort((a, b) => a - b));
    expect(await heading.getAttribute('aria-sort')).toBe('ascending');
    await heading.getByRole('button').focus();
    await page.keyboard.press('Enter');
    expect((await order()).map(total)).toEqual([...countries.map(total)].sort((a, b) => b - a));
    expect(await heading.getAttribute('aria-sort')).toBe('descending');
    expect(await page.locator('#sort-status').textContent()).toBe(
      'Sorted by Cluster organisations, descending.',
    );
    await page.locator('#overview th', { hasText: 'Country' }).getByRole('button').press('Space');
    expect(await order()).toEqual(
      [...countries].sort((a, b) => (names.get(a) ?? a).localeCompare(names.get(b) ?? b)),
    );
  });

  it('shows the whole overview, in country order, with scripts off', async () => {
    const off = await browser.newContext({ javaScriptEnabled: false });
    const { page } = await openFile(off, join(dir, 'pages', 'overview.html'));
    const rows = await page
      .locator('#overview tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-country')));
    expect(rows).toEqual(countries);
    expect(await page.locator('#overview button').count()).toBe(0);
    const hrefs = await page
      .locator('#overview tbody a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(countries.map((c) => `${c}.html`));
    await off.close();
  });

  it('prints links as text', async () => {
    const { page } = await openFile(context, join(dir, 'pages', 'BE.html'));
    type Styled = { getComputedStyle: (e: unknown, pseudo: string) => { content: string } };
    const linkSuffix = () =>
      page
        .locator('main a[href="overview.html"]')
        .evaluate((a) => (globalThis as unknown as Styled).getComputedStyle(a, '::after').content);
    expect(await linkSuffix()).toBe('none');
    await page.emulateMedia({ media: 'print' });
    expect(await linkSuffix()).toBe('" (overview.html)"');
  });

  it('finds no violation of the WCAG 2.1 A/AA rules (axe-core) on any page', {
    timeout: 900_000,
  }, async () => {
    const axeContext = await newContext(browser, { bypassCSP: true });
    const found: Record<string, unknown> = {};
    for (const name of ['index', 'overview', ...countries]) {
      const { page } = await openFile(axeContext, join(dir, 'pages', `${name}.html`));
      const violations = await axeViolations(page);
      if (violations.length > 0) found[name] = violations;
      await page.close();
    }
    await axeContext.close();
    expect(found).toEqual({});
  });

  it('keeps a full-page screenshot of the Belgian page', async () => {
    const { page } = await openFile(context, join(dir, 'pages', 'BE.html'));
    const png = await page.screenshot({ path: join(dir, 'factsheet-BE.png'), fullPage: true });
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.length).toBeGreaterThan(50_000);
  });
});
