/** A raw object stored content-addressed under `raw/`, as the workflow's steps hand it on. */
export interface RawObject {
  role: string;
  name: string;
  /** Path inside the logical input directory, e.g. `eurostat/lfsa_egan22d.tsv.gz`, `policy/BE.json`. */
  path: string;
  key: string;
  bytes: number;
  /** `sha256:<hex>`. */
  hash: string;
  sourceVersion: string | null;
  synthetic: boolean;
}
