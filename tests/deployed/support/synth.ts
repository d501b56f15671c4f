import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');

/** What the synthesized app depends on: a change in any of these means a new synth. */
const INPUTS = [
  'bin',
  'lib',
  'lambdas',
  'data/reference',
  'data/sample/pipeline.config.json',
  'cdk.json',
  'package-lock.json',
];

function filesUnder(path: string): string[] {
  const full = join(ROOT, path);
  if (!existsSync(full)) return [];
  if (statSync(full).isFile()) return [full];
  return readdirSync(full, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name))
    .sort();
}

function inputsHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(filesUnder)) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The cloud assembly of the real app (`cdk synth --quiet`: bin/app.ts, bundling on, cdk-nag on), made once
 * per state of the sources and kept in the temporary folder, so every test file of a run (and the next run,
 * when nothing changed) reads the same one. Returns the assembly folder.
 */
export function synthesizedAssembly(): string {
  const dir = join(tmpdir(), `eucluster-deployed-${inputsHash()}`);
  if (existsSync(join(dir, 'manifest.json'))) return dir;
  const building = `${dir}.${process.pid}.building`;
  rmSync(building, { recursive: true, force: true });
  execFileSync(join(ROOT, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '--output', building], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  try {
    renameSync(building, dir);
  } catch (err) {
    // Another test file finished the same synth first: use theirs.
    if (!existsSync(join(dir, 'manifest.json'))) throw err;
    rmSync(building, { recursive: true, force: true });
  }
  return dir;
}
