import type { NaceClassification } from '../classifications/nace.ts';
import { parseNutsCodeList } from '../classifications/nutsCodeLists.ts';
import { geoCodeCheck } from '../classifications/nutsKnown.ts';
import { parseEcosystemMapping, parseNaceStructure } from '../classifications/referenceFiles.ts';
import { parseCityLookup } from '../clusters/cityLookup.ts';
import { parseClusterOrganisationsCsv, parseClusterOrganisationsJson } from '../clusters/parse.ts';
import { enforceRejectedShare } from '../clusters/rejections.ts';
import {
  type DatasetSource,
  DEFAULT_MAX_REJECTED_SHARE,
  type SourceRole,
  wantedPeriods,
  yearSelection,
} from '../config/configuration.ts';
import { parseConsortiaCsv, parseConsortiaJson } from '../cooperation/parse.ts';
import { InputError } from '../errors.ts';
import { type Cube, CubeBuilder } from '../eurostat/parse/cube.ts';
import { readJsonStat } from '../eurostat/parse/jsonStat.ts';
import { splitLines } from '../eurostat/parse/observations.ts';
import { readEurostatTsv } from '../eurostat/parse/tsv.ts';
import type { ParsedInputs } from '../model/computedTables.ts';
import { type EurostatInput, type RawInput, type RefreshInputs, readText } from '../model/rawInput.ts';
import type { PolicyFacts } from '../policy/contract.ts';
import { parsePolicyFacts } from '../policy/parse.ts';
import { type Progress, silentProgress } from './progress.ts';

/** Parses and validates every input. Throws InputError / ConfigError naming the file, line and field. */
export async function parseInputs(
  inputs: RefreshInputs,
  progress: Progress = silentProgress,
): Promise<ParsedInputs> {
  const nace = parseNaceStructure(await readText(inputs.nace), inputs.nace.path);
  const mapping = parseEcosystemMapping(await readText(inputs.mapping), inputs.mapping.path, nace);
  const sources = inputs.config.sources;
  const lists = [];
  for (const r of inputs.nutsCodes ?? []) lists.push(parseNutsCodeList(await readText(r), r.path));
  const geoKnown = geoCodeCheck(lists);
  const cube = (role: SourceRole, withActivity: boolean) => {
    const input = inputs.eurostat[role];
    const source = sources[role];
    return input && source
      ? readCube(
          input,
          source,
          withActivity,
          nace,
          wantedPeriods(yearSelection(inputs.config)),
          progress,
          inputs.config.benchmark,
          geoKnown,
        )
      : undefined;
  };
  const national = await cube('nationalByDivision', true);
  const regional = await cube('regionalByActivity', true);
  const regionalTotal = await cube('regionalTotal', false);

  const organisations = inputs.organisations ? await parseOrganisations(inputs.organisations, inputs) : {};
  const cityLookup = inputs.cityLookup
    ? parseCityLookup(await readText(inputs.cityLookup), inputs.cityLookup.path)
    : undefined;
  const policies = await parsePolicies(inputs.policies);
  const consortia = inputs.consortia
    ? (inputs.consortia.format === 'json' ? parseConsortiaJson : parseConsortiaCsv)(
        await readText(inputs.consortia),
        inputs.consortia.path,
      ).consortia
    : undefined;

  return {
    ...(national ? { national } : {}),
    ...(regional ? { regional } : {}),
    ...(regionalTotal ? { regionalTotal } : {}),
    nace,
    mapping,
    ...organisations,
    ...(cityLookup ? { cityLookup } : {}),
    policies,
    ...(consortia ? { consortia } : {}),
  };
}

/** The cluster organisations (CSV or JSON) and what was rejected; too large a rejected share is refused. */
async function parseOrganisations(
  input: NonNullable<RefreshInputs['organisations']>,
  inputs: RefreshInputs,
): Promise<Pick<ParsedInputs, 'organisations' | 'organisationRejections'>> {
  const text = await readText(input);
  const read =
    input.format === 'json'
      ? parseClusterOrganisationsJson(text, input.path)
      : parseClusterOrganisationsCsv(text, input.path);
  const maxRejectedShare = inputs.config.eccp?.maxRejectedShare ?? DEFAULT_MAX_REJECTED_SHARE;
  enforceRejectedShare(read, maxRejectedShare);
  return {
    organisations: read.organisations,
    organisationRejections: {
      file: read.file,
      total: read.total,
      rejections: read.rejections,
      maxRejectedShare,
    },
  };
}

/** One policy file per country: a second file for a country is refused. */
async function parsePolicies(inputs: readonly RawInput[]): Promise<PolicyFacts[]> {
  const policies: PolicyFacts[] = [];
  for (const p of inputs) policies.push(parsePolicyFacts(await readText(p), p.path));
  const countries = policies.map((p) => p.country);
  const dup = countries.find((c, i) => countries.indexOf(c) !== i);
  if (dup)
    throw new InputError(
      { file: 'policy/' },
      `two policy files describe country ${dup}`,
      'Keep one file per country',
    );
  return policies;
}

async function readCube(
  input: EurostatInput,
  source: DatasetSource,
  withActivity: boolean,
  nace: NaceClassification,
  periods: ReadonlySet<string> | undefined,
  progress: Progress,
  benchmark: string,
  geoKnown?: (code: string) => boolean,
): Promise<Cube> {
  const builder = new CubeBuilder(
    {
      geoDimension: source.geoDimension,
      ...(withActivity ? { activityDimension: source.activityDimension } : {}),
      filters: source.filters,
      ignoreCodes: source.ignoreCodes,
      // Aggregates such as EA20 are no region and no country: only the benchmark is read.
      aggregates: [benchmark],
      // With a year or a range configured, only those cells are used: the others are only checked for data.
      ...(periods !== undefined ? { periods } : {}),
    },
    nace,
    geoKnown,
  );
  const bar = progress.step(`reading ${input.path}`, input.bytes);
  const chunks = input.open((n) => bar.advance(n));
  try {
    if (input.format === 'tsv') await readEurostatTsv(splitLines(chunks), input.path, builder);
    else if (input.format === 'sdmx-csv') {
      // Loaded on use: the CSV parser costs the start of every run, and TSV is the usual format.
      const { readSdmxCsv } = await import('../eurostat/parse/sdmxCsv.ts');
      await readSdmxCsv(chunks, input.path, builder);
    } else await readJsonStat(chunks, input.path, builder);
  } finally {
    bar.done();
  }
  const cube = builder.build();
  if (cube.kept === 0) {
    throw new InputError(
      { file: input.path },
      `no observation matches the filters ${JSON.stringify(source.filters)}`,
      'Check the filter values against the codes in the file',
    );
  }
  return cube;
}
