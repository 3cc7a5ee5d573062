/**
 * The simulation's producer path: the project's producer library on the engine, waiting on virtual
 * timers. A burst over 1,000 records/s on one shard is throttled, retried with backoff, and stored.
 */
import { ManualClock } from '../../../../lambda/engine/clock';
import { KinesisEngine } from '../../../../lambda/engine/kinesis/engine';
import { Producer, type PutRecordsResult } from '../../../../lambda/engine/kinesis/producer';
import { mulberry32 } from '../../../../lambda/engine/seeded-random';
import { VirtualTimers } from '../../../../lambda/engine/simulate/virtual-timers';

function setup() {
  const clock = new ManualClock(Date.UTC(2026, 10, 25));
  const kinesis = new KinesisEngine({ clock, throttle: 'aws' });
  kinesis.call('CreateStream', { StreamName: 's', ShardCount: 1 });
  const timers = new VirtualTimers(clock);
  const producer = new Producer({
    streamName: 's',
    clock,
    sleep: timers.sleep,
    random: mulberry32(3),
    maxAttempts: 30,
    transport: async (name, entries) => kinesis.call('PutRecords', { StreamName: name, Records: entries }) as unknown as PutRecordsResult,
  });
  return { clock, kinesis, producer, timers };
}

function storedCount(kinesis: KinesisEngine): number {
  let iterator = (kinesis.call('GetShardIterator', { StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'TRIM_HORIZON' }) as { ShardIterator: string }).ShardIterator;
  let n = 0;
  for (;;) {
    const out = kinesis.call('GetRecords', { ShardIterator: iterator, Limit: 10000 }) as { Records: unknown[]; NextShardIterator: string };
    if (out.Records.length === 0) return n;
    n += out.Records.length;
    iterator = out.NextShardIterator;
  }
}

describe('VirtualTimers', () => {
  test('sleep resolves only when the simulated clock gets there, in time order', async () => {
    const clock = new ManualClock(1000);
    const timers = new VirtualTimers(clock);
    const fired: string[] = [];
    void timers.sleep(300).then(() => fired.push(`b@${clock.now()}`));
    void timers.sleep(100).then(() => fired.push(`a@${clock.now()}`));
    await timers.advanceTo(1200);
    expect(fired).toEqual(['a@1100']);
    await timers.advanceTo(2000);
    expect(fired).toEqual(['a@1100', 'b@1300']);
    expect(clock.now()).toBe(2000);
  });
});

describe('the producer library on the engine, on simulated time', () => {
  test('a burst over 1,000 records/s on one shard is throttled, retried with backoff, and all of it stored', async () => {
    const { clock, kinesis, producer, timers } = setup();
    const start = clock.now();
    const done = Array.from({ length: 3000 }, (_, i) => producer.add(`key-${i % 1500}`, Buffer.from(`{"n":${i}}`)));
    for (let t = start; producer.outstanding > 0; t += 100) {
      await timers.advanceTo(t);
      expect(t - start).toBeLessThan(300_000);
    }
    await Promise.all(done);
    const stats = producer.stats();
    expect(stats.userRecordsPut).toBe(3000);
    expect(stats.userRecordsFailed).toBe(0);
    expect(stats.throttles).toBeGreaterThan(0);
    expect(stats.retries).toBeGreaterThan(0);
    // 3,000 records on one shard cannot take less than 2 more seconds: time moved, nobody slept.
    expect(clock.now() - start).toBeGreaterThanOrEqual(2000);
    expect(storedCount(kinesis)).toBe(3000);
  });
});
