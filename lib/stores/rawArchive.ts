/**
 * Input bytes kept content-addressed (`raw/…`), so that any snapshot can be rebuilt from the inputs its
 * manifest records. Keeping the same bytes twice stores them once.
 */
export interface RawArchive {
  /** Stores the bytes under their hash unless already there; returns the key. */
  keep(hash: string, path: string, body: () => AsyncIterable<Buffer>): Promise<string>;
  /** The key of the bytes with this hash, or null when the archive does not have them. */
  find(hash: string): Promise<string | null>;
}

/** `raw/eurostat/<dataset>/<hex>.tsv.gz` for Eurostat files, `raw/<folder>/<hex><ext>` for the others. */
export function rawKey(hash: string, path: string): string {
  const hex = hash.replace(/^sha256:/, '');
  const file = path.split('/').at(-1) ?? path;
  const dot = file.indexOf('.');
  const stem = dot === -1 ? file : file.slice(0, dot);
  const ext = dot === -1 ? '' : file.slice(dot);
  const folder = path.includes('/') ? path.split('/')[0] : 'inputs';
  if (folder === 'eurostat') return `raw/eurostat/${stem}/${hex}${ext}`;
  return `raw/${folder === 'reference' ? 'reference' : folder}/${hex}${ext}`;
}
