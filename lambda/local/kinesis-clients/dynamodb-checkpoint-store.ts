/**
 * Checkpoints in a DynamoDB table, shaped like the KCL's lease table: one item per (application, shard),
 * keyed by `leaseKey` = `<application>:<shardId>`, so several consumers (applications) can share a table.
 *
 * Item attributes:
 * - `leaseKey` (S, partition key)
 * - `checkpoint` (S): the sequence number of the last acknowledged record, or 'SHARD_END'
 * - `checkpointSubSequenceNumber` (N): only when the aggregated record at `checkpoint` was acknowledged
 *   up to (and including) this user record
 * - `checkpointSort` (S): `checkpoint` zero-padded to 40 digits, ':', then the sub-sequence number
 *   zero-padded to 16 digits, or '~' (which sorts after every digit) when the whole record was
 *   acknowledged. DynamoDB compares strings bytewise and cannot compare 128-bit numbers, so this is
 *   what the condition compares. Absent for 'SHARD_END'.
 * - `updatedAt` (S): ISO 8601 time of the last put
 *
 * Reads are strongly consistent. Puts are serialized per shard so they land in call order (like the file
 * store's), and each is conditional so a stale writer (a consumer that lost its shard, a late retry) cannot
 * move a checkpoint backwards: a sequence-number put succeeds only if there is no checkpoint yet, or it is
 * not 'SHARD_END' and is at or before the new position; 'SHARD_END' may always be written (it is the end).
 * A failed condition rejects with CheckpointConflictError.
 */
import {
  GetItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';

import type { Checkpoint, CheckpointStore } from '../../engine/kinesis/consumer-checkpoint';

const SHARD_END = 'SHARD_END';
const SEQUENCE_DIGITS = 40;
const SUB_SEQUENCE_DIGITS = 16;

/** The table schema, for a CDK user: `new dynamodb.Table(this, 'Checkpoints', { ...checkpointTableProps() })` (the type strings map to AttributeType.STRING / BillingMode.PAY_PER_REQUEST). */
export function checkpointTableProps(): {
  partitionKey: { name: 'leaseKey'; type: 'S' };
  billingMode: 'PAY_PER_REQUEST';
} {
  return { partitionKey: { name: 'leaseKey', type: 'S' }, billingMode: 'PAY_PER_REQUEST' };
}

/** A put lost to a newer checkpoint already in the table (or to 'SHARD_END'). */
export class CheckpointConflictError extends Error {
  override readonly name = 'CheckpointConflictError';

  constructor(
    readonly shardId: string,
    readonly attempted: Checkpoint,
    /** The checkpoint in the table when the condition failed, when DynamoDB returned it. */
    readonly current?: Checkpoint,
    options?: { cause?: unknown },
  ) {
    super(
      `checkpoint conflict on shard ${shardId}: refusing to move ${describe(current)} to ${describe(attempted)}` +
        ' (a newer checkpoint or SHARD_END is already stored; another worker may own this shard)',
      options,
    );
  }
}

/**
 * The string `checkpointSort` holds: sorting these bytewise orders positions like (BigInt(sequenceNumber),
 * subSequenceNumber), with no sub-sequence number (whole record acknowledged) after every sub-sequence number.
 */
export function checkpointSortKey(sequenceNumber: string, subSequenceNumber?: number): string {
  if (!/^\d{1,40}$/.test(sequenceNumber)) {
    throw new RangeError(`sequence number must be 1 to ${SEQUENCE_DIGITS} decimal digits, got ${JSON.stringify(sequenceNumber)}`);
  }
  if (subSequenceNumber !== undefined && !(Number.isSafeInteger(subSequenceNumber) && subSequenceNumber >= 0)) {
    throw new RangeError(`sub-sequence number must be a non-negative safe integer, got ${subSequenceNumber}`);
  }
  const seq = sequenceNumber.padStart(SEQUENCE_DIGITS, '0');
  const sub = subSequenceNumber === undefined ? '~' : String(subSequenceNumber).padStart(SUB_SEQUENCE_DIGITS, '0');
  return `${seq}:${sub}`;
}

export class DynamoDbCheckpointStore implements CheckpointStore {
  private readonly writes = new Map<string, Promise<void>>();

  constructor(
    readonly client: DynamoDBClient,
    readonly tableName: string,
    /** The consumer application's name; the prefix of every leaseKey. */
    readonly application: string,
  ) {
    if (application === '') throw new RangeError('application name must be non-empty');
  }

  leaseKey(shardId: string): string {
    return `${this.application}:${shardId}`;
  }

  async get(shardId: string): Promise<Checkpoint | undefined> {
    const out = await this.client.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { leaseKey: { S: this.leaseKey(shardId) } },
        ConsistentRead: true,
      }),
    );
    return fromItem(out.Item);
  }

  put(shardId: string, checkpoint: Checkpoint): Promise<void> {
    const input = this.updateInput(shardId, checkpoint); // validates before queueing
    const previous = this.writes.get(shardId) ?? Promise.resolve();
    const write = previous.then(() => this.send(shardId, checkpoint, input));
    // A failed write must not wedge later ones; its caller still sees the error.
    const settled = write.catch(() => undefined);
    this.writes.set(shardId, settled);
    void settled.then(() => {
      if (this.writes.get(shardId) === settled) this.writes.delete(shardId);
    });
    return write;
  }

  /** The UpdateItem request a put sends (exposed for tests and for reviewers of the condition). */
  updateInput(shardId: string, checkpoint: Checkpoint): UpdateItemCommandInput {
    const Key = { leaseKey: { S: this.leaseKey(shardId) } };
    const updatedAt = new Date().toISOString();
    if (checkpoint === SHARD_END) {
      return {
        TableName: this.tableName,
        Key,
        UpdateExpression: 'SET checkpoint = :end, updatedAt = :now REMOVE checkpointSubSequenceNumber, checkpointSort',
        // Unconditional: SHARD_END is the furthest position, and writing it again is idempotent.
        ExpressionAttributeValues: { ':end': { S: SHARD_END }, ':now': { S: updatedAt } },
      };
    }
    const sort = checkpointSortKey(checkpoint.sequenceNumber, checkpoint.subSequenceNumber);
    const values: Record<string, AttributeValue> = {
      ':cp': { S: checkpoint.sequenceNumber },
      ':sort': { S: sort },
      ':now': { S: updatedAt },
      ':end': { S: SHARD_END },
    };
    let UpdateExpression = 'SET checkpoint = :cp, checkpointSort = :sort, updatedAt = :now';
    if (checkpoint.subSequenceNumber === undefined) {
      UpdateExpression += ' REMOVE checkpointSubSequenceNumber';
    } else {
      UpdateExpression += ', checkpointSubSequenceNumber = :sub';
      values[':sub'] = { N: String(checkpoint.subSequenceNumber) };
    }
    return {
      TableName: this.tableName,
      Key,
      UpdateExpression,
      ConditionExpression: 'attribute_not_exists(checkpoint) OR (checkpoint <> :end AND checkpointSort <= :sort)',
      ExpressionAttributeValues: values,
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    };
  }

  private async send(shardId: string, checkpoint: Checkpoint, input: UpdateItemCommandInput): Promise<void> {
    try {
      await this.client.send(new UpdateItemCommand(input));
    } catch (err) {
      if ((err as { name?: unknown } | null)?.name === 'ConditionalCheckFailedException') {
        const item = (err as { Item?: Record<string, AttributeValue> }).Item;
        throw new CheckpointConflictError(shardId, checkpoint, safeFromItem(item), { cause: err });
      }
      throw err;
    }
  }
}

function fromItem(item: Record<string, AttributeValue> | undefined): Checkpoint | undefined {
  const cp = item?.checkpoint?.S;
  if (item === undefined || cp === undefined) return undefined;
  if (cp === SHARD_END) return SHARD_END;
  const sub = item.checkpointSubSequenceNumber?.N;
  return sub === undefined ? { sequenceNumber: cp } : { sequenceNumber: cp, subSequenceNumber: Number(sub) };
}

function safeFromItem(item: Record<string, AttributeValue> | undefined): Checkpoint | undefined {
  try {
    return fromItem(item);
  } catch {
    return undefined;
  }
}

function describe(cp: Checkpoint | undefined): string {
  if (cp === undefined) return 'the stored checkpoint';
  if (cp === SHARD_END) return SHARD_END;
  return cp.subSequenceNumber === undefined ? cp.sequenceNumber : `${cp.sequenceNumber}/${cp.subSequenceNumber}`;
}
