import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';

import {
  CheckpointConflictError,
  DynamoDbCheckpointStore,
  checkpointSortKey,
  checkpointTableProps,
} from '../../../../lambda/local/kinesis-clients/dynamodb-checkpoint-store';
import * as clients from '../../../../lambda/local/kinesis-clients';

type Item = Record<string, AttributeValue>;

const ddbMock = mockClient(DynamoDBClient);

/** An in-memory table that applies this store's UpdateItem expressions and honours its condition. */
function fakeTable(): Map<string, Item> {
  const table = new Map<string, Item>();
  ddbMock.on(GetItemCommand).callsFake((input: { Key: Item; ConsistentRead?: boolean }) => {
    expect(input.ConsistentRead).toBe(true);
    const item = table.get(input.Key.leaseKey.S as string);
    return { Item: item === undefined ? undefined : { ...item } };
  });
  ddbMock.on(UpdateItemCommand).callsFake((input: UpdateItemCommandInput) => {
    const key = input.Key?.leaseKey.S as string;
    const values = input.ExpressionAttributeValues ?? {};
    const old = table.get(key);
    if (input.ConditionExpression !== undefined) {
      expect(input.ConditionExpression).toBe('attribute_not_exists(checkpoint) OR (checkpoint <> :end AND checkpointSort <= :sort)');
      const ok =
        old?.checkpoint === undefined ||
        (old.checkpoint.S !== values[':end'].S && old.checkpointSort !== undefined && (old.checkpointSort.S as string) <= (values[':sort'].S as string));
      if (!ok) {
        throw new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: {},
          Item: input.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' ? old : undefined,
        });
      }
    }
    const item: Item = { ...(old ?? {}), leaseKey: { S: key } };
    const [, set = '', remove = ''] = /^SET (.*?)(?: REMOVE (.*))?$/.exec(input.UpdateExpression as string) ?? [];
    for (const assignment of set.split(', ')) {
      const [name, value] = assignment.split(' = ');
      item[name] = values[value];
    }
    for (const name of remove === '' ? [] : remove.split(', ')) delete item[name];
    table.set(key, item);
    return {};
  });
  return table;
}

beforeEach(() => ddbMock.reset());

describe('DynamoDbCheckpointStore', () => {
  it('is exported from the kinesis-clients index', () => {
    expect(clients.DynamoDbCheckpointStore).toBe(DynamoDbCheckpointStore);
    expect(clients.CheckpointConflictError).toBe(CheckpointConflictError);
  });

  it('documents the table schema without aws-cdk-lib', () => {
    expect(checkpointTableProps()).toEqual({ partitionKey: { name: 'leaseKey', type: 'S' }, billingMode: 'PAY_PER_REQUEST' });
  });

  it('gets undefined for a shard with no item, with a consistent read of <application>:<shardId>', async () => {
    ddbMock.on(GetItemCommand).resolves({});
    const store = new DynamoDbCheckpointStore(new DynamoDBClient({}), 'leases', 'app');
    expect(await store.get('shardId-000000000000')).toBeUndefined();
    expect(ddbMock.commandCalls(GetItemCommand)[0].args[0].input).toEqual({
      TableName: 'leases',
      Key: { leaseKey: { S: 'app:shardId-000000000000' } },
      ConsistentRead: true,
    });
  });

  it('round-trips positions, sub-sequence numbers and SHARD_END; applications sharing a table are separate', async () => {
    const table = fakeTable();
    const client = new DynamoDBClient({});
    const a = new DynamoDbCheckpointStore(client, 'leases', 'app-a');
    const b = new DynamoDbCheckpointStore(client, 'leases', 'app-b');
    const shard = 'shardId-000000000001';

    await a.put(shard, { sequenceNumber: '4959033827149025660855969253836157109', subSequenceNumber: 3 });
    expect(await a.get(shard)).toEqual({ sequenceNumber: '4959033827149025660855969253836157109', subSequenceNumber: 3 });
    expect(await b.get(shard)).toBeUndefined();

    // The rest of the same aggregated record: the sub-sequence number goes away.
    await a.put(shard, { sequenceNumber: '4959033827149025660855969253836157109' });
    expect(await a.get(shard)).toEqual({ sequenceNumber: '4959033827149025660855969253836157109' });
    expect(table.get(`app-a:${shard}`)?.checkpointSubSequenceNumber).toBeUndefined();

    await b.put(shard, { sequenceNumber: '7' });
    await a.put(shard, 'SHARD_END');
    expect(await a.get(shard)).toBe('SHARD_END');
    expect(await b.get(shard)).toEqual({ sequenceNumber: '7' });
    const item = table.get(`app-a:${shard}`) as Item;
    expect(item.checkpoint).toEqual({ S: 'SHARD_END' });
    expect(item.checkpointSort).toBeUndefined();
    expect(new Date(item.updatedAt.S as string).toISOString()).toBe(item.updatedAt.S);

    // SHARD_END again is idempotent.
    await a.put(shard, 'SHARD_END');
    expect(await a.get(shard)).toBe('SHARD_END');
  });

  it('sends the exact UpdateItem input', async () => {
    ddbMock.on(UpdateItemCommand).resolves({});
    const store = new DynamoDbCheckpointStore(new DynamoDBClient({}), 'leases', 'app');
    await store.put('shardId-000000000002', { sequenceNumber: '12345', subSequenceNumber: 2 });
    await store.put('shardId-000000000002', { sequenceNumber: '12346' });
    await store.put('shardId-000000000002', 'SHARD_END');
    const [withSub, whole, end] = ddbMock.commandCalls(UpdateItemCommand).map((c) => c.args[0].input);
    const now = expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const condition = 'attribute_not_exists(checkpoint) OR (checkpoint <> :end AND checkpointSort <= :sort)';
    expect(withSub).toEqual({
      TableName: 'leases',
      Key: { leaseKey: { S: 'app:shardId-000000000002' } },
      UpdateExpression: 'SET checkpoint = :cp, checkpointSort = :sort, updatedAt = :now, checkpointSubSequenceNumber = :sub',
      ConditionExpression: condition,
      ExpressionAttributeValues: {
        ':cp': { S: '12345' },
        ':sort': { S: `${'0'.repeat(35)}12345:${'0'.repeat(15)}2` },
        ':now': { S: now },
        ':end': { S: 'SHARD_END' },
        ':sub': { N: '2' },
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(whole).toEqual({
      TableName: 'leases',
      Key: { leaseKey: { S: 'app:shardId-000000000002' } },
      UpdateExpression: 'SET checkpoint = :cp, checkpointSort = :sort, updatedAt = :now REMOVE checkpointSubSequenceNumber',
      ConditionExpression: condition,
      ExpressionAttributeValues: {
        ':cp': { S: '12346' },
        ':sort': { S: `${'0'.repeat(35)}12346:~` },
        ':now': { S: now },
        ':end': { S: 'SHARD_END' },
      },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
    expect(end).toEqual({
      TableName: 'leases',
      Key: { leaseKey: { S: 'app:shardId-000000000002' } },
      UpdateExpression: 'SET checkpoint = :end, updatedAt = :now REMOVE checkpointSubSequenceNumber, checkpointSort',
      ExpressionAttributeValues: { ':end': { S: 'SHARD_END' }, ':now': { S: now } },
    });
  });

  it('rejects a stale writer with CheckpointConflictError naming the shard; equal positions are idempotent', async () => {
    fakeTable();
    const store = new DynamoDbCheckpointStore(new DynamoDBClient({}), 'leases', 'app');
    const shard = 'shardId-000000000003';
    // 100 > 99 as numbers although '100' < '99' as strings.
    await store.put(shard, { sequenceNumber: '100' });
    await store.put(shard, { sequenceNumber: '100' });
    const backwards = store.put(shard, { sequenceNumber: '99' });
    await expect(backwards).rejects.toBeInstanceOf(CheckpointConflictError);
    await expect(backwards).rejects.toMatchObject({
      name: 'CheckpointConflictError',
      shardId: shard,
      attempted: { sequenceNumber: '99' },
      current: { sequenceNumber: '100' },
      message: expect.stringContaining(shard),
    });
    // A partial record is before the whole record at the same sequence number.
    await expect(store.put(shard, { sequenceNumber: '100', subSequenceNumber: 5 })).rejects.toBeInstanceOf(CheckpointConflictError);
    expect(await store.get(shard)).toEqual({ sequenceNumber: '100' });

    await store.put(shard, 'SHARD_END');
    await expect(store.put(shard, { sequenceNumber: '1000' })).rejects.toMatchObject({ shardId: shard, current: 'SHARD_END' });
    expect(await store.get(shard)).toBe('SHARD_END');
  });

  it('turns a bare ConditionalCheckFailedException into CheckpointConflictError and passes other errors through', async () => {
    const store = new DynamoDbCheckpointStore(new DynamoDBClient({}), 'leases', 'app');
    ddbMock.on(UpdateItemCommand).rejectsOnce(new ConditionalCheckFailedException({ message: 'failed', $metadata: {} }));
    const conflict = await store.put('shardId-000000000004', { sequenceNumber: '1' }).catch((e: unknown) => e);
    expect(conflict).toBeInstanceOf(CheckpointConflictError);
    expect((conflict as CheckpointConflictError).shardId).toBe('shardId-000000000004');
    expect((conflict as CheckpointConflictError).current).toBeUndefined();
    expect((conflict as Error).message).toContain('shardId-000000000004');

    ddbMock.reset();
    ddbMock.on(UpdateItemCommand).rejectsOnce(new Error('throttled')).resolves({});
    await expect(store.put('shardId-000000000004', { sequenceNumber: '2' })).rejects.toThrow('throttled');
    // A failed put does not wedge later ones.
    await expect(store.put('shardId-000000000004', { sequenceNumber: '3' })).resolves.toBeUndefined();
  });

  it('lands concurrent puts for a shard in call order', async () => {
    const table = fakeTable();
    const store = new DynamoDbCheckpointStore(new DynamoDBClient({}), 'leases', 'app');
    await Promise.all(['1', '2', '3', '10', '11'].map((sequenceNumber) => store.put('s', { sequenceNumber })));
    expect(table.get('app:s')?.checkpoint).toEqual({ S: '11' });
    expect(ddbMock.commandCalls(UpdateItemCommand).map((c) => c.args[0].input.ExpressionAttributeValues?.[':cp'].S)).toEqual(['1', '2', '3', '10', '11']);
  });

  it('refuses malformed positions before calling DynamoDB', async () => {
    const store = new DynamoDbCheckpointStore(new DynamoDBClient({}), 'leases', 'app');
    expect(() => store.put('s', { sequenceNumber: '12a' })).toThrow(RangeError);
    expect(() => store.put('s', { sequenceNumber: '1'.repeat(41) })).toThrow(RangeError);
    expect(() => store.put('s', { sequenceNumber: '1', subSequenceNumber: -1 })).toThrow(RangeError);
    expect(ddbMock.commandCalls(UpdateItemCommand)).toHaveLength(0);
  });
});

describe('checkpointSortKey', () => {
  const sequenceNumber = fc.bigInt({ min: 0n, max: (1n << 128n) - 1n });
  const sub = fc.option(fc.nat(), { nil: undefined });
  const cmp = (x: bigint | number, y: bigint | number): number => (x < y ? -1 : x > y ? 1 : 0);
  const strCmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

  it('is fixed-width and compares like the BigInt sequence numbers, then the sub-sequence numbers (none = whole record, last)', () => {
    fc.assert(
      fc.property(sequenceNumber, sub, sequenceNumber, sub, (a, subA, b, subB) => {
        const ka = checkpointSortKey(a.toString(), subA);
        const kb = checkpointSortKey(b.toString(), subB);
        const expected = cmp(a, b) || cmp(subA ?? Infinity, subB ?? Infinity);
        expect(strCmp(ka, kb)).toBe(expected);
        expect(ka.slice(0, 41)).toMatch(/^\d{40}:$/);
      }),
    );
  });

  it('orders numbers of different lengths that compare the other way as plain strings', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: (1n << 127n) - 1n }), (a) => {
        const b = a * 10n - 1n; // one digit longer than a (or equal length), but larger
        fc.pre(b > a);
        expect(checkpointSortKey(a.toString()) < checkpointSortKey(b.toString())).toBe(true);
      }),
    );
  });
});
