import fc from 'fast-check';

import { HASH_KEY_MAX } from '../../../../lambda/engine/kinesis/limits';
import {
  areAdjacent,
  findRange,
  isValidSplitPoint,
  mergeRanges,
  planUniformScaling,
  shardIdOf,
  shardIndexOf,
  splitRange,
  uniformRanges,
  type HashRange,
} from '../../../../lambda/engine/kinesis/shard-map';

const show = (ranges: HashRange[]) => ranges.map((r) => [r.start.toString(), r.end.toString()]);

describe('shard map: AWS shard boundaries of a new stream', () => {
  it('1 shard covers the whole key space', () => {
    expect(show(uniformRanges(1))).toEqual([['0', '340282366920938463463374607431768211455']]);
  });

  it('2 shards', () => {
    expect(show(uniformRanges(2))).toEqual([
      ['0', '170141183460469231731687303715884105727'],
      ['170141183460469231731687303715884105728', '340282366920938463463374607431768211455'],
    ]);
  });

  it('3 shards (the first ends at 113427455640312821154458202477256070484, as AWS returns)', () => {
    expect(show(uniformRanges(3))).toEqual([
      ['0', '113427455640312821154458202477256070484'],
      ['113427455640312821154458202477256070485', '226854911280625642308916404954512140969'],
      ['226854911280625642308916404954512140970', '340282366920938463463374607431768211455'],
    ]);
  });

  it('4 shards', () => {
    expect(show(uniformRanges(4))).toEqual([
      ['0', '85070591730234615865843651857942052863'],
      ['85070591730234615865843651857942052864', '170141183460469231731687303715884105727'],
      ['170141183460469231731687303715884105728', '255211775190703847597530955573826158591'],
      ['255211775190703847597530955573826158592', '340282366920938463463374607431768211455'],
    ]);
  });

  it('N shards tile [0, 2^128-1] without gaps or overlaps; shard i starts at i * floor(2^128 / N)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), (n) => {
        const ranges = uniformRanges(n);
        const width = (HASH_KEY_MAX + 1n) / BigInt(n);
        const bad = ranges.filter((r, i) => r.start !== width * BigInt(i) || r.start > r.end || (i > 0 && r.start !== (ranges[i - 1] as HashRange).end + 1n));
        expect(bad).toEqual([]);
        expect(ranges).toHaveLength(n);
        expect(ranges[0]?.start).toBe(0n);
        expect(ranges[n - 1]?.end).toBe(HASH_KEY_MAX);
      }),
    );
  });
});

describe('shard map: IDs', () => {
  it('pads the creation index to 12 digits', () => {
    expect(shardIdOf(0)).toBe('shardId-000000000000');
    expect(shardIdOf(1234)).toBe('shardId-000000001234');
  });

  it('resolves IDs by their number, as AWS does', () => {
    expect(shardIndexOf('shardId-000000000007')).toBe(7);
    expect(shardIndexOf('shardId-7')).toBe(7);
    expect(shardIndexOf('7')).toBe(7);
    expect(shardIndexOf('shardId-abc')).toBeUndefined();
    expect(shardIndexOf('nope')).toBeUndefined();
    expect(shardIndexOf('shardId-99999999999999')).toBeUndefined();
  });
});

describe('shard map: split and merge', () => {
  const r: HashRange = { start: 10n, end: 20n };

  it("accepts split points greater than one plus the start and less than the end (AWS's rule)", () => {
    expect([10n, 11n, 12n, 19n, 20n, 21n].map((k) => isValidSplitPoint(r, k))).toEqual([false, false, true, true, false, false]);
  });

  it('splits into [start, key-1] and [key, end], which merge back', () => {
    const [a, b] = splitRange(r, 15n);
    expect(show([a, b])).toEqual([
      ['10', '14'],
      ['15', '20'],
    ]);
    expect(areAdjacent(a, b)).toBe(true);
    expect(areAdjacent(b, a)).toBe(true);
    expect(mergeRanges(b, a)).toEqual(r);
    expect(areAdjacent(a, { start: 16n, end: 30n })).toBe(false);
  });

  it('finds the range holding a key by binary search', () => {
    const ranges = uniformRanges(7);
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: HASH_KEY_MAX }), (key) => {
        const i = findRange(ranges, key);
        const holders = ranges.filter((x) => key >= x.start && key <= x.end);
        expect(holders).toEqual([ranges[i]]);
      }),
    );
  });
});

describe('shard map: UpdateShardCount (UNIFORM_SCALING) as splits and merges', () => {
  /** Replay a plan on a set of ranges, checking every step is a legal split or adjacent merge. */
  function replay(open: HashRange[], target: number): HashRange[] {
    let current = [...open];
    for (const step of planUniformScaling(open, target)) {
      if (step.kind === 'split') {
        const parent = current.find((x) => x.start === step.shardStart);
        expect(parent).toBeDefined();
        const [a, b] = splitRange(parent as HashRange, step.at);
        current = [...current.filter((x) => x !== parent), a, b];
      } else {
        const left = current.find((x) => x.start === step.leftStart) as HashRange;
        const right = current.find((x) => x.start === step.rightStart) as HashRange;
        expect(areAdjacent(left, right)).toBe(true);
        current = [...current.filter((x) => x !== left && x !== right), mergeRanges(left, right)];
      }
    }
    return current.sort((a, b) => (a.start < b.start ? -1 : 1));
  }

  it('ends with the ranges of a new stream of the target size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 80 }), (n, t) => {
        expect(show(replay(uniformRanges(n), t))).toEqual(show(uniformRanges(t)));
      }),
    );
  });

  it('also from irregular shard maps', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.bigInt({ min: 1n, max: HASH_KEY_MAX }), { maxLength: 12 }), fc.integer({ min: 1, max: 30 }), (cuts, t) => {
        const points = [0n, ...[...cuts].sort((a, b) => (a < b ? -1 : 1))];
        const open = points.map((start, i) => ({ start, end: i + 1 < points.length ? (points[i + 1] as bigint) - 1n : HASH_KEY_MAX }));
        expect(show(replay(open, t))).toEqual(show(uniformRanges(t)));
      }),
    );
  });

  it('leaves a shard alone when its range is already a target range', () => {
    expect(planUniformScaling(uniformRanges(2), 2)).toEqual([]);
    expect(planUniformScaling(uniformRanges(2), 4)).toEqual([
      { kind: 'split', shardStart: 0n, at: 85070591730234615865843651857942052864n },
      { kind: 'split', shardStart: 170141183460469231731687303715884105728n, at: 255211775190703847597530955573826158592n },
    ]);
  });
});
