/** Moved to `lib/io/eurostat/`: this module only re-exports it for older imports. */
export * from './eurostat/index.ts';
