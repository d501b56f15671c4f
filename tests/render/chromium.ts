import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { RenderedFile } from '../../lib/render/input.ts';

/** Debian's Chromium, headless, with nothing that calls home (no sandbox: the tests run as root). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    // Playwright adds no headless flag of its own: the one below is the mode we ask for.
    headless: false,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function writeFiles(dir: string, files: readonly RenderedFile[]): Promise<void> {
  for (const f of files) {
    const path = join(dir, f.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, f.content);
  }
}

export interface OpenedPage {
  page: Page;
  url: string;
  /** Every request the page made, the page itself included. */
  requests: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
}

export function newContext(browser: Browser, options: { bypassCSP?: boolean } = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1000, height: 900 }, ...options });
}

/** The WCAG 2.1 A and AA rules of axe-core (what EN 301 549 requires of EU public-sector websites). */
export const WCAG21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AxeViolation {
  id: string;
  help: string;
  nodes: string[];
}

/**
 * Runs axe-core's WCAG 2.1 A/AA rules on an open page and returns the violations (rule, help, where). The
 * page's own policy forbids scripts, so the context must be made with `bypassCSP` for axe to be injected.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  const source = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: source });
  return page.evaluate(async (tags) => {
    const axe = (globalThis as unknown as { axe: { run: (...args: unknown[]) => Promise<AxeResults> } }).axe;
    type AxeResults = {
      violations: Array<{ id: string; help: string; nodes: Array<{ target: unknown[] }> }>;
    };
    const result = await axe.run({
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(' ')),
    }));
  }, WCAG21_AA);
}

/** Opens a file from disk in a new tab, recording every request and every error. */
export async function openFile(context: BrowserContext, path: string): Promise<OpenedPage> {
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const url = pathToFileURL(path).href;
  await page.goto(url, { waitUntil: 'load' });
  return { page, url, requests, errors };
}
