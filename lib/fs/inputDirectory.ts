import { readdir } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import {
  type Configuration,
  DEFAULT_CONFIG_DOCUMENT,
  parseConfig,
  type SourceRole,
} from '../config/configuration.ts';
import { ConfigError } from '../errors.ts';
import { parseJsonText } from '../jsonText.ts';
import type { EurostatFormat } from '../model/formats.ts';
import type { RefreshInputs } from '../refresh/parseInputs.ts';
import { configInput as configInputOf, type EurostatInput, type RawInput } from '../refresh/rawInput.ts';
import { canonicalJson } from '../snapshot/hashing.ts';
import { fileInput } from './fileInput.ts';
import { packageRoot } from './packageRoot.ts';
import { referenceInputs } from './referenceInputs.ts';
import { readRegularFile } from './regularFile.ts';

/** Reference tables shipped with the package (NACE structure, default ecosystem mapping). */
export const REFERENCE_DIR = join(packageRoot() ?? '.', 'data', 'reference');

/** What an input directory holds: the inputs of a refresh, and where they were read from. */
export interface InputSet extends RefreshInputs {
  root: string | null;
}

export interface LoadOptions {
  /** False for a live run: the Eurostat sources are fetched, not read from `DIR/eurostat/`. */
  eurostat?: boolean;
}

const EXTENSIONS: Array<[string, EurostatFormat]> = [
  ['.tsv.gz', 'tsv'],
  ['.tsv', 'tsv'],
  ['.csv.gz', 'sdmx-csv'],
  ['.csv', 'sdmx-csv'],
  ['.json.gz', 'json-stat'],
  ['.json', 'json-stat'],
];

/**
 * Reads the documented input layout:
 * `DIR/pipeline.config.json` (optional), `DIR/eurostat/<dataset>.<tsv|tsv.gz|csv|json>`,
 * `DIR/eccp/cluster_organisations.(csv|json)` (optional), `DIR/policy/<country>.json` (optional),
 * `DIR/mapping/nace2_to_ecosystem.csv` (optional; default: the shipped v0 mapping).
 */
export async function loadInputDirectory(
  root: string | null,
  referenceDir = REFERENCE_DIR,
  options: LoadOptions = {},
): Promise<InputSet> {
  // No directory (a live run without local files): the default configuration and no local inputs.
  const rootEntries =
    root === null ? [] : await listOrThrow(root, `input directory ${root} does not exist or is not readable`);
  const base = root ?? '.';
  const shown = (abs: string) => relative(base, abs) || basename(abs);

  let config: Configuration;
  let configInput: InputSet['configInput'];
  if (rootEntries.includes('pipeline.config.json')) {
    const path = join(base, 'pipeline.config.json');
    const text = (await readRegularFile(path, base)).toString('utf8');
    // Duplicate keys are refused (JSON.parse would let the last one win silently); a BOM is allowed.
    config = parseConfig(parseJsonText(text, path), path);
    configInput = configInputOf(text, 'pipeline.config.json');
  } else {
    config = parseConfig(DEFAULT_CONFIG_DOCUMENT, '(default configuration)');
    configInput = configInputOf(canonicalJson(config), '(default configuration)');
  }

  const eurostatDir = join(base, 'eurostat');
  const eurostat: Partial<Record<SourceRole, EurostatInput>> = {};
  const eurostatFiles =
    options.eurostat === false
      ? []
      : await listOrThrow(eurostatDir, `${eurostatDir} is missing: the Eurostat inputs go there`);
  for (const [role, source] of (options.eurostat === false ? [] : Object.entries(config.sources)) as Array<
    [SourceRole, Configuration['sources'][SourceRole]]
  >) {
    if (!source) continue;
    const file = source.file ?? defaultFile(source.dataset, eurostatFiles, role, eurostatDir);
    if (!eurostatFiles.includes(file)) {
      throw new ConfigError(
        `${join(eurostatDir, file)} not found (the ${role} source). Put the file there or correct sources.${role}.file`,
      );
    }
    const format = source.format ?? formatOf(file);
    if (!format)
      throw new ConfigError(`cannot tell the format of ${file} from its name; set sources.${role}.format`);
    const abs = join(eurostatDir, file);
    const raw = await fileInput(abs, shown(abs), role, source.dataset, undefined, base);
    eurostat[role] = { ...raw, format };
  }

  let organisations: InputSet['organisations'];
  const eccpFiles = await listIfExists(join(base, 'eccp'));
  const orgFiles = eccpFiles.filter(
    (f) => f === 'cluster_organisations.csv' || f === 'cluster_organisations.json',
  );
  if (orgFiles.length > 1)
    throw new ConfigError(`${join(base, 'eccp')} has both cluster_organisations.csv and .json: keep one`);
  if (orgFiles[0]) {
    const abs = join(base, 'eccp', orgFiles[0]);
    organisations = {
      ...(await fileInput(abs, shown(abs), 'clusterOrganisations', 'cluster_organisations', undefined, base)),
      format: orgFiles[0].endsWith('.json') ? 'json' : 'csv',
    };
  }

  // Consortia: `consortia.(csv|json)`, or the bundled sample's `synthetic_consortia.csv` (the name says so).
  const consortiaFiles = eccpFiles.filter((f) => /^(synthetic_)?consortia\.(csv|json)$/.test(f));
  if (consortiaFiles.length > 1)
    throw new ConfigError(
      `${join(base, 'eccp')} has ${consortiaFiles.join(' and ')}: keep one consortia file`,
    );
  let consortia: InputSet['consortia'];
  if (consortiaFiles[0]) {
    const abs = join(base, 'eccp', consortiaFiles[0]);
    consortia = {
      ...(await fileInput(abs, shown(abs), 'consortia', 'consortia')),
      format: consortiaFiles[0].endsWith('.json') ? 'json' : 'csv',
    };
  }

  const policies: RawInput[] = [];
  for (const f of (await listIfExists(join(base, 'policy'))).filter((n) => n.endsWith('.json')).sort()) {
    const abs = join(base, 'policy', f);
    policies.push(await fileInput(abs, shown(abs), 'policy', f.replace(/\.json$/, ''), undefined, base));
  }

  const reference = await referenceInputs(referenceDir);
  const ownMapping = (await listIfExists(join(base, 'mapping'))).includes('nace2_to_ecosystem.csv');
  const mappingPath = join(base, 'mapping', 'nace2_to_ecosystem.csv');
  const mapping = ownMapping
    ? await fileInput(mappingPath, shown(mappingPath), 'mapping', 'nace2_to_ecosystem', undefined, base)
    : reference.mapping;
  const { nace, cityLookup } = reference;

  return {
    root,
    config,
    configInput,
    eurostat: eurostat as InputSet['eurostat'],
    ...(organisations ? { organisations } : {}),
    ...(consortia ? { consortia } : {}),
    ...(cityLookup ? { cityLookup } : {}),
    policies,
    mapping,
    nace,
    nutsCodes: reference.nutsCodes,
    ...(reference.countryNames ? { countryNames: reference.countryNames } : {}),
  };
}

function formatOf(file: string): EurostatFormat | undefined {
  return EXTENSIONS.find(([ext]) => file.endsWith(ext))?.[1];
}

function defaultFile(dataset: string, files: readonly string[], role: string, dir: string): string {
  const candidates = EXTENSIONS.map(([ext]) => `${dataset}${ext}`).filter((f) => files.includes(f));
  if (candidates.length === 0) {
    throw new ConfigError(
      `no file for the ${role} source (dataset ${dataset}) in ${dir}: expected ${dataset}.tsv, .tsv.gz, .csv or .json, ` +
        `or name the file in sources.${role}.file`,
    );
  }
  if (candidates.length > 1)
    throw new ConfigError(`${dir} has several files for ${dataset} (${candidates.join(', ')}): keep one`);
  return candidates[0] as string;
}

async function listOrThrow(dir: string, message: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    throw new ConfigError(message);
  }
}

async function listIfExists(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch {
    return [];
  }
}
