#!/usr/bin/env node
// Launcher for `npx eucluster` and `npm start`: runs the CLI from a bundle of the current sources (built by
// `npm ci`'s prepare, and again on the first start after any change: see cliBundle.mjs), so that no start
// transpiles the TypeScript. EUCLUSTER_FROM_SOURCE=1 runs the TypeScript through tsx instead.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cliBundle } from './cliBundle.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = process.env.EUCLUSTER_FROM_SOURCE ? null : cliBundle(root);
if (bundle) {
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./eucluster.ts');
}
