import type { Notice } from '../model/notice.ts';
import { canonicalJson, sha256Hex } from './hashing.ts';
import type { Field } from './tables.ts';

/** One input as recorded in the manifest: enough to know exactly what a snapshot was computed from. */
export interface InputRecord {
  /** `nationalByDivision`, `regionalByActivity`, `regionalTotal`, `clusterOrganisations`, `policy`, `mapping`, `config`. */
  role: string;
  /** Dataset code (Eurostat) or a short name. */
  name: string;
  path: string;
  bytes: number;
  hash: string;
  /** The source's own version (Eurostat's last update), when known. */
  sourceVersion: string | null;
  /** True when the input is synthetic sample data (file name or content says so). */
  synthetic: boolean;
}

export interface SnapshotFile {
  path: string;
  content: Buffer;
}

export interface ResourceDescriptor {
  name: string;
  path: string;
  format: 'csv';
  mediatype: 'text/csv';
  encoding: 'utf-8';
  description: string;
  bytes: number;
  hash: string;
  rows: number;
  schema: { fields: readonly Field[] };
}

/** `datapackage.json`: the snapshot's manifest (Frictionless Data Package style). */
export interface Manifest {
  profile: 'data-package';
  name: 'eu-cluster-statistics';
  title: string;
  version: string;
  created: string;
  fingerprint: string;
  referenceYear: number;
  benchmark: string;
  synthetic: boolean;
  code: { version: string };
  resources: ResourceDescriptor[];
  sources: InputRecord[];
  notices: Notice[];
}

/**
 * What decides a snapshot's content: the inputs' hashes (the configuration is one of them) and the code. The
 * maturity scores are as of each policy file's own `assessedOn`, so the run's clock is not part of it. Same
 * fingerprint, same snapshot: a re-run publishes nothing new.
 */
export function fingerprint(inputs: readonly InputRecord[], codeVersion: string): string {
  const key = {
    inputs: [...inputs].map((i) => [i.role, i.path, i.hash]).sort(),
    code: codeVersion,
  };
  return sha256Hex(canonicalJson(key));
}

/** Version ids sort by time and carry the fingerprint: `20261128T104455Z-3f9a1c2b7d10`. */
export function versionId(created: Date, fp: string): string {
  const stamp = created
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return `${stamp}-${fp.slice(0, 12)}`;
}

export function describeResource(
  spec: { name: string; path: string; description: string; fields: readonly Field[] },
  content: Buffer,
  rows: number,
): ResourceDescriptor {
  return {
    name: spec.name,
    path: spec.path,
    format: 'csv',
    mediatype: 'text/csv',
    encoding: 'utf-8',
    description: spec.description,
    bytes: content.length,
    hash: `sha256:${sha256Hex(content)}`,
    rows,
    schema: { fields: spec.fields },
  };
}
