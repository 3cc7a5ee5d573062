import fc from 'fast-check';

import { expectError, listShards, readShard, setup, str, T0, text } from './helpers';

const HOUR = 3_600_000;

describe('retention: records older than the retention period disappear', () => {
  it('reads return exactly the records that arrived within the retention period, in order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 24, max: 72 }),
        fc.array(fc.record({ gap: fc.integer({ min: 0, max: 20 * HOUR }), key: fc.constantFrom('a', 'b', 'c') }), { minLength: 1, maxLength: 25 }),
        fc.array(fc.integer({ min: 0, max: 30 * HOUR }), { minLength: 1, maxLength: 4 }),
        (hours, puts, readGaps) => {
          const { call, clock, engine, store } = setup();
          call('CreateStream', { StreamName: 's', ShardCount: 2 });
          if (hours > 24) call('IncreaseStreamRetentionPeriod', { StreamName: 's', RetentionPeriodHours: hours });
          const written: { shard: string; data: string; at: number }[] = [];
          puts.forEach((p, i) => {
            clock.advance(p.gap);
            const out = call('PutRecord', { StreamName: 's', PartitionKey: p.key, Data: text(`r${i}`) });
            written.push({ shard: out.ShardId as string, data: `r${i}`, at: clock.now() });
          });
          for (const gap of readGaps) {
            clock.advance(gap);
            const cutoff = clock.now() - hours * HOUR;
            for (const shard of ['shardId-000000000000', 'shardId-000000000001']) {
              const expected = written.filter((w) => w.shard === shard && w.at >= cutoff).map((w) => w.data);
              expect(readShard(engine, 's', shard).records.map((r) => str(r.Data))).toEqual(expected);
              // ...and the store was trimmed lazily, on read.
              const kept = store.readRecords('s', shard, '0'.padStart(56, '1'), 10_000, Number.MAX_SAFE_INTEGER).map((r) => str(r.data));
              expect(kept).toEqual(expected);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a closed shard keeps its data until the data expires, then leaves the shard list', () => {
    const { call, clock, engine } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('old') });
    clock.advance(HOUR);
    call('SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '100' });
    clock.advance(23 * HOUR - 1);
    expect(readShard(engine, 's', 'shardId-000000000000').records.map((r) => str(r.Data))).toEqual(['old']);
    clock.advance(HOUR);
    expect(readShard(engine, 's', 'shardId-000000000000').records).toEqual([]);
    clock.advance(1); // the shard closed exactly 24 hours ago: what it held at closing is just expiring
    expect(listShards(engine, 's').map((s) => s.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002']);
    clock.advance(1);
    expect(listShards(engine, 's').map((s) => s.ShardId)).toEqual(['shardId-000000000001', 'shardId-000000000002']);
  });

  it('TRIM_HORIZON and AT_TIMESTAMP skip expired records', () => {
    const { call, clock } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('expired') });
    clock.advance(2 * HOUR);
    call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('kept') });
    clock.advance(23 * HOUR);
    const it = call('GetShardIterator', { StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(T0) });
    expect((call('GetRecords', { ShardIterator: it.ShardIterator }).Records as { Data: Uint8Array }[]).map((r) => str(r.Data))).toEqual(['kept']);
  });
});

describe('retention: Increase/DecreaseStreamRetentionPeriod', () => {
  it('changes the period within 24–8760 hours', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    call('IncreaseStreamRetentionPeriod', { StreamName: 's', RetentionPeriodHours: 8760 });
    expect((call('DescribeStream', { StreamName: 's' }).StreamDescription as Record<string, unknown>).RetentionPeriodHours).toBe(8760);
    call('DecreaseStreamRetentionPeriod', { StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/s', RetentionPeriodHours: 48 });
    expect((call('DescribeStreamSummary', { StreamName: 's' }).StreamDescriptionSummary as Record<string, unknown>).RetentionPeriodHours).toBe(48);
  });

  it("rejects what AWS rejects, with AWS's messages", () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    call('IncreaseStreamRetentionPeriod', { StreamName: 's', RetentionPeriodHours: 48 });
    expectError(
      () => call('IncreaseStreamRetentionPeriod', { StreamName: 's', RetentionPeriodHours: 36 }),
      'InvalidArgumentException',
      'Requested retention period (36 hours) for stream s can not be shorter than existing retention period (48 hours). Use DecreaseRetentionPeriod API.',
    );
    expectError(
      () => call('DecreaseStreamRetentionPeriod', { StreamName: 's', RetentionPeriodHours: 72 }),
      'InvalidArgumentException',
      'Requested retention period (72 hours) for stream s can not be longer than existing retention period (48 hours). Use IncreaseRetentionPeriod API.',
    );
    expectError(
      () => call('DecreaseStreamRetentionPeriod', { StreamName: 's', RetentionPeriodHours: 23 }),
      'InvalidArgumentException',
      'Minimum allowed retention period is 24 hours. Requested retention period (23 hours) is too short.',
    );
    expectError(
      () => call('IncreaseStreamRetentionPeriod', { StreamName: 's', RetentionPeriodHours: 8761 }),
      'InvalidArgumentException',
      'Maximum allowed retention period is 8760 hours. Requested retention period (8761 hours) is too long.',
    );
  });
});
