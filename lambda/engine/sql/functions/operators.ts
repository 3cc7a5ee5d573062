/**
 * Operators of the Kinesis Data Analytics SQL engine: arithmetic (+ - * / % and unary -), comparison,
 * IS [NOT] DISTINCT FROM, three-valued AND/OR/NOT, string concatenation, datetime and interval
 * arithmetic, and the result-type rules for all of them (plus the common type of CASE/COALESCE).
 *
 * Result types of arithmetic on numbers (SQL:2008 6.27 and Calcite's rules, which KDA's SQLstream shares):
 * - either operand DOUBLE → DOUBLE; else either REAL → REAL (IEEE 754, Java float/double).
 * - both integer types → the wider of the two (TINYINT < SMALLINT < INTEGER < BIGINT); the value wraps
 *   like Java's int/long arithmetic (brief: "BIGINT wraps like Java long"; INTEGER, SMALLINT and
 *   TINYINT wrap at their own width, UNCONFIRMED) and division truncates toward zero (2 / 3 = 0).
 * - otherwise DECIMAL, integers counting as DECIMAL(3|5|10|19, 0), with (sqlref/sql-reference-numeric-types-precision):
 *     + and -: s = max(s1, s2), p = max(p1 - s1, p2 - s2) + s + 1
 *     *:       s = s1 + s2,      p = p1 + p2
 *     /:       d = p1 - s1 + s2 whole digits, s = max(6, s1 + p2 + 1), p = d + s; when p exceeds the
 *              maximum, "precedence is first giving at least the scale of the first argument (s >= s1)
 *              followed by enough whole digits": s = min(s, max(s1, max - d)).
 *     %:       s = max(s1, s2), p = min(p1 - s1, p2 - s2) + s
 *   all capped at DECIMAL_MAX_PRECISION (19, types.ts; the precision page says 18 — UNCONFIRMED). A value
 *   that does not fit raises NUMERIC_VALUE_OUT_OF_RANGE; * rounds HALF_UP when the scale was capped; /
 *   truncates toward zero at the result scale (UNCONFIRMED).
 * - Division (and %) by zero raises DIVISION_BY_ZERO for every numeric type, including REAL and DOUBLE:
 *   the developer guide's error-stream exercise sends `price / 0` with a REAL price to error_stream
 *   (dev/app-explore-error-stream).
 *
 * Datetime and interval arithmetic (sqlref date, timestamp and interval operators): see datetime.ts.
 */
import { Decimal, DECIMAL_MAX_PRECISION, Interval, SqlType, SqlValue, typeToString } from '../types';
import {
  IntegerTypeName,
  SqlRuntimeError,
  SqlTypeError,
  compareDecimals,
  divideRounded,
  divisionByZero,
  exactPrecisionScale,
  fitDecimal,
  integerToBigInt,
  isApproxType,
  isIntegerType,
  isNumericType,
  pow10,
  rescale,
  toDecimal,
  toDouble,
  widerInteger,
  wrapInteger,
} from './numeric';
import {
  IntervalQualifier,
  IntervalSqlType,
  addInterval,
  addIntervals,
  datetimeMinus,
  divideInterval,
  intervalType,
  isDatetimeType,
  multiplyInterval,
  negateInterval,
  qualifierOf,
  unionQualifier,
} from './datetime';

export { SqlRuntimeError, SqlTypeError } from './numeric';

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';

const MAX = DECIMAL_MAX_PRECISION;

// ---------------------------------------------------------------------------------------------
// Result types

function decimalType(precision: number, scale: number, nullable: boolean): SqlType {
  return { name: 'DECIMAL', precision, scale, nullable };
}

function numericResultType(op: ArithmeticOperator, l: SqlType, r: SqlType): SqlType {
  const nullable = l.nullable || r.nullable;
  if (isApproxType(l) || isApproxType(r)) {
    return { name: l.name === 'DOUBLE' || r.name === 'DOUBLE' ? 'DOUBLE' : 'REAL', nullable };
  }
  if (isIntegerType(l) && isIntegerType(r)) {
    return { name: widerInteger(l.name as IntegerTypeName, r.name as IntegerTypeName), nullable };
  }
  const { precision: p1, scale: s1 } = exactPrecisionScale(l);
  const { precision: p2, scale: s2 } = exactPrecisionScale(r);
  switch (op) {
    case '+':
    case '-': {
      const s = Math.max(s1, s2);
      return decimalType(Math.min(MAX, Math.max(p1 - s1, p2 - s2) + s + 1), s, nullable);
    }
    case '*':
      return decimalType(Math.min(MAX, p1 + p2), Math.min(MAX, s1 + s2), nullable);
    case '/': {
      const d = p1 - s1 + s2;
      let s = Math.max(6, s1 + p2 + 1);
      if (d + s > MAX) s = Math.min(s, Math.max(s1, MAX - d));
      s = Math.min(s, MAX);
      return decimalType(Math.min(MAX, Math.max(d, 0) + s), s, nullable);
    }
    case '%': {
      const s = Math.max(s1, s2);
      return decimalType(Math.min(MAX, Math.min(p1 - s1, p2 - s2) + s), s, nullable);
    }
  }
}

/**
 * The type of `left op right`, or a SqlTypeError. Numbers: see the module comment. Datetimes:
 * datetime ± interval and interval + datetime → the datetime's type; datetime - datetime → INTERVAL
 * DAY TO SECOND (use `datetimeDifferenceType` for the `(a - b) <qualifier>` form); interval ± interval
 * (same family) → INTERVAL over both qualifiers (DAY + DAY TO HOUR → DAY TO HOUR); interval * number,
 * number * interval, interval / number → the interval's type.
 */
export function arithmeticResultType(op: ArithmeticOperator, left: SqlType, right: SqlType): SqlType {
  const nullable = left.nullable || right.nullable;
  if (isNumericType(left) && isNumericType(right)) return numericResultType(op, left, right);
  const li = left.name === 'INTERVAL';
  const ri = right.name === 'INTERVAL';
  const fail = (): never => {
    throw new SqlTypeError(`Cannot apply '${op}' to arguments of type <${typeToString(left)}> ${op} <${typeToString(right)}>`);
  };
  if ((op === '+' || op === '-') && isDatetimeType(left) && ri) {
    if (left.name === 'TIME' && right.interval === 'YEAR_MONTH') fail();
    return { ...left, nullable };
  }
  if (op === '+' && li && isDatetimeType(right)) {
    if (right.name === 'TIME' && left.interval === 'YEAR_MONTH') fail();
    return { ...right, nullable };
  }
  if (op === '-' && isDatetimeType(left) && isDatetimeType(right)) {
    const bothTime = left.name === 'TIME' && right.name === 'TIME';
    const noTime = left.name !== 'TIME' && right.name !== 'TIME';
    if (!bothTime && !noTime) fail();
    return intervalType({ start: 'DAY', end: 'SECOND' }, nullable);
  }
  if ((op === '+' || op === '-') && li && ri) {
    if (left.interval !== right.interval) fail();
    return intervalType(unionQualifier(qualifierOf(left), qualifierOf(right)), nullable);
  }
  if (op === '*' && li && isNumericType(right)) return { ...left, nullable };
  if (op === '*' && isNumericType(left) && ri) return { ...right, nullable };
  if (op === '/' && li && isNumericType(right)) return { ...left, nullable };
  return fail();
}

/** The type of `(a - b) <qualifier>`: INTERVAL <qualifier>. */
export function datetimeDifferenceType(left: SqlType, right: SqlType, qualifier: IntervalQualifier): IntervalSqlType {
  arithmeticResultType('-', left, right);
  return intervalType(qualifier, left.nullable || right.nullable);
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

function integerArithmetic(op: ArithmeticOperator, a: bigint, b: bigint, result: IntegerTypeName): number | bigint {
  switch (op) {
    case '+':
      return wrapInteger(a + b, result);
    case '-':
      return wrapInteger(a - b, result);
    case '*':
      return wrapInteger(a * b, result);
    case '/':
      if (b === 0n) throw divisionByZero();
      return wrapInteger(a / b, result); // BigInt division truncates toward zero, like Java
    case '%':
      if (b === 0n) throw divisionByZero();
      return wrapInteger(a % b, result); // sign of the dividend, like Java
  }
}

function approxArithmetic(op: ArithmeticOperator, a: number, b: number, real: boolean): number {
  let r: number;
  switch (op) {
    case '+':
      r = a + b;
      break;
    case '-':
      r = a - b;
      break;
    case '*':
      r = a * b;
      break;
    case '/':
      if (b === 0) throw divisionByZero();
      r = a / b;
      break;
    case '%':
      if (b === 0) throw divisionByZero();
      r = a % b; // fmod, sign of the dividend, like Java's %
      break;
  }
  // For + - * / %, rounding the exact double result to float equals Java's float arithmetic.
  return real ? Math.fround(r) : r;
}

function decimalArithmetic(op: ArithmeticOperator, a: Decimal, b: Decimal, result: SqlType): Decimal {
  const { precision, scale } = exactPrecisionScale(result);
  switch (op) {
    case '+':
    case '-': {
      const s = Math.max(a.scale, b.scale);
      const x = rescale(a, s).unscaled;
      const y = rescale(b, s).unscaled;
      return fitDecimal(new Decimal(op === '+' ? x + y : x - y, s), precision, scale);
    }
    case '*':
      return fitDecimal(new Decimal(a.unscaled * b.unscaled, a.scale + b.scale), precision, scale);
    case '/': {
      if (b.unscaled === 0n) throw divisionByZero();
      // a / b at `scale` digits: (ua × 10^-sa) / (ub × 10^-sb) × 10^scale
      const shift = scale - a.scale + b.scale;
      const q =
        shift >= 0
          ? divideRounded(a.unscaled * pow10(shift), b.unscaled, 'DOWN')
          : divideRounded(a.unscaled, b.unscaled * pow10(-shift), 'DOWN');
      return fitDecimal(new Decimal(q, scale), precision, scale);
    }
    case '%': {
      if (b.unscaled === 0n) throw divisionByZero();
      const s = Math.max(a.scale, b.scale);
      return fitDecimal(new Decimal(rescale(a, s).unscaled % rescale(b, s).unscaled, s), precision, scale);
    }
  }
}

/**
 * A compiled binary operator: its result type and a function of the two operand values. NULL in
 * either operand gives NULL.
 */
export interface BinaryOperator {
  readonly type: SqlType;
  apply(left: SqlValue, right: SqlValue): SqlValue;
}

/** Compiles `left op right` for the static operand types (SqlTypeError when not applicable). */
export function arithmeticOperator(op: ArithmeticOperator, leftType: SqlType, rightType: SqlType): BinaryOperator {
  const type = arithmeticResultType(op, leftType, rightType);
  const nullSafe = (f: (l: SqlValue, r: SqlValue) => SqlValue) => ({
    type,
    apply: (l: SqlValue, r: SqlValue): SqlValue => (l === null || r === null ? null : f(l, r)),
  });
  if (isNumericType(leftType) && isNumericType(rightType)) {
    if (isApproxType(type)) {
      const real = type.name === 'REAL';
      return nullSafe((l, r) => approxArithmetic(op, toDouble(l), toDouble(r), real));
    }
    if (isIntegerType(type)) {
      const name = type.name as IntegerTypeName;
      return nullSafe((l, r) => integerArithmetic(op, integerToBigInt(l as number | bigint), integerToBigInt(r as number | bigint), name));
    }
    return nullSafe((l, r) => decimalArithmetic(op, toDecimal(l, leftType), toDecimal(r, rightType), type));
  }
  const li = leftType.name === 'INTERVAL';
  const ri = rightType.name === 'INTERVAL';
  if (isDatetimeType(leftType) && ri) {
    const sign = op === '-' ? -1 : 1;
    return nullSafe((l, r) => addInterval(l as number, leftType, r as Interval, sign));
  }
  if (li && isDatetimeType(rightType)) return nullSafe((l, r) => addInterval(r as number, rightType, l as Interval, 1));
  if (isDatetimeType(leftType) && isDatetimeType(rightType)) {
    return nullSafe((l, r) => datetimeMinus(l as number, leftType, r as number, rightType, { start: 'DAY', end: 'SECOND' }));
  }
  if (li && ri) return nullSafe((l, r) => addIntervals(l as Interval, r as Interval, op === '-' ? -1 : 1));
  if (li && op === '*') return nullSafe((l, r) => multiplyInterval(l as Interval, r, rightType));
  if (ri && op === '*') return nullSafe((l, r) => multiplyInterval(r as Interval, l, leftType));
  return nullSafe((l, r) => divideInterval(l as Interval, r, rightType));
}

/** Evaluates `left op right` (compile with arithmeticOperator to evaluate many rows). */
export function arithmetic(op: ArithmeticOperator, left: SqlValue, right: SqlValue, leftType: SqlType, rightType: SqlType): SqlValue {
  return arithmeticOperator(op, leftType, rightType).apply(left, right);
}

/** The type of unary minus / plus: the operand's type (numbers and intervals). */
export function negateResultType(type: SqlType): SqlType {
  if (!isNumericType(type) && type.name !== 'INTERVAL') throw new SqlTypeError(`Cannot apply '-' to arguments of type <${typeToString(type)}>`);
  return type;
}

/** Unary minus: integers wrap like Java (-(-2147483648) = -2147483648 for INTEGER), doubles and decimals negate exactly. */
export function negate(value: SqlValue, type: SqlType): SqlValue {
  negateResultType(type);
  if (value === null) return null;
  if (value instanceof Interval) return negateInterval(value);
  if (isIntegerType(type)) return wrapInteger(-integerToBigInt(value as number | bigint), type.name as IntegerTypeName);
  if (isApproxType(type)) return -(value as number);
  const d = toDecimal(value, type);
  return new Decimal(-d.unscaled, d.scale);
}

/**
 * `(left - right) <qualifier>` (sqlref: "(datetime - datetime) <interval qualifier> = interval"), e.g.
 * `(t1 - t2) SECOND`, `(t1 - t2) MINUTE`, `(d1 - d2) DAY`, `(t1 - t2) YEAR TO MONTH`. See datetime.ts
 * datetimeMinus for the truncation rules.
 */
export function datetimeDifference(left: SqlValue, leftType: SqlType, right: SqlValue, rightType: SqlType, qualifier: IntervalQualifier): Interval | null {
  return datetimeMinus(left as number | null, leftType, right as number | null, rightType, qualifier);
}

// ---------------------------------------------------------------------------------------------
// Comparison

export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>=';

type CompareKind = 'EXACT' | 'APPROX' | 'STRING' | 'BOOLEAN' | 'DATETIME' | 'TIME' | 'INTERVAL' | 'BINARY';

function compareKind(l: SqlType, r: SqlType): CompareKind {
  const fail = (): never => {
    throw new SqlTypeError(`Cannot compare values of types <${typeToString(l)}> and <${typeToString(r)}>`);
  };
  if (isNumericType(l) && isNumericType(r)) return isApproxType(l) || isApproxType(r) ? 'APPROX' : 'EXACT';
  const str = (t: SqlType) => t.name === 'CHAR' || t.name === 'VARCHAR';
  if (str(l) && str(r)) return 'STRING';
  if (l.name === 'BOOLEAN' && r.name === 'BOOLEAN') return 'BOOLEAN';
  const dt = (t: SqlType) => t.name === 'DATE' || t.name === 'TIMESTAMP';
  if (dt(l) && dt(r)) return 'DATETIME';
  if (l.name === 'TIME' && r.name === 'TIME') return 'TIME';
  if (l.name === 'INTERVAL' && r.name === 'INTERVAL') return l.interval === r.interval ? 'INTERVAL' : fail();
  const bin = (t: SqlType) => t.name === 'BINARY' || t.name === 'VARBINARY';
  if (bin(l) && bin(r)) return 'BINARY';
  return fail();
}

/**
 * Checks that two types can be compared (SqlTypeError otherwise): numbers with numbers, character
 * strings with each other, BOOLEAN, DATE with TIMESTAMP, TIME with TIME, intervals of one family,
 * binary with binary. Strings are not implicitly converted to numbers or datetimes (UNCONFIRMED).
 */
export function checkComparable(left: SqlType, right: SqlType): void {
  compareKind(left, right);
}

function cmp<T>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * PAD SPACE comparison when either side is CHAR (SQL:2008 8.2: the shorter string is padded with
 * spaces, so CHAR 'ab ' = 'ab'); VARCHAR with VARCHAR compares exactly ('ab ' > 'ab'). Order is
 * Java's String.compareTo (UTF-16 code units).
 */
function compareStrings(a: string, b: string, pad: boolean): number {
  if (pad && a.length !== b.length) {
    const n = Math.max(a.length, b.length);
    return cmp(a.padEnd(n, ' '), b.padEnd(n, ' '));
  }
  return cmp(a, b);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return cmp(a.length, b.length);
}

function compareExact(a: SqlValue, b: SqlValue, aType: SqlType, bType: SqlType): number {
  if (typeof a === 'number' && typeof b === 'number') return cmp(a, b);
  if (isIntegerType(aType) && isIntegerType(bType)) return cmp(integerToBigInt(a as number | bigint), integerToBigInt(b as number | bigint));
  return compareDecimals(toDecimal(a, aType), toDecimal(b, bType));
}

/**
 * Three-way comparison of two non-null values (-1, 0, 1). Approximate numbers compare as Java
 * doubles (NaN compares equal to nothing: use `compare` for SQL predicates); exact numbers compare
 * exactly (BIGINT with DECIMAL without rounding).
 */
export function compareValues(a: SqlValue, b: SqlValue, aType: SqlType, bType: SqlType): number {
  switch (compareKind(aType, bType)) {
    case 'APPROX':
      return cmp(toDouble(a), toDouble(b));
    case 'EXACT':
      return compareExact(a, b, aType, bType);
    case 'STRING':
      return compareStrings(a as string, b as string, aType.name === 'CHAR' || bType.name === 'CHAR');
    case 'BOOLEAN':
      return cmp(a ? 1 : 0, b ? 1 : 0);
    case 'DATETIME':
    case 'TIME':
      return cmp(a as number, b as number);
    case 'INTERVAL':
      return cmp((a as Interval).amount, (b as Interval).amount);
    case 'BINARY':
      return compareBytes(a as Uint8Array, b as Uint8Array);
  }
}

function holds(op: ComparisonOperator, c: number): boolean {
  switch (op) {
    case '=':
      return c === 0;
    case '<>':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

/**
 * `a op b` with SQL semantics: NULL when either operand is NULL (UNKNOWN). Approximate numbers use
 * Java's primitive comparisons, so NaN = NaN is FALSE and NaN <> NaN is TRUE.
 */
export function compare(op: ComparisonOperator, a: SqlValue, b: SqlValue, aType: SqlType, bType: SqlType): boolean | null {
  const kind = compareKind(aType, bType);
  if (a === null || b === null) return null;
  if (kind === 'APPROX') {
    const x = toDouble(a);
    const y = toDouble(b);
    switch (op) {
      case '=':
        return x === y;
      case '<>':
        return x !== y;
      case '<':
        return x < y;
      case '<=':
        return x <= y;
      case '>':
        return x > y;
      case '>=':
        return x >= y;
    }
  }
  return holds(op, compareValues(a, b, aType, bType));
}

/**
 * `a IS DISTINCT FROM b` (SQL:2008 8.15): like <> but never UNKNOWN — two NULLs are not distinct, a
 * NULL and a value are. (Not on KDA's operator pages; SQL:2008 and SQLstream support it.)
 */
export function isDistinctFrom(a: SqlValue, b: SqlValue, aType: SqlType, bType: SqlType): boolean {
  checkComparable(aType, bType);
  if (a === null || b === null) return !(a === null && b === null);
  return compare('<>', a, b, aType, bType) === true;
}

/** `a IS NOT DISTINCT FROM b`. */
export function isNotDistinctFrom(a: SqlValue, b: SqlValue, aType: SqlType, bType: SqlType): boolean {
  return !isDistinctFrom(a, b, aType, bType);
}

/** `value BETWEEN low AND high` (= value >= low AND value <= high, three-valued). */
export function between(value: SqlValue, low: SqlValue, high: SqlValue, valueType: SqlType, lowType: SqlType, highType: SqlType): boolean | null {
  return and(compare('>=', value, low, valueType, lowType), compare('<=', value, high, valueType, highType));
}

// ---------------------------------------------------------------------------------------------
// Three-valued logic (sqlref logical operators: TRUE, FALSE and UNKNOWN = NULL)

/** AND: FALSE if either is FALSE, else UNKNOWN if either is UNKNOWN, else TRUE. */
export function and(a: boolean | null, b: boolean | null): boolean | null {
  if (a === false || b === false) return false;
  if (a === null || b === null) return null;
  return true;
}

/** OR: TRUE if either is TRUE, else UNKNOWN if either is UNKNOWN, else FALSE. */
export function or(a: boolean | null, b: boolean | null): boolean | null {
  if (a === true || b === true) return true;
  if (a === null || b === null) return null;
  return false;
}

/** NOT: UNKNOWN stays UNKNOWN. */
export function not(a: boolean | null): boolean | null {
  return a === null ? null : !a;
}

/** `a IS [NOT] TRUE | FALSE | UNKNOWN`: never UNKNOWN itself. */
export function isTruth(a: boolean | null, test: 'TRUE' | 'FALSE' | 'UNKNOWN', negated = false): boolean {
  const r = test === 'UNKNOWN' ? a === null : test === 'TRUE' ? a === true : a === false;
  return negated ? !r : r;
}

// ---------------------------------------------------------------------------------------------
// Concatenation, CASE, COALESCE, NULLIF

/**
 * Type of `a || b`: character strings only (BINARY concatenation is not supported, sqlref data types);
 * CHAR(n) || CHAR(m) → CHAR(n+m), otherwise VARCHAR(n+m) (unbounded when either length is unknown).
 */
export function concatResultType(left: SqlType, right: SqlType): SqlType {
  const str = (t: SqlType) => t.name === 'CHAR' || t.name === 'VARCHAR';
  if (!str(left) || !str(right)) {
    throw new SqlTypeError(`Cannot apply '||' to arguments of type <${typeToString(left)}> || <${typeToString(right)}>`);
  }
  const name = left.name === 'CHAR' && right.name === 'CHAR' ? 'CHAR' : 'VARCHAR';
  const nullable = left.nullable || right.nullable;
  if (left.length === undefined || right.length === undefined) return { name, nullable };
  return { name, length: left.length + right.length, nullable };
}

/** `a || b`: NULL if either is NULL; CHAR values keep their padding ('ab ' || 'c' = 'ab c'). */
export function concat(a: SqlValue, b: SqlValue): string | null {
  if (a === null || b === null) return null;
  return (a as string) + (b as string);
}

/**
 * The common type of CASE branches, COALESCE and NULLIF arguments (SQL:2008 9.3, Calcite's
 * leastRestrictive): numbers as arithmetic without the +1 digit (DOUBLE > REAL > DECIMAL > integers;
 * DECIMAL keeps the largest scale and whole-digit count), strings → CHAR(max) when all are CHAR else
 * VARCHAR(max), DATE with TIMESTAMP → TIMESTAMP, intervals of one family → the union qualifier,
 * binary → VARBINARY(max) unless all BINARY. Nullable when any is. A SqlTypeError when incompatible.
 */
export function commonType(types: readonly SqlType[]): SqlType {
  const first = types[0];
  if (!first) throw new SqlTypeError('No types to unify');
  const nullable = types.some((t) => t.nullable);
  const fail = (): never => {
    throw new SqlTypeError(`Cannot find a common type for ${types.map(typeToString).join(', ')}`);
  };
  const all = (p: (t: SqlType) => boolean) => types.every(p);
  if (all(isNumericType)) {
    if (types.some((t) => t.name === 'DOUBLE')) return { name: 'DOUBLE', nullable };
    if (types.some(isApproxType)) return { name: 'REAL', nullable };
    if (all(isIntegerType)) return { name: types.map((t) => t.name as IntegerTypeName).reduce(widerInteger), nullable };
    const ps = types.map(exactPrecisionScale);
    const s = Math.max(...ps.map((x) => x.scale));
    const whole = Math.max(...ps.map((x) => x.precision - x.scale));
    return decimalType(Math.min(MAX, whole + s), s, nullable);
  }
  const maxLength = (): number | undefined => (types.some((t) => t.length === undefined) ? undefined : Math.max(...types.map((t) => t.length ?? 0)));
  if (all((t) => t.name === 'CHAR' || t.name === 'VARCHAR')) {
    const length = maxLength();
    const name = all((t) => t.name === 'CHAR') ? 'CHAR' : 'VARCHAR';
    return length === undefined ? { name, nullable } : { name, length, nullable };
  }
  if (all((t) => t.name === 'BINARY' || t.name === 'VARBINARY')) {
    const length = maxLength();
    const name = all((t) => t.name === 'BINARY') ? 'BINARY' : 'VARBINARY';
    return length === undefined ? { name, nullable } : { name, length, nullable };
  }
  if (all((t) => t.name === 'DATE' || t.name === 'TIMESTAMP')) return { name: all((t) => t.name === 'DATE') ? 'DATE' : 'TIMESTAMP', nullable };
  if (all((t) => t.name === 'INTERVAL')) {
    if (!all((t) => t.interval === first.interval)) fail();
    return intervalType(types.map(qualifierOf).reduce(unionQualifier), nullable);
  }
  if (all((t) => t.name === first.name && (t.name === 'TIME' || t.name === 'BOOLEAN'))) return { name: first.name, nullable };
  if (all((t) => t.name === 'ROW' && typeToString(t) === typeToString(first))) return { ...first, nullable };
  return fail();
}

/** COALESCE(v1, v2, …): the first non-NULL value, or NULL (values already converted to the common type). */
export function coalesce(values: readonly SqlValue[]): SqlValue {
  for (const v of values) if (v !== null) return v;
  return null;
}

/** NULLIF(a, b): NULL when a = b (TRUE), else a. */
export function nullif(a: SqlValue, b: SqlValue, aType: SqlType, bType: SqlType): SqlValue {
  return compare('=', a, b, aType, bType) === true ? null : a;
}

/**
 * Searched CASE over already-evaluated conditions: the value of the first branch whose condition is
 * TRUE (UNKNOWN counts as not TRUE), else the ELSE value (NULL when omitted). An evaluator that must
 * not evaluate untaken branches can apply the same rule lazily.
 */
export function searchedCase(branches: readonly (readonly [boolean | null, SqlValue])[], elseValue: SqlValue = null): SqlValue {
  for (const [condition, value] of branches) if (condition === true) return value;
  return elseValue;
}

/** Error thrown by callers that need a boolean but got another value. */
export function expectBoolean(value: SqlValue): boolean | null {
  if (value === null || typeof value === 'boolean') return value;
  throw new SqlRuntimeError('INVALID_ARGUMENT', 'Expected a BOOLEAN value');
}
