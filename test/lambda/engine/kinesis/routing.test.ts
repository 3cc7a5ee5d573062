import fc from 'fast-check';

import { hashKeyOf, recordHashKey } from '../../../../lambda/engine/kinesis/hash-key';
import { HASH_KEY_MAX } from '../../../../lambda/engine/kinesis/limits';
import { expectError, listShards, openShards, setup, text } from './helpers';

const range = (s: { HashKeyRange: { StartingHashKey: string; EndingHashKey: string } }) => ({
  start: BigInt(s.HashKeyRange.StartingHashKey),
  end: BigInt(s.HashKeyRange.EndingHashKey),
});

describe('hash keys', () => {
  it('are the MD5 of the UTF-8 partition key, read as an unsigned 128-bit big-endian integer', () => {
    expect(hashKeyOf('a')).toBe(0x0cc175b9c0f1b6a831c399e269772661n);
    expect(hashKeyOf('hello')).toBe(0x5d41402abc4b2a76b9719d911017c592n);
    expect(hashKeyOf('')).toBe(0xd41d8cd98f00b204e9800998ecf8427en);
    expect(hashKeyOf('日本')).toBe(BigInt('103341369634063465466164320543046703539'));
  });

  it('are overridden by ExplicitHashKey', () => {
    expect(recordHashKey('a', '42')).toBe(42n);
    expect(recordHashKey('a', undefined)).toBe(hashKeyOf('a'));
  });
});

describe('routing: ExplicitHashKey boundaries', () => {
  it('0 goes to the first shard and 2^128-1 to the last', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 3 });
    expect(call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('x'), ExplicitHashKey: '0' }).ShardId).toBe('shardId-000000000000');
    expect(call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('x'), ExplicitHashKey: HASH_KEY_MAX.toString() }).ShardId).toBe(
      'shardId-000000000002',
    );
    expect(call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('x'), ExplicitHashKey: '113427455640312821154458202477256070484' }).ShardId).toBe(
      'shardId-000000000000',
    );
    expect(call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('x'), ExplicitHashKey: '113427455640312821154458202477256070485' }).ShardId).toBe(
      'shardId-000000000001',
    );
  });

  it('2^128 is out of range, in PutRecord and PutRecords', () => {
    const { call } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    const message =
      'Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was 340282366920938463463374607431768211456';
    expectError(
      () => call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('x'), ExplicitHashKey: '340282366920938463463374607431768211456' }),
      'InvalidArgumentException',
      message,
    );
    expectError(
      () =>
        call('PutRecords', {
          StreamName: 's',
          Records: [
            { PartitionKey: 'k', Data: text('x') },
            { PartitionKey: 'k', Data: text('x'), ExplicitHashKey: '340282366920938463463374607431768211456' },
          ],
        }),
      'InvalidArgumentException',
      message,
    );
    // Nothing of the failed request was written.
    const it = call('GetShardIterator', { StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' });
    expect(call('GetRecords', { ShardIterator: it.ShardIterator }).Records).toEqual([]);
  });
});

type Op = { kind: 'split'; pick: number; at: bigint } | { kind: 'merge'; pick: number } | { kind: 'scale'; factor: number };

const ops: fc.Arbitrary<Op[]> = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('split' as const), pick: fc.nat(), at: fc.bigInt({ min: 0n, max: HASH_KEY_MAX }) }),
    fc.record({ kind: fc.constant('merge' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('scale' as const), factor: fc.double({ min: 0.5, max: 2, noNaN: true }) }),
  ),
  { maxLength: 12 },
);

describe('routing: every hash key maps to exactly one open shard', () => {
  it('for random shard counts, after random splits, merges and UpdateShardCount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), ops, fc.array(fc.bigInt({ min: 0n, max: HASH_KEY_MAX }), { minLength: 1, maxLength: 20 }), fc.string(), (n, steps, keys, partitionKey) => {
        const { call, engine } = setup({ shardLimit: 100_000 });
        call('CreateStream', { StreamName: 's', ShardCount: n });
        for (const step of steps) {
          const open = openShards(engine, 's').sort((a, b) => (range(a).start < range(b).start ? -1 : 1));
          if (step.kind === 'split') {
            const shard = open[step.pick % open.length]!;
            const r = range(shard);
            if (r.end - r.start < 3n) continue;
            const at = r.start + 2n + (step.at % (r.end - r.start - 2n));
            call('SplitShard', { StreamName: 's', ShardToSplit: shard.ShardId, NewStartingHashKey: at.toString() });
          } else if (step.kind === 'merge') {
            if (open.length < 2) continue;
            const i = step.pick % (open.length - 1);
            call('MergeShards', { StreamName: 's', ShardToMerge: open[i]!.ShardId, AdjacentShardToMerge: open[i + 1]!.ShardId });
          } else {
            const target = Math.max(Math.ceil(open.length / 2), Math.min(open.length * 2, Math.round(open.length * step.factor)));
            if (target === open.length) continue;
            try {
              call('UpdateShardCount', { StreamName: 's', TargetShardCount: target, ScalingType: 'UNIFORM_SCALING' });
            } catch {
              continue; // the rolling-24-hour limit
            }
          }
        }
        const open = openShards(engine, 's').map(range).sort((a, b) => (a.start < b.start ? -1 : 1));
        expect(open[0]?.start).toBe(0n);
        expect(open[open.length - 1]?.end).toBe(HASH_KEY_MAX);
        open.forEach((r, i) => i > 0 && expect(r.start).toBe(open[i - 1]!.end + 1n));

        const shards = listShards(engine, 's');
        for (const key of [...keys, 0n, HASH_KEY_MAX, hashKeyOf(partitionKey)]) {
          const holders = shards.filter((s) => s.SequenceNumberRange.EndingSequenceNumber === undefined && range(s).start <= key && key <= range(s).end);
          expect(holders).toHaveLength(1);
          const put = call('PutRecord', { StreamName: 's', PartitionKey: partitionKey || 'k', Data: text('x'), ExplicitHashKey: key.toString() });
          expect(put.ShardId).toBe(holders[0]!.ShardId);
        }
        const byKey = call('PutRecord', { StreamName: 's', PartitionKey: partitionKey || 'k', Data: text('x') });
        const key = hashKeyOf(partitionKey || 'k');
        expect(shards.find((s) => s.ShardId === byKey.ShardId && range(s).start <= key && key <= range(s).end)).toBeDefined();
      }),
      { numRuns: 60 },
    );
  });
});
