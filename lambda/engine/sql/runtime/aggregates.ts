/**
 * Accumulators for aggregates (the slot contract of ../analyze/aggregates.ts): one per
 * CompiledAggregate and group (or window partition). The runtime evaluates the aggregate's arguments on
 * each row (so a failing argument sends the row to error_stream before any state changes), then calls
 * `add` with them; `result` is a value of `CompiledAggregate.type`.
 *
 * Rules (kda-sql.md §1 "Aggregates", "Types"): NULLs are ignored except by COUNT(*); SUM of an integer
 * type wraps like Java's int/long; AVG over an integer type truncates toward zero, over DECIMAL keeps
 * the argument's scale (truncated); SUM/AVG/MIN/MAX of no non-NULL value is NULL.
 *
 * STDDEV_POP/SAMP, VAR_POP/SAMP: of the non-NULL values; POP of none and SAMP of fewer than two is
 * NULL. Over integers and DECIMAL they are exact (BigInt sums of the values and their squares, one
 * final truncating division and integer square root), so they can `remove`; the result truncates
 * toward zero to the argument's type (integers then wrap like SUM, DECIMAL keeps the result type's
 * scale). Over DOUBLE/REAL: Welford's running mean, no `remove`.
 *
 * EXP_AVG(x, half-life): sqlref/sql-reference-exp-avg says it "returns an exponentially-weighted
 * average (exponential moving average)", the half-life being "the period over which the weights
 * applied to the prices being averaged decrease by a factor of two"; SQLstream's description of its
 * implementation (sqlstream.com, "Calculating Decaying Averages in Streaming SQL") weights each row by
 * EXP(seconds * LN(2) / halfLife) of its ROWTIME and divides windowed sums. So: Σ wᵢxᵢ / Σ wᵢ with
 * wᵢ = 2^(−(T − tᵢ)/half-life), tᵢ the row's ROWTIME and T the latest one (T cancels; it keeps the
 * weights ≤ 1). The AWS example's "most recent 10-second subwindow carry double the weight of the
 * prices in the middle 10-second subwindow" holds for rows 10 s apart; whether weights step per
 * subwindow is not specified: [OURS] they decay continuously, as in SQLstream's formula. [OURS]: NULL x
 * is ignored (NULL when no x is non-NULL), as other aggregates; the half-life is a constant in practice,
 * each row's decays the earlier weights; a NULL or non-positive one makes the result a
 * SqlRuntimeError; the double average converts like AVG.
 *
 * LAG and NTH_VALUE exist only OVER a sliding window, which the runtime recomputes by adding every row
 * of the window partition in arrival order, the current row last. sqlref/sql-reference-lag: "LAG
 * returns the evaluation of the expression ... for the record that is N records before the current
 * record in a given window. Both offset and default are evaluated with respect to the current record.
 * If there is no such record, LAG instead returns a specified default expression"; N "The default is
 * 1"; the default is returned "if the record queried (n before the current record) falls outside the
 * window. If not specified, null is returned" and "doesn't replace actual null values"; IGNORE NULLS:
 * "null values are not counted when determining the offset". sqlref/sql-reference-nth-value:
 * "NTH_VALUE returns the nth value of x from the first or last value in the window. Default is first.
 * If <null treatment> is set to IGNORE NULLS, then function will skip over nulls while counting. If
 * there aren't enough rows in the window to reach nth value, the function returns NULL."
 * [OURS]: LAG's offset 0 is the current row (even a NULL x under IGNORE NULLS); a NULL or negative
 * LAG offset, and a NULL or non-positive NTH_VALUE n, are a SqlRuntimeError.
 */
import type { CompiledAggregate } from '../analyze';
import { compare } from '../functions/operators';
import {
  decimalFromDouble,
  divideRounded,
  pow10,
  rescale,
  SqlRuntimeError,
  toDecimal,
  toDouble,
  wrapInteger,
  type IntegerTypeName,
} from '../functions/numeric';
import { Decimal, Interval, type SqlType, type SqlValue } from '../types';

export interface Accumulator {
  /**
   * Adds a row's argument values; `rowtime` is the row's ROWTIME (rows arrive in ROWTIME order). The
   * runtime reuses `args` for the next call: keep values, never the array.
   */
  add(args: readonly SqlValue[], rowtime: number): void;
  result(): SqlValue;
  /**
   * Takes back a row added earlier, exactly: present only where the result cannot drift (COUNT, and
   * SUM/AVG/STDDEV/VAR over integers and DECIMAL), so a sliding window can update instead of recomputing.
   */
  remove?(args: readonly SqlValue[], rowtime: number): void;
}

const INTEGER_NAMES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT']);

/** BigInts of small counts, made once: a sliding COUNT returns one per row. */
const SMALL_COUNTS: readonly bigint[] = Array.from({ length: 4096 }, (_, i) => BigInt(i));
const bigCount = (n: number): bigint => SMALL_COUNTS[n] ?? BigInt(n);

export function createAccumulator(agg: CompiledAggregate): Accumulator {
  const argType: SqlType | undefined = agg.args[0]?.type;
  switch (agg.fn) {
    case 'COUNT': {
      let n = 0; // a number: exact far beyond any window's row count, and no BigInt per row
      return {
        add: (args) => {
          if (agg.star || (args[0] ?? null) !== null) n++;
        },
        remove: (args) => {
          if (agg.star || (args[0] ?? null) !== null) n--;
        },
        result: () => bigCount(n),
      };
    }
    case 'SUM':
    case 'AVG':
      return numericAccumulator(agg.fn, argType as SqlType, agg.type);
    case 'MIN':
    case 'MAX': {
      let best: SqlValue = null;
      const op = agg.fn === 'MIN' ? '<' : '>';
      return {
        add: (args) => {
          const v = args[0] ?? null;
          if (v === null) return;
          if (best === null || compare(op, v, best, argType as SqlType, argType as SqlType) === true) best = v;
        },
        result: () => best,
      };
    }
    case 'FIRST_VALUE':
    case 'LAST_VALUE': {
      const ignoreNulls = agg.nullTreatment === 'IGNORE NULLS';
      let seen = false;
      let value: SqlValue = null;
      return {
        add: (args) => {
          const v = args[0] ?? null;
          if (ignoreNulls && v === null) return;
          if (agg.fn === 'LAST_VALUE' || !seen) value = v;
          seen = true;
        },
        result: () => value,
      };
    }
    case 'STDDEV_POP':
    case 'STDDEV_SAMP':
    case 'VAR_POP':
    case 'VAR_SAMP':
      return varianceAccumulator(agg.fn, argType as SqlType, agg.type);
    case 'EXP_AVG':
      return expAvgAccumulator(agg.type);
    case 'LAG':
      return lagAccumulator(agg.nullTreatment === 'IGNORE NULLS');
    case 'NTH_VALUE':
      return nthValueAccumulator(agg.nullTreatment === 'IGNORE NULLS', agg.fromEnd === 'LAST');
    default:
      throw new Error(`createAccumulator: ${agg.fn} is not supported by the runtime`);
  }
}

/**
 * SUM/AVG over an integer type, exactly: small values (numbers) add up in a double while that stays
 * exact, and move into a BigInt before it could not; BIGINT values (bigints) go to the BigInt.
 */
function integerSum(fn: 'SUM' | 'AVG', resultName: IntegerTypeName): Accumulator {
  const LIMIT = 2 ** 52; // |small| + |an int32| stays below 2^53
  let small = 0;
  let big = 0n;
  let count = 0;
  const take = (v: SqlValue, sign: 1 | -1): void => {
    if (typeof v === 'number') {
      small += sign * v;
      if (small > LIMIT || small < -LIMIT) {
        big += BigInt(small);
        small = 0;
      }
    } else big += sign === 1 ? (v as bigint) : -(v as bigint);
    count += sign;
  };
  const narrow = resultName !== 'BIGINT';
  const [min, max] = resultName === 'INTEGER' ? [-(2 ** 31), 2 ** 31 - 1] : resultName === 'SMALLINT' ? [-32768, 32767] : [-128, 127];
  return {
    add: (args) => {
      const v = args[0] ?? null;
      if (v !== null) take(v, 1);
    },
    remove: (args) => {
      const v = args[0] ?? null;
      if (v !== null) take(v, -1);
    },
    result: () => {
      if (count === 0) return null;
      if (big === 0n && narrow) {
        // Exact in doubles: a truncated quotient of safe integers, checked against the product.
        let value = small;
        if (fn === 'AVG') {
          value = Math.trunc(small / count) || 0; // never -0
          if (value * count > small && small >= 0) value--;
          else if (value * count < small && small < 0) value++;
        }
        if (value >= min && value <= max) return value;
      }
      const total = big + BigInt(small);
      return wrapInteger(fn === 'SUM' ? total : total / BigInt(count), resultName);
    },
  };
}

function numericAccumulator(fn: 'SUM' | 'AVG', argType: SqlType, resultType: SqlType): Accumulator {
  let count = 0;
  if (INTEGER_NAMES.has(argType.name)) return integerSum(fn, resultType.name as IntegerTypeName);
  if (argType.name === 'DECIMAL') {
    let scale = argType.scale ?? 0;
    let sum = 0n;
    return {
      add: (args) => {
        const v = args[0] ?? null;
        if (v === null) return;
        const d = toDecimal(v, argType);
        if (d.scale > scale) {
          sum = rescale(new Decimal(sum, scale), d.scale).unscaled;
          scale = d.scale;
        }
        sum += rescale(d, scale).unscaled;
        count++;
      },
      remove: (args) => {
        const v = args[0] ?? null;
        if (v === null) return;
        // Added earlier at a scale no larger than today's: rescaling up is exact.
        sum -= rescale(toDecimal(v, argType), scale).unscaled;
        count--;
      },
      result: () => {
        if (count === 0) return null;
        const value = fn === 'SUM' ? sum : divideRounded(sum, BigInt(count), 'DOWN');
        return rescale(new Decimal(value, scale), resultType.scale ?? scale, 'DOWN');
      },
    };
  }
  if (argType.name === 'DOUBLE' || argType.name === 'REAL') {
    let sum = 0;
    return {
      add: (args) => {
        const v = args[0] ?? null;
        if (v === null) return;
        sum += v as number;
        count++;
      },
      result: () => {
        if (count === 0) return null;
        const value = fn === 'SUM' ? sum : sum / count;
        return argType.name === 'REAL' ? Math.fround(value) : value;
      },
    };
  }
  throw new Error(`numericAccumulator: ${fn} over ${argType.name} is not supported by the runtime`);
}

type VarianceFunctionName = 'STDDEV_POP' | 'STDDEV_SAMP' | 'VAR_POP' | 'VAR_SAMP';

interface VarianceKind {
  /** SAMP divides by n − 1, POP by n. */
  readonly sample: boolean;
  /** STDDEV is the square root of VAR. */
  readonly root: boolean;
}

function varianceAccumulator(fn: VarianceFunctionName, argType: SqlType, resultType: SqlType): Accumulator {
  const kind: VarianceKind = { sample: fn.endsWith('_SAMP'), root: fn.startsWith('STDDEV') };
  if (INTEGER_NAMES.has(argType.name) || argType.name === 'DECIMAL') return exactVariance(kind, argType, resultType);
  if (argType.name === 'DOUBLE' || argType.name === 'REAL') return welfordVariance(kind, argType.name === 'REAL');
  throw new Error(`varianceAccumulator: ${fn} over ${argType.name} is not supported by the runtime`);
}

/**
 * Integers and DECIMAL: the values are unscaled at a common scale S (0 for integers), so with
 * num = n·Σu² − (Σu)² the variance is num / den / 10^(2S), den = n² (POP) or n(n − 1) (SAMP), and
 * its truncation to any scale is one exact BigInt division (num, den ≥ 0).
 */
function exactVariance(kind: VarianceKind, argType: SqlType, resultType: SqlType): Accumulator {
  let scale = argType.scale ?? 0;
  let n = 0n;
  let sum = 0n;
  let sumSq = 0n;
  const unscaled = (v: SqlValue): bigint => {
    const d = toDecimal(v, argType);
    if (d.scale > scale) {
      const f = pow10(d.scale - scale);
      sum *= f;
      sumSq *= f * f;
      scale = d.scale;
    }
    // A value removed was added at a scale no larger than today's: rescaling up is exact.
    return rescale(d, scale).unscaled;
  };
  const integerResult = INTEGER_NAMES.has(resultType.name);
  return {
    add: (args) => {
      const v = args[0] ?? null;
      if (v === null) return;
      const u = unscaled(v);
      sum += u;
      sumSq += u * u;
      n++;
    },
    remove: (args) => {
      const v = args[0] ?? null;
      if (v === null) return;
      const u = unscaled(v);
      sum -= u;
      sumSq -= u * u;
      n--;
    },
    result: () => {
      const den = kind.sample ? n * (n - 1n) : n * n;
      if (den === 0n) return null;
      const num = n * sumSq - sum * sum;
      const target = integerResult ? 0 : (resultType.scale ?? scale);
      // floor(√a) = floor(√floor(a)) for a ≥ 0, so STDDEV truncates exactly too.
      const value = kind.root ? isqrt(divideShifted(num, den, 2 * (target - scale))) : divideShifted(num, den, target - 2 * scale);
      return integerResult ? wrapInteger(value, resultType.name as IntegerTypeName) : new Decimal(value, target);
    },
  };
}

/** floor(num · 10^shift / den) for num ≥ 0, den > 0 and any integer shift. */
function divideShifted(num: bigint, den: bigint, shift: number): bigint {
  return shift >= 0 ? (num * pow10(shift)) / den : num / (den * pow10(-shift));
}

/** floor(√v) for v ≥ 0: Newton's method from above. */
function isqrt(v: bigint): bigint {
  if (v < 2n) return v;
  let x = 1n << BigInt((v.toString(2).length >> 1) + 1);
  for (;;) {
    const y = (x + v / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** DOUBLE/REAL: Welford's update keeps the sum of squared deviations without cancellation. */
function welfordVariance(kind: VarianceKind, real: boolean): Accumulator {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  return {
    add: (args) => {
      const v = args[0] ?? null;
      if (v === null) return;
      const x = v as number;
      n++;
      const delta = x - mean;
      mean += delta / n;
      m2 += delta * (x - mean);
    },
    result: () => {
      const den = kind.sample ? n - 1 : n;
      if (den <= 0) return null;
      const variance = m2 / den;
      const value = kind.root ? Math.sqrt(variance) : variance;
      return real ? Math.fround(value) : value;
    },
  };
}

/**
 * EXP_AVG (see the module comment): Σ wᵢxᵢ and Σ wᵢ relative to the latest non-NULL value, whose
 * weight is 1; each new value first decays the earlier ones by 2^(−Δt/half-life).
 */
function expAvgAccumulator(resultType: SqlType): Accumulator {
  let weights = 0;
  let weighted = 0;
  let latest = 0;
  let badHalfLife: SqlValue | undefined;
  return {
    add: (args, rowtime) => {
      const x = args[0] ?? null;
      if (x === null) return;
      const halfLife = args[1] ?? null;
      if (!(halfLife instanceof Interval) || halfLife.amount <= 0) {
        // Reported by result(), so that the other aggregates of the row keep a consistent state.
        badHalfLife = halfLife;
        return;
      }
      const decay = weights === 0 ? 0 : 2 ** (-(rowtime - latest) / halfLife.amount);
      weights = weights * decay + 1;
      weighted = weighted * decay + toDouble(x);
      latest = rowtime;
    },
    result: () => {
      if (badHalfLife !== undefined) {
        const shown = badHalfLife instanceof Interval ? `${badHalfLife.amount} ms` : 'NULL';
        throw new SqlRuntimeError('INVALID_ARGUMENT', `The half-life of EXP_AVG must be a positive interval, not ${shown}`);
      }
      return weights === 0 ? null : fromDouble(weighted / weights, resultType);
    },
  };
}

/** A computed double as a value of a numeric type, converted like AVG: truncated toward zero. */
function fromDouble(value: number, type: SqlType): SqlValue {
  if (INTEGER_NAMES.has(type.name)) return wrapInteger(BigInt(Math.trunc(value)), type.name as IntegerTypeName);
  if (type.name === 'DECIMAL') return rescale(decimalFromDouble(value), type.scale ?? 0, 'DOWN');
  return type.name === 'REAL' ? Math.fround(value) : value;
}

/** LAG(x [, n [, default]]): keeps the x of the rows before the last one added (the current row). */
function lagAccumulator(ignoreNulls: boolean): Accumulator {
  const earlier: SqlValue[] = [];
  // The current row's x, offset and default (copied: the runtime reuses the argument array).
  let seen = false;
  let x: SqlValue = null;
  let offset: SqlValue | undefined;
  let fallback: SqlValue = null;
  return {
    add: (args) => {
      if (seen && !(ignoreNulls && x === null)) earlier.push(x);
      seen = true;
      x = args[0] ?? null;
      offset = args.length < 2 ? undefined : (args[1] ?? null);
      fallback = args[2] ?? null;
    },
    result: () => {
      if (!seen) return null;
      const n = offset === undefined ? 1 : countArgument(offset, 0, 'The offset of LAG');
      if (n === 0) return x;
      const i = earlier.length - n;
      return i >= 0 ? (earlier[i] ?? null) : fallback;
    },
  };
}

/** NTH_VALUE(x, n) [FROM FIRST|LAST]: keeps the x of every row added (the window partition). */
function nthValueAccumulator(ignoreNulls: boolean, fromLast: boolean): Accumulator {
  const values: SqlValue[] = [];
  let n: SqlValue | undefined;
  return {
    add: (args) => {
      const x = args[0] ?? null;
      n = args[1] ?? null;
      if (!(ignoreNulls && x === null)) values.push(x);
    },
    result: () => {
      if (n === undefined) return null;
      const k = countArgument(n, 1, 'The n of NTH_VALUE');
      const i = fromLast ? values.length - k : k - 1;
      return i >= 0 && i < values.length ? (values[i] ?? null) : null;
    },
  };
}

/** An integer argument counting rows, at least `min`; otherwise a SqlRuntimeError (the row's error). */
function countArgument(value: SqlValue, min: 0 | 1, what: string): number {
  const n = typeof value === 'bigint' || typeof value === 'number' ? Number(value) : NaN;
  if (!(n >= min)) {
    const shown = value === null ? 'NULL' : String(value);
    throw new SqlRuntimeError('INVALID_ARGUMENT', `${what} must be ${min === 0 ? 'zero or positive' : 'positive'}, not ${shown}`);
  }
  return n;
}
