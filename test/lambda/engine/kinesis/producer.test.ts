import fc from 'fast-check';

import { ManualClock } from '../../../../lambda/engine/clock';
import { hashKeyOf } from '../../../../lambda/engine/kinesis/hash-key';
import { deaggregate } from '../../../../lambda/engine/kinesis/kpl';
import {
  Producer, ProducerRecordError, type ProducerOptions, type PutRecordsEntry, type PutRecordsResultEntry, type ShardRange,
} from '../../../../lambda/engine/kinesis/producer';
import { backoffDelay } from '../../../../lambda/engine/kinesis/retry-backoff';
import { mulberry32 } from '../../../../lambda/engine/seeded-random';

const MiB = 1024 * 1024;
const THROTTLED = { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded for shard shardId-000000000000 in stream s under account 000000000000.' };

/** A user record as a consumer would see it after de-aggregation. */
interface Stored { shardId: string; partitionKey: string; explicitHashKey?: string; data: string }

/**
 * A fake PutRecords: `fail(call, index, entry)` decides per entry; accepted entries are stored in request
 * order, and routed by hash key over `shards` (one shard by default).
 */
function fakeKinesis(fail: (call: number, index: number, entry: PutRecordsEntry) => boolean = () => false, shards: ShardRange[] = [{ shardId: 'shardId-000000000000', startingHashKey: 0n, endingHashKey: 2n ** 128n - 1n }]) {
  const requests: PutRecordsEntry[][] = [];
  const stored: Stored[] = [];
  let seq = 0;
  const transport = async (_stream: string, entries: readonly PutRecordsEntry[]) => {
    const call = requests.push([...entries]) - 1;
    await new Promise((resolve) => setImmediate(resolve));
    const records: PutRecordsResultEntry[] = entries.map((entry, i) => {
      if (fail(call, i, entry)) return THROTTLED;
      const key = entry.ExplicitHashKey !== undefined ? BigInt(entry.ExplicitHashKey) : hashKeyOf(entry.PartitionKey);
      const shard = shards.find((s) => key >= s.startingHashKey && key <= s.endingHashKey) as ShardRange;
      for (const u of deaggregate(entry.Data) ?? [{ partitionKey: entry.PartitionKey, data: entry.Data, ...(entry.ExplicitHashKey !== undefined ? { explicitHashKey: entry.ExplicitHashKey } : {}) }]) {
        stored.push({ shardId: shard.shardId, partitionKey: u.partitionKey, ...(u.explicitHashKey !== undefined ? { explicitHashKey: u.explicitHashKey } : {}), data: Buffer.from(u.data).toString() });
      }
      return { SequenceNumber: String(++seq).padStart(56, '0'), ShardId: shard.shardId };
    });
    return { FailedRecordCount: records.filter((r) => 'ErrorCode' in r).length, Records: records };
  };
  return { transport, requests, stored };
}

function producer(transport: ProducerOptions['transport'], options: Partial<ProducerOptions> = {}) {
  const clock = new ManualClock(1_700_000_000_000);
  // Sleeping moves the simulated clock; the promise settles on the next turn so other work interleaves.
  const sleep = async (ms: number) => {
    const until = clock.now() + ms;
    await new Promise((resolve) => setImmediate(resolve));
    if (clock.now() < until) clock.set(until);
  };
  return { clock, producer: new Producer({ streamName: 's', transport, clock, sleep, random: mulberry32(7), ...options }) };
}

const bytes = (entries: readonly PutRecordsEntry[]) => entries.reduce((n, e) => n + Buffer.byteLength(e.PartitionKey) + e.Data.length, 0);

describe('Producer: batching', () => {
  test('PutRecords carries at most 500 records: 1001 records make requests of 500, 500 and 1', async () => {
    const kinesis = fakeKinesis();
    const { producer: p } = producer(kinesis.transport);
    const done = Array.from({ length: 1001 }, (_, i) => p.add(`k${i}`, Buffer.from(`v${i}`)));
    await p.flush();
    await Promise.all(done);
    expect(kinesis.requests.map((r) => r.length)).toEqual([500, 500, 1]);
    expect(p.stats()).toMatchObject({ userRecords: 1001, userRecordsPut: 1001, requests: 3, retries: 0 });
  });

  test('exactly 5 MiB fits one request; one byte more starts the next', async () => {
    const kinesis = fakeKinesis();
    const { producer: p } = producer(kinesis.transport);
    // Five records of exactly 1 MiB (key + data) = 5 MiB, then a 1-byte record (key 'z', empty data).
    const done = [0, 1, 2, 3, 4].map((i) => p.add(`big${i}`, Buffer.alloc(MiB - 4, i)));
    done.push(p.add('z', Buffer.alloc(0)));
    await p.flush();
    await Promise.all(done);
    expect(kinesis.requests.map((r) => [r.length, bytes(r)])).toEqual([[5, 5 * MiB], [1, 1]]);
  });

  test('records that can never be sent are rejected at add', async () => {
    const { producer: p } = producer(fakeKinesis().transport);
    await expect(p.add('k', Buffer.alloc(MiB))).rejects.toThrow(RangeError);
    await expect(p.add('', Buffer.from('x'))).rejects.toThrow(/partitionKey must be 1-256/);
    await expect(p.add('k'.repeat(257), Buffer.from('x'))).rejects.toThrow(/partitionKey must be 1-256/);
    await expect(p.add('k', Buffer.from('x'), (2n ** 128n).toString())).rejects.toThrow(/ExplicitHashKey/);
    await expect(p.add('k', Buffer.alloc(MiB - 1))).resolves.toMatchObject({ shardId: 'shardId-000000000000' });
  });

  test('linger: a lone record goes out after maxBufferedTimeMs without flush', async () => {
    const kinesis = fakeKinesis();
    const { producer: p, clock } = producer(kinesis.transport, { maxBufferedTimeMs: 250 });
    const t0 = clock.now();
    await p.add('k', Buffer.from('x'));
    expect(kinesis.requests).toHaveLength(1);
    expect(clock.now() - t0).toBeGreaterThanOrEqual(250);
  });

  test('close flushes and refuses later records', async () => {
    const kinesis = fakeKinesis();
    const { producer: p } = producer(kinesis.transport);
    const first = p.add('k', Buffer.from('x'));
    await p.close();
    await expect(first).resolves.toBeDefined();
    await expect(p.add('k', Buffer.from('y'))).rejects.toMatchObject({ errorCode: 'ProducerClosed' });
  });
});

describe('Producer: retries', () => {
  test('only the failed entries are sent again', async () => {
    const kinesis = fakeKinesis((call, i) => call === 0 && (i === 1 || i === 3));
    const { producer: p } = producer(kinesis.transport);
    const done = [0, 1, 2, 3, 4].map((i) => p.add(`k${i}`, Buffer.from(`v${i}`)));
    await p.flush();
    const results = await Promise.all(done);
    expect(kinesis.requests.map((r) => r.map((e) => e.PartitionKey))).toEqual([['k0', 'k1', 'k2', 'k3', 'k4'], ['k1', 'k3']]);
    expect(kinesis.stored.map((s) => s.data)).toEqual(['v0', 'v2', 'v4', 'v1', 'v3']);
    expect(new Set(results.map((r) => r.sequenceNumber)).size).toBe(5);
    expect(p.stats()).toMatchObject({ requests: 2, retries: 2, throttles: 2, userRecordsPut: 5 });
  });

  test('after maxAttempts a record is rejected with the error code; the others are stored', async () => {
    const kinesis = fakeKinesis((_c, _i, e) => e.PartitionKey === 'hot');
    const { producer: p } = producer(kinesis.transport, { maxAttempts: 3 });
    const hot = p.add('hot', Buffer.from('x'));
    const cold = p.add('cold', Buffer.from('y'));
    await p.flush();
    await expect(cold).resolves.toBeDefined();
    const err = await hot.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProducerRecordError);
    expect(err).toMatchObject({ errorCode: 'ProvisionedThroughputExceededException', attempts: 3, partitionKey: 'hot' });
    expect(kinesis.requests.filter((r) => r.some((e) => e.PartitionKey === 'hot'))).toHaveLength(3);
  });

  test('a rejected request (transport error) fails every entry, and they are retried', async () => {
    let calls = 0;
    const inner = fakeKinesis();
    const transport: ProducerOptions['transport'] = async (s, entries) => {
      if (calls++ === 0) throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
      return inner.transport(s, entries);
    };
    const { producer: p } = producer(transport);
    const done = [p.add('a', Buffer.from('1')), p.add('b', Buffer.from('2'))];
    await p.flush();
    await Promise.all(done);
    expect(inner.stored.map((s) => s.data)).toEqual(['1', '2']);
    expect(p.stats().retries).toBe(2);
  });

  test('permanent errors are not retried', async () => {
    const transport: ProducerOptions['transport'] = async () => { throw Object.assign(new Error('Stream s under account 000000000000 not found.'), { name: 'ResourceNotFoundException' }); };
    const { producer: p } = producer(transport);
    const r = p.add('a', Buffer.from('1'));
    await p.flush();
    await expect(r).rejects.toMatchObject({ errorCode: 'ResourceNotFoundException', attempts: 1 });
  });

  test('backoff is exponential with full jitter, capped', () => {
    const opts = { baseMs: 100, maxMs: 1000 };
    expect(backoffDelay(1, opts, () => 0.999)).toBe(99);
    expect(backoffDelay(3, opts, () => 0.5)).toBe(200);
    expect(backoffDelay(20, opts, () => 0.999)).toBe(999);
    expect(backoffDelay(5, opts, () => 0)).toBe(0);
  });
});

describe('Producer: ordering per partition key', () => {
  const keys = ['a', 'b', 'c', 'd'];
  const scenario = fc.record({
    adds: fc.array(fc.nat({ max: keys.length - 1 }), { minLength: 1, maxLength: 120 }),
    failures: fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }),
    aggregation: fc.boolean(),
    concurrency: fc.integer({ min: 1, max: 4 }),
    maxRecordsPerRequest: fc.integer({ min: 1, max: 500 }),
  });

  test('for any failure pattern, each key is stored in add order, every record exactly once', async () => {
    await fc.assert(fc.asyncProperty(scenario, async (s) => {
      let n = 0;
      // Failures cycle through the drawn pattern, but every 5th decision succeeds so the run ends.
      const kinesis = fakeKinesis(() => { const i = n++; return i % 5 !== 4 && (s.failures[i % s.failures.length] as boolean); });
      const { producer: p } = producer(kinesis.transport, {
        aggregation: s.aggregation, maxConcurrentRequests: s.concurrency, maxRecordsPerRequest: s.maxRecordsPerRequest, maxAttempts: 1_000_000,
      });
      const done = s.adds.map((k, i) => p.add(keys[k] as string, Buffer.from(String(i))));
      await p.flush();
      await Promise.all(done);
      for (const key of keys) {
        const added = s.adds.flatMap((k, i) => (keys[k] === key ? [String(i)] : []));
        expect(kinesis.stored.filter((r) => r.partitionKey === key).map((r) => r.data)).toEqual(added);
      }
      expect(kinesis.stored).toHaveLength(s.adds.length);
    }), { numRuns: 150 });
  });

  test('a failed record holds back the later records of its key, not other keys', async () => {
    let failedOnce = false;
    const kinesis = fakeKinesis((_c, _i, e) => {
      if (e.PartitionKey === 'a' && !failedOnce) return (failedOnce = true);
      return false;
    });
    const { producer: p } = producer(kinesis.transport, { maxConcurrentRequests: 1 });
    const done = ['a', 'b', 'a', 'b'].map((k, i) => p.add(k, Buffer.from(`${k}${i}`)));
    await p.flush();
    await Promise.all(done);
    // One record per key per request; a0's retry precedes a2.
    expect(kinesis.requests.map((r) => r.map((e) => Buffer.from(e.Data).toString()))).toEqual([['a0', 'b1'], ['b3'], ['a0'], ['a2']]);
  });
});

describe('Producer: aggregation', () => {
  test('user records round-trip through kpl.deaggregate; each aggregated record stays within 1 MiB', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({ key: fc.constantFrom('a', 'b', 'ü-key'), size: fc.integer({ min: 0, max: 200 * 1024 }) }), { minLength: 1, maxLength: 40 }),
      async (records) => {
        const kinesis = fakeKinesis();
        const { producer: p } = producer(kinesis.transport, { aggregation: true });
        const done = records.map((r, i) => p.add(r.key, Buffer.concat([Buffer.from(`${i}:`), Buffer.alloc(r.size, 97)])));
        await p.flush();
        const results = await Promise.all(done);
        for (const entry of kinesis.requests.flat()) {
          expect(Buffer.byteLength(entry.PartitionKey) + entry.Data.length).toBeLessThanOrEqual(MiB);
          const users = deaggregate(entry.Data);
          // Without a shard map, aggregation is per partition key.
          if (users !== undefined) expect(new Set(users.map((u) => u.partitionKey))).toEqual(new Set([entry.PartitionKey]));
        }
        expect(kinesis.stored.map((s) => s.data.split(':')[0])).toEqual(expect.arrayContaining(records.map((_r, i) => String(i))));
        expect(kinesis.stored).toHaveLength(records.length);
        for (const [i, r] of results.entries()) {
          expect(r.sequenceNumber).toBeDefined();
          if (r.subSequenceNumber !== undefined) expect(kinesis.stored.filter((s) => s.data.startsWith(`${i}:`))).toHaveLength(1);
        }
      },
    ), { numRuns: 40 });
  });

  test('many small records of one key share one aggregated record, with subSequenceNumbers in add order', async () => {
    const kinesis = fakeKinesis();
    const { producer: p } = producer(kinesis.transport, { aggregation: true });
    const done = Array.from({ length: 1000 }, (_, i) => p.add('user-1', Buffer.from(`event-${i}`)));
    await p.flush();
    const results = await Promise.all(done);
    expect(kinesis.requests).toEqual([[expect.objectContaining({ PartitionKey: 'user-1' })]]);
    expect(results.map((r) => r.subSequenceNumber)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(new Set(results.map((r) => r.sequenceNumber)).size).toBe(1);
    expect(p.stats()).toMatchObject({ kinesisRecordsSent: 1, userRecordsPut: 1000 });
  });

  test('with a shard map, different keys of the same shard share an aggregated record and land on that shard', async () => {
    const half = 2n ** 127n;
    const shards: ShardRange[] = [
      { shardId: 'shardId-000000000001', startingHashKey: 0n, endingHashKey: half - 1n },
      { shardId: 'shardId-000000000002', startingHashKey: half, endingHashKey: 2n ** 128n - 1n },
    ];
    const kinesis = fakeKinesis(() => false, shards);
    const { producer: p } = producer(kinesis.transport, { aggregation: true, shardMap: async () => shards });
    const keys = Array.from({ length: 40 }, (_, i) => `user-${i}`);
    const done = keys.map((k) => p.add(k, Buffer.from(k)));
    await p.flush();
    const results = await Promise.all(done);
    expect(kinesis.requests).toHaveLength(1);
    expect(kinesis.requests[0]).toHaveLength(2);
    keys.forEach((k, i) => {
      const expected = hashKeyOf(k) < half ? 'shardId-000000000001' : 'shardId-000000000002';
      expect(results[i]?.shardId).toBe(expected);
      expect(kinesis.stored.find((s) => s.partitionKey === k)?.shardId).toBe(expected);
    });
  });

  test('a shard map proven stale by PutRecords is fetched again', async () => {
    const real: ShardRange[] = [{ shardId: 'shardId-000000000003', startingHashKey: 0n, endingHashKey: 2n ** 128n - 1n }];
    const kinesis = fakeKinesis(() => false, real);
    let calls = 0;
    const stale: ShardRange[] = [{ shardId: 'shardId-000000000000', startingHashKey: 0n, endingHashKey: 2n ** 128n - 1n }];
    const { producer: p } = producer(kinesis.transport, { aggregation: true, shardMap: async () => (calls++ === 0 ? stale : real) });
    await Promise.all([p.add('a', Buffer.from('1')), p.add('b', Buffer.from('2'))].concat([]));
    await p.flush();
    await p.add('c', Buffer.from('3'));
    expect(calls).toBe(2);
  });
});
