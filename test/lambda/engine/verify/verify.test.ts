import { aggregate } from '../../../../lambda/engine/kinesis/kpl';
import { verifySample, type VerifyInput } from '../../../../lambda/engine/verify';
import { HALF, KEY_HIGH, KEY_LOW, KEY_MID, QUARTER, rec, sample, SHARDS, T0 } from './fixtures';

function input(samples: VerifyInput['samples'], extra: Partial<VerifyInput> = {}): VerifyInput {
  return { stream: 'clicks', checkedAt: T0 + 60_000, sampleFrom: T0, shards: SHARDS, samples, ...extra };
}

/** Records on every shard where the engine puts them, the parent's before the split. */
function healthy() {
  return [
    sample('shardId-000000000000', [rec(101n, KEY_LOW(0), T0 + 1), rec(102n, KEY_MID(0), T0 + 2)]),
    sample('shardId-000000000001', [rec(101n, KEY_HIGH(0), T0 + 1), rec(102n, KEY_HIGH(1), T0 + 5)]),
    sample('shardId-000000000002', [rec(201n, KEY_LOW(1), T0 + 10)]),
    sample('shardId-000000000003', [rec(201n, KEY_MID(1), T0 + 10), rec(202n, KEY_MID(2), T0 + 11)]),
  ];
}

describe('verifySample: routing', () => {
  test('records on the shards MD5 routes them to, parent and children alike, pass', () => {
    const report = verifySample(input(healthy()));
    expect(report).toMatchObject({ ok: true, stream: 'clicks', shards: 4, records: 7, problems: [] });
    expect(report.routing).toMatchObject({ checked: 7, misplacedCount: 0, misplaced: [], unknownShards: [] });
    expect(report.checkedAt).toBe(new Date(T0 + 60_000).toISOString());
  });

  test('a record on the closed parent is checked against the parent range, not the child it would go to now', () => {
    // KEY_MID hashes into shard 3; on the parent (written before the split) it is in range.
    const onParent = verifySample(input([sample('shardId-000000000000', [rec(101n, KEY_MID(3), T0)])]));
    expect(onParent.routing.misplacedCount).toBe(0);
    // On the other child it is misplaced, and the report names where it belongs.
    const onSibling = verifySample(input([sample('shardId-000000000002', [rec(201n, KEY_MID(3), T0)])]));
    expect(onSibling.ok).toBe(false);
    expect(onSibling.routing.misplaced).toEqual([expect.objectContaining({
      shardId: 'shardId-000000000002',
      partitionKey: KEY_MID(3),
      shardRange: ['0', (QUARTER - 1n).toString()],
      expectedShards: ['shardId-000000000000', 'shardId-000000000003'],
      kpl: false,
    })]);
    expect(onSibling.problems[0]).toMatch(/1 of 1 records sit on a shard/);
  });

  test('a record known to carry an explicit hash key is checked with it, not its partition key', () => {
    const explicit = { ...rec(101n, KEY_LOW(0), T0), ExplicitHashKey: HALF.toString() };
    expect(verifySample(input([sample('shardId-000000000001', [explicit])])).routing.misplacedCount).toBe(0);
    expect(verifySample(input([sample('shardId-000000000002', [explicit])])).routing.misplacedCount).toBe(1);
  });

  test('misplaced examples stop at 10 while the count goes on', () => {
    const records = Array.from({ length: 12 }, (_, i) => rec(BigInt(201 + i), KEY_HIGH(i), T0 + i));
    const report = verifySample(input([sample('shardId-000000000002', records)]));
    expect(report.routing.misplacedCount).toBe(12);
    expect(report.routing.misplaced).toHaveLength(10);
  });

  test('records from a shard ListShards did not return are a problem', () => {
    const report = verifySample(input([sample('shardId-000000000009', [rec(1n, 'a', T0)])]));
    expect(report.routing.unknownShards).toEqual(['shardId-000000000009']);
    expect(report.ok).toBe(false);
  });
});

describe('verifySample: KPL aggregates', () => {
  test('an aggregate is routed by its outer partition key and its user records are counted', () => {
    const data = aggregate([
      { partitionKey: KEY_HIGH(0), data: Buffer.from('a') },
      { partitionKey: KEY_HIGH(1), data: Buffer.from('b') },
    ]);
    const report = verifySample(input([sample('shardId-000000000001', [rec(101n, KEY_HIGH(0), T0, data)])]));
    expect(report.routing).toMatchObject({ checked: 1, kplRecords: 1, userRecords: 2, misplacedCount: 0, kplSubRecordsOutsideShard: 0 });
    expect(report.ok).toBe(true);
  });

  test("an aggregate keyed by its first user record's explicit hash key is in place; a stray user record is a note", () => {
    // The KPL sets the aggregate's ExplicitHashKey from its first user record; GetRecords drops it.
    const data = aggregate([
      { partitionKey: KEY_LOW(0), explicitHashKey: (HALF + 5n).toString(), data: Buffer.from('a') },
      { partitionKey: KEY_LOW(1), data: Buffer.from('b') }, // hashes into shard 2: a stale KPL shard map
    ]);
    const report = verifySample(input([sample('shardId-000000000001', [rec(101n, KEY_LOW(0), T0, data)])]));
    expect(report.routing.misplacedCount).toBe(0);
    expect(report.routing.kplSubRecordsOutsideShard).toBe(1);
    expect(report.ok).toBe(true);
    expect(report.notes.join('\n')).toMatch(/1 KPL user records hash outside/);
  });

  test('an aggregate on the wrong shard is misplaced and flagged as KPL', () => {
    const data = aggregate([{ partitionKey: KEY_HIGH(0), data: Buffer.from('a') }]);
    const report = verifySample(input([sample('shardId-000000000002', [rec(201n, KEY_HIGH(0), T0, data)])]));
    expect(report.routing.misplaced[0]).toMatchObject({ kpl: true, expectedShards: ['shardId-000000000001'] });
  });
});

describe('verifySample: ordering', () => {
  test('sequence numbers compare as integers: 99 < 100 < 1000 is in order', () => {
    const report = verifySample(input([sample('shardId-000000000001', [rec('99', KEY_HIGH(0), T0), rec('100', KEY_HIGH(0), T0), rec('1000', KEY_HIGH(0), T0)])], {
      shards: [{ ...SHARDS[1]!, SequenceNumberRange: { StartingSequenceNumber: '1' } }],
    }));
    expect(report.ordering).toMatchObject({ checkedShards: 1, violationCount: 0, arrivalRegressions: 0 });
  });

  test('a repeated or decreasing sequence number is a violation', () => {
    const report = verifySample(input([sample('shardId-000000000001', [
      rec(110n, KEY_HIGH(0), T0), rec(110n, KEY_HIGH(0), T0), rec(105n, KEY_HIGH(0), T0), rec(120n, KEY_HIGH(0), T0),
    ])]));
    expect(report.ok).toBe(false);
    expect(report.ordering.violationCount).toBe(2);
    expect(report.ordering.violations).toEqual([
      { shardId: 'shardId-000000000001', index: 1, previous: '110', current: '110', kind: 'not-increasing' },
      { shardId: 'shardId-000000000001', index: 2, previous: '110', current: '105', kind: 'not-increasing' },
    ]);
  });

  test("a sequence number outside the shard's SequenceNumberRange is a violation", () => {
    const report = verifySample(input([sample('shardId-000000000000', [rec(150n, KEY_LOW(0), T0), rec(250n, KEY_LOW(0), T0)])]));
    expect(report.ordering.violations).toEqual([expect.objectContaining({ index: 1, current: '250', kind: 'outside-range', previous: '100..199' })]);
  });

  test('arrival timestamps going backwards are counted and noted, not failed', () => {
    const report = verifySample(input([sample('shardId-000000000001', [rec(101n, KEY_HIGH(0), T0 + 500), rec(102n, KEY_HIGH(0), T0 + 100)])]));
    expect(report.ok).toBe(true);
    expect(report.ordering.arrivalRegressions).toBe(1);
    expect(report.notes.join('\n')).toMatch(/approximate/);
  });
});

describe('verifySample: throttling replay', () => {
  const burst = (n: number, at: number, key = KEY_HIGH(0), size = 10) =>
    Array.from({ length: n }, (_, i) => rec(BigInt(101 + i), key, at, 'y'.repeat(size)));

  test('1,200 records in one second on one shard: 200 would throttle, in one second', () => {
    const report = verifySample(input([sample('shardId-000000000001', burst(1200, T0 + 200))], { provisionedShards: 2 }));
    expect(report.throttling.observed).toEqual([expect.objectContaining({ shardId: 'shardId-000000000001', records: 1200, peakRecordsPerSecond: 1200 })]);
    expect(report.throttling).toMatchObject({ provisionedShards: 2, openShards: 3, throttledRecords: 200, throttleSeconds: 1, limits: { recordsPerSecond: 1000, bytesPerSecond: 1048576 } });
    expect(report.throttling.replay[1]).toMatchObject({ shard: 1, records: 1200, throttledRecords: 200, throttledSeconds: 1, peakRecordsPerSecond: 1200 });
    expect(report.throttling.replay[0]).toMatchObject({ records: 0, throttledRecords: 0 });
    expect(report.ok).toBe(false);
    expect(report.problems.join('\n')).toMatch(/200 sampled records would be throttled on 2 shards/);
    expect(report.notes.join('\n')).toMatch(/3 open shards; the pipeline provisions 2/);
  });

  test('the same burst spread over two seconds stays under the limit', () => {
    const records = [...burst(600, T0), ...burst(600, T0 + 1000)].map((r, i) => ({ ...r, SequenceNumber: String(101 + i) }));
    const report = verifySample(input([sample('shardId-000000000001', records)], { provisionedShards: 2 }));
    expect(report.throttling.throttledRecords).toBe(0);
    expect(report.throttling.observed[0]).toMatchObject({ peakRecordsPerSecond: 600 });
  });

  test('bytes count too: two 600 KiB records in one second exceed 1 MiB/s', () => {
    const records = [rec(101n, KEY_HIGH(0), T0, 'z'.repeat(600 * 1024)), rec(102n, KEY_HIGH(0), T0 + 10, 'z'.repeat(600 * 1024))];
    const report = verifySample(input([sample('shardId-000000000001', records)], { provisionedShards: 2 }));
    expect(report.throttling.throttledRecords).toBe(1);
    expect(report.throttling.observed[0]!.peakBytesPerSecond).toBeGreaterThan(1024 * 1024);
  });

  test('without a provisioned count the replay uses the open shard count', () => {
    const report = verifySample(input(healthy()));
    expect(report.throttling.provisionedShards).toBe(3);
    expect(report.throttling.replay).toHaveLength(3);
    expect(report.throttling.replay.reduce((n, s) => n + s.records, 0)).toBe(7);
  });
});

describe('verifySample: coverage', () => {
  test('a shard cut off by the record limit ends the coverage just before its last record', () => {
    const samples = healthy();
    samples[1] = sample('shardId-000000000001', samples[1]!.Records as never, false);
    const report = verifySample(input(samples));
    expect(report.coverage).toEqual({ from: new Date(T0).toISOString(), to: new Date(T0 + 4).toISOString() });
  });

  test('shards without a sample are noted', () => {
    const report = verifySample(input(healthy().slice(0, 2)));
    expect(report.notes.join('\n')).toMatch(/shards not sampled: shardId-000000000002, shardId-000000000003/);
  });
});
