import { sampleStream, type KinesisReadPort } from '../../../../lambda/engine/verify';
import { SHARDS, T0 } from './fixtures';

type Page = Awaited<ReturnType<KinesisReadPort['getRecords']>>;
const record = (seq: number) => ({ SequenceNumber: String(seq), PartitionKey: 'k', ApproximateArrivalTimestamp: new Date(T0 + seq), Data: Buffer.from('d') });

/** A port whose shards answer from scripted pages, logging calls. */
function fakePort(pages: Record<string, Page[]>) {
  const log: string[] = [];
  const port: KinesisReadPort = {
    listShards: async (input) => {
      log.push(`ListShards ${JSON.stringify(input)}`);
      return input.NextToken === undefined ? { Shards: SHARDS.slice(0, 2), NextToken: 't1' } : { Shards: SHARDS.slice(2, 3) };
    },
    getShardIterator: async (input) => {
      log.push(`GetShardIterator ${input.ShardId} ${input.ShardIteratorType} ${input.Timestamp.toISOString()}`);
      return { ShardIterator: `${input.ShardId}#0` };
    },
    getRecords: async (input) => {
      const [shard, n] = input.ShardIterator.split('#') as [string, string];
      log.push(`GetRecords ${shard} ${n} limit=${input.Limit}`);
      return pages[shard]?.[Number(n)] ?? { Records: [], MillisBehindLatest: 0, NextShardIterator: `${shard}#${Number(n) + 1}` };
    },
  };
  return { port, log };
}

const next = (shard: string, n: number) => `${shard}#${n}`;

test('ListShards pages, an AT_TIMESTAMP iterator per shard, GetRecords until the tip, the end, or the limit', async () => {
  const { port, log } = fakePort({
    // Behind, then at the tip: complete.
    'shardId-000000000000': [
      { Records: [record(1), record(2)], MillisBehindLatest: 5000, NextShardIterator: next('shardId-000000000000', 1) },
      { Records: [record(3)], MillisBehindLatest: 0, NextShardIterator: next('shardId-000000000000', 2) },
    ],
    // Stops at the limit while still behind: not complete.
    'shardId-000000000001': [
      { Records: [record(1), record(2), record(3)], MillisBehindLatest: 9000, NextShardIterator: next('shardId-000000000001', 1) },
      { Records: [record(4), record(5)], MillisBehindLatest: 8000, NextShardIterator: next('shardId-000000000001', 2) },
    ],
    // A closed shard's end: no next iterator.
    'shardId-000000000002': [{ Records: [record(7)], MillisBehindLatest: 1000 }],
  });
  const sleeps: number[] = [];
  const result = await sampleStream(port, { streamName: 'clicks', from: T0, limit: 5, sleep: async (ms) => void sleeps.push(ms) });
  expect(result.shards.map((s) => s.ShardId)).toEqual(['shardId-000000000000', 'shardId-000000000001', 'shardId-000000000002']);
  expect(result.samples.map((s) => [s.ShardId, s.Records.map((r) => r.SequenceNumber), s.complete])).toEqual([
    ['shardId-000000000000', ['1', '2', '3'], true],
    ['shardId-000000000001', ['1', '2', '3', '4', '5'], false],
    ['shardId-000000000002', ['7'], true],
  ]);
  expect(log).toContain('ListShards {"StreamName":"clicks"}');
  expect(log).toContain('ListShards {"NextToken":"t1"}'); // never both
  expect(log).toContain(`GetShardIterator shardId-000000000001 AT_TIMESTAMP ${new Date(T0).toISOString()}`);
  expect(log).toContain('GetRecords shardId-000000000001 1 limit=2'); // only what is left of the limit
  expect(result.calls).toEqual({ listShards: 2, getShardIterator: 3, getRecords: 5 });
  // A pause between calls to the same shard keeps the reader under 5 GetRecords calls/s.
  expect(sleeps).toEqual([220, 220]);
});

test('a shard that keeps answering empty pages while behind is given up on, not read forever', async () => {
  const { port } = fakePort({});
  const behind: KinesisReadPort = { ...port, getRecords: async () => ({ Records: [], MillisBehindLatest: 60_000, NextShardIterator: 'again' }) };
  const result = await sampleStream(behind, { streamName: 'clicks', from: T0, limit: 5, sleep: async () => {}, maxEmptyReads: 3 });
  expect(result.samples.every((s) => !s.complete && s.Records.length === 0)).toBe(true);
  expect(result.calls.getRecords).toBe(9);
});
