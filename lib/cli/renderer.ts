import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FactsheetRenderer } from '../refresh/compute.ts';
import type { FactsheetInput, RenderedFile } from '../render/input.ts';

/**
 * The factsheet renderer: renders on a worker thread, so that the pages and figures (the charting library's
 * work, about as long as writing every table) are drawn on a second core while this thread writes the tables.
 * Same input, same bytes as `renderFactsheets` on this thread. The first thread is started now, so that it
 * loads the charting library while the inputs are read; until it is given work it keeps no process alive.
 */
export async function factsheetRenderer(): Promise<FactsheetRenderer> {
  let spare: RenderThread | null = renderThread();
  return (input) => {
    const thread = spare ?? renderThread();
    spare = null;
    return thread.render(input);
  };
}

interface RenderThread {
  render(input: FactsheetInput): Promise<RenderedFile[]>;
}

type WorkerAnswer =
  | { files: Array<Omit<RenderedFile, 'content'> & { content: Uint8Array }> }
  | { error: { name: string; message: string; stack?: string } };

function renderThread(): RenderThread {
  const worker = startWorker();
  worker.unref();
  // Whatever ends the thread before it answers (a failed start, an exit) is kept for the caller.
  let failure: Error | null = null;
  let fail = (err: Error) => {
    failure = err;
  };
  worker.once('error', (err) => fail(err));
  worker.once('exit', (code) =>
    fail(new Error(`the factsheet renderer's thread stopped (exit code ${code})`)),
  );
  return {
    render: (input) =>
      new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        fail = reject;
        worker.ref();
        worker.once('message', (m: WorkerAnswer) => {
          fail = () => undefined;
          void worker.terminate();
          if ('files' in m) resolve(m.files.map((f) => ({ ...f, content: Buffer.from(f.content) })));
          else reject(Object.assign(new Error(m.error.message), m.error));
        });
        worker.postMessage(input);
      }),
  };
}

/**
 * The thread, from the bundle (dist/…/renderWorker.mjs, beside the entry; this code may sit in its chunks/
 * folder) or from the sources (renderWorker.ts, through tsWorker.mjs, which registers tsx in the thread).
 */
function startWorker(): Worker {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    return new Worker(new URL('./tsWorker.mjs', import.meta.url), {
      workerData: { module: new URL('./renderWorker.ts', import.meta.url).href },
    });
  }
  const dir = basename(dirname(here)) === 'chunks' ? dirname(dirname(here)) : dirname(here);
  return new Worker(join(dir, 'renderWorker.mjs'));
}
