import { ConfigError } from '../errors.ts';
import { EUROSTAT_FORMATS, type EurostatFormat } from './formats.ts';

/**
 * The one place that says what an input file is: its role (which part of a refresh reads it) and its format.
 * The CLI's input directory, the fetch step's inbox listing, the compute step, `rebuild` and the live
 * inputs all call it, so a layout is read the same way locally and in AWS, with the same refusals.
 * Pure: names in, decisions out.
 */

/** The Eurostat roles, as the configuration names them. */
export const EUROSTAT_INPUT_ROLES = ['nationalByDivision', 'regionalByActivity', 'regionalTotal'] as const;
export type EurostatRole = (typeof EUROSTAT_INPUT_ROLES)[number];

/** The non-Eurostat inputs a refresh reads from `eccp/`, `policy/` and `mapping/`. */
export type OtherRole = 'clusterOrganisations' | 'consortia' | 'policy' | 'mapping';

/** Every format an input is read in: Eurostat's three, and plain CSV or JSON for the others. */
export const INPUT_FORMATS = [...EUROSTAT_FORMATS, 'csv', 'json'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** File name endings of a Eurostat download, most specific first, and the format each means. */
export const EUROSTAT_EXTENSIONS: ReadonlyArray<readonly [string, EurostatFormat]> = [
  ['.tsv.gz', 'tsv'],
  ['.tsv', 'tsv'],
  ['.csv.gz', 'sdmx-csv'],
  ['.csv', 'sdmx-csv'],
  ['.json.gz', 'json-stat'],
  ['.json', 'json-stat'],
];

export function isEurostatRole(role: string): role is EurostatRole {
  return (EUROSTAT_INPUT_ROLES as readonly string[]).includes(role);
}

/** The format a Eurostat file's name says, or undefined (`x.txt`). */
export function eurostatFormatOfName(file: string): EurostatFormat | undefined {
  return EUROSTAT_EXTENSIONS.find(([ext]) => file.endsWith(ext))?.[1];
}

/**
 * A Eurostat source's format: the configured one, else the one its file name says. Refused (one line naming
 * the role) when neither tells.
 */
export function eurostatFormat(
  role: string,
  file: string,
  configured: EurostatFormat | undefined,
): EurostatFormat {
  const format = configured ?? eurostatFormatOfName(file);
  if (!format)
    throw new ConfigError(`cannot tell the format of ${file} from its name; set sources.${role}.format`);
  return format;
}

/**
 * The file of a Eurostat source named by its dataset only: exactly one of `<dataset>.tsv|.tsv.gz|.csv|
 * .csv.gz|.json|.json.gz` among `files`. None, or several (the same dataset given as `.csv` and `.json`), is
 * refused.
 */
export function eurostatFileOf(dataset: string, files: readonly string[], role: string, dir: string): string {
  const candidates = EUROSTAT_EXTENSIONS.map(([ext]) => `${dataset}${ext}`).filter((f) => files.includes(f));
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

/** A non-Eurostat input found in a listing: where it is, what it is, how to read it. */
export interface OtherInput {
  /** Path inside the input layout, e.g. `eccp/cluster_organisations.csv`, `policy/BE.json`. */
  path: string;
  role: OtherRole;
  /** Short name: the role's (`cluster_organisations`, `consortia`), a policy file's country. */
  name: string;
  format: 'csv' | 'json';
}

const OTHER_PATTERNS: ReadonlyArray<readonly [RegExp, OtherRole]> = [
  [/^eccp\/cluster_organisations\.(csv|json)$/, 'clusterOrganisations'],
  // The bundled sample's consortia are named `synthetic_consortia.csv` (the name says so).
  [/^eccp\/(synthetic_)?consortia\.(csv|json)$/, 'consortia'],
  [/^policy\/[^/]+\.json$/, 'policy'],
  [/^mapping\/nace2_to_ecosystem\.csv$/, 'mapping'],
];

const NAMES: Partial<Record<OtherRole, string>> = {
  clusterOrganisations: 'cluster_organisations',
  consortia: 'consortia',
  mapping: 'nace2_to_ecosystem',
};

/** What a path in the layout is, or undefined when no input lives there (it is then left alone). */
export function otherInputOf(path: string): OtherInput | undefined {
  const role = OTHER_PATTERNS.find(([pattern]) => pattern.test(path))?.[1];
  if (!role) return undefined;
  const file = path.slice(path.lastIndexOf('/') + 1);
  return {
    path,
    role,
    name: NAMES[role] ?? file.replace(/\.[^.]+$/, ''),
    format: file.endsWith('.json') ? 'json' : 'csv',
  };
}

/**
 * The non-Eurostat inputs of a listing (paths inside the layout), sorted by path. A role that takes one file
 * (organisations, consortia, mapping) given twice — `.csv` and `.json` — is refused: which one is meant
 * cannot be guessed. `where` names the folder or prefix for the message.
 */
export function otherInputs(paths: readonly string[], where: string): OtherInput[] {
  const found = paths.flatMap((p) => otherInputOf(p) ?? []).sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const role of ['clusterOrganisations', 'consortia', 'mapping'] as const) {
    const same = found.filter((f) => f.role === role);
    if (same.length > 1)
      throw new ConfigError(`${where} has ${same.map((f) => f.path).join(' and ')} (both ${role}): keep one`);
  }
  return found;
}

/**
 * The format of a stored input from what travels with it: the format recorded with the raw object, else
 * (objects recorded before the format travelled) what its role and path say.
 */
export function formatOfStored(o: {
  role: string;
  path: string;
  format?: InputFormat | undefined;
}): InputFormat {
  if (o.format) return o.format;
  if (isEurostatRole(o.role)) return eurostatFormat(o.role, o.path, undefined);
  return o.path.endsWith('.json') ? 'json' : 'csv';
}

/** Synthetic data says so in its file name; a file whose path says `synthetic` is published as synthetic. */
export function isSyntheticPath(path: string): boolean {
  return /synthetic/i.test(path);
}
