import { decodeSequenceNumber } from '../../../../lambda/engine/kinesis/sequence-number';
import { KinesisEngine, ManualClock, MemoryKinesisStore, readShard, setup, str, T0, text } from './helpers';
import { describeKinesisStore } from './store-contract';

const HOUR = 3_600_000;

function snapshot(engine: KinesisEngine) {
  const streams = engine.call('ListStreams', {});
  return {
    streams,
    each: (streams.StreamNames as string[]).map((name) => ({
      description: engine.call('DescribeStream', { StreamName: name }),
      summary: engine.call('DescribeStreamSummary', { StreamName: name }),
      shards: engine.call('ListShards', { StreamName: name }),
      tags: engine.call('ListTagsForStream', { StreamName: name }),
      consumers: engine.call('ListStreamConsumers', { StreamARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${name}` }),
      records: (engine.call('ListShards', { StreamName: name }).Shards as { ShardId: string }[]).map((s) => readShard(engine, name, s.ShardId)),
    })),
  };
}

describe('store: rebuilding the engine from its store', () => {
  it('gives the same state, and sequence numbers continue', () => {
    const { call, clock, store, engine } = setup();
    call('CreateStream', { StreamName: 'a', ShardCount: 2, Tags: { team: 'web' } });
    call('CreateStream', { StreamName: 'b', StreamModeDetails: { StreamMode: 'ON_DEMAND' } });
    const last: Record<string, string> = {};
    for (let i = 0; i < 50; i++) {
      const out = call('PutRecord', { StreamName: 'a', PartitionKey: `k${i}`, Data: text(`a${i}`) });
      last[out.ShardId as string] = out.SequenceNumber as string;
      call('PutRecords', { StreamName: 'b', Records: [{ PartitionKey: `k${i}`, Data: text(`b${i}`) }] });
      clock.advance(100);
    }
    call('SplitShard', { StreamName: 'a', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '1000' });
    call('IncreaseStreamRetentionPeriod', { StreamName: 'a', RetentionPeriodHours: 48 });
    call('StartStreamEncryption', { StreamName: 'b', EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' });
    call('RegisterStreamConsumer', { StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/a', ConsumerName: 'c1' });
    call('AddTagsToStream', { StreamName: 'b', Tags: { env: 'test' } });

    const before = snapshot(engine);
    const rebuilt = new KinesisEngine({ clock, store, throttle: 'off' });
    expect(snapshot(rebuilt)).toEqual(before);

    const next = rebuilt.call('PutRecord', { StreamName: 'a', PartitionKey: 'x', Data: text('next'), ExplicitHashKey: '340282366920938463463374607431768211455' });
    expect(next.ShardId).toBe('shardId-000000000001');
    const prev = decodeSequenceNumber(last['shardId-000000000001'] as string)!;
    expect(decodeSequenceNumber(next.SequenceNumber as string)!.sequenceIndex).toBe(prev.sequenceIndex + 1n);
  });

  it('continues sequence numbers even when every record of the shard has expired', () => {
    const { call, clock, store, engine } = setup();
    call('CreateStream', { StreamName: 's', ShardCount: 1 });
    const seqs = [0, 1, 2].map((i) => call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text(String(i)) }).SequenceNumber as string);
    clock.advance(25 * HOUR);
    expect(readShard(engine, 's', 'shardId-000000000000').records).toEqual([]); // trims
    expect(store.lastRecord('s', 'shardId-000000000000')).toBeUndefined();
    const rebuilt = new KinesisEngine({ clock, store, throttle: 'off' });
    const next = rebuilt.call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('3') }).SequenceNumber as string;
    expect(decodeSequenceNumber(next)!.sequenceIndex).toBe(decodeSequenceNumber(seqs[2]!)!.sequenceIndex + 1n);
  });

  it('finishes status changes that were pending when it stopped', () => {
    const clock = new ManualClock(T0);
    const store = new MemoryKinesisStore();
    const first = new KinesisEngine({ clock, store, throttle: 'off', statusDelayMs: 10_000 });
    first.call('CreateStream', { StreamName: 's', ShardCount: 1 });
    expect(first.call('DescribeStream', { StreamName: 's' }).StreamDescription).toMatchObject({ StreamStatus: 'CREATING', Shards: [] });
    clock.advance(10_000);
    first.call('SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: '1000' });
    first.call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('during'), ExplicitHashKey: '5' });

    const second = new KinesisEngine({ clock, store, throttle: 'off', statusDelayMs: 10_000 });
    expect(second.call('DescribeStreamSummary', { StreamName: 's' }).StreamDescriptionSummary).toMatchObject({ StreamStatus: 'UPDATING', OpenShardCount: 1 });
    clock.advance(10_000);
    expect(second.call('DescribeStreamSummary', { StreamName: 's' }).StreamDescriptionSummary).toMatchObject({ StreamStatus: 'ACTIVE', OpenShardCount: 2 });
    expect(second.call('PutRecord', { StreamName: 's', PartitionKey: 'k', Data: text('after'), ExplicitHashKey: '5' }).ShardId).toBe('shardId-000000000001');
    expect(readShard(second, 's', 'shardId-000000000000').records.map((r) => str(r.Data))).toEqual(['during']);
  });
});

describe('store: the in-memory store', () => {
  it('copies on the way in and out', () => {
    const store = new MemoryKinesisStore();
    const data = text('abc');
    store.appendRecords('s', [{ shardId: 'shardId-000000000000', sequenceNumber: '1'.repeat(56), partitionKey: 'k', data, arrivalMs: 0 }]);
    data[0] = 0;
    expect(str(store.lastRecord('s', 'shardId-000000000000')!.data)).toBe('abc');
  });

  it('rejects out-of-order appends (a bug in the engine)', () => {
    const store = new MemoryKinesisStore();
    const r = { shardId: 'shardId-000000000000', partitionKey: 'k', data: text('x'), arrivalMs: 0 };
    store.appendRecords('s', [{ ...r, sequenceNumber: '2'.repeat(56) }]);
    expect(() => store.appendRecords('s', [{ ...r, sequenceNumber: '1'.repeat(56) }])).toThrow('out-of-order append');
  });
});

// Each test of the contract gets a fresh store; open() returns it again (a "restart").
let current = new MemoryKinesisStore();
beforeEach(() => {
  current = new MemoryKinesisStore();
});
describeKinesisStore('MemoryKinesisStore', () => current);
