import { createRequire } from 'node:module';
import * as zlib from 'node:zlib';
import type { ZstdCompress } from './parquet.ts';

/** zstd level of the Parquet pages: zstd's own default, a good size for little time on tables this small. */
export const ZSTD_LEVEL = 3;

type ZlibWithZstd = typeof zlib & {
  zstdCompressSync?: (data: Uint8Array, options?: { params?: Record<number, number> }) => Buffer;
  constants: typeof zlib.constants & { ZSTD_c_compressionLevel?: number };
};

/**
 * A zstd compressor for the Parquet writer: Node's own (`zlib.zstdCompressSync`, Node ≥ 22.15, so the Lambda
 * runtime, Node 24) or else the WebAssembly build of @bokuweb/zstd-wasm (Node 20), loaded on first use from
 * node_modules (it reads its .wasm file from there, so the Lambda bundles never need it). Both are zstd at
 * the same level; their bytes may differ between zstd versions, the decompressed pages never.
 */
export async function zstdCompressor(): Promise<{ compress: ZstdCompress; implementation: string }> {
  const z = zlib as ZlibWithZstd;
  const native = z.zstdCompressSync;
  const levelParam = z.constants.ZSTD_c_compressionLevel;
  if (native && levelParam !== undefined) {
    return {
      compress: (data) => native(data, { params: { [levelParam]: ZSTD_LEVEL } }),
      implementation: `node:zlib (zstd ${process.versions.zstd ?? 'bundled'})`,
    };
  }
  wasmReady ??= loadWasm();
  const wasm = await wasmReady;
  return { compress: (data) => wasm.compress(data, ZSTD_LEVEL), implementation: '@bokuweb/zstd-wasm' };
}

interface ZstdWasm {
  init(): Promise<void>;
  compress(data: Uint8Array, level?: number): Uint8Array;
}

/**
 * Once per process: the library's `init` instantiates the module anew each time, and a second call returns
 * before the new instance is in place (its "initialised" promise has long resolved), so pages compressed
 * around the swap came out corrupt (seen: a rebuild in the process that had published, DuckDB reading
 * "ZSTD Decompression failure").
 */
let wasmReady: Promise<ZstdWasm> | undefined;

async function loadWasm(): Promise<ZstdWasm> {
  // A required name esbuild does not follow: the bundles must not carry the WebAssembly fallback.
  const load = createRequire(import.meta.url);
  const name = '@bokuweb/zstd-wasm';
  const wasm = load(name) as ZstdWasm;
  await wasm.init();
  return wasm;
}
