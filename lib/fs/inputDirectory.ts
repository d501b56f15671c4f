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
import { eurostatFileOf, eurostatFormat, otherInputs } from '../model/inputLayout.ts';
import {
  configInput as configInputOf,
  type EurostatInput,
  type RawInput,
  type RefreshInputs,
} from '../model/rawInput.ts';
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
    const file = source.file ?? eurostatFileOf(source.dataset, eurostatFiles, role, eurostatDir);
    if (!eurostatFiles.includes(file)) {
      throw new ConfigError(
        `${join(eurostatDir, file)} not found (the ${role} source). Put the file there or correct sources.${role}.file`,
      );
    }
    const format = eurostatFormat(role, file, source.format);
    const abs = join(eurostatDir, file);
    const raw = await fileInput(abs, shown(abs), role, source.dataset, undefined, base);
    eurostat[role] = { ...raw, format };
  }

  const { organisations, consortia, policies, ownMapping } = await otherInputsOf(base, shown);

  const reference = await referenceInputs(referenceDir);
  const mapping = ownMapping ?? reference.mapping;
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

/**
 * The organisations, consortia, policy facts and mapping under `eccp/`, `policy/` and `mapping/`, as the
 * input layout names them (the same decision as the fetch step's over `inbox/`).
 */
async function otherInputsOf(base: string, shown: (abs: string) => string) {
  const listed: string[] = [];
  for (const folder of ['eccp', 'policy', 'mapping'])
    for (const f of await listIfExists(join(base, folder))) listed.push(`${folder}/${f}`);
  let organisations: InputSet['organisations'];
  let consortia: InputSet['consortia'];
  let ownMapping: RawInput | undefined;
  const policies: RawInput[] = [];
  for (const o of otherInputs(listed, base)) {
    const abs = join(base, o.path);
    const raw = await fileInput(abs, shown(abs), o.role, o.name, undefined, base);
    if (o.role === 'clusterOrganisations') organisations = { ...raw, format: o.format };
    else if (o.role === 'consortia') consortia = { ...raw, format: o.format };
    else if (o.role === 'policy') policies.push(raw);
    else ownMapping = raw;
  }
  return { organisations, consortia, policies, ownMapping };
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
