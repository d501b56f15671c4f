import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import '../zodLocale.ts';
import { type RawObject, rawObjectSchema } from '../model/rawObject.ts';
import { type SourceState, sourceStateSchema } from '../refresh/sourcePlan.ts';
import type { Table } from './table.ts';
import { expiresAt, ledgerKey, sourceKey } from './tableItems.ts';

/** What the inbox looked like when it was last copied, and what was copied. */
export interface InboxState {
  signature: string;
  objects: RawObject[];
}

const inboxObjects = z.array(rawObjectSchema);

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

  /** A Eurostat source's last recorded state, unless it is missing, invalid or of another dataset. */
  async sourceState(source: string, dataset: string): Promise<SourceState | undefined> {
    const item = await this.get(sourceKey(source));
    const parsed = sourceStateSchema.safeParse(item?.state);
    return parsed.success && parsed.data.dataset === dataset ? parsed.data : undefined;
  }

  async putSourceState(source: string, state: SourceState): Promise<void> {
    await this.put({ ...sourceKey(source), state });
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

  async putInboxState(source: string, state: InboxState, now: Date): Promise<void> {
    await this.put({ ...sourceKey(source), ...state, fetchedAt: now.toISOString() });
  }

  private async get(key: Record<string, string>): Promise<Record<string, unknown> | undefined> {
    return (await this.table.ddb.send(new GetCommand({ TableName: this.table.name, Key: key }))).Item;
  }

  private async put(item: Record<string, unknown>): Promise<void> {
    await this.table.ddb.send(new PutCommand({ TableName: this.table.name, Item: item }));
  }
}
