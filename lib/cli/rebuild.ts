import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseConfig } from '../config/configuration.ts';
import { ArchiveIntegrityError, ConfigError } from '../errors.ts';
import { fileInput } from '../fs/fileInput.ts';
import type { FsRawStore } from '../fs/fsRawStore.ts';
import { FsSnapshotStore } from '../fs/fsSnapshotStore.ts';
import { readRegularFile } from '../fs/regularFile.ts';
import { parseJsonText } from '../jsonText.ts';
import { EUROSTAT_INPUT_ROLES, eurostatFormat, formatOfStored } from '../model/inputLayout.ts';
import { configInput, type EurostatInput, type RawInput, type RefreshInputs } from '../model/rawInput.ts';
import { withChangeHistory } from '../refresh/changeHistory.ts';
import { computeSnapshot } from '../refresh/compute.ts';
import { CHANGES_FILE } from '../snapshot/changes.ts';
import { parseChanges } from '../snapshot/history.ts';
import { type Manifest, parseManifest } from '../snapshot/manifest.ts';
import { factsheetRenderer } from './renderer.ts';

export interface RebuildReport {
  version: string;
  /** Paths relative to the version folder, with whether the rebuilt bytes equal the published ones. */
  files: Array<{ path: string; identical: boolean }>;
  codeVersion: { published: string; current: string };
}

/**
 * Rebuilds a published snapshot from the inputs its manifest records (found by hash in the raw archive),
 * with the manifest's creation time, and compares every file byte for byte.
 */
export async function rebuildSnapshot(
  snapshotsDir: string,
  version: string,
  archive: FsRawStore,
  currentCodeVersion: string,
): Promise<RebuildReport> {
  const dir = join(snapshotsDir, version);
  let content: Buffer;
  try {
    content = await readFile(join(dir, 'datapackage.json'));
  } catch {
    throw new ConfigError(`${join(dir, 'datapackage.json')} not found: is ${version} a published version?`);
  }
  const manifest = parseManifest(content, join(dir, 'datapackage.json'));
  const inputs = await inputsFromArchive(manifest, archive);
  const computed = await computeSnapshot(inputs, {
    created: new Date(manifest.created),
    codeVersion: currentCodeVersion,
    // The pages only when the published version has them (a snapshot built without the renderer has none).
    ...((manifest['eucluster:files'] ?? []).some((f) => f.path.startsWith('pages/'))
      ? { render: await factsheetRenderer() }
      : {}),
  });
  // changes.json again against the version it names as previous (versions from before the history have none).
  const changes = await readFile(join(dir, CHANGES_FILE)).catch(() => null);
  const rebuilt = changes
    ? await withChangeHistory(
        computed,
        new FsSnapshotStore(dirname(snapshotsDir)),
        parseChanges(changes, join(dir, CHANGES_FILE)).previous,
      )
    : computed;
  const files = [];
  for (const f of [...rebuilt.files, rebuilt.manifestFile]) {
    const published = await readFile(join(dir, f.path)).catch(() => null);
    files.push({ path: f.path, identical: published?.equals(f.content) === true });
  }
  return { version, files, codeVersion: { published: manifest.code.version, current: currentCodeVersion } };
}

async function inputsFromArchive(manifest: Manifest, archive: FsRawStore): Promise<RefreshInputs> {
  // Published before inputs were recorded in the manifest (2026-12-01): nothing says what to rebuild from.
  const records = manifest['eucluster:inputs'] as Manifest['eucluster:inputs'] | undefined;
  if (!records)
    throw new ConfigError(
      `the manifest of ${manifest.version} records no inputs (published before they were recorded): it cannot be rebuilt`,
    );
  const located = await Promise.all(
    records.map(async (record) => {
      const key = await archive.find(record.hash);
      if (!key) {
        throw new ConfigError(
          `input ${record.path} (${record.role}, ${record.hash}) is not in ${join(archive.root, 'raw')}: ` +
            'this snapshot cannot be rebuilt here',
        );
      }
      return { record, abs: archive.absolute(key) };
    }),
  );
  const raw = async ({ record, abs }: (typeof located)[number]): Promise<RawInput> => ({
    // Checked against the hash the manifest records (and the file is named by): a damaged copy is named.
    ...(await fileInput(
      abs,
      record.path,
      record.role,
      record.name,
      record.synthetic,
      archive.root,
      record.hash,
    )),
    sourceVersion: record.sourceVersion,
  });
  const byRole = (role: string) => located.filter((l) => l.record.role === role);
  const one = async (role: string) => {
    const found = byRole(role)[0];
    return found ? raw(found) : undefined;
  };

  const configEntry = byRole('config')[0];
  if (!configEntry) throw new ConfigError(`the manifest of ${manifest.version} records no configuration`);
  const configBytes = await readRegularFile(configEntry.abs, archive.root);
  const configHash = `sha256:${createHash('sha256').update(configBytes).digest('hex')}`;
  if (configHash !== configEntry.record.hash)
    throw new ArchiveIntegrityError(configEntry.abs, configEntry.record.hash, configHash);
  const configText = configBytes.toString('utf8');
  const config = parseConfig(parseJsonText(configText, configEntry.record.path), configEntry.record.path);

  const eurostat: Partial<Record<string, EurostatInput>> = {};
  for (const role of EUROSTAT_INPUT_ROLES) {
    const entry = byRole(role)[0];
    if (!entry) continue;
    // The format the run read it in: the configuration's, else what the recorded name says.
    const format = eurostatFormat(role, entry.record.path, config.sources[role]?.format);
    eurostat[role] = { ...(await raw(entry)), format };
  }
  const organisations = await one('clusterOrganisations');
  const consortia = await one('consortia');
  const mapping = await one('mapping');
  const nace = await one('classification');
  const cityLookup = await one('cityLookup');
  const countryNames = await one('countryNames');
  if (!mapping || !nace)
    throw new ConfigError(`the manifest of ${manifest.version} lacks the mapping or NACE inputs`);
  return {
    config,
    configInput: configInput(configText, configEntry.record.path),
    eurostat: eurostat as RefreshInputs['eurostat'],
    ...(organisations ? { organisations: { ...organisations, format: otherFormat(organisations) } } : {}),
    ...(consortia ? { consortia: { ...consortia, format: otherFormat(consortia) } } : {}),
    policies: await Promise.all(byRole('policy').map(raw)),
    mapping,
    nace,
    ...(cityLookup ? { cityLookup } : {}),
    ...(countryNames ? { countryNames } : {}),
    nutsCodes: await Promise.all(byRole('nuts').map(raw)),
  };
}

/** CSV or JSON, as the input layout reads the recorded path. */
function otherFormat(input: RawInput): 'csv' | 'json' {
  return formatOfStored({ role: input.role, path: input.path }) === 'json' ? 'json' : 'csv';
}
