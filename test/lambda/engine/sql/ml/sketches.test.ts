import fc from 'fast-check';
import { MlFunctionError } from '../../../../../lambda/engine/sql/ml/errors';
import {
  CountDistinctItemsTumbling,
  HyperLogLog,
  SpaceSaving,
  TopKItemsTumbling,
  murmur3,
  type TopKItemsTumblingOptions,
} from '../../../../../lambda/engine/sql/ml/sketches';

describe('TOP_K_ITEMS_TUMBLING', () => {
  it.each<[TopKItemsTumblingOptions, string]>([
    [{ k: 0, windowSize: 60 }, 'TOP_K_ITEMS_TUMBLING: K must be an integer from 1 to 100,000 (inclusive), got 0.'],
    [{ k: 100_001, windowSize: 60 }, 'TOP_K_ITEMS_TUMBLING: K must be an integer from 1 to 100,000 (inclusive), got 100001.'],
    [{ k: 3, windowSize: 0 }, 'TOP_K_ITEMS_TUMBLING: windowSize must be an integer from 1 to 3,600 (inclusive), got 0.'],
    [{ k: 3, windowSize: 3601 }, 'TOP_K_ITEMS_TUMBLING: windowSize must be an integer from 1 to 3,600 (inclusive), got 3601.'],
    [{ k: 3, windowSize: 1.5 }, 'TOP_K_ITEMS_TUMBLING: windowSize must be an integer from 1 to 3,600 (inclusive), got 1.5.'],
    [{ k: 3, windowSize: 60, capacity: 2 }, 'TOP_K_ITEMS_TUMBLING: capacity must be an integer from 3 to 1,000,000 (inclusive), got 2.'],
  ])('rejects %j', (options, message) => {
    expect(() => new TopKItemsTumbling(options)).toThrow(MlFunctionError);
    expect(() => new TopKItemsTumbling(options)).toThrow(message);
  });

  it('documents its bounded default capacity', () => {
    expect(new TopKItemsTumbling({ k: 3, windowSize: 60 }).capacity).toBe(1000);
    expect(new TopKItemsTumbling({ k: 100_000, windowSize: 3600 }).capacity).toBe(1_000_000);
  });

  it('emits the K most frequent items of a window when the next window starts, at the window end', () => {
    const topK = new TopKItemsTumbling({ k: 2, windowSize: 60 });
    const rows = [
      [0, 'AMZN'],
      [1_000, 'MSFT'],
      [2_000, 'AMZN'],
      [3_000, null],
      [30_000, 'ORCL'],
      [40_000, 'MSFT'],
      [59_999, 'AMZN'],
    ] as const;
    for (const [t, item] of rows) expect(topK.add(t, item)).toEqual([]);
    expect(topK.add(60_000, 'ORCL')).toEqual([
      { ROWTIME: 60_000, ITEM: 'AMZN', ITEM_COUNT: 3 },
      { ROWTIME: 60_000, ITEM: 'MSFT', ITEM_COUNT: 2 },
    ]);
    // Fewer distinct items than K; a rowtime bound closes the window.
    expect(topK.advance(119_999)).toEqual([]);
    expect(topK.advance(120_000)).toEqual([{ ROWTIME: 120_000, ITEM: 'ORCL', ITEM_COUNT: 1 }]);
    expect(topK.advance(500_000)).toEqual([]); // no open window
  });

  it('aligns windows to the epoch, skips empty windows and breaks ties by arrival', () => {
    const topK = new TopKItemsTumbling({ k: 3, windowSize: 10 });
    topK.add(1_700_000_004_000, 'b');
    topK.add(1_700_000_005_000, 'a');
    topK.add(1_700_000_006_000, 'a');
    topK.add(1_700_000_007_000, 'b');
    topK.add(1_700_000_008_000, 'c');
    expect(topK.add(1_700_000_045_000, 'z')).toEqual([
      { ROWTIME: 1_700_000_010_000, ITEM: 'b', ITEM_COUNT: 2 },
      { ROWTIME: 1_700_000_010_000, ITEM: 'a', ITEM_COUNT: 2 },
      { ROWTIME: 1_700_000_010_000, ITEM: 'c', ITEM_COUNT: 1 },
    ]);
    expect(topK.advance(1_700_000_050_000)).toEqual([{ ROWTIME: 1_700_000_050_000, ITEM: 'z', ITEM_COUNT: 1 }]);
  });

  it('keeps SQL types apart and drops rows behind the high-water mark', () => {
    const topK = new TopKItemsTumbling({ k: 5, windowSize: 1 });
    topK.add(100, 1);
    topK.add(200, '1');
    topK.add(300, 1n);
    topK.add(400, true);
    topK.add(500, 1);
    topK.add(700, 'late?');
    expect(topK.add(600, 'late')).toEqual([]);
    expect(topK.lateRowsDropped).toBe(1);
    expect(topK.add(1_000, 'next')).toEqual([
      { ROWTIME: 1_000, ITEM: 1, ITEM_COUNT: 2 },
      { ROWTIME: 1_000, ITEM: '1', ITEM_COUNT: 1 },
      { ROWTIME: 1_000, ITEM: 1n, ITEM_COUNT: 1 },
      { ROWTIME: 1_000, ITEM: true, ITEM_COUNT: 1 },
      { ROWTIME: 1_000, ITEM: 'late?', ITEM_COUNT: 1 },
    ]);
    expect(() => topK.add(1_500.5, 'x')).toThrow('TOP_K_ITEMS_TUMBLING: ROWTIME must be integral epoch milliseconds, got 1500.5.');
    expect(() => topK.add(2_000, {} as never)).toThrow('TOP_K_ITEMS_TUMBLING: the column\'s value must be a string, number, bigint or boolean');
  });

  it('approximates once the distinct items exceed the capacity (Space-Saving)', () => {
    const topK = new TopKItemsTumbling({ k: 2, windowSize: 60, capacity: 3 });
    for (const item of ['a', 'b', 'c', 'd', 'a', 'a']) topK.add(0, item);
    // d took over a's counter (1 + 1), then a took over b's (1 + 1) and was seen again.
    expect(topK.add(60_000, 'x')).toEqual([
      { ROWTIME: 60_000, ITEM: 'a', ITEM_COUNT: 3 },
      { ROWTIME: 60_000, ITEM: 'd', ITEM_COUNT: 2 },
    ]);
  });
});

describe('SpaceSaving', () => {
  const keyed = (items: string[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const i of items) m.set(i, (m.get(i) ?? 0) + 1);
    return m;
  };

  it('counts exactly while the distinct items fit', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom<string>('a', 'b', 'c', 'd', 'e', 'f'), { maxLength: 300 }), (items) => {
        const s = new SpaceSaving(6);
        for (const i of items) s.add(i, i);
        const truth = keyed(items);
        expect(s.top(6).map((t) => [t.item, t.count, t.error])).toEqual(
          [...truth.entries()].sort((x, y) => y[1] - x[1] || items.indexOf(x[0]) - items.indexOf(y[0])).map(([k, n]) => [k, n, 0]),
        );
      }),
    );
  });

  it('keeps the Space-Saving guarantees with a bounded number of counters', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }).map(String), { maxLength: 400 }), fc.integer({ min: 1, max: 12 }), (items, capacity) => {
        const s = new SpaceSaving(capacity);
        for (const i of items) s.add(i, i);
        expect(s.size).toBeLessThanOrEqual(capacity);
        const truth = keyed(items);
        const reported = new Map(s.top(capacity).map((t) => [t.item as string, t]));
        for (const [item, t] of reported) {
          const n = truth.get(item) ?? 0;
          expect(t.count).toBeGreaterThanOrEqual(n);
          expect(t.count - t.error).toBeLessThanOrEqual(n);
          expect(t.count).toBeLessThanOrEqual(n + Math.floor(items.length / capacity));
        }
        for (const [item, n] of truth) if (n > items.length / capacity) expect(reported.has(item)).toBe(true);
      }),
    );
  });
});

describe('COUNT_DISTINCT_ITEMS_TUMBLING', () => {
  it('validates windowSize and precision', () => {
    expect(() => new CountDistinctItemsTumbling({ windowSize: 0 })).toThrow(
      'COUNT_DISTINCT_ITEMS_TUMBLING: windowSize must be an integer from 1 to 3,600 (inclusive), got 0.',
    );
    expect(() => new CountDistinctItemsTumbling({ windowSize: 3601 })).toThrow('got 3601.');
    expect(() => new CountDistinctItemsTumbling({ windowSize: 60, precision: 3 })).toThrow(
      'COUNT_DISTINCT_ITEMS_TUMBLING: precision must be an integer from 4 to 18 (inclusive), got 3.',
    );
  });

  it('emits one exact NUMBER_OF_DISTINCT_ITEMS row per non-empty window', () => {
    const c = new CountDistinctItemsTumbling({ windowSize: 5 });
    for (const [t, item] of [
      [0, 'AMZN'],
      [1_000, 'AMZN'],
      [2_000, 'MSFT'],
      [4_999, null],
      [4_999, 'TBV'],
    ] as const) {
      expect(c.add(t, item)).toEqual([]);
    }
    expect(c.add(5_000, 'AMZN')).toEqual([{ ROWTIME: 5_000, NUMBER_OF_DISTINCT_ITEMS: 3n }]);
    c.add(9_000, null);
    expect(c.add(31_000, null)).toEqual([{ ROWTIME: 10_000, NUMBER_OF_DISTINCT_ITEMS: 1n }]);
    expect(c.advance(35_000)).toEqual([{ ROWTIME: 35_000, NUMBER_OF_DISTINCT_ITEMS: 0n }]); // rows, all NULL
  });

  it('is exact up to 10,000 items, then switches to HyperLogLog', () => {
    const count = (n: number): { exact: boolean; rows: unknown } => {
      const c = new CountDistinctItemsTumbling({ windowSize: 60 });
      for (let i = 0; i < n; i++) {
        c.add(1_000 + i, `user-${i}`);
        c.add(1_000 + i, `user-${i}`);
      }
      return { exact: c.isExact, rows: c.add(60_000, 'next') };
    };
    expect(count(10_000)).toEqual({ exact: true, rows: [{ ROWTIME: 60_000, NUMBER_OF_DISTINCT_ITEMS: 10_000n }] });
    expect(count(10_001)).toEqual({ exact: false, rows: [{ ROWTIME: 60_000, NUMBER_OF_DISTINCT_ITEMS: 10_030n }] });
    expect(count(50_000)).toEqual({ exact: false, rows: [{ ROWTIME: 60_000, NUMBER_OF_DISTINCT_ITEMS: 50_185n }] });
  });
});

describe('HyperLogLog', () => {
  it('hashes with murmur3 x86_32', () => {
    const bytes = new TextEncoder().encode('The quick brown fox jumps over the lazy dog');
    expect(murmur3(bytes, 0x9747b28c)).toBe(0x2fa826cd);
    expect(murmur3(new Uint8Array(0), 1)).toBe(0x514e28b7);
  });

  it('estimates within a few standard errors (regression values)', () => {
    const p14 = new HyperLogLog();
    const p17 = new HyperLogLog(17);
    for (let i = 0; i < 100_000; i++) {
      p14.add(`s:item-${i}`);
      p17.add(`s:item-${i}`);
    }
    expect(p14.registerCount).toBe(16_384);
    expect(p14.estimate()).toBe(99_667.94724769704);
    expect(p17.estimate()).toBe(100_133.15100981486);
    expect(Math.abs(p14.estimate() - 100_000) / 100_000).toBeLessThan(3 * (1.04 / Math.sqrt(16_384)));
    expect(Math.abs(p17.estimate() - 100_000) / 100_000).toBeLessThan(3 * (1.04 / Math.sqrt(131_072)));
    // Duplicates do not move it.
    for (let i = 0; i < 100_000; i++) p14.add(`s:item-${i}`);
    expect(p14.estimate()).toBe(99_667.94724769704);
    p14.clear();
    expect(p14.estimate()).toBe(0);
  });
});
