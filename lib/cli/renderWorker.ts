/**
 * The factsheet renderer's thread (see renderer.ts): waits for one input, renders it and posts the files back.
 * A bundle entry of its own (scripts/build.ts), so that the thread loads the charting library and nothing else.
 */
import { parentPort } from 'node:worker_threads';
import { renderFactsheets } from '../render/index.ts';
import type { FactsheetInput } from '../render/input.ts';

parentPort?.once('message', (input: FactsheetInput) => {
  try {
    parentPort?.postMessage({ files: renderFactsheets(input) });
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    parentPort?.postMessage({ error: { name: e.name, message: e.message, stack: e.stack } });
  }
});
