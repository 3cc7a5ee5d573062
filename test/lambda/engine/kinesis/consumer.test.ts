import { ManualClock } from '../../../../lambda/engine/clock';
import {
  Consumer, MemoryCheckpointStore, type ConsumerOptions, type ConsumerRecord, type RecordBatch, type ShardDescription,
} from '../../../../lambda/engine/kinesis/consumer';
import { readyShards } from '../../../../lambda/engine/kinesis/consumer-lineage';
import { KinesisEngine } from '../../../../lambda/engine/kinesis/engine';
import { engineConsumerPort, engineProducerTransport, shardMapFromPort } from '../../../../lambda/engine/kinesis/engine-ports';
import { Producer } from '../../../../lambda/engine/kinesis/producer';
import { mulberry32 } from '../../../../lambda/engine/seeded-random';

const T0 = 1_700_000_000_000;

function world(throttle: 'aws' | 'off' = 'off') {
  const clock = new ManualClock(T0);
  const engine = new KinesisEngine({ clock, throttle });
  // Sleeping moves the simulated clock; the promise settles on a later turn so other loops interleave.
  const sleep = async (ms: number) => {
    const until = clock.now() + ms;
    await new Promise((resolve) => setImmediate(resolve));
    if (clock.now() < until) clock.set(until);
  };
  const port = engineConsumerPort(engine);
  const put = (key: string, data: string) => engine.call('PutRecord', { StreamName: 's', PartitionKey: key, Data: Buffer.from(data) });
  return { clock, engine, sleep, port, put, call: (op: string, input: Record<string, unknown>) => engine.call(op, input) };
}

interface Delivery { shardId: string; key: string; data: string; sequenceNumber: string; subSequenceNumber?: number }

function consumer(w: ReturnType<typeof world>, store: MemoryCheckpointStore, process: ConsumerOptions['processRecords'], options: Partial<ConsumerOptions> = {}) {
  return new Consumer({ streamName: 's', port: w.port, store, processRecords: process, clock: w.clock, sleep: w.sleep, ...options });
}

const delivery = (r: ConsumerRecord): Delivery => ({
  shardId: r.shardId, key: r.partitionKey, data: Buffer.from(r.data).toString(), sequenceNumber: r.sequenceNumber,
  ...(r.subSequenceNumber !== undefined ? { subSequenceNumber: r.subSequenceNumber } : {}),
});

async function until(condition: () => boolean, turns = 20_000): Promise<void> {
  for (let i = 0; i < turns && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!condition()) throw new Error('condition not reached');
}

/** Records of each key in delivery order. */
function byKey(deliveries: readonly Delivery[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of deliveries) out.set(d.key, [...(out.get(d.key) ?? []), d.data]);
  return out;
}

describe('lineage', () => {
  const shard = (ShardId: string, parent?: string, adjacent?: string): ShardDescription => ({
    ShardId, ...(parent !== undefined ? { ParentShardId: parent } : {}), ...(adjacent !== undefined ? { AdjacentParentShardId: adjacent } : {}),
    HashKeyRange: { StartingHashKey: '0', EndingHashKey: '1' }, SequenceNumberRange: { StartingSequenceNumber: '0' },
  });
  const shards = [shard('s0'), shard('s1', 's0'), shard('s2', 's0'), shard('s3', 's1', 's2'), shard('s4', 'gone')];
  const ids = (finished: string[], running: string[] = []) => readyShards(shards, new Set(finished), new Set(running)).map((s) => s.ShardId);

  test('children wait for every parent; a parent aged out of the listing does not block', () => {
    expect(ids([])).toEqual(['s0', 's4']);
    expect(ids(['s0'], ['s4'])).toEqual(['s1', 's2']);
    expect(ids(['s0', 's1'])).toEqual(['s2', 's4']);
    expect(ids(['s0', 's1', 's2', 's4'])).toEqual(['s3']);
  });
});

describe('Consumer over the engine', () => {
  test('reads parents to SHARD_END before children, across a split and a merge; every record once, per-key order kept', async () => {
    const w = world();
    w.call('CreateStream', { StreamName: 's', ShardCount: 1 });
    const keys = Array.from({ length: 12 }, (_, i) => `user-${i}`);
    const sent: [string, string][] = [];
    const putRound = (round: string) => keys.forEach((k, i) => { w.put(k, `${round}-${i}`); sent.push([k, `${round}-${i}`]); });
    putRound('a');
    w.call('SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: (2n ** 127n).toString() });
    putRound('b');
    w.call('MergeShards', { StreamName: 's', ShardToMerge: 'shardId-000000000001', AdjacentShardToMerge: 'shardId-000000000002' });
    putRound('c');

    const store = new MemoryCheckpointStore();
    const got: Delivery[] = [];
    const c = consumer(w, store, async (batch, cp) => {
      got.push(...batch.records.map(delivery));
      await cp.checkpoint();
    }, { maxRecordsPerCall: 5 });
    c.start();
    await until(() => got.length === sent.length && c.finishedShards.size === 3);
    await c.stop();

    const lastIndex = (id: string) => got.map((d) => d.shardId).lastIndexOf(id);
    const firstIndex = (id: string) => got.map((d) => d.shardId).indexOf(id);
    expect(lastIndex('shardId-000000000000')).toBeLessThan(Math.min(firstIndex('shardId-000000000001'), firstIndex('shardId-000000000002')));
    expect(Math.max(lastIndex('shardId-000000000001'), lastIndex('shardId-000000000002'))).toBeLessThan(firstIndex('shardId-000000000003'));
    expect(byKey(got)).toEqual(byKey(sent.map(([key, data]) => ({ shardId: '', key, data, sequenceNumber: '' }))));
    expect(store.checkpoints.get('shardId-000000000000')).toBe('SHARD_END');
    expect(store.checkpoints.get('shardId-000000000001')).toBe('SHARD_END');
    expect(store.checkpoints.get('shardId-000000000002')).toBe('SHARD_END');
    expect(store.checkpoints.get('shardId-000000000003')).toMatchObject({ sequenceNumber: expect.any(String) });
  });

  test.each([0, 1, 3, 6])('crash before acknowledging batch %i: the restart redelivers only unacknowledged records, loses nothing', async (crashAt) => {
    const w = world();
    w.call('CreateStream', { StreamName: 's', ShardCount: 1 });
    const sent = Array.from({ length: 40 }, (_, i) => `r${i}`);
    sent.forEach((d, i) => w.put(`k${i % 3}`, d));
    const store = new MemoryCheckpointStore();
    const acked: string[] = [];
    const unacked: string[] = [];
    let batches = 0;
    const first = consumer(w, store, async (batch, cp) => {
      const data = batch.records.map((r) => Buffer.from(r.data).toString());
      if (batches++ === crashAt) {
        unacked.push(...data);
        void first.stop();
        return;
      }
      await cp.checkpoint();
      acked.push(...data);
    }, { maxRecordsPerCall: 6 });
    first.start();
    await until(() => batches > crashAt);
    await first.stop();

    const second: string[] = [];
    const again = consumer(w, store, async (batch, cp) => {
      second.push(...batch.records.map((r) => Buffer.from(r.data).toString()));
      await cp.checkpoint();
    }, { maxRecordsPerCall: 6 });
    again.start();
    await until(() => acked.length + second.length >= sent.length);
    await again.stop();

    expect(second.some((d) => acked.includes(d))).toBe(false);
    expect(second.slice(0, unacked.length)).toEqual(unacked);
    expect([...acked, ...second]).toEqual(sent);
  });

  test('aggregated records are de-aggregated; a checkpoint inside one resumes at the next user record', async () => {
    const w = world();
    w.call('CreateStream', { StreamName: 's', ShardCount: 1 });
    const producer = new Producer({
      streamName: 's', transport: engineProducerTransport(w.engine), clock: w.clock, sleep: w.sleep, random: mulberry32(1),
      aggregation: true, shardMap: shardMapFromPort(w.port, 's'),
    });
    const sent = Array.from({ length: 30 }, (_, i) => `u${i}`);
    const results = await Promise.all(sent.map((d, i) => producer.add(`k${i % 4}`, Buffer.from(d))));
    await producer.close();
    expect(results.every((r) => r.subSequenceNumber !== undefined)).toBe(true);

    const store = new MemoryCheckpointStore();
    const firstRun: Delivery[] = [];
    const first = consumer(w, store, async (batch, cp) => {
      firstRun.push(...batch.records.map(delivery));
      // Acknowledge up to the 10th user record only, then crash.
      await cp.checkpoint(batch.records[9]);
      void first.stop();
    });
    first.start();
    await until(() => firstRun.length > 0);
    await first.stop();
    expect(firstRun.map((d) => d.data)).toEqual(sent);
    expect(store.checkpoints.get('shardId-000000000000')).toEqual({ sequenceNumber: firstRun[9]?.sequenceNumber, subSequenceNumber: firstRun[9]?.subSequenceNumber });

    const secondRun: Delivery[] = [];
    const again = consumer(w, store, async (batch, cp) => {
      secondRun.push(...batch.records.map(delivery));
      await cp.checkpoint();
    });
    again.start();
    await until(() => secondRun.length >= 20);
    await again.stop();
    expect(secondRun.map((d) => d.data)).toEqual(sent.slice(10));
    expect(store.checkpoints.get('shardId-000000000000')).toEqual({ sequenceNumber: firstRun[29]?.sequenceNumber });
  });

  test('a shard end left unacknowledged is read again; children wait', async () => {
    const w = world();
    w.call('CreateStream', { StreamName: 's', ShardCount: 1 });
    w.put('k', 'before');
    w.call('SplitShard', { StreamName: 's', ShardToSplit: 'shardId-000000000000', NewStartingHashKey: (2n ** 127n).toString() });
    w.put('k', 'after');
    const store = new MemoryCheckpointStore();
    const batches: RecordBatch[] = [];
    const errors: unknown[] = [];
    const c = consumer(w, store, async (batch, cp) => {
      batches.push(batch);
      // The first time, "forget" to checkpoint the end of the parent.
      if (batches.length > 1) await cp.checkpoint();
    }, { onError: (err) => errors.push(err) });
    c.start();
    await until(() => batches.some((b) => b.shardId !== 'shardId-000000000000'));
    await c.stop();
    expect(batches.slice(0, 2).map((b) => [b.shardId, b.shardEnded, b.records.map((r) => Buffer.from(r.data).toString())])).toEqual([
      ['shardId-000000000000', true, ['before']],
      ['shardId-000000000000', true, ['before']],
    ]);
    expect(batches.at(-1)?.records.map((r) => Buffer.from(r.data).toString())).toEqual(['after']);
    expect(String(errors[0])).toMatch(/without checkpointing the end of shardId-000000000000/);
  });

  test('respects 5 GetRecords calls per second per shard (the engine throttles AWS-style)', async () => {
    const w = world('aws');
    w.call('CreateStream', { StreamName: 's', ShardCount: 1 });
    for (let i = 0; i < 50; i++) w.put('k', `r${i}`);
    const calls: number[] = [];
    const port = engineConsumerPort(w.engine);
    const counted = { ...port, getRecords: (input: { ShardIterator: string; Limit?: number }) => { calls.push(w.clock.now()); return port.getRecords(input); } };
    const got: string[] = [];
    const c = new Consumer({
      streamName: 's', port: counted, store: new MemoryCheckpointStore(), clock: w.clock, sleep: w.sleep, maxRecordsPerCall: 5,
      processRecords: async (batch, cp) => { got.push(...batch.records.map((r) => Buffer.from(r.data).toString())); await cp.checkpoint(); },
    });
    c.start();
    await until(() => got.length === 50);
    await c.stop();
    for (let i = 1; i < calls.length; i++) expect((calls[i] as number) - (calls[i - 1] as number)).toBeGreaterThanOrEqual(200);
    expect(got).toEqual(Array.from({ length: 50 }, (_, i) => `r${i}`));
  });
});
