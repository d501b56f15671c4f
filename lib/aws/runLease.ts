import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { RunInProgressError } from '../errors.ts';
import type { Table } from './table.ts';
import { LEASE_KEY } from './tableItems.ts';

/**
 * The run lease: one item (`LEASE`/`run`) naming the execution that may run the refresh now. The check step
 * takes it before anything else; the state machine releases it when the run ends. A run killed without
 * releasing it (an abort, a timeout of the whole execution) is covered by its expiry, the state machine's own
 * timeout: past it, that execution has certainly ended. `expiresAt` is also the table's TTL attribute, so an
 * expired lease is eventually removed by DynamoDB as well.
 */
export class RunLease {
  constructor(private readonly table: Table) {}

  /**
   * Takes the lease for `runId` for `seconds` from `now`: when no run holds it, the holder's expired, or this
   * run already holds it (a retried check). Otherwise throws RunInProgressError naming the holder.
   */
  async acquire(runId: string, now: Date, seconds: number): Promise<void> {
    const nowS = Math.floor(now.getTime() / 1000);
    try {
      await this.table.ddb.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...LEASE_KEY, runId, acquiredAt: now.toISOString(), expiresAt: nowS + seconds },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt <= :now OR runId = :run',
          ExpressionAttributeValues: { ':now': nowS, ':run': runId },
        }),
      );
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
      const holder = await this.holder();
      // Released between the put and the read: the next attempt takes it.
      throw new RunInProgressError(
        holder?.runId ?? 'unknown',
        new Date((holder?.expiresAt ?? nowS) * 1000).toISOString(),
      );
    }
  }

  /** Releases the lease if `runId` holds it (idempotent: a second release, or another holder's, is a no-op). */
  async release(runId: string): Promise<boolean> {
    try {
      await this.table.ddb.send(
        new DeleteCommand({
          TableName: this.table.name,
          Key: LEASE_KEY,
          ConditionExpression: 'runId = :run',
          ExpressionAttributeValues: { ':run': runId },
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  /** Who holds the lease and until when (epoch seconds), or undefined when nobody does. */
  async holder(): Promise<{ runId: string; expiresAt: number } | undefined> {
    const out = await this.table.ddb.send(
      new GetCommand({ TableName: this.table.name, Key: LEASE_KEY, ConsistentRead: true }),
    );
    const item = out.Item;
    if (typeof item?.runId !== 'string' || typeof item.expiresAt !== 'number') return undefined;
    return { runId: item.runId, expiresAt: item.expiresAt };
  }
}
