import { ShardIteratorCodec } from '../../../../lambda/engine/kinesis/shard-iterator';
import { expectError, setup, str, T0, text, type ReadRecord } from './helpers';

function withRecords() {
  const env = setup();
  env.call('CreateStream', { StreamName: 's', ShardCount: 1 });
  const seqs: string[] = [];
  for (const d of ['a', 'b', 'c']) {
    seqs.push(env.call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text(d) }).SequenceNumber as string);
    env.clock.advance(1000);
  }
  const iterator = (type: string, extra: Record<string, unknown> = {}) =>
    env.call('GetShardIterator', { StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: type, ...extra }).ShardIterator as string;
  const read = (it: string) => {
    const out = env.call('GetRecords', { ShardIterator: it });
    return { data: (out.Records as ReadRecord[]).map((r) => str(r.Data)), next: out.NextShardIterator as string };
  };
  return { ...env, seqs, iterator, read };
}

describe('shard iterators: types', () => {
  it('TRIM_HORIZON starts at the oldest record', () => {
    const { iterator, read } = withRecords();
    expect(read(iterator('TRIM_HORIZON')).data).toEqual(['a', 'b', 'c']);
  });

  it('LATEST starts after the newest record: it sees only what comes next', () => {
    const { iterator, read, call } = withRecords();
    const first = read(iterator('LATEST'));
    expect(first.data).toEqual([]);
    call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('d') });
    expect(read(first.next).data).toEqual(['d']);
  });

  it('AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER', () => {
    const { iterator, read, seqs } = withRecords();
    expect(read(iterator('AT_SEQUENCE_NUMBER', { StartingSequenceNumber: seqs[1] })).data).toEqual(['b', 'c']);
    expect(read(iterator('AFTER_SEQUENCE_NUMBER', { StartingSequenceNumber: seqs[1] })).data).toEqual(['c']);
    expect(read(iterator('AFTER_SEQUENCE_NUMBER', { StartingSequenceNumber: seqs[2] })).data).toEqual([]);
  });

  it('AT_TIMESTAMP starts at the first record that arrived at or after the timestamp', () => {
    const { iterator, read } = withRecords();
    expect(read(iterator('AT_TIMESTAMP', { Timestamp: new Date(T0) })).data).toEqual(['a', 'b', 'c']);
    expect(read(iterator('AT_TIMESTAMP', { Timestamp: new Date(T0 + 1) })).data).toEqual(['b', 'c']);
    expect(read(iterator('AT_TIMESTAMP', { Timestamp: new Date(T0 + 2000) })).data).toEqual(['c']);
    expect(read(iterator('AT_TIMESTAMP', { Timestamp: new Date(T0 + 2500) })).data).toEqual([]);
  });

  it('are opaque strings within the model limit of 512 characters', () => {
    const { call } = setup();
    const name = 'n'.repeat(128);
    call('CreateStream', { StreamName: name, ShardCount: 1 });
    const it = call('GetShardIterator', { StreamName: name, ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' }).ShardIterator as string;
    expect(it.length).toBeLessThanOrEqual(512);
    expect(it).not.toContain(name);
  });
});

describe('shard iterators: expiry and validity', () => {
  it('an iterator is valid for 5 minutes; then ExpiredIteratorException with AWS message', () => {
    const { iterator, read, clock } = withRecords();
    const it = iterator('TRIM_HORIZON');
    clock.advance(300_000);
    expect(read(it).data).toEqual(['a', 'b', 'c']);
    clock.advance(1);
    expectError(
      () => read(it),
      'ExpiredIteratorException',
      'Iterator expired. The iterator was created at time Tue Nov 14 22:13:23 UTC 2023 while right now it is ' +
        'Tue Nov 14 22:18:23 UTC 2023 which is further in the future than the tolerated delay of 300000 milliseconds.',
    );
  });

  it('NextShardIterator is a fresh iterator, valid 5 minutes from its GetRecords call', () => {
    const { iterator, read, clock } = withRecords();
    const first = read(iterator('TRIM_HORIZON'));
    clock.advance(299_000);
    expect(read(first.next).data).toEqual([]);
  });

  it('anything that is not one of our iterators is "Invalid ShardIterator."', () => {
    const { iterator, call } = withRecords();
    const it = iterator('TRIM_HORIZON');
    const tampered = Buffer.from(it, 'base64');
    tampered[30] = (tampered[30] as number) ^ 1;
    const forged = new ShardIteratorCodec('another secret').encode({ createdAtMs: T0, streamName: 's', streamCreatedAtMs: T0, shardIndex: 0, position: '1' });
    for (const bad of ['x', 'AAAA', it.slice(0, -4), `${it}AAAA`, tampered.toString('base64'), forged]) {
      expectError(() => call('GetRecords', { ShardIterator: bad }), 'InvalidArgumentException', 'Invalid ShardIterator.');
    }
  });

  it('an iterator of a deleted (or re-created) stream names a shard that does not exist', () => {
    const { iterator, call } = withRecords();
    const it = iterator('TRIM_HORIZON');
    call('DeleteStream', { StreamName: 's' });
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    expectError(
      () => call('GetRecords', { ShardIterator: it }),
      'ResourceNotFoundException',
      'Shard shardId-000000000000 in stream s under account 000000000000 does not exist',
    );
  });
});

describe('shard iterators: GetShardIterator errors', () => {
  const seq = (env: ReturnType<typeof withRecords>) => env.seqs[0] as string;

  it('rejects type and StartingSequenceNumber combinations as AWS words it', () => {
    const env = withRecords();
    const prefix =
      'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or (2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. ';
    expectError(() => env.iterator('AT_SEQUENCE_NUMBER'), 'InvalidArgumentException', `${prefix}Request specified AT_SEQUENCE_NUMBER and no StartingSequenceNumber.`);
    expectError(() => env.iterator('AFTER_SEQUENCE_NUMBER'), 'InvalidArgumentException', `${prefix}Request specified AFTER_SEQUENCE_NUMBER and no StartingSequenceNumber.`);
    expectError(
      () => env.iterator('TRIM_HORIZON', { StartingSequenceNumber: seq(env) }),
      'InvalidArgumentException',
      `${prefix}Request specified TRIM_HORIZON and also a StartingSequenceNumber.`,
    );
    expectError(() => env.iterator('LATEST', { StartingSequenceNumber: seq(env) }), 'InvalidArgumentException', `${prefix}Request specified LATEST and also a StartingSequenceNumber.`);
  });

  it('AT_TIMESTAMP needs a timestamp, not in the future', () => {
    const env = withRecords();
    expectError(
      () => env.iterator('AT_TIMESTAMP'),
      'InvalidArgumentException',
      'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.',
    );
    expectError(
      () => env.iterator('AT_TIMESTAMP', { Timestamp: new Date(T0 + 10_000) }),
      'InvalidArgumentException',
      'The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. timestampInMillis: 1700000010000, currentTimestampInMillis: 1700000003000',
    );
  });

  it('checks that the sequence number is ours, of this shard and of this stream', () => {
    const env = withRecords();
    expectError(
      () => env.iterator('AT_SEQUENCE_NUMBER', { StartingSequenceNumber: '12345' }),
      'InvalidArgumentException',
      'StartingSequenceNumber 12345 used in GetShardIterator on shard shardId-000000000000 in stream s under account 000000000000 is invalid.',
    );
    env.call('CreateStream', { StreamName: 'other', ShardCount: 2 });
    env.clock.advance(5000);
    env.call('CreateStream', { StreamName: 'later', ShardCount: 1 });
    const otherShard = env.call('PutRecord', { StreamName: 'other', PartitionKey: 'k', Data: text('x'), ExplicitHashKey: '340282366920938463463374607431768211455' });
    expectError(
      () => env.iterator('AT_SEQUENCE_NUMBER', { StartingSequenceNumber: otherShard.SequenceNumber }),
      'InvalidArgumentException',
      'Invalid StartingSequenceNumber. It encodes shardId-000000000001, while it was used in a call to a shard with shardId-000000000000',
    );
    const later = env.call('PutRecord', { StreamName: 'later', PartitionKey: 'k', Data: text('x') }).SequenceNumber as string;
    expectError(
      () => env.iterator('AFTER_SEQUENCE_NUMBER', { StartingSequenceNumber: later }),
      'InvalidArgumentException',
      `StartingSequenceNumber ${later} used in GetShardIterator on shard shardId-000000000000 in stream s under account 000000000000 is invalid because it did not come from this stream.`,
    );
  });

  it('unknown shards and streams', () => {
    const env = withRecords();
    expectError(
      () => env.call('GetShardIterator', { StreamName: 's', ShardId: 'shardId-000000000009', ShardIteratorType: 'LATEST' }),
      'ResourceNotFoundException',
      'Shard shardId-000000000009 in stream s under account 000000000000 does not exist',
    );
    expectError(
      () => env.call('GetShardIterator', { StreamName: 's', ShardId: 'bogus', ShardIteratorType: 'LATEST' }),
      'ResourceNotFoundException',
      'Could not find shard bogus in stream s under account 000000000000.',
    );
    expectError(
      () => env.call('GetShardIterator', { StreamName: 'nope', ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' }),
      'ResourceNotFoundException',
      'Shard shardId-000000000000 in stream nope under account 000000000000 does not exist',
    );
    // AWS resolves shard IDs by number.
    expect(env.call('GetShardIterator', { StreamName: 's', ShardId: '0', ShardIteratorType: 'LATEST' }).ShardIterator).toEqual(expect.any(String));
  });
});
