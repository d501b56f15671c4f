import type { Bucket } from '../aws/bucket.ts';
import type { StateRepository } from '../aws/stateRepository.ts';
import type { Table } from '../aws/table.ts';
import type { Configuration } from '../config/configuration.ts';

/** What every step needs: the storage, the configuration, the reference tables, the clock. */
export interface StepContext {
  bucket: Bucket;
  table: Table;
  /** The run ledger and the sources' last seen state, in `table`. */
  state: StateRepository;
  config: Configuration;
  /** Folder with the reference tables (the compute step's). */
  referenceDir?: string;
  now: () => Date;
  codeVersion: string;
  /** Seconds a run holds the run lease at most (RUN_LEASE_S: the state machine's timeout); the check step's. */
  runLeaseS?: number;
}

/** The variable carrying the run lease's expiry to the check function (set from the state machine's timeout). */
export const RUN_LEASE_ENV = 'RUN_LEASE_S';

/** One item of the run's ledger (`RUN#<runId>`), expiring after the configured retention. */
export function ledger(ctx: StepContext, runId: string, event: string, detail: Record<string, unknown>) {
  return ctx.state.ledger(runId, event, detail, ctx.now(), ctx.config.deployment.ledgerRetentionDays);
}
