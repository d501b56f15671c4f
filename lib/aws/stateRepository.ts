import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import '../zodLocale.ts';
import { type RawObject, rawObjectSchema } from '../model/rawObject.ts';
import { type SourceState, sourceStateSchema } from '../model/sourceState.ts';
import type { Table } from './table.ts';
import { expiresAt, ledgerKey, sourceKey } from './tableItems.ts';

/** What the inbox looked like when it was last copied, and what was copied. */
export interface InboxState {
  signature: string;
  objects: RawObject[];
}

const inboxObjects = z.array(rawObjectSchema);

/** The run that last fetched a source, and whether its fetch changed what was stored. */
const fetchRecordSchema = z.object({ id: z.string(), changed: z.boolean() });
export type FetchRecord = z.output<typeof fetchRecordSchema>;

/**
 * The workflow's own items in the table: the run ledger (`RUN#<runId>`) and each source's last seen state
 * (`SOURCE#<source>`). Snapshots, the pointer and results belong to the snapshot store.
 */
export class StateRepository {
  constructor(private readonly table: Table) {}

  /** One ledger item, expiring `retentionDays` after `now`. */
  async ledger(
    runId: string,
    event: string,
    detail: Record<string, unknown>,
    now: Date,
    retentionDays: number,
  ): Promise<void> {
    await this.put({
      ...ledgerKey(runId, event),
      at: now.toISOString(),
      ...detail,
      expiresAt: expiresAt(now, retentionDays),
    });
  }

  /** Whether the run's ledger has `event` (a retried step asking whether it already ended the run). */
  async hasLedger(runId: string, event: string): Promise<boolean> {
    return (await this.get(ledgerKey(runId, event))) !== undefined;
  }

  /** A Eurostat source's last recorded state, unless it is missing, invalid or of another dataset. */
  async sourceState(source: string, dataset: string): Promise<SourceState | undefined> {
    const item = await this.get(sourceKey(source));
    const parsed = sourceStateSchema.safeParse(item?.state);
    return parsed.success && parsed.data.dataset === dataset ? parsed.data : undefined;
  }

  /**
   * Which run last wrote a source's item, and whether that changed it: a fetch retried within the same run
   * answers from here instead of downloading again (and comparing with its own first attempt's state).
   */
  async lastFetch(source: string): Promise<FetchRecord | undefined> {
    const parsed = fetchRecordSchema.safeParse((await this.get(sourceKey(source)))?.run);
    return parsed.success ? parsed.data : undefined;
  }

  async putSourceState(source: string, state: SourceState, run?: FetchRecord): Promise<void> {
    await this.put({ ...sourceKey(source), state, ...(run ? { run } : {}) });
  }

  /** The inbox's last copy: its listing's signature and the objects copied; an invalid item counts as none. */
  async inboxState(source: string): Promise<{ signature?: string; objects?: RawObject[] }> {
    const item = await this.get(sourceKey(source));
    const objects = inboxObjects.safeParse(item?.objects);
    return {
      ...(typeof item?.signature === 'string' ? { signature: item.signature } : {}),
      ...(objects.success ? { objects: objects.data } : {}),
    };
  }

  async putInboxState(source: string, state: InboxState, now: Date, run?: FetchRecord): Promise<void> {
    await this.put({ ...sourceKey(source), ...state, fetchedAt: now.toISOString(), ...(run ? { run } : {}) });
  }

  private async get(key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
    return (await this.table.ddb.send(new GetCommand({ TableName: this.table.name, Key: key }))).Item;
  }

  private async put(item: Record<string, unknown>): Promise<void> {
    await this.table.ddb.send(new PutCommand({ TableName: this.table.name, Item: item }));
  }
}
