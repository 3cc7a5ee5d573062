import { hashKeyOf } from '../../../../lambda/engine/kinesis/hash-key';
import { recordedWorkload, uniformWorkload, WorkloadError } from '../../../../lambda/engine/plan/workload';

const T0 = Date.parse('2026-11-25T10:00:00Z');

describe('uniformWorkload', () => {
  test('the peak, sustained unless an average is given', () => {
    expect(uniformWorkload(2_500, 1_024)).toEqual({
      kind: 'uniform',
      peakRecordsPerSecond: 2_500,
      peakBytesPerSecond: 2_560_000,
      averageRecordsPerSecond: 2_500,
      averageBytesPerSecond: 2_560_000,
      sizes: [{ recordBytes: 1_024, dataBytes: 1_024, count: 1 }],
    });
    expect(uniformWorkload(2_500, 1_024, 1_000).averageBytesPerSecond).toBe(1_024_000);
    expect(() => uniformWorkload(0, 1)).toThrow(WorkloadError);
    expect(() => uniformWorkload(10, 1.5)).toThrow('record bytes must be a positive integer');
    expect(() => uniformWorkload(10, 1, 20)).toThrow('at most the peak');
  });
});

describe('recordedWorkload', () => {
  // Second 0: 3 records (a, a, b); second 1: nothing; second 2: 1 record (c) of 100 bytes of data.
  const records = [
    { partitionKey: 'a', dataBytes: 9, timeMs: T0 },
    { partitionKey: 'a', dataBytes: 9, timeMs: T0 + 400 },
    { partitionKey: 'b', dataBytes: 9, timeMs: T0 + 999 },
    { partitionKey: 'c', dataBytes: 100, timeMs: T0 + 2_000 },
  ];

  test('per-second peaks, the average over the span, per-key load and sizes', () => {
    const w = recordedWorkload(records);
    // Record sizes count the key: 1 + 9 = 10 bytes, and 1 + 100 = 101.
    expect(w.peakRecordsPerSecond).toBe(3);
    expect(w.peakBytesPerSecond).toBe(101);
    expect(w.peakRecordsSecond).toBe('2026-11-25T10:00:00Z');
    expect(w.peakBytesSecond).toBe('2026-11-25T10:00:02Z');
    // 4 records over 3 seconds; mean record (10 + 10 + 10 + 101) / 4 = 32.75 bytes.
    expect(w.averageRecordsPerSecond).toBeCloseTo(4 / 3, 12);
    expect(w.averageBytesPerSecond).toBeCloseTo((4 / 3) * 32.75, 12);
    expect(w.recorded).toEqual({ records: 4, bytes: 131, seconds: 3, firstSecond: '2026-11-25T10:00:00Z', lastSecond: '2026-11-25T10:00:02Z' });
    expect(w.keys?.map(({ perSecond: _, ...k }) => k)).toEqual([
      { partitionKey: 'c', hashKey: hashKeyOf('c'), records: 1, bytes: 101 },
      { partitionKey: 'a', hashKey: hashKeyOf('a'), records: 2, bytes: 20 },
      { partitionKey: 'b', hashKey: hashKeyOf('b'), records: 1, bytes: 10 },
    ]);
    // Per key and epoch second, for the shard analysis.
    const s0 = T0 / 1_000;
    expect(w.keys?.map((k) => [...(k.perSecond ?? [])])).toEqual([
      [[s0 + 2, { records: 1, bytes: 101 }]],
      [[s0, { records: 2, bytes: 20 }]],
      [[s0, { records: 1, bytes: 10 }]],
    ]);
    expect(w.rateScale).toBe(1);
    expect(w.sizes).toEqual([{ recordBytes: 10, dataBytes: 9, count: 3 }, { recordBytes: 101, dataBytes: 100, count: 1 }]);
  });

  test('records without a time take the previous one\'s (the first ones the first time seen)', () => {
    const w = recordedWorkload([{ partitionKey: 'x', dataBytes: 1 }, { partitionKey: 'x', dataBytes: 1, timeMs: T0 + 5_000 }, { partitionKey: 'y', dataBytes: 1 }]);
    expect(w.peakRecordsPerSecond).toBe(3);
    expect(w.recorded?.seconds).toBe(1);
  });

  test('--peak-rps scales the file\'s rates; without any time it is required', () => {
    const w = recordedWorkload(records, { peakRecordsPerSecond: 300 });
    expect(w.peakRecordsPerSecond).toBe(300);
    expect(w.peakBytesPerSecond).toBe(10_100);
    expect(w.averageRecordsPerSecond).toBeCloseTo(400 / 3, 9);
    expect(w.recorded?.scaledBy).toBe(100);
    const untimed = records.map(({ partitionKey, dataBytes }) => ({ partitionKey, dataBytes }));
    expect(() => recordedWorkload(untimed)).toThrow('no record has a time');
    const scaled = recordedWorkload(untimed, { peakRecordsPerSecond: 1_000 });
    expect(scaled.peakBytesPerSecond).toBeCloseTo(32_750, 9);
    expect(scaled.averageRecordsPerSecond).toBe(1_000);
    expect(() => recordedWorkload([])).toThrow('the input holds no records');
  });
});
