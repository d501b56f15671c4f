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
  wasmCompressor ??= loadWasm();
  return wasmCompressor;
}

/**
 * Initialised once per process: a third `init()` of @bokuweb/zstd-wasm leaves it compressing to zeros (no
 * zstd frame at all), so a process that builds several snapshots (tests, `diff` after a refresh) must share one.
 */
let wasmCompressor: Promise<{ compress: ZstdCompress; implementation: string }> | undefined;

async function loadWasm(): Promise<{ compress: ZstdCompress; implementation: string }> {
  // A required name esbuild does not follow: the bundles must not carry the WebAssembly fallback.
  const load = createRequire(import.meta.url);
  const name = '@bokuweb/zstd-wasm';
  const wasm = load(name) as {
    init(): Promise<void>;
    compress(data: Uint8Array, level?: number): Uint8Array;
  };
  await wasm.init();
  return { compress: (data) => wasm.compress(data, ZSTD_LEVEL), implementation: '@bokuweb/zstd-wasm' };
}
