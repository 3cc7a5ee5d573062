/**
 * Accumulators for GROUP BY aggregates (the slot contract of ../analyze/aggregates.ts): one per
 * CompiledAggregate and group. The runtime evaluates the aggregate's arguments on each row of the
 * group (so a failing argument sends the row to error_stream before any state changes), then calls
 * `add` with them; `result` is a value of `CompiledAggregate.type`.
 *
 * Rules (kda-sql.md §1 "Aggregates", "Types"): NULLs are ignored except by COUNT(*); SUM of an integer
 * type wraps like Java's int/long; AVG over an integer type truncates toward zero, over DECIMAL keeps
 * the argument's scale (truncated); SUM/AVG/MIN/MAX of no non-NULL value is NULL.
 */
import type { CompiledAggregate } from '../analyze';
import { compare } from '../functions/operators';
import { divideRounded, rescale, toDecimal, wrapInteger, type IntegerTypeName } from '../functions/numeric';
import { Decimal, type SqlType, type SqlValue } from '../types';

export interface Accumulator {
  /** Adds a row's argument values; `rowtime` is the row's ROWTIME (rows arrive in ROWTIME order). */
  add(args: readonly SqlValue[], rowtime: number): void;
  result(): SqlValue;
  /**
   * Takes back a row added earlier, exactly: present only where the result cannot drift (COUNT, and
   * SUM/AVG over integers and DECIMAL), so a sliding window can update instead of recomputing.
   */
  remove?(args: readonly SqlValue[], rowtime: number): void;
}

const INTEGER_NAMES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT']);

export function createAccumulator(agg: CompiledAggregate): Accumulator {
  const argType: SqlType | undefined = agg.args[0]?.type;
  switch (agg.fn) {
    case 'COUNT': {
      let n = 0n;
      return {
        add: (args) => {
          if (agg.star || (args[0] ?? null) !== null) n++;
        },
        remove: (args) => {
          if (agg.star || (args[0] ?? null) !== null) n--;
        },
        result: () => n,
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
    default:
      throw new Error(`createAccumulator: ${agg.fn} is not supported by the runtime`);
  }
}

function numericAccumulator(fn: 'SUM' | 'AVG', argType: SqlType, resultType: SqlType): Accumulator {
  let count = 0;
  if (INTEGER_NAMES.has(argType.name)) {
    let sum = 0n;
    return {
      add: (args) => {
        const v = args[0] ?? null;
        if (v === null) return;
        sum += typeof v === 'bigint' ? v : BigInt(v as number);
        count++;
      },
      remove: (args) => {
        const v = args[0] ?? null;
        if (v === null) return;
        sum -= typeof v === 'bigint' ? v : BigInt(v as number);
        count--;
      },
      result: () => (count === 0 ? null : wrapInteger(fn === 'SUM' ? sum : sum / BigInt(count), resultType.name as IntegerTypeName)),
    };
  }
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
