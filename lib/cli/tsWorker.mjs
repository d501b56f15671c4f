// Starts a worker thread on a TypeScript module when the CLI runs from its sources (tests, EUCLUSTER_FROM_SOURCE):
// a worker does not inherit the main thread's tsx loader, so it registers its own.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
