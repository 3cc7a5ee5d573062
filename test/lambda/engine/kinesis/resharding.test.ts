import fc from 'fast-check';

import { HASH_KEY_MAX } from '../../../../lambda/engine/kinesis/limits';
import { expectError, listShards, openShards, readShard, setup, str, text, type ReadRecord } from './helpers';

const range = (s: { HashKeyRange: { StartingHashKey: string; EndingHashKey: string } }) => [
  BigInt(s.HashKeyRange.StartingHashKey),
  BigInt(s.HashKeyRange.EndingHashKey),
];

describe('resharding: the demo flow', () => {
  it('create, describe, put, read; split; finish the parent, then read both children', () => {
    const { call, engine } = setup();
    call('CreateStream', { StreamName: 'clicks', ShardCount: 1 });
    const description = call('DescribeStream', { StreamName: 'clicks' }).StreamDescription as Record<string, unknown>;
    expect(description).toMatchObject({
      StreamName: 'clicks',
      StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/clicks',
      StreamStatus: 'ACTIVE',
      HasMoreShards: false,
      Shards: [{ ShardId: 'shardId-000000000000', HashKeyRange: { StartingHashKey: '0', EndingHashKey: '340282366920938463463374607431768211455' } }],
    });

    const before = ['u1', 'u2', 'u3', 'u4'].map((k) => call('PutRecord', { StreamName: 'clicks', PartitionKey: k, Data: text(`before-${k}`) }));
    const it = call('GetShardIterator', { StreamName: 'clicks', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' });
    const firstRead = call('GetRecords', { ShardIterator: it.ShardIterator, Limit: 2 });
    expect((firstRead.Records as ReadRecord[]).map((r) => str(r.Data))).toEqual(['before-u1', 'before-u2']);

    call('SplitShard', { StreamName: 'clicks', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '170141183460469231731687303715884105728' });
    const shards = listShards(engine, 'clicks');
    expect(shards.map((s) => [s.ShardId, s.ParentShardId, s.SequenceNumberRange.EndingSequenceNumber !== undefined])).toEqual([
      ['shardId-000000000000', undefined, true],
      ['shardId-000000000001', 'shardId-000000000000', false],
      ['shardId-000000000002', 'shardId-000000000000', false],
    ]);
    const after = ['u1', 'u2', 'u3', 'u4'].map((k) => call('PutRecord', { StreamName: 'clicks', PartitionKey: k, Data: text(`after-${k}`) }));
    expect(after.every((p) => p.ShardId !== 'shardId-000000000000')).toBe(true);

    // Finish the parent: the rest of its records, then no NextShardIterator and the children.
    const rest = call('GetRecords', { ShardIterator: firstRead.NextShardIterator });
    expect((rest.Records as ReadRecord[]).map((r) => str(r.Data))).toEqual(['before-u3', 'before-u4']);
    expect(rest.NextShardIterator).toBeUndefined();
    expect(rest.MillisBehindLatest).toBe(0);
    expect(rest.ChildShards).toEqual([
      { ShardId: 'shardId-000000000001', ParentShards: ['shardId-000000000000'], HashKeyRange: { StartingHashKey: '0', EndingHashKey: '170141183460469231731687303715884105727' } },
      {
        ShardId: 'shardId-000000000002',
        ParentShards: ['shardId-000000000000'],
        HashKeyRange: { StartingHashKey: '170141183460469231731687303715884105728', EndingHashKey: '340282366920938463463374607431768211455' },
      },
    ]);

    const children = (rest.ChildShards as { ShardId: string }[]).map((c) => readShard(engine, 'clicks', c.ShardId).records.map((r) => str(r.Data)));
    expect(children.flat().sort()).toEqual(['after-u1', 'after-u2', 'after-u3', 'after-u4']);
    after.forEach((p, i) => expect(children[p.ShardId === 'shardId-000000000001' ? 0 : 1]).toContain(`after-u${i + 1}`));
    expect(before.every((p) => p.ShardId === 'shardId-000000000000')).toBe(true);
  });

  it('reading a closed shard to its end, even with no records, gives the children of a merge', () => {
    const { call, engine } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 2 });
    call('MergeShards', { StreamName: 's', ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000001' });
    const end = readShard(engine, 's', 'shardId-000000000001');
    expect(end).toEqual({
      records: [],
      ended: true,
      childShards: [
        {
          ShardId: 'shardId-000000000002',
          ParentShards: ['shardId-000000000000', 'shardId-000000000001'],
          HashKeyRange: { StartingHashKey: '0', EndingHashKey: '340282366920938463463374607431768211455' },
        },
      ],
    });
    expect(listShards(engine, 's')[2]).toMatchObject({ ParentShardId: 'shardId-000000000000', AdjacentParentShardId: 'shardId-000000000001' });
  });

  it('merges in either order (the union of the ranges must be contiguous)', () => {
    const { call, engine } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 2 });
    call('MergeShards', { StreamName: 's', ShardToMerge: 'shardId-000000000001', AdjacentShardToMerge: 'shardId-000000000000' });
    expect(openShards(engine, 's')).toEqual([
      expect.objectContaining({ ShardId: 'shardId-000000000002', ParentShardId: 'shardId-000000000001', AdjacentParentShardId: 'shardId-000000000000' }),
    ]);
  });
});

describe('resharding: lineage', () => {
  it('parents close and children cover exactly the parent range (random splits and merges)', () => {
    const step = fc.record({ split: fc.boolean(), pick: fc.nat(), at: fc.bigInt({ min: 0n, max: HASH_KEY_MAX }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(step, { maxLength: 15 }), (n, steps) => {
        const { call, engine } = setup({ shardLimit: 100_000 });
        call('CreateStream', { StreamName: 's', ShardCount: n });
        for (const s of steps) {
          const open = openShards(engine, 's').sort((a, b) => (range(a)[0]! < range(b)[0]! ? -1 : 1));
          if (s.split) {
            const shard = open[s.pick % open.length]!;
            const [start, end] = range(shard) as [bigint, bigint];
            if (end - start < 3n) continue;
            const at = start + 2n + (s.at % (end - start - 2n));
            call('SplitShard', { StreamName: 's', ShardToSplit: shard.ShardId, NewStartingHashKey: at.toString() });
            const after = listShards(engine, 's');
            const parent = after.find((x) => x.ShardId === shard.ShardId)!;
            const children = after.filter((x) => x.ParentShardId === shard.ShardId);
            expect(parent.SequenceNumberRange.EndingSequenceNumber).toMatch(/^\d{56}$/);
            expect(children.map(range)).toEqual([
              [start, at - 1n],
              [at, end],
            ]);
            children.forEach((c) => expect(c.AdjacentParentShardId).toBeUndefined());
          } else if (open.length >= 2) {
            const i = s.pick % (open.length - 1);
            const [a, b] = [open[i]!, open[i + 1]!];
            call('MergeShards', { StreamName: 's', ShardToMerge: a.ShardId, AdjacentShardToMerge: b.ShardId });
            const after = listShards(engine, 's');
            const child = after.filter((x) => x.ParentShardId === a.ShardId);
            expect(child).toHaveLength(1);
            expect(child[0]).toMatchObject({ AdjacentParentShardId: b.ShardId });
            expect(range(child[0]!)).toEqual([range(a)[0], range(b)[1]]);
            for (const p of [a, b]) expect(after.find((x) => x.ShardId === p.ShardId)!.SequenceNumberRange.EndingSequenceNumber).toBeDefined();
          }
        }
        // Every shard's sequence numbers start after its parents' end.
        const all = listShards(engine, 's');
        for (const s of all) {
          for (const p of [s.ParentShardId, s.AdjacentParentShardId].filter((x): x is string => x !== undefined)) {
            const parent = all.find((x) => x.ShardId === p)!;
            expect(BigInt(s.SequenceNumberRange.StartingSequenceNumber) > BigInt(parent.SequenceNumberRange.EndingSequenceNumber!)).toBe(true);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('resharding: UpdateShardCount', () => {
  it('reshapes the stream into uniform shards through splits and merges', () => {
    const { call, engine } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 2 });
    expect(call('UpdateShardCount', { StreamName: 's', TargetShardCount: 3, ScalingType: 'UNIFORM_SCALING' })).toEqual({
      StreamName: 's',
      CurrentShardCount: 2,
      TargetShardCount: 3,
      StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/s',
    });
    expect(openShards(engine, 's').map(range).sort((a, b) => (a[0]! < b[0]! ? -1 : 1))).toEqual([
      [0n, 113427455640312821154458202477256070484n],
      [113427455640312821154458202477256070485n, 226854911280625642308916404954512140969n],
      [226854911280625642308916404954512140970n, 340282366920938463463374607431768211455n],
    ]);
    // Every closed shard's children come from its own range.
    const all = listShards(engine, 's');
    for (const s of all.filter((x) => x.ParentShardId !== undefined)) {
      const parents = [s.ParentShardId, s.AdjacentParentShardId].filter((p) => p !== undefined).map((p) => all.find((x) => x.ShardId === p)!);
      const [start, end] = range(s);
      const lo = parents.map((p) => range(p)[0]!).reduce((a, b) => (a < b ? a : b));
      const hi = parents.map((p) => range(p)[1]!).reduce((a, b) => (a > b ? a : b));
      expect(start! >= lo && end! <= hi).toBe(true);
    }
  });

  it("enforces AWS's default limits", () => {
    const { call, clock } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 4 });
    const update = (target: number) => call('UpdateShardCount', { StreamName: 's', TargetShardCount: target, ScalingType: 'UNIFORM_SCALING' });
    expectError(
      () => update(9),
      'LimitExceededException',
      'UpdateShardCount on stream s under account 000000000000 cannot scale up to more than double the current open shard count. Current open shard count: 4. Target shard count: 9.',
    );
    expectError(
      () => update(1),
      'LimitExceededException',
      'UpdateShardCount on stream s under account 000000000000 cannot scale down below half the current open shard count. Current open shard count: 4. Target shard count: 1.',
    );
    for (let i = 0; i < 10; i++) {
      update(i % 2 === 0 ? 5 : 4);
      clock.advance(60_000);
    }
    expectError(
      () => update(5),
      'LimitExceededException',
      'UpdateShardCount on stream s under account 000000000000 cannot be called more than 10 times in a rolling 24-hour period.',
    );
    clock.advance(24 * 3_600_000 - 9 * 60_000);
    expect(update(5).CurrentShardCount).toBe(4);
  });

  it('no more than 10000 shards in a stream', () => {
    const { call } = setup({ shardLimit: 1_000_000 });
    call('CreateStream', { StreamName: 's', ShardCount: 6000 });
    expectError(
      () => call('UpdateShardCount', { StreamName: 's', TargetShardCount: 10001, ScalingType: 'UNIFORM_SCALING' }),
      'LimitExceededException',
      'UpdateShardCount on stream s under account 000000000000 cannot scale up to more than 10000 shards. Target shard count: 10001.',
    );
  });
});

describe('resharding: errors', () => {
  it('SplitShard', () => {
    const { call } = setup({ shardLimit: 3 });
    call('CreateStream', { StreamName: 's', ShardCount: 2 });
    expectError(
      () => call('SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '1' }),
      'InvalidArgumentException',
      "NewStartingHashKey 1 used in SplitShard() on shard shardId-000000000000 in stream s under account 000000000000 is not both greater than one plus the shard's StartingHashKey 0 and less than the shard's EndingHashKey 170141183460469231731687303715884105727.",
    );
    expectError(
      () => call('SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000005', NewStartingHashKey: '100' }),
      'ResourceNotFoundException',
      'Could not find shard shardId-000000000005 in stream s under account 000000000000.',
    );
    expectError(
      () => call('SplitShard', { StreamName: 'nope', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '100' }),
      'ResourceNotFoundException',
      'Stream nope under account 000000000000 not found.',
    );
    call('SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '100' });
    expectError(
      () => call('SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '100' }),
      'InvalidArgumentException',
      'Shard shardId-000000000000 in stream s under account 000000000000 has already been merged or split, and thus is not eligible for merging or splitting.',
    );
    expectError(
      () => call('SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000001', NewStartingHashKey: '200141183460469231731687303715884105727' }),
      'LimitExceededException',
      'This request would exceed the shard limit for the account 000000000000 in us-east-1. Current shard count for the account: 3. Limit: 3. ' +
        'Number of additional shards that would have resulted from this request: 1. Refer to the AWS Service Limits page ' +
        '(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.',
    );
  });

  it('MergeShards: only adjacent open shards', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 3 });
    expectError(
      () => call('MergeShards', { StreamName: 's', ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000002' }),
      'InvalidArgumentException',
      'Shards shardId-000000000000 and shardId-000000000002 in stream s under account 000000000000 are not an adjacent pair of shards eligible for merging',
    );
    expectError(
      () => call('MergeShards', { StreamName: 's', ShardToMerge: 'shardId-000000000001', AdjacentShardToMerge: 'shardId-000000000001' }),
      'InvalidArgumentException',
      'Shards shardId-000000000001 and shardId-000000000001 in stream s under account 000000000000 are not an adjacent pair of shards eligible for merging',
    );
    call('MergeShards', { StreamName: 's', ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000001' });
    expectError(
      () => call('MergeShards', { StreamName: 's', ShardToMerge: 'shardId-000000000001', AdjacentShardToMerge: 'shardId-000000000002' }),
      'InvalidArgumentException',
      'Shard shardId-000000000001 in stream s under account 000000000000 has already been merged or split, and thus is not eligible for merging or splitting.',
    );
  });

  it('not on on-demand streams', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 'od', StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    const message = 'Request is invalid. Stream od under account 000000000000 is in On-Demand mode.';
    expectError(() => call('SplitShard', { StreamName: 'od', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '100' }), 'ValidationException', message);
    expectError(() => call('MergeShards', { StreamName: 'od', ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000001' }), 'ValidationException', message);
    expectError(() => call('UpdateShardCount', { StreamName: 'od', TargetShardCount: 8, ScalingType: 'UNIFORM_SCALING' }), 'ValidationException', message);
  });

  it('not while the stream is UPDATING; records keep flowing to the parent until the change completes', () => {
    const { call, clock, engine } = setup({ statusDelayMs: 2000 });
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    clock.advance(2000);
    call('SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '100' });
    expect((call('DescribeStreamSummary', { StreamName: 's' }).StreamDescriptionSummary as Record<string, unknown>).StreamStatus).toBe('UPDATING');
    expectError(
      () => call('MergeShards', { StreamName: 's', ShardToMerge: 'shardId-000000000000', AdjacentShardToMerge: 'shardId-000000000001' }),
      'ResourceInUseException',
      'Stream s under account 000000000000 not ACTIVE, instead in state UPDATING',
    );
    expect(call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('during') }).ShardId).toBe('shardId-000000000000');
    clock.advance(1999);
    expect(listShards(engine, 's')).toHaveLength(1);
    clock.advance(1);
    expect(listShards(engine, 's')).toHaveLength(3);
    expect(call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('after') }).ShardId).not.toBe('shardId-000000000000');
    expect(readShard(engine, 's', 'shardId-000000000000').records.map((r) => str(r.Data))).toEqual(['during']);
  });
});
