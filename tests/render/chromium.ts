import { mkdir, writeFile } from 'node:fs/promises';
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

export function newContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1000, height: 900 } });
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
