import fc from 'fast-check';
import type { CompileOptions, CompiledAggregate } from '../../../../../lambda/engine/sql/analyze';
import { SqlRuntimeError } from '../../../../../lambda/engine/sql/functions/numeric';
import { createAccumulator } from '../../../../../lambda/engine/sql/runtime';
import { Decimal, type SqlValue } from '../../../../../lambda/engine/sql/types';
import { T0, compile, rowValues, stockRow, stockScope } from '../analyze/helpers';

const GROUP: CompileOptions = { aggregates: 'group', clause: 'SELECT' };
const WINDOW: CompileOptions = { aggregates: 'window', clause: 'SELECT' };

function aggregateOf(source: string, options: CompileOptions): CompiledAggregate {
  const [agg] = compile(source, stockScope, options).aggregates;
  if (agg === undefined) throw new Error(`no aggregate in ${source}`);
  return agg;
}

/**
 * The aggregate of `source` over rows of the stock stream (in order, row i at T0 + seconds[i] s),
 * its arguments evaluated on each row as the runtime does.
 */
function aggregate(source: string, rows: readonly Record<string, SqlValue>[], options = GROUP, seconds = rows.map((_, i) => i)): SqlValue {
  const agg = aggregateOf(source, options);
  const acc = createAccumulator(agg);
  rows.forEach((values, i) => {
    const rowtime = T0 + (seconds[i] as number) * 1000;
    acc.add(
      agg.args.map((a) => a.evaluate(rowValues(stockRow(values, rowtime)))),
      rowtime,
    );
  });
  return acc.result();
}

const qty = (...values: (number | null)[]): Record<string, SqlValue>[] => values.map((v) => ({ QTY: v }));
const rate = (...values: (number | null)[]): Record<string, SqlValue>[] => values.map((v) => ({ RATE: v }));
const amount = (...values: (string | null)[]): Record<string, SqlValue>[] =>
  values.map((v) => ({ AMOUNT: v === null ? null : new Decimal(BigInt(v.replace('.', '')), 2) }));

/** `errorName: message` of the SqlRuntimeError the computation throws; fails otherwise. */
function runtimeError(compute: () => unknown): string {
  try {
    compute();
  } catch (e) {
    if (e instanceof SqlRuntimeError) return `${e.errorName}: ${e.message}`;
    throw e;
  }
  throw new Error('expected a SqlRuntimeError');
}

describe('STDDEV_POP, STDDEV_SAMP, VAR_POP, VAR_SAMP', () => {
  const classic = qty(2, 4, 4, 4, 5, 5, 7, 9);

  it('over INTEGER: exact, truncated toward zero', () => {
    expect(aggregate('STDDEV_POP(qty)', classic)).toBe(2);
    expect(aggregate('VAR_POP(qty)', classic)).toBe(4);
    expect(aggregate('VAR_SAMP(qty)', classic)).toBe(4); // 32/7 = 4.57
    expect(aggregate('STDDEV_SAMP(qty)', classic)).toBe(2); // √(32/7) = 2.14
    expect(aggregate('STD_DEV(qty)', qty(1, 10))).toBe(6); // √40.5 = 6.36
  });

  it('ignores NULLs; POP of nothing and SAMP of fewer than two values are NULL', () => {
    expect(aggregate('VAR_POP(qty)', qty(null, 1, null, 3, null))).toBe(1);
    expect(aggregate('VAR_POP(qty)', qty(null, null))).toBeNull();
    expect(aggregate('STDDEV_POP(qty)', qty())).toBeNull();
    expect(aggregate('VAR_POP(qty)', qty(5))).toBe(0);
    expect(aggregate('VAR_SAMP(qty)', qty(5, null))).toBeNull();
    expect(aggregate('STDDEV_SAMP(qty)', qty(5))).toBeNull();
    expect(aggregate('VAR_SAMP(rate)', rate(5, null))).toBeNull();
    expect(aggregate('VAR_POP(rate)', rate(null))).toBeNull();
  });

  it('over DOUBLE: a double, computed stably', () => {
    expect(aggregate('VAR_SAMP(rate)', rate(1, 2, 3, 4))).toBe(1.6666666666666667);
    expect(aggregate('VAR_POP(rate)', rate(1, 2, 3, 4))).toBe(1.25);
    expect(aggregate('STDDEV_POP(rate)', rate(2, 4, 4, 4, 5, 5, 7, 9))).toBe(2);
    // Σx² − (Σx)²/n loses every digit here; Welford's update does not.
    expect(aggregate('VAR_SAMP(rate)', rate(1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16))).toBe(30);
  });

  it('over REAL: rounded to float', () => {
    const v = aggregate('STDDEV_SAMP(price)', [{ PRICE: Math.fround(0.1) }, { PRICE: Math.fround(0.7) }]) as number;
    expect(v).toBe(Math.fround(Math.sqrt(((Math.fround(0.7) - Math.fround(0.1)) ** 2) / 2)));
  });

  it('over DECIMAL(10,2): keeps two digits, truncated', () => {
    const rows = amount('1.00', '2.00', null, '4.00'); // mean 7/3, Σ(x − mean)² = 14/3
    expect(String(aggregate('VAR_POP(amount)', rows))).toBe('1.55');
    expect(String(aggregate('STDDEV_POP(amount)', rows))).toBe('1.24');
    expect(String(aggregate('VAR_SAMP(amount)', rows))).toBe('2.33');
    expect(String(aggregate('STDDEV_SAMP(amount)', rows))).toBe('1.52');
    expect(aggregate('VAR_POP(amount)', rows)).toBeInstanceOf(Decimal);
    expect(String(aggregate('VAR_SAMP(amount)', amount('-0.01', '0.01')))).toBe('0.00'); // 0.0002
  });

  it('over DECIMAL: a value with more digits than the type counts exactly', () => {
    const rows = [{ AMOUNT: new Decimal(100n, 2) }, { AMOUNT: new Decimal(1500n, 3) }]; // 1.00, 1.500
    expect(String(aggregate('STDDEV_POP(amount)', rows))).toBe('0.25');
    expect(String(aggregate('VAR_POP(amount)', rows))).toBe('0.06'); // 0.0625
  });

  it('wraps an integer result that does not fit the type, like SUM', () => {
    const extremes = qty(-2147483648, 2147483647); // VAR_POP = (2³² − 1)² / 4
    expect(aggregate('VAR_POP(qty)', extremes)).toBe(Number(BigInt.asIntN(32, (2n ** 32n - 1n) ** 2n / 4n)));
    expect(aggregate('STDDEV_POP(qty)', extremes)).toBe(2147483647); // 2147483647.5
    expect(aggregate('VAR_POP(big)', [{ BIG: 1n }, { BIG: 4n }])).toBe(2n); // BIGINT stays a bigint
  });

  it('can take rows back exactly over integers and DECIMAL, not over DOUBLE', () => {
    expect(createAccumulator(aggregateOf('VAR_POP(qty)', GROUP)).remove).toBeDefined();
    expect(createAccumulator(aggregateOf('STDDEV_SAMP(amount)', GROUP)).remove).toBeDefined();
    expect(createAccumulator(aggregateOf('VAR_POP(rate)', GROUP)).remove).toBeUndefined();
    const acc = createAccumulator(aggregateOf('VAR_SAMP(qty)', GROUP));
    for (const v of [100, 1, null, 2, 3]) acc.add([v], T0);
    acc.remove?.([100], T0);
    acc.remove?.([null], T0);
    expect(acc.result()).toBe(1);
  });

  it('property: removing the oldest rows gives what adding only the rest gives', () => {
    const fns = ['STDDEV_POP', 'STDDEV_SAMP', 'VAR_POP', 'VAR_SAMP'];
    const value = fc.option(fc.integer(), { nil: null });
    const decimal = fc.option(
      fc.tuple(fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.integer({ min: 2, max: 4 })).map(([u, s]) => new Decimal(u, s)),
      { nil: null },
    );
    const cases = fc.oneof(
      fc.record({ column: fc.constant('qty'), values: fc.array(value, { maxLength: 12 }) }),
      fc.record({ column: fc.constant('amount'), values: fc.array(decimal, { maxLength: 12 }) }),
    );
    fc.assert(
      fc.property(fc.constantFrom(...fns), cases, fc.nat(), (fn, { column, values }, cut) => {
        const agg = aggregateOf(`${fn}(${column})`, GROUP);
        const k = values.length === 0 ? 0 : cut % (values.length + 1);
        const sliding = createAccumulator(agg);
        values.forEach((v) => sliding.add([v], T0));
        values.slice(0, k).forEach((v) => sliding.remove?.([v], T0));
        const fresh = createAccumulator(agg);
        values.slice(k).forEach((v) => fresh.add([v], T0));
        expect(sliding.result()).toEqual(fresh.result());
      }),
    );
  });
});

describe('EXP_AVG', () => {
  it('weights each value by 2^(−age / half-life), age measured from the latest row', () => {
    // Weights 1/4, 1/2, 1: (2.5 + 10 + 40) / 1.75
    expect(aggregate("EXP_AVG(rate, INTERVAL '10' SECOND)", rate(10, 20, 40), GROUP, [0, 10, 20])).toBe(30);
    // Rows at the same ROWTIME weigh the same: the plain average.
    expect(aggregate("EXP_AVG(rate, INTERVAL '10' SECOND)", rate(10, 20, 40), GROUP, [5, 5, 5])).toBe(70 / 3);
    // Half a half-life: the older value weighs 2^(−1/2).
    const v = aggregate("EXP_AVG(rate, INTERVAL '10' SECOND)", rate(0, 1), GROUP, [0, 5]) as number;
    expect(v).toBeCloseTo(1 / (1 + Math.SQRT1_2), 15);
  });

  it('ignores NULL values; NULL when there is none', () => {
    expect(aggregate("EXP_AVG(rate, INTERVAL '10' SECOND)", rate(10, 20, null), GROUP, [0, 10, 40])).toBe(25 / 1.5);
    expect(aggregate("EXP_AVG(rate, INTERVAL '10' SECOND)", rate(null, null))).toBeNull();
  });

  it("converts like AVG: the argument's type, truncated", () => {
    const s = "INTERVAL '1' MINUTE";
    expect(aggregate(`EXP_AVG(qty, ${s})`, qty(1, 2), GROUP, [0, 60])).toBe(1); // 2.5 / 1.5
    expect(aggregate(`EXP_AVG(qty, ${s})`, qty(-1, -2), GROUP, [0, 60])).toBe(-1);
    expect(String(aggregate(`EXP_AVG(amount, ${s})`, amount('1.00', '2.00'), GROUP, [0, 60]))).toBe('1.66');
    const r = aggregate(`EXP_AVG(price, ${s})`, [{ PRICE: 1 }, { PRICE: 2 }], GROUP, [0, 60]) as number;
    expect(r).toBe(Math.fround(2.5 / 1.5));
  });

  it('a NULL or non-positive half-life is a runtime error', () => {
    expect(runtimeError(() => aggregate('EXP_AVG(rate, CAST(NULL AS INTERVAL SECOND))', rate(1)))).toBe(
      'INVALID_ARGUMENT: The half-life of EXP_AVG must be a positive interval, not NULL',
    );
    expect(runtimeError(() => aggregate("EXP_AVG(rate, INTERVAL '-1' SECOND)", rate(1, 2)))).toBe(
      'INVALID_ARGUMENT: The half-life of EXP_AVG must be a positive interval, not -1000 ms',
    );
  });
});

describe('LAG', () => {
  it('is x of the row n rows before the current one in the window, or the default', () => {
    expect(aggregate('LAG(qty) OVER w', qty(1, 2, 3), WINDOW)).toBe(2);
    expect(aggregate('LAG(qty) OVER w', qty(1), WINDOW)).toBeNull();
    expect(aggregate('LAG(qty, 2, -1) OVER w', qty(1, 2, 3), WINDOW)).toBe(1);
    expect(aggregate('LAG(qty, 3, -1) OVER w', qty(1, 2, 3), WINDOW)).toBe(-1);
    expect(aggregate('LAG(qty, 0) OVER w', qty(1, 2, 3), WINDOW)).toBe(3);
  });

  it('RESPECT NULLS counts NULL rows, and the default does not replace a NULL x', () => {
    expect(aggregate('LAG(qty, 1, -1) OVER w', qty(1, null, 3), WINDOW)).toBeNull();
    expect(aggregate('LAG(qty, 1, -1) RESPECT NULLS OVER w', qty(1, null, 3), WINDOW)).toBeNull();
  });

  it('IGNORE NULLS skips NULL rows when counting back', () => {
    expect(aggregate('LAG(qty) IGNORE NULLS OVER w', qty(1, null, null, 4), WINDOW)).toBe(1);
    expect(aggregate('LAG(qty, 2, -1) IGNORE NULLS OVER w', qty(1, null, 3), WINDOW)).toBe(-1);
    expect(aggregate('LAG(qty, 0) IGNORE NULLS OVER w', qty(1, null), WINDOW)).toBeNull();
  });

  it('takes the offset and default of the current (last) row', () => {
    const rows = [
      { PRICE: 1, QTY: 9, BIG: 10n },
      { PRICE: 2, QTY: 9, BIG: 20n },
      { PRICE: 3, QTY: 2, BIG: 30n },
    ];
    expect(aggregate('LAG(price, qty) OVER w', rows, WINDOW)).toBe(1);
    expect(aggregate('LAG(big, 5, big) OVER w', rows, WINDOW)).toBe(30n);
  });

  it('a NULL or negative offset is a runtime error', () => {
    expect(runtimeError(() => aggregate('LAG(price, qty) OVER w', [{ PRICE: 1, QTY: -1 }], WINDOW))).toBe(
      'INVALID_ARGUMENT: The offset of LAG must be zero or positive, not -1',
    );
    expect(runtimeError(() => aggregate('LAG(price, qty) OVER w', [{ PRICE: 1, QTY: null }], WINDOW))).toBe(
      'INVALID_ARGUMENT: The offset of LAG must be zero or positive, not NULL',
    );
  });
});

describe('NTH_VALUE', () => {
  const rows = qty(1, null, 3, 4);

  it('FROM FIRST (the default) counts from the oldest row of the window', () => {
    expect(aggregate('NTH_VALUE(qty, 1) OVER w', rows, WINDOW)).toBe(1);
    expect(aggregate('NTH_VALUE(qty, 2) OVER w', rows, WINDOW)).toBeNull();
    expect(aggregate('NTH_VALUE(qty, 2) FROM FIRST RESPECT NULLS OVER w', rows, WINDOW)).toBeNull();
    expect(aggregate('NTH_VALUE(qty, 2) IGNORE NULLS OVER w', rows, WINDOW)).toBe(3);
    expect(aggregate('NTH_VALUE(qty, 4) OVER w', rows, WINDOW)).toBe(4);
    expect(aggregate('NTH_VALUE(qty, 4) IGNORE NULLS OVER w', rows, WINDOW)).toBeNull();
    expect(aggregate('NTH_VALUE(qty, 5) OVER w', rows, WINDOW)).toBeNull();
  });

  it('FROM LAST counts back from the current row', () => {
    expect(aggregate('NTH_VALUE(qty, 1) FROM LAST OVER w', rows, WINDOW)).toBe(4);
    expect(aggregate('NTH_VALUE(qty, 3) FROM LAST OVER w', rows, WINDOW)).toBeNull();
    expect(aggregate('NTH_VALUE(qty, 3) FROM LAST IGNORE NULLS OVER w', rows, WINDOW)).toBe(1);
    expect(aggregate('NTH_VALUE(qty, 4) FROM LAST IGNORE NULLS OVER w', rows, WINDOW)).toBeNull();
  });

  it('takes n of the current row; a NULL or non-positive n is a runtime error', () => {
    const nth = (...ns: (number | null)[]) => aggregate('NTH_VALUE(price, qty) OVER w', ns.map((n, i) => ({ PRICE: i + 1, QTY: n })), WINDOW);
    expect(nth(null, 0, 2)).toBe(2);
    expect(runtimeError(() => nth(1, 0))).toBe('INVALID_ARGUMENT: The n of NTH_VALUE must be positive, not 0');
    expect(runtimeError(() => nth(1, null))).toBe('INVALID_ARGUMENT: The n of NTH_VALUE must be positive, not NULL');
  });
});

describe('SUM and AVG over integers', () => {
  it('equal BigInt arithmetic (SUM wraps to INTEGER, AVG truncates toward zero), also with rows taken back', () => {
    const wrap32 = (v: bigint): number => Number(BigInt.asIntN(32, v));
    fc.assert(
      fc.property(fc.array(fc.option(fc.integer(), { nil: null }), { maxLength: 40 }), fc.nat(), (values, cut) => {
        const present = values.filter((v): v is number => v !== null);
        const total = present.reduce((a, v) => a + BigInt(v), 0n);
        expect(aggregate('SUM(qty)', qty(...values))).toBe(present.length === 0 ? null : wrap32(total));
        expect(aggregate('AVG(qty)', qty(...values))).toBe(present.length === 0 ? null : wrap32(total / BigInt(present.length)));
        // Taking back the first rows gives what adding only the others gives.
        const k = values.length === 0 ? 0 : cut % (values.length + 1);
        for (const fn of ['SUM(qty)', 'AVG(qty)']) {
          const agg = aggregateOf(fn, GROUP);
          const acc = createAccumulator(agg);
          values.forEach((v, i) => acc.add([v], T0 + i));
          values.slice(0, k).forEach((v, i) => acc.remove?.([v], T0 + i));
          expect(acc.result()).toBe(aggregate(fn, qty(...values.slice(k))));
        }
      }),
    );
  });

  it('stays exact past 2^53 in total', () => {
    // 3,000,000 × (2^31 − 1) > 2^52: the running total moves into a BigInt on the way.
    const n = 3_000_000;
    const sum = createAccumulator(aggregateOf('SUM(qty)', GROUP));
    const avg = createAccumulator(aggregateOf('AVG(qty)', GROUP));
    for (let i = 0; i < n; i++) {
      sum.add([2 ** 31 - 1], T0);
      avg.add([i % 2 === 0 ? 2 ** 31 - 1 : 2 ** 31 - 2], T0);
    }
    expect(sum.result()).toBe(Number(BigInt.asIntN(32, BigInt(n) * (2n ** 31n - 1n))));
    expect(avg.result()).toBe(2 ** 31 - 2); // (2^31 − 1.5) truncated
  });
});
