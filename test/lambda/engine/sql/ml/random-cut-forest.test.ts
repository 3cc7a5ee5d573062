import fc from 'fast-check';
import { mulberry32 } from '../../../../../lambda/engine/seeded-random';
import { MlFunctionError } from '../../../../../lambda/engine/sql/ml/errors';
import {
  RCF_DEFAULTS,
  RandomCutForest,
  formatExplanation,
  type ColumnAttribution,
  type RandomCutForestOptions,
  type RcfResult,
} from '../../../../../lambda/engine/sql/ml/random-cut-forest';

/** Blood-pressure-like records (as in the KDA example), one decimal, from a seeded Box–Muller. */
function bloodPressure(seed: number, n: number): number[][] {
  const r = mulberry32(seed);
  const gauss = (): number => {
    let u = 0;
    while (u === 0) u = r();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
  };
  const out: number[][] = [];
  for (let i = 0; i < n; i++) out.push([Math.round((105 + 8 * gauss()) * 10) / 10, Math.round((70 + 5 * gauss()) * 10) / 10]);
  return out;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

const sumAttribution = (e: readonly ColumnAttribution[]): number => e.reduce((s, c) => s + c.attribution, 0);

describe('RandomCutForest: parameters', () => {
  const random = mulberry32(1);

  it('uses the documented defaults', () => {
    const f = new RandomCutForest({ random });
    expect([f.numberOfTrees, f.subSampleSize, f.timeDecay, f.shingleSize, f.withDirectionality]).toEqual([100, 256, 100000, 1, false]);
    expect(RCF_DEFAULTS).toEqual({ numberOfTrees: 100, subSampleSize: 256, timeDecay: 100000, shingleSize: 1, withDirectionality: false });
    expect(f.functionName).toBe('RANDOM_CUT_FOREST');
    expect(new RandomCutForest({ random, explain: true }).functionName).toBe('RANDOM_CUT_FOREST_WITH_EXPLANATION');
  });

  it.each<[Partial<RandomCutForestOptions>, string]>([
    [{ numberOfTrees: 0 }, 'RANDOM_CUT_FOREST: numberOfTrees must be an integer from 1 to 1,000 (inclusive), got 0.'],
    [{ numberOfTrees: 1001 }, 'RANDOM_CUT_FOREST: numberOfTrees must be an integer from 1 to 1,000 (inclusive), got 1001.'],
    [{ numberOfTrees: 2.5 }, 'RANDOM_CUT_FOREST: numberOfTrees must be an integer from 1 to 1,000 (inclusive), got 2.5.'],
    [{ subSampleSize: 9 }, 'RANDOM_CUT_FOREST: subSampleSize must be an integer from 10 to 1,000 (inclusive), got 9.'],
    [{ subSampleSize: 1001 }, 'RANDOM_CUT_FOREST: subSampleSize must be an integer from 10 to 1,000 (inclusive), got 1001.'],
    [{ timeDecay: 0 }, 'RANDOM_CUT_FOREST: timeDecay must be an integer from 1 to 2,147,483,647 (inclusive), got 0.'],
    [{ timeDecay: 2147483648 }, 'RANDOM_CUT_FOREST: timeDecay must be an integer from 1 to 2,147,483,647 (inclusive), got 2147483648.'],
    [{ timeDecay: 256 }, 'RANDOM_CUT_FOREST: subSampleSize (256) must be less than timeDecay (256).'],
    [{ shingleSize: 0 }, 'RANDOM_CUT_FOREST: shingleSize must be an integer from 1 to 30 (inclusive), got 0.'],
    [{ shingleSize: 31 }, 'RANDOM_CUT_FOREST: shingleSize must be an integer from 1 to 30 (inclusive), got 31.'],
    [{ withDirectionality: 'true' as unknown as boolean }, 'RANDOM_CUT_FOREST: withDirectionality must be a BOOLEAN, got "true".'],
  ])('rejects %j', (bad, message) => {
    expect(() => new RandomCutForest({ random, ...bad })).toThrow(MlFunctionError);
    expect(() => new RandomCutForest({ random, ...bad })).toThrow(message);
  });

  it('accepts the range ends', () => {
    expect(() => new RandomCutForest({ random, numberOfTrees: 1, subSampleSize: 10, timeDecay: 11, shingleSize: 1 })).not.toThrow();
    expect(() => new RandomCutForest({ random, numberOfTrees: 1000, subSampleSize: 1000, timeDecay: 2147483647, shingleSize: 30 })).not.toThrow();
  });

  it('requires an injected generator', () => {
    expect(() => new RandomCutForest({} as RandomCutForestOptions)).toThrow('RANDOM_CUT_FOREST: a seeded random generator');
  });

  it('rejects bad records', () => {
    const f = new RandomCutForest({ random, numberOfTrees: 1, subSampleSize: 10, timeDecay: 20, explain: true });
    expect(() => f.update([])).toThrow('RANDOM_CUT_FOREST_WITH_EXPLANATION: a record must have from 1 to 30 numeric columns, got 0.');
    expect(() => f.update(new Array(31).fill(1))).toThrow('a record must have from 1 to 30 numeric columns, got 31.');
    expect(() => f.update([1, NaN])).toThrow('numeric column 2 must be a finite number, got NaN.');
    expect(() => f.update([1, '2' as unknown as number])).toThrow('numeric column 2 must be a finite number, got "2".');
    f.update([1, 2]);
    expect(() => f.update([1, 2, 3])).toThrow('every record must have the same numeric columns: expected 2 (as in the first record), got 3.');
  });
});

describe('RandomCutForest: scoring', () => {
  // One run of the default forest shared by the scoring assertions.
  const data = bloodPressure(7, 1000);
  data[800] = [104, 150]; // diastolic far too high
  data[900] = [40, 71]; // systolic far too low
  const forest = new RandomCutForest({ random: mulberry32(20160620), explain: true, withDirectionality: true });
  const results = data.map((p) => forest.update(p));
  const scores = results.map((r) => r.score);
  const normal = scores.slice(256).filter((_, i) => i + 256 !== 800 && i + 256 !== 900);

  it('returns zero for the first subSampleSize records, then scores', () => {
    expect(scores.slice(0, 256).every((s) => s === 0)).toBe(true);
    expect(scores[256]).toBe(0.5999183030758364);
    expect(normal.every((s) => s > 0)).toBe(true);
  });

  it('scores the outliers far above the normal records (regression values for the fixed seed)', () => {
    expect(scores[800]).toBe(5.34940042525291);
    expect(scores[900]).toBe(4.514782550272682);
    expect(median(normal)).toBe(0.67813285095003);
    expect(scores[800]).toBeGreaterThan(3 * median(normal));
    expect(scores[900]).toBeGreaterThan(3 * median(normal));
    expect(Math.max(...normal)).toBeLessThan(scores[900]);
  });

  it('attributes each outlier to the right column and direction; attributions sum to the score', () => {
    const high = results[800].explanation as readonly ColumnAttribution[];
    expect(high[1].attribution).toBeGreaterThan(0.99 * scores[800]);
    expect(high[1]).toMatchObject({ direction: 'HIGH', low: 0 });
    expect(high[1].strength).toBeGreaterThan(50); // the value is ~65 above the sampled data
    expect(sumAttribution(high)).toBeCloseTo(scores[800], 12);

    const low = results[900].explanation as readonly ColumnAttribution[];
    expect(low[0].attribution).toBeGreaterThan(0.99 * scores[900]);
    expect(low[0]).toMatchObject({ direction: 'LOW', high: 0 });
    expect(sumAttribution(low)).toBeCloseTo(scores[900], 12);

    for (const r of results.slice(256)) {
      const e = r.explanation as readonly ColumnAttribution[];
      expect(sumAttribution(e)).toBeCloseTo(r.score, 10);
      for (const c of e) {
        expect(c.high).toBeGreaterThanOrEqual(0);
        expect(c.low).toBeGreaterThanOrEqual(0);
        expect(c.strength).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('formats the EXPLANATION JSON as KDA does', () => {
    expect(forest.explanationJson(['Systolic', 'Diastolic'], results[800].explanation as readonly ColumnAttribution[])).toBe(
      '{"Systolic":{"DIRECTION":"HIGH","STRENGTH":"0.0035","ATTRIBUTION_SCORE":"0.0041"},' +
        '"Diastolic":{"DIRECTION":"HIGH","STRENGTH":"64.5164","ATTRIBUTION_SCORE":"5.3453"}}',
    );
    // Learning phase: LOW, strength 0.
    expect(forest.explanationJson(['Systolic', 'Diastolic'], results[0].explanation as readonly ColumnAttribution[])).toBe(
      '{"Systolic":{"DIRECTION":"LOW","STRENGTH":"0.0000","ATTRIBUTION_SCORE":"0.0000"},' +
        '"Diastolic":{"DIRECTION":"LOW","STRENGTH":"0.0000","ATTRIBUTION_SCORE":"0.0000"}}',
    );
    expect(formatExplanation(['1', 'b'], results[900].explanation as readonly ColumnAttribution[], false)).toBe(
      '{"1":{"ATTRIBUTION_SCORE":"4.4749"},"b":{"ATTRIBUTION_SCORE":"0.0399"}}',
    );
    expect(() => formatExplanation(['only'], results[900].explanation as readonly ColumnAttribution[], true)).toThrow(
      'expected 2 column names for the explanation, got 1.',
    );
  });

  it('omits the explanation unless asked', () => {
    const plain = new RandomCutForest({ random: mulberry32(20160620), numberOfTrees: 5, subSampleSize: 10, timeDecay: 100 });
    expect(plain.update([1, 2])).toEqual({ score: 0 });
  });
});

describe('RandomCutForest: exact small cases', () => {
  it('scores a duplicate of a constant stream 0.5 and a new value log2(17)', () => {
    const f = new RandomCutForest({ random: mulberry32(3), numberOfTrees: 5, subSampleSize: 16, timeDecay: 1000, explain: true });
    for (let i = 0; i < 16; i++) expect(f.update([5, 5]).score).toBe(0);
    const same = f.update([5, 5]);
    expect(same.score).toBeCloseTo(0.5, 12); // damp(16, 16) · scoreSeen(0, 16) · log2(17)
    for (const c of same.explanation as readonly ColumnAttribution[]) {
      expect(c.attribution).toBeCloseTo(0.25, 12); // spread evenly: nothing differs
      expect(c).toMatchObject({ direction: 'LOW', strength: 0 });
    }
    const other = f.update([6, 5]);
    expect(other.score).toBeCloseTo(Math.log2(17), 12); // scoreUnseen(0) · log2(17)
    const e = other.explanation as readonly ColumnAttribution[];
    expect(e[0].attribution).toBeCloseTo(Math.log2(17), 12);
    expect(e[0]).toMatchObject({ direction: 'HIGH', strength: 1, low: 0 });
    expect(e[1].attribution).toBe(0);
  });

  it('waits for a full shingle and subSampleSize shingles before scoring', () => {
    const f = new RandomCutForest({ random: mulberry32(9), numberOfTrees: 10, subSampleSize: 10, timeDecay: 1000, shingleSize: 3 });
    const values = Array.from({ length: 13 }, (_, i) => [Math.sin(i), Math.cos(i)]);
    const scores = values.map((v) => f.update(v).score);
    expect(scores.slice(0, 12)).toEqual(new Array(12).fill(0)); // 10 + 3 − 1
    expect(scores[12]).toBeGreaterThan(0);
    expect(f.stats()).toMatchObject({ recordsSeen: 13, pointsSeen: 11, dimensions: 6 });
  });

  it('catches a dip in a shingled sine wave', () => {
    const f = new RandomCutForest({ random: mulberry32(11), numberOfTrees: 30, subSampleSize: 64, timeDecay: 2000, shingleSize: 4 });
    const scores: number[] = [];
    for (let t = 0; t < 1200; t++) {
      const dip = t >= 1000 && t < 1010;
      scores.push(f.update([dip ? -3 : Math.round(100 * Math.sin((2 * Math.PI * t) / 50)) / 100]).score);
    }
    const before = scores.slice(200, 1000);
    expect(scores[1000]).toBe(2.827022627382795);
    expect(scores[1000]).toBeGreaterThan(3 * median(before));
    expect(Math.max(...before)).toBeLessThan(scores[1000]);
    // As in the sqlref's sine example, the end of the anomaly scores high too.
    expect(scores[1010]).toBeGreaterThan(3 * median(before));
    expect(scores[1020]).toBeLessThan(2 * median(before));
  });
});

describe('RandomCutForest: bounded state', () => {
  it('keeps every tree within 2 × subSampleSize nodes and the sample within the horizon over 10,000 points', () => {
    const subSampleSize = 64;
    const timeDecay = 200;
    const f = new RandomCutForest({ random: mulberry32(2024), numberOfTrees: 20, subSampleSize, timeDecay });
    const r = mulberry32(5);
    let sawDuplicates = false;
    for (let i = 1; i <= 10_000; i++) {
      // A drifting level with integer values, so that samples hold duplicates.
      f.update([Math.round(10 * Math.sin(i / 700) + 3 * r()), Math.round(4 * r())]);
      if (i % 500 === 0) {
        const stats = f.stats();
        expect(stats.pointsSeen).toBe(i);
        for (const t of stats.trees) {
          expect(t.nodeCount).toBeLessThanOrEqual(2 * subSampleSize);
          expect(t.nodeCount).toBe(t.leafCount + t.internalCount);
          expect(t.sampleSize).toBe(subSampleSize);
          expect(t.mass).toBe(subSampleSize);
          expect(t.oldestSequence as number).toBeGreaterThan(i - timeDecay);
          if (t.leafCount < t.mass) sawDuplicates = true;
        }
        f.checkInvariants();
      }
    }
    expect(sawDuplicates).toBe(true);
  });

  it('keeps the tree invariants and the explanation identity on arbitrary small streams', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 11, max: 40 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 120 }),
        fc.integer(),
        (columns, timeDecay, shingleSize, rows, seed) => {
          const f = new RandomCutForest({ random: mulberry32(seed), numberOfTrees: 3, subSampleSize: 10, timeDecay, shingleSize, explain: true });
          for (const row of rows) {
            const result: RcfResult = f.update(row.slice(0, columns));
            const e = result.explanation as readonly ColumnAttribution[];
            expect(e).toHaveLength(columns);
            expect(sumAttribution(e)).toBeCloseTo(result.score, 9);
            f.checkInvariants();
            for (const t of f.stats().trees) expect(t.nodeCount).toBeLessThanOrEqual(20);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('RandomCutForest: reproducibility', () => {
  const run = (seed: number): RcfResult[] => {
    const f = new RandomCutForest({ random: mulberry32(seed), numberOfTrees: 25, subSampleSize: 32, timeDecay: 300, explain: true, withDirectionality: true });
    return bloodPressure(99, 600).map((p) => f.update(p));
  };

  it('gives identical outputs for the same seed', () => {
    expect(run(77)).toEqual(run(77));
  });

  it('gives different outputs for another seed', () => {
    const a = run(77).map((r) => r.score);
    const b = run(78).map((r) => r.score);
    expect(a.slice(0, 32)).toEqual(b.slice(0, 32)); // warm-up zeros
    expect(a.slice(32)).not.toEqual(b.slice(32));
  });
});
