import fc from 'fast-check';
import { mulberry32 } from '../../../../../lambda/engine/seeded-random';
import { MlFunctionError } from '../../../../../lambda/engine/sql/ml/errors';
import { Hotspots, type HotspotsOptions } from '../../../../../lambda/engine/sql/ml/hotspots';

/**
 * An independent, from-scratch DBSCAN over a list of points (no incremental neighbour sets), with the
 * module's documented conventions: a point is its own neighbour, border points join the first hotspot
 * that reaches them scanning oldest first, size = Π max(side, r), density descending.
 */
function referenceHotspots(points: number[][], r: number, minPts: number): { density: number; minValues: number[]; maxValues: number[] }[] {
  const n = points.length;
  const near = (a: number[], b: number[]): boolean => a.reduce((s, x, i) => s + (x - b[i]) ** 2, 0) <= r * r;
  const neighbours = points.map((p, i) => points.map((_, j) => j).filter((j) => j !== i && near(p, points[j])));
  const core = neighbours.map((nb) => nb.length + 1 >= minPts);
  const label = new Array<number>(n).fill(-1);
  const clusters: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (!core[i] || label[i] >= 0) continue;
    const id = clusters.length;
    const members = [i];
    label[i] = id;
    const queue = [i];
    while (queue.length > 0) {
      const q = queue.shift() as number;
      for (const j of neighbours[q]) {
        if (label[j] >= 0) continue;
        label[j] = id;
        members.push(j);
        if (core[j]) queue.push(j);
      }
    }
    clusters.push(members);
  }
  const dims = points[0].length;
  return clusters
    .map((members) => {
      const minValues = Array.from({ length: dims }, (_, d) => Math.min(...members.map((m) => points[m][d])));
      const maxValues = Array.from({ length: dims }, (_, d) => Math.max(...members.map((m) => points[m][d])));
      const size = minValues.reduce((s, lo, d) => s * Math.max(maxValues[d] - lo, r), 1);
      return { density: members.length / size, minValues, maxValues };
    })
    .sort((a, b) => b.density - a.density);
}

describe('HOTSPOTS: parameters', () => {
  it.each<[HotspotsOptions, string]>([
    [{ windowSize: 99, scanRadius: 1, minimumNumberOfPointsInAHotspot: 2 }, 'HOTSPOTS: windowSize must be an integer from 100 to 1,000 (inclusive), got 99.'],
    [{ windowSize: 1001, scanRadius: 1, minimumNumberOfPointsInAHotspot: 2 }, 'HOTSPOTS: windowSize must be an integer from 100 to 1,000 (inclusive), got 1001.'],
    [{ windowSize: 100.5, scanRadius: 1, minimumNumberOfPointsInAHotspot: 2 }, 'HOTSPOTS: windowSize must be an integer from 100 to 1,000 (inclusive), got 100.5.'],
    [{ windowSize: 100, scanRadius: 0, minimumNumberOfPointsInAHotspot: 2 }, 'HOTSPOTS: scanRadius must be a DOUBLE greater than zero, got 0.'],
    [{ windowSize: 100, scanRadius: -1, minimumNumberOfPointsInAHotspot: 2 }, 'HOTSPOTS: scanRadius must be a DOUBLE greater than zero, got -1.'],
    [{ windowSize: 100, scanRadius: Infinity, minimumNumberOfPointsInAHotspot: 2 }, 'HOTSPOTS: scanRadius must be a DOUBLE greater than zero, got Infinity.'],
    [{ windowSize: 100, scanRadius: 1, minimumNumberOfPointsInAHotspot: 1 }, 'HOTSPOTS: minimumNumberOfPointsInAHotspot must be an integer from 2 to 100 (inclusive), got 1.'],
    [{ windowSize: 100, scanRadius: 1, minimumNumberOfPointsInAHotspot: 101 }, 'HOTSPOTS: minimumNumberOfPointsInAHotspot must be an integer from 2 to 100 (inclusive), got 101.'],
  ])('rejects %j', (options, message) => {
    expect(() => new Hotspots(options)).toThrow(MlFunctionError);
    expect(() => new Hotspots(options)).toThrow(message);
  });

  it('accepts the range ends (the AWS examples included)', () => {
    expect(() => new Hotspots({ windowSize: 100, scanRadius: 0.013, minimumNumberOfPointsInAHotspot: 20 })).not.toThrow();
    expect(() => new Hotspots({ windowSize: 1000, scanRadius: 0.2, minimumNumberOfPointsInAHotspot: 1000 })).not.toThrow();
  });

  it('rejects bad records', () => {
    const h = new Hotspots({ windowSize: 100, scanRadius: 1, minimumNumberOfPointsInAHotspot: 2 });
    expect(() => h.update([])).toThrow('HOTSPOTS: a record must have at least 1 numeric column, got 0.');
    expect(() => h.update([1, NaN])).toThrow('HOTSPOTS: numeric column 2 must be a finite number, got NaN.');
    h.update([1, 2]);
    expect(() => h.update([1])).toThrow('HOTSPOTS: every record must have the same numeric columns: expected 2 (as in the first record), got 1.');
  });
});

describe('HOTSPOTS: clusters', () => {
  it('reports a tight square of points as one hotspot, isolated points as none', () => {
    const h = new Hotspots({ windowSize: 100, scanRadius: 0.5, minimumNumberOfPointsInAHotspot: 3 });
    expect(h.update([5, 5]).json).toBe('{"hotspots":[]}');
    h.update([1, 1]);
    h.update([9, 0]);
    expect(h.update([1, 1.2]).hotspots).toEqual([]); // two close points: below the minimum of 3
    // Three points 0.2 apart: all core. Sides 0.2 are floored at scanRadius: 3 / (0.5 · 0.5) = 12.
    expect(h.update([1.2, 1]).json).toBe('{"hotspots":[{"density":12,"minValues":[1,1],"maxValues":[1.2,1.2]}]}');
    const result = h.update([1.2, 1.2]);
    expect(result.json).toBe('{"hotspots":[{"density":16,"minValues":[1,1],"maxValues":[1.2,1.2]}]}');
    expect(result.hotspots).toEqual([{ density: 16, minValues: [1, 1], maxValues: [1.2, 1.2], count: 4 }]);
  });

  it('adds border points to the hotspot of their core neighbour', () => {
    const h = new Hotspots({ windowSize: 100, scanRadius: 1, minimumNumberOfPointsInAHotspot: 4 });
    for (const p of [
      [0, 0],
      [0.5, 0],
      [0, 0.5],
      [0.5, 0.5],
    ]) {
      h.update(p);
    }
    // (1.4, 0.5) is within 1 of (0.5, 0.5) only: a border point.
    const result = h.update([1.4, 0.5]);
    expect(result.hotspots).toEqual([{ density: 5 / 1.4, minValues: [0, 0], maxValues: [1.4, 0.5], count: 5 }]);
  });

  it('lists several hotspots, densest first', () => {
    const h = new Hotspots({ windowSize: 100, scanRadius: 1, minimumNumberOfPointsInAHotspot: 3 });
    for (const p of [
      [0, 0],
      [0.1, 0],
      [0, 0.1],
      [10, 10],
      [10, 10.5],
      [10.5, 10],
      [10.5, 10.5],
      [10.25, 10.25],
    ]) {
      h.update(p);
    }
    const { hotspots, json } = h.update([50, 50]);
    expect(hotspots.map((s) => [s.count, s.density])).toEqual([
      [5, 5],
      [3, 3],
    ]);
    expect(json).toBe(
      '{"hotspots":[{"density":5,"minValues":[10,10],"maxValues":[10.5,10.5]},{"density":3,"minValues":[0,0],"maxValues":[0.1,0.1]}]}',
    );
    expect(JSON.parse(json).hotspots[0].minValues[1]).toBe(10); // the shape the AWS viewer reads
  });

  it('forgets records that leave the sliding window', () => {
    const h = new Hotspots({ windowSize: 100, scanRadius: 0.5, minimumNumberOfPointsInAHotspot: 3 });
    for (const p of [
      [1, 1],
      [1, 1.2],
      [1.2, 1],
      [1.2, 1.2],
    ]) {
      h.update(p);
    }
    // 96 isolated points fill the window (4 + 96 = 100) with the square still in it ...
    let last = h.update([10, 10]);
    for (let i = 1; i < 96; i++) last = h.update([10 + 2 * (i % 10), 10 + 2 * Math.floor(i / 10)]);
    expect(h.size).toBe(100);
    expect(last.hotspots.map((s) => s.count)).toEqual([4]);
    // ... each further record pushes the oldest out: (1, 1) first, then (1, 1.2).
    expect(h.update([100, 100]).hotspots).toEqual([{ density: 12, minValues: [1, 1], maxValues: [1.2, 1.2], count: 3 }]);
    expect(h.update([102, 100]).hotspots).toEqual([]);
    expect(h.size).toBe(100);
  });

  it('finds the planted hotspot of the AWS example generator (fixed seed)', () => {
    // dev/app-hotspots-prepare: points uniform on [0,10]², 20% of them in a 1×1 square.
    const r = mulberry32(2018);
    const h = new Hotspots({ windowSize: 1000, scanRadius: 0.2, minimumNumberOfPointsInAHotspot: 17 });
    let result = h.update([r() * 10, r() * 10]);
    for (let i = 1; i < 1000; i++) {
      result = r() < 0.2 ? h.update([3 + r(), 6 + r()]) : h.update([r() * 10, r() * 10]);
    }
    expect(result.hotspots).toHaveLength(1);
    const [spot] = result.hotspots;
    expect(spot.count).toBe(197); // 192 planted points and 5 background points inside the square
    expect(spot.density).toBe(187.3040087169306);
    expect(spot.density).toBeGreaterThan(40); // the AWS viewer's display threshold
    for (const [lo, hi, boxLo] of [
      [spot.minValues[0], spot.maxValues[0], 3],
      [spot.minValues[1], spot.maxValues[1], 6],
    ]) {
      expect(lo).toBeGreaterThanOrEqual(boxLo - 0.2);
      expect(hi).toBeLessThanOrEqual(boxLo + 1 + 0.2);
    }
  });
});

describe('HOTSPOTS: agrees with a from-scratch DBSCAN of the window', () => {
  it('after every record', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 })), { minLength: 1, maxLength: 180, size: 'max' }),
        fc.integer({ min: 2, max: 6 }),
        fc.constantFrom(0.5, 1, 1.5, 2.5),
        (raw, minPts, r) => {
          const h = new Hotspots({ windowSize: 100, scanRadius: r, minimumNumberOfPointsInAHotspot: minPts });
          const points = raw.map(([x, y]) => [x / 4, y / 4]);
          points.forEach((p, i) => {
            const got = h.update(p).hotspots.map(({ density, minValues, maxValues }) => ({ density, minValues, maxValues }));
            expect(got).toEqual(referenceHotspots(points.slice(Math.max(0, i + 1 - 100), i + 1), r, minPts));
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('after the window starts sliding', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 })), { minLength: 101, maxLength: 160 }),
        fc.integer({ min: 2, max: 5 }),
        (raw, minPts) => {
          const h = new Hotspots({ windowSize: 100, scanRadius: 1, minimumNumberOfPointsInAHotspot: minPts });
          const points = raw.map(([x, y]) => [x / 2, y / 2]);
          points.forEach((p, i) => {
            const got = h.update(p).hotspots.map(({ density, minValues, maxValues }) => ({ density, minValues, maxValues }));
            if (i >= 99) expect(got).toEqual(referenceHotspots(points.slice(i - 99, i + 1), 1, minPts));
          });
        },
      ),
      { numRuns: 15 },
    );
  });

  it('is deterministic', () => {
    const run = (): string[] => {
      const r = mulberry32(4);
      const h = new Hotspots({ windowSize: 150, scanRadius: 0.3, minimumNumberOfPointsInAHotspot: 5 });
      return Array.from({ length: 400 }, () => h.update([Math.round(r() * 30) / 10, Math.round(r() * 30) / 10]).json);
    };
    expect(run()).toEqual(run());
  });
});
