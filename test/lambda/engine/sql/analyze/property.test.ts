/**
 * The compiled evaluator agrees with a straightforward tree-walking interpreter, written here on
 * top of the functions modules only, for random arithmetic and boolean expressions over random rows
 * (values, NULLs, integer extremes that overflow, zeros that divide). Both must give the same value
 * and type, or the same per-row error.
 */
import fc from 'fast-check';
import { compileExpression } from '../../../../../lambda/engine/sql/analyze/compile';
import { createScope } from '../../../../../lambda/engine/sql/analyze/scope';
import { castValue } from '../../../../../lambda/engine/sql/functions/cast';
import { SqlRuntimeError, digitCount, parseExactDecimal } from '../../../../../lambda/engine/sql/functions/numeric';
import {
  ArithmeticOperator,
  ComparisonOperator,
  and,
  arithmetic,
  arithmeticResultType,
  commonType,
  compare,
  negate,
  not,
  or,
} from '../../../../../lambda/engine/sql/functions/operators';
import type { Expr } from '../../../../../lambda/engine/sql/syntax/ast';
import { parseExpression } from '../../../../../lambda/engine/sql/syntax/parser';
import { Decimal, SqlType, SqlValue, typeToString } from '../../../../../lambda/engine/sql/types';

const COLUMNS: Record<string, SqlType> = {
  I: { name: 'INTEGER', nullable: true },
  S: { name: 'SMALLINT', nullable: true },
  B: { name: 'BIGINT', nullable: true },
  D: { name: 'DOUBLE', nullable: true },
  R: { name: 'REAL', nullable: true },
  N: { name: 'DECIMAL', precision: 7, scale: 2, nullable: true },
  F: { name: 'BOOLEAN', nullable: true },
  V: { name: 'VARCHAR', length: 5, nullable: true },
};
const NAMES = Object.keys(COLUMNS);
const scope = createScope([{ alias: 'T', columns: NAMES.map((name) => ({ name, type: COLUMNS[name] as SqlType })) }]);

// ---------------------------------------------------------------------------------------------
// The reference interpreter: static types first (as SQL defines them), then values, eager except
// where the dialect is lazy (AND, OR, CASE, COALESCE, IN stop early).

type Row = Record<string, SqlValue>;
const BOOL: SqlType = { name: 'BOOLEAN', nullable: true };

function literalType(e: Expr & { kind: 'NumericLiteral' }): { type: SqlType; value: SqlValue } {
  if (e.numberKind === 'APPROXIMATE') return { type: { name: 'DOUBLE', nullable: false }, value: Number(e.text) };
  const d = parseExactDecimal(e.text) as Decimal;
  if (e.numberKind === 'INTEGER') {
    if (d.unscaled <= 2147483647n) return { type: { name: 'INTEGER', nullable: false }, value: Number(d.unscaled) };
    return { type: { name: 'BIGINT', nullable: false }, value: d.unscaled };
  }
  return { type: { name: 'DECIMAL', precision: Math.max(digitCount(d.unscaled), d.scale), scale: d.scale, nullable: false }, value: d };
}

function typeOf(e: Expr): SqlType {
  switch (e.kind) {
    case 'NumericLiteral':
      return literalType(e).type;
    case 'StringLiteral':
      return { name: 'CHAR', length: e.value.length, nullable: false };
    case 'BooleanLiteral':
      return BOOL;
    case 'ColumnRef':
      return COLUMNS[e.parts[0]?.name ?? ''] as SqlType;
    case 'UnaryOp':
      return e.op === 'NOT' ? BOOL : typeOf(e.operand);
    case 'BinaryOp':
      if (['+', '-', '*', '/', '%'].includes(e.op)) return arithmeticResultType(e.op as ArithmeticOperator, typeOf(e.left), typeOf(e.right));
      return BOOL;
    case 'Case':
      return commonType([...e.whens.map((w) => typeOf(w.then)), ...(e.else ? [typeOf(e.else)] : [])]);
    case 'FunctionCall':
      return (e.name.parts[0]?.name === 'COALESCE' ? commonType(e.args.map(typeOf)) : typeOf(e.args[0] as Expr)) as SqlType;
    default:
      return BOOL;
  }
}

function interpret(e: Expr, row: Row): SqlValue {
  switch (e.kind) {
    case 'NumericLiteral':
      return literalType(e).value;
    case 'StringLiteral':
      return e.value;
    case 'BooleanLiteral':
      return e.value;
    case 'ColumnRef':
      return row[e.parts[0]?.name ?? ''] ?? null;
    case 'UnaryOp': {
      const v = interpret(e.operand, row);
      return e.op === 'NOT' ? not(v as boolean | null) : negate(v, typeOf(e.operand));
    }
    case 'BinaryOp': {
      if (e.op === 'AND' || e.op === 'OR') {
        const l = interpret(e.left, row) as boolean | null;
        if (e.op === 'AND' && l === false) return false;
        if (e.op === 'OR' && l === true) return true;
        const r = interpret(e.right, row) as boolean | null;
        return e.op === 'AND' ? and(l, r) : or(l, r);
      }
      const l = interpret(e.left, row);
      const r = interpret(e.right, row);
      if (['+', '-', '*', '/', '%'].includes(e.op)) return arithmetic(e.op as ArithmeticOperator, l, r, typeOf(e.left), typeOf(e.right));
      return compare(e.op as ComparisonOperator, l, r, typeOf(e.left), typeOf(e.right));
    }
    case 'IsTest':
      return (interpret(e.operand, row) === null) !== e.negated;
    case 'Between': {
      const [v, lo, hi] = [interpret(e.operand, row), interpret(e.low, row), interpret(e.high, row)];
      const [vt, lt, ht] = [typeOf(e.operand), typeOf(e.low), typeOf(e.high)];
      return and(compare('>=', v, lo, vt, lt), compare('<=', v, hi, vt, ht));
    }
    case 'InList': {
      const x = interpret(e.operand, row);
      if (x === null) return null;
      let sawNull = false;
      for (const value of e.values) {
        const c = compare('=', x, interpret(value, row), typeOf(e.operand), typeOf(value));
        if (c === true) return true;
        if (c === null) sawNull = true;
      }
      return sawNull ? null : false;
    }
    case 'Case': {
      const type = typeOf(e);
      for (const w of e.whens) {
        if (interpret(w.when, row) === true) return castValue(interpret(w.then, row), typeOf(w.then), type);
      }
      return e.else ? castValue(interpret(e.else, row), typeOf(e.else), type) : null;
    }
    case 'FunctionCall': {
      if (e.name.parts[0]?.name === 'COALESCE') {
        const type = typeOf(e);
        for (const a of e.args) {
          const v = interpret(a, row);
          if (v !== null) return castValue(v, typeOf(a), type);
        }
        return null;
      }
      // NULLIF
      const [a, b] = e.args as [Expr, Expr];
      const x = interpret(a, row);
      return compare('=', x, interpret(b, row), typeOf(a), typeOf(b)) === true ? null : x;
    }
    default:
      throw new Error(`the interpreter does not handle ${e.kind}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Random expressions and rows

const numericLiteral = fc.oneof(
  fc.integer({ min: 0, max: 9 }).map(String),
  fc.integer({ min: 1, max: 9 }).map((n) => `(-${n})`),
  fc.constantFrom('2147483647', '2147483648', '9223372036854775807', '0.5', '12.25', '0.05', '1e0', '2.5e-1', '0'),
);
const comparison = fc.constantFrom('=', '<>', '<', '<=', '>', '>=');

const { num, bool } = fc.letrec<{ num: string; bool: string }>((tie) => ({
  num: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'expr' },
    fc.constantFrom('I', 'S', 'B', 'D', 'R', 'N'),
    numericLiteral,
    fc.tuple(tie('num'), fc.constantFrom('+', '-', '*', '/', '%'), tie('num')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('num').map((a) => `(- ${a})`),
    fc.tuple(tie('bool'), tie('num'), tie('num')).map(([c, a, b]) => `CASE WHEN ${c} THEN ${a} ELSE ${b} END`),
    fc.tuple(tie('bool'), tie('num')).map(([c, a]) => `CASE WHEN ${c} THEN ${a} END`),
    fc.tuple(tie('num'), tie('num')).map(([a, b]) => `COALESCE(${a}, ${b})`),
    fc.tuple(tie('num'), tie('num')).map(([a, b]) => `NULLIF(${a}, ${b})`),
  ),
  bool: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'expr' },
    fc.constantFrom('F', 'TRUE', 'FALSE', 'UNKNOWN'),
    fc.tuple(tie('num'), comparison, tie('num')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(fc.constantFrom('V', "'ab'", "'ab '", "'b'"), comparison, fc.constantFrom('V', "'ab'", "'ab '", "'b'")).map(([a, op, b]) => `(${a} ${op} ${b})`),
    fc.tuple(tie('bool'), fc.constantFrom('AND', 'OR'), tie('bool')).map(([a, op, b]) => `(${a} ${op} ${b})`),
    tie('bool').map((b) => `(NOT ${b})`),
    tie('num').map((a) => `(${a} IS NULL)`),
    fc.tuple(tie('num'), tie('num'), tie('num')).map(([a, b, c]) => `(${a} BETWEEN ${b} AND ${c})`),
    fc.tuple(tie('num'), fc.array(tie('num'), { minLength: 1, maxLength: 3 })).map(([a, xs]) => `(${a} IN (${xs.join(', ')}))`),
  ),
}));

const orNull = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | null> => fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: arb });

const row: fc.Arbitrary<Row> = fc.record({
  I: orNull(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom(2147483647, -2147483648))),
  S: orNull(fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom(32767, -32768))),
  B: orNull(fc.oneof(fc.bigInt({ min: -5n, max: 5n }), fc.constantFrom(9223372036854775807n, -9223372036854775808n))),
  D: orNull(fc.oneof(fc.constantFrom(0, -0, 0.5, -2.25, 1e300, Number.NaN, Infinity), fc.double({ min: -100, max: 100, noNaN: true }))),
  R: orNull(fc.oneof(fc.constantFrom(0, 0.5, -3), fc.float({ min: -100, max: 100, noNaN: true }).map(Math.fround))),
  N: orNull(fc.bigInt({ min: -999_999n, max: 999_999n }).map((u) => new Decimal(u, 2))),
  F: orNull(fc.boolean()),
  V: orNull(fc.constantFrom('ab', 'ab ', 'b', '')),
});

type Outcome = { value: SqlValue } | { error: string };

function outcome(f: () => SqlValue): Outcome {
  try {
    return { value: f() };
  } catch (e) {
    if (e instanceof SqlRuntimeError) return { error: e.errorName };
    throw e;
  }
}

function check(source: string, r: Row): void {
  const expr = parseExpression(source);
  const compiled = compileExpression(expr, scope);
  expect(typeToString(compiled.type)).toBe(typeToString(typeOf(expr)));
  const values = [...NAMES.map((n) => r[n] ?? null), 0];
  const got = outcome(() => compiled.evaluate({ rows: [values] }));
  const want = outcome(() => interpret(expr, r));
  expect({ source, row: r, outcome: got }).toEqual({ source, row: r, outcome: want });
}

describe('compiled evaluation agrees with a reference interpreter', () => {
  it('on random numeric expressions', () => {
    fc.assert(fc.property(num, row, check), { numRuns: 1500 });
  });

  it('on random boolean expressions', () => {
    fc.assert(fc.property(bool, row, check), { numRuns: 1500 });
  });

  it('on the overflow and division corner cases', () => {
    const corner: Row = { I: 2147483647, S: -32768, B: -9223372036854775808n, D: -0, R: 0.5, N: new Decimal(-12345n, 2), F: null, V: 'ab ' };
    for (const source of [
      '(I + 1)',
      '(I * I)',
      '((- I) - 1)',
      '(S - 1)',
      '(S * S)',
      '((- S) / (-1))',
      '(S % 0)',
      '(B - 1)',
      '(B / (-1))',
      '(I + B)',
      '(D / 0)',
      '(R % 0)',
      '(N * N * N)',
      '(N / 7)',
      '(I = 2147483647.0)',
      '(B < D)',
      "(V = 'ab')",
      'CASE WHEN F THEN I ELSE N END',
      'COALESCE(F, TRUE)',
    ]) {
      check(source, corner);
    }
  });

  it('on the lazy forms, where an untaken operand would divide by zero', () => {
    const zeros: Row = { I: 0, S: 0, B: 0n, D: 0, R: 0, N: new Decimal(0n, 2), F: false, V: '' };
    for (const source of [
      '((I <> 0) AND ((1 / I) > 0))',
      '((I = 0) OR ((1 / I) > 0))',
      '((S = 0) OR ((B / S) > 0))',
      '(F AND ((1 / I) > 0))',
      'CASE WHEN (I = 0) THEN 0 ELSE (1 / I) END',
      'CASE WHEN (I <> 0) THEN (1 / I) WHEN ((1 / I) = 0) THEN 2 END',
      'COALESCE(I, (1 / I))',
      '(I IN (0, (1 / I)))',
      '((I <> 0) OR ((1 / I) > 0))',
      '(I IN (1, (1 / I)))',
    ]) {
      check(source, zeros);
    }
  });
});
