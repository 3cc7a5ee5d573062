/**
 * Numeric building blocks for the Kinesis Data Analytics SQL engine: the two error types every
 * function module throws, exact-decimal helpers, Java-compatible number formatting, and the numeric
 * functions ABS, CEIL/CEILING, FLOOR, EXP, LN, LOG10, MOD, POWER, SQRT and integer STEP.
 *
 * Sources (sqlref/ = docs.aws.amazon.com/kinesisanalytics/latest/sqlref/):
 * - sqlref/sql-reference-abs, -ceil, -floor, -mod, -step: documented examples (see the tests).
 * - sqlref/sql-reference-numeric-types-precision: DECIMAL precision/scale rules (used by operators.ts).
 * - Java semantics (java.lang.Math, Double.toString, long/int arithmetic) where the docs are silent,
 *   because KDA's runtime (SQLstream s-Server) is written in Java. Checked against OpenJDK 17.
 *
 * This module is the bottom of the functions/ dependency graph: strings.ts, datetime.ts, cast.ts and
 * operators.ts import from it, never the other way round.
 */
import { Decimal, DECIMAL_MAX_PRECISION, INTEGER_RANGES, SqlType, SqlTypeName, SqlValue } from '../types';

// ---------------------------------------------------------------------------------------------
// Errors

/**
 * An error KDA reports per row: the evaluator routes the row to `error_stream` with ERROR_NAME =
 * `errorName` (≤ 32 characters, the column is VARCHAR(32)) and MESSAGE = `message`.
 * [OURS] The names and messages are not documented by AWS; they are modelled on the SQLSTATE
 * condition names of SQL:2008 (22012 division by zero, 22003 numeric value out of range, …).
 */
export class SqlRuntimeError extends Error {
  constructor(
    readonly errorName: SqlRuntimeErrorName,
    message: string,
  ) {
    super(message);
    this.name = 'SqlRuntimeError';
  }
}

export type SqlRuntimeErrorName =
  | 'DIVISION_BY_ZERO'
  | 'NUMERIC_VALUE_OUT_OF_RANGE'
  | 'INVALID_CHARACTER_VALUE_FOR_CAST'
  | 'STRING_DATA_RIGHT_TRUNCATION'
  | 'DATETIME_FIELD_OVERFLOW'
  | 'INTERVAL_FIELD_OVERFLOW'
  | 'SUBSTRING_ERROR'
  | 'TRIM_ERROR'
  | 'INVALID_ESCAPE_CHARACTER'
  | 'INVALID_ESCAPE_SEQUENCE'
  | 'INVALID_REGULAR_EXPRESSION'
  | 'INVALID_ARGUMENT';

/** An error knowable before any row arrives (wrong operand types, malformed literal): the statement is rejected. */
export class SqlTypeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SqlTypeError';
  }
}

export const divisionByZero = (): SqlRuntimeError => new SqlRuntimeError('DIVISION_BY_ZERO', 'Division by zero');

export const outOfRange = (typeText: string): SqlRuntimeError =>
  new SqlRuntimeError('NUMERIC_VALUE_OUT_OF_RANGE', `Numeric value out of range for type ${typeText}`);

// ---------------------------------------------------------------------------------------------
// Type classification

export type IntegerTypeName = 'TINYINT' | 'SMALLINT' | 'INTEGER' | 'BIGINT';

export const isIntegerType = (t: SqlType | SqlTypeName): boolean => {
  const n = typeof t === 'string' ? t : t.name;
  return n === 'TINYINT' || n === 'SMALLINT' || n === 'INTEGER' || n === 'BIGINT';
};
export const isApproxType = (t: SqlType | SqlTypeName): boolean => {
  const n = typeof t === 'string' ? t : t.name;
  return n === 'DOUBLE' || n === 'REAL';
};
export const isExactType = (t: SqlType | SqlTypeName): boolean =>
  isIntegerType(t) || (typeof t === 'string' ? t : t.name) === 'DECIMAL';
export const isNumericType = (t: SqlType | SqlTypeName): boolean => isExactType(t) || isApproxType(t);

/** Digits of an integer type seen as DECIMAL(p, 0) (the SQL standard's and Calcite's convention). */
export const INTEGER_PRECISION: Readonly<Record<IntegerTypeName, number>> = {
  TINYINT: 3,
  SMALLINT: 5,
  INTEGER: 10,
  BIGINT: 19,
};

const INTEGER_BITS: Readonly<Record<IntegerTypeName, number>> = { TINYINT: 8, SMALLINT: 16, INTEGER: 32, BIGINT: 64 };
const INTEGER_RANK: Readonly<Record<IntegerTypeName, number>> = { TINYINT: 0, SMALLINT: 1, INTEGER: 2, BIGINT: 3 };

/** The wider of two integer types. */
export function widerInteger(a: IntegerTypeName, b: IntegerTypeName): IntegerTypeName {
  return INTEGER_RANK[a] >= INTEGER_RANK[b] ? a : b;
}

/** Precision and scale of an exact type (integers as DECIMAL(p, 0); DECIMAL defaults to (19, 0)). */
export function exactPrecisionScale(t: SqlType): { precision: number; scale: number } {
  if (isIntegerType(t)) return { precision: INTEGER_PRECISION[t.name as IntegerTypeName], scale: 0 };
  if (t.name === 'DECIMAL') return { precision: t.precision ?? DECIMAL_MAX_PRECISION, scale: t.scale ?? 0 };
  throw new SqlTypeError(`${t.name} is not an exact numeric type`);
}

export function typeText(t: SqlType): string {
  if (t.name === 'DECIMAL') return `DECIMAL(${t.precision ?? DECIMAL_MAX_PRECISION},${t.scale ?? 0})`;
  return t.length !== undefined ? `${t.name}(${t.length})` : t.name;
}

// ---------------------------------------------------------------------------------------------
// Integer helpers: Java two's-complement wrapping and range checks

/** Wraps like Java's `int`/`long` arithmetic (two's complement), returning the type's runtime value. */
export function wrapInteger(value: bigint, name: IntegerTypeName): number | bigint {
  const wrapped = BigInt.asIntN(INTEGER_BITS[name], value);
  return name === 'BIGINT' ? wrapped : Number(wrapped);
}

/** The value if it fits the integer type, else a NUMERIC_VALUE_OUT_OF_RANGE error (CAST semantics). */
export function checkedInteger(value: bigint, name: IntegerTypeName): number | bigint {
  const range = INTEGER_RANGES[name];
  if (value < BigInt(range.min) || value > BigInt(range.max)) throw outOfRange(name);
  return name === 'BIGINT' ? value : Number(value);
}

/** An integer-typed runtime value (number or bigint) as a bigint. */
export function integerToBigInt(value: number | bigint): bigint {
  return typeof value === 'bigint' ? value : BigInt(value);
}

// ---------------------------------------------------------------------------------------------
// Exact decimals

export const pow10 = (n: number): bigint => 10n ** BigInt(n);

const absBig = (v: bigint): bigint => (v < 0n ? -v : v);

/** Number of decimal digits of |v| (0 has one digit). */
export function digitCount(v: bigint): number {
  return absBig(v).toString().length;
}

export type RoundingMode = 'HALF_UP' | 'DOWN' | 'FLOOR' | 'CEILING';

/** Integer division of a by b (b > 0 or < 0) rounded with the given mode. */
export function divideRounded(a: bigint, b: bigint, mode: RoundingMode): bigint {
  const q = a / b; // truncates toward zero
  const r = a % b;
  if (r === 0n) return q;
  const negative = a < 0n !== b < 0n;
  switch (mode) {
    case 'DOWN':
      return q;
    case 'FLOOR':
      return negative ? q - 1n : q;
    case 'CEILING':
      return negative ? q : q + 1n;
    case 'HALF_UP': {
      const twice = absBig(r) * 2n;
      return twice >= absBig(b) ? (negative ? q - 1n : q + 1n) : q;
    }
  }
}

/** The decimal at another scale (adding zeros, or rounding with `mode`). */
export function rescale(d: Decimal, scale: number, mode: RoundingMode = 'HALF_UP'): Decimal {
  if (scale === d.scale) return d;
  if (scale > d.scale) return new Decimal(d.unscaled * pow10(scale - d.scale), scale);
  return new Decimal(divideRounded(d.unscaled, pow10(d.scale - scale), mode), scale);
}

/** Rounds to `scale` (HALF_UP, like BigDecimal.setScale) and checks that it fits DECIMAL(precision, scale). */
export function fitDecimal(d: Decimal, precision: number, scale: number, mode: RoundingMode = 'HALF_UP'): Decimal {
  const r = rescale(d, scale, mode);
  if (absBig(r.unscaled) >= pow10(precision)) throw outOfRange(`DECIMAL(${precision},${scale})`);
  return r;
}

/** Compares two decimals exactly. */
export function compareDecimals(a: Decimal, b: Decimal): number {
  const s = Math.max(a.scale, b.scale);
  const x = rescale(a, s).unscaled;
  const y = rescale(b, s).unscaled;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Parses an exact numeric literal (`[+-]digits[.digits]`, no exponent) into a Decimal; undefined if malformed. */
export function parseExactDecimal(text: string): Decimal | undefined {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m) return undefined;
  const intPart = m[2] ?? '';
  const fracPart = m[3] ?? '';
  if (intPart === '' && fracPart === '') return undefined;
  const unscaled = BigInt((intPart + fracPart).replace(/^0+(?=\d)/, '') || '0');
  return new Decimal(m[1] === '-' ? -unscaled : unscaled, fracPart.length);
}

/**
 * The exact decimal value of a finite double, as Java's `BigDecimal.valueOf(double)` gives it (that is,
 * from the shortest decimal that round-trips, `Double.toString`'s digits).
 */
export function decimalFromDouble(value: number): Decimal {
  if (!Number.isFinite(value)) throw new SqlRuntimeError('NUMERIC_VALUE_OUT_OF_RANGE', `Cannot convert ${javaDoubleToString(value)} to an exact number`);
  const { negative, digits, exponent } = shortestDigits(value, 'double');
  // value = 0.digits × 10^exponent
  const scale = digits.length - exponent;
  let unscaled = BigInt(digits);
  let s = scale;
  if (s < 0) {
    unscaled *= pow10(-s);
    s = 0;
  }
  return new Decimal(negative ? -unscaled : unscaled, s);
}

/** A numeric runtime value of the given (exact) type as a Decimal. */
export function toDecimal(value: SqlValue, type: SqlType): Decimal {
  if (value instanceof Decimal) return value;
  if (typeof value === 'bigint') return new Decimal(value, 0);
  if (typeof value === 'number') {
    if (isApproxType(type)) return decimalFromDouble(value);
    return new Decimal(BigInt(value), 0);
  }
  throw new SqlTypeError(`Not a numeric value of type ${type.name}`);
}

/** A numeric runtime value as a JavaScript double (Java's widening conversion to double). */
export function toDouble(value: SqlValue): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Decimal) return Number(value.toString());
  throw new SqlTypeError('Not a numeric value');
}

// ---------------------------------------------------------------------------------------------
// Java-compatible formatting of doubles and floats

interface DigitsResult {
  negative: boolean;
  /** Significant digits, no leading/trailing zeros (except "0" for zero). */
  digits: string;
  /** Decimal exponent such that |value| = 0.digits × 10^exponent. */
  exponent: number;
}

/**
 * Java's FloatingDecimal (JDK ≤ 18, the algorithm behind Double.toString and Float.toString) prints an
 * integral value below 2^63 from its exact digits, dropping only the "insignificant" low digits
 * (FloatingDecimal.dtoa fast path, `developLongDigits` with `insignificantDigitsForPow2`).
 */
const INSIGNIFICANT_DIGITS_NUMBER = [
  0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 8, 8, 8, 9, 9, 9, 9, 10, 10, 10, 11, 11, 11,
  12, 12, 12, 12, 13, 13, 13, 14, 14, 14, 15, 15, 15, 15, 16, 16, 16, 17, 17, 17, 18, 18, 18, 19,
];

function longDigits(abs: number, significantBits: number): { digits: string; exponent: number } {
  let lvalue = BigInt(abs);
  const binExp = lvalue.toString(2).length - 1;
  const p2 = binExp - significantBits - 1;
  const insignificant = binExp > significantBits && p2 > 1 && p2 < INSIGNIFICANT_DIGITS_NUMBER.length ? (INSIGNIFICANT_DIGITS_NUMBER[p2] ?? 0) : 0;
  if (insignificant !== 0) {
    const p = pow10(insignificant);
    const residue = lvalue % p;
    lvalue /= p;
    if (residue >= p / 2n) lvalue += 1n;
  }
  const text = lvalue.toString();
  return { digits: text.replace(/0+$/, '') || '0', exponent: text.length + insignificant };
}

/** Exact value of a finite double as mantissa × 2^exponent (integers). */
function exactBinary(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  return biased === 0 ? { mantissa: fraction, exponent: -1074 } : { mantissa: fraction | (1n << 52n), exponent: biased - 1075 };
}

/**
 * `toExponential(p)` rounds a tie up; Java's float formatting keeps the even last digit. When the
 * value lies exactly halfway between the candidate and the candidate one unit lower, and the lower
 * one has an even last digit and still round-trips, use it (3300711.25f prints as 3300711.2).
 */
function halfEvenCandidate(abs: number, candidate: string): string {
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(candidate);
  if (!m) return candidate;
  const frac = m[2] ?? '';
  const digits = BigInt((m[1] ?? '') + frac);
  if (digits % 2n === 0n) return candidate;
  const k = Number(m[3]) - frac.length; // candidate = digits × 10^k
  const lower = digits - 1n;
  // Tie when 2 × abs = (digits + lower) × 10^k, compared exactly.
  const { mantissa, exponent } = exactBinary(abs);
  let left = 2n * mantissa;
  let right = digits + lower;
  if (exponent >= 0) left <<= BigInt(exponent);
  else right <<= BigInt(-exponent);
  if (k >= 0) right *= pow10(k);
  else left *= pow10(-k);
  if (left !== right) return candidate;
  const lowerText = lower.toString();
  const altExponent = k + lowerText.length - 1;
  const alt = `${lowerText[0]}${lowerText.length > 1 ? `.${lowerText.slice(1)}` : ''}e${altExponent < 0 ? '-' : '+'}${Math.abs(altExponent)}`;
  return Math.fround(Number(alt)) === abs ? alt : candidate;
}

/** The digits Java prints for a double (or float): see `longDigits`; otherwise the shortest round-trip digits. */
function shortestDigits(value: number, kind: 'double' | 'float'): DigitsResult {
  const negative = value < 0 || Object.is(value, -0);
  const abs = Math.abs(value);
  if (abs === 0) return { negative, digits: '0', exponent: 1 };
  if (Number.isInteger(abs) && abs < 2 ** 63) return { negative, ...longDigits(abs, kind === 'double' ? 53 : 24) };
  let text: string;
  if (kind === 'double') {
    // toExponential() without argument gives as many digits as needed to identify the value uniquely.
    text = abs.toExponential();
  } else {
    text = abs.toExponential(8);
    for (let p = 0; p <= 8; p++) {
      const candidate = abs.toExponential(p);
      if (Math.fround(Number(candidate)) === abs) {
        text = halfEvenCandidate(abs, candidate);
        break;
      }
    }
  }
  const m = /^(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) throw new Error(`unexpected exponential form ${text}`);
  const digits = ((m[1] ?? '') + (m[2] ?? '')).replace(/0+$/, '') || '0';
  return { negative, digits, exponent: Number(m[3]) + 1 };
}

function javaFormat(value: number, kind: 'double' | 'float'): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  const { negative, digits, exponent } = shortestDigits(value, kind);
  const sign = negative ? '-' : '';
  if (digits === '0') return `${sign}0.0`;
  // FloatingDecimal.toJavaFormatString: plain notation when the decimal exponent is in [-2, 7]
  // (that is 10^-3 <= |d| < 10^7), with at least one digit after the point.
  if (exponent > 0 && exponent < 8) {
    if (exponent >= digits.length) return `${sign}${digits}${'0'.repeat(exponent - digits.length)}.0`;
    return `${sign}${digits.slice(0, exponent)}.${digits.slice(exponent)}`;
  }
  if (exponent <= 0 && exponent > -3) return `${sign}0.${'0'.repeat(-exponent)}${digits}`;
  // Computerized scientific notation: d.ddd…E±n, at least one digit after the point.
  const mantissa = digits.length === 1 ? `${digits}.0` : `${digits[0]}.${digits.slice(1)}`;
  return `${sign}${mantissa}E${exponent - 1}`;
}

/**
 * Java's `Double.toString(double)`: plain notation for 10^-3 ≤ |d| < 10^7 (`100.0`, `0.001`), else
 * `1.0E10`, `1.0E-4`; `NaN`, `Infinity`, `-0.0`.
 * Integral values below 2^63 follow JDK ≤ 18's exact-digits path (5.8986041083561293E17); other values
 * get the shortest digits that round-trip. JDK ≤ 18 sometimes printed one digit more than the shortest
 * for those (1.0E23 as `9.999999999999999E22`, 4.9E-324 where we print 5.0E-324): known, rare
 * differences (0 in 200,000 random doubles; the tiniest subnormals). UNCONFIRMED which JDK KDA ran.
 */
export function javaDoubleToString(value: number): string {
  return javaFormat(value, 'double');
}

/**
 * Java's `Float.toString(float)` for a REAL value: JDK ≤ 18's exact digits for integral values, else the
 * shortest digits that round-trip through float32, ties to the even digit (3300711.25f → 3300711.2).
 * Known differences from JDK 17, where Java prints one digit more than needed: 14 in 100,000 random
 * floats (near 1E25), 16 of the 254 powers of two (Float.MIN_NORMAL is 1.17549435E-38 in Java, we
 * print 1.1754944E-38) and tiny subnormals (1.4E-45).
 */
export function javaFloatToString(value: number): string {
  return javaFormat(Math.fround(value), 'float');
}

// ---------------------------------------------------------------------------------------------
// Numeric functions

function assertNumeric(type: SqlType, fn: string): void {
  if (!isNumericType(type)) throw new SqlTypeError(`Cannot apply ${fn} to arguments of type ${fn}(<${type.name}>)`);
}

/** Result type of CEIL/FLOOR on a number: integers and approximate types keep their type, DECIMAL(p,s) → DECIMAL(p,0). */
export function ceilFloorResultType(type: SqlType): SqlType {
  assertNumeric(type, 'CEIL/FLOOR');
  if (type.name === 'DECIMAL') {
    const { precision } = exactPrecisionScale(type);
    return { name: 'DECIMAL', precision, scale: 0, nullable: type.nullable };
  }
  return type;
}

function roundTowards(value: SqlValue, type: SqlType, mode: 'FLOOR' | 'CEILING'): SqlValue {
  if (value === null) return null;
  if (isIntegerType(type)) return value;
  if (isApproxType(type)) {
    const r = mode === 'FLOOR' ? Math.floor(value as number) : Math.ceil(value as number);
    return type.name === 'REAL' ? Math.fround(r) : r;
  }
  const d = toDecimal(value, type);
  return rescale(d, 0, mode);
}

/** CEIL / CEILING(number): the smallest integral value ≥ the argument (sqlref/sql-reference-ceil). */
export function ceil(value: SqlValue, type: SqlType): SqlValue {
  assertNumeric(type, 'CEIL');
  return roundTowards(value, type, 'CEILING');
}

/** FLOOR(number): the largest integral value ≤ the argument (sqlref/sql-reference-floor). */
export function floor(value: SqlValue, type: SqlType): SqlValue {
  assertNumeric(type, 'FLOOR');
  return roundTowards(value, type, 'FLOOR');
}

/**
 * ABS(number): same type as the argument. Integer types follow Java's `Math.abs`, so
 * ABS(-2147483648) on an INTEGER is -2147483648 (UNCONFIRMED: KDA may report an overflow instead).
 * ABS on an interval is in datetime.ts (`absInterval`).
 */
export function abs(value: SqlValue, type: SqlType): SqlValue {
  assertNumeric(type, 'ABS');
  if (value === null) return null;
  if (isIntegerType(type)) {
    const v = integerToBigInt(value as number | bigint);
    return wrapInteger(v < 0n ? -v : v, type.name as IntegerTypeName);
  }
  if (isApproxType(type)) return Math.abs(value as number);
  const d = toDecimal(value, type);
  return d.unscaled < 0n ? new Decimal(-d.unscaled, d.scale) : d;
}

function doubleFunction(fn: (x: number) => number, name: string) {
  return (value: SqlValue, type: SqlType): number | null => {
    assertNumeric(type, name);
    if (value === null) return null;
    return fn(toDouble(value));
  };
}

/** EXP(x) → DOUBLE, Java's Math.exp. */
export const exp = doubleFunction(Math.exp, 'EXP');
/** LN(x) → DOUBLE, Java's Math.log: LN(0) = -Infinity, LN(-1) = NaN (no error). */
export const ln = doubleFunction(Math.log, 'LN');
/** LOG10(x) → DOUBLE, Java's Math.log10. */
export const log10 = doubleFunction(Math.log10, 'LOG10');
/** SQRT(x) → DOUBLE, Java's Math.sqrt (not in the KDA function list; SQL:2008 standard function). */
export const sqrt = doubleFunction(Math.sqrt, 'SQRT');

/** POWER(base, exponent) → DOUBLE, Java's Math.pow (POWER(0, -1) = Infinity). */
export function power(base: SqlValue, baseType: SqlType, exponent: SqlValue, exponentType: SqlType): number | null {
  assertNumeric(baseType, 'POWER');
  assertNumeric(exponentType, 'POWER');
  if (base === null || exponent === null) return null;
  // JavaScript's ** follows the same IEEE rules as Java's Math.pow, including pow(1, NaN) = NaN
  // and pow(±1, ±Infinity) = NaN.
  return toDouble(base) ** toDouble(exponent);
}

/**
 * Result type of MOD(a, b): KDA accepts only arguments of scale 0 (sqlref/sql-reference-mod,
 * "Limitations"). The result has the type of the divisor (Calcite's rule; the remainder always fits).
 */
export function modResultType(dividend: SqlType, divisor: SqlType): SqlType {
  for (const t of [dividend, divisor]) {
    if (!isExactType(t) || exactPrecisionScale(t).scale !== 0) {
      throw new SqlTypeError(`MOD supports only arguments of scale 0, not ${typeText(t)}`);
    }
  }
  return { ...divisor, nullable: dividend.nullable || divisor.nullable };
}

/**
 * MOD(dividend, divisor): the remainder with the sign of the dividend (Java's `%`):
 * MOD(-4,3) = -1. A zero divisor raises DIVISION_BY_ZERO.
 */
export function mod(dividend: SqlValue, dividendType: SqlType, divisor: SqlValue, divisorType: SqlType): SqlValue {
  const resultType = modResultType(dividendType, divisorType);
  if (dividend === null || divisor === null) return null;
  const a = toDecimal(dividend, dividendType).unscaled;
  const b = toDecimal(divisor, divisorType).unscaled;
  if (b === 0n) throw divisionByZero();
  const r = a % b;
  if (resultType.name === 'DECIMAL') return new Decimal(r, 0);
  return wrapInteger(r, resultType.name as IntegerTypeName);
}

/**
 * STEP(<integer> BY <integer literal>): the largest multiple of `by` that is ≤ the value
 * (sqlref/sql-reference-step: STEP(23 BY 5) = 20). The page also gives the "equivalent"
 * `(x / by) * by`, which truncates toward zero and differs for negative x; we follow the stated
 * definition (floor), so STEP(-23 BY 5) = -25 (UNCONFIRMED). The result has the type of the value.
 * A zero or negative `by` raises INVALID_ARGUMENT.
 */
export function stepInteger(value: SqlValue, type: SqlType, by: SqlValue, byType: SqlType): SqlValue {
  if (!isIntegerType(type) || !isIntegerType(byType)) {
    throw new SqlTypeError(`STEP on numbers needs integer arguments, not ${type.name} BY ${byType.name}`);
  }
  if (value === null || by === null) return null;
  const v = integerToBigInt(value as number | bigint);
  const n = integerToBigInt(by as number | bigint);
  if (n <= 0n) throw new SqlRuntimeError('INVALID_ARGUMENT', `STEP width must be positive, not ${n}`);
  return wrapInteger(divideRounded(v, n, 'FLOOR') * n, type.name as IntegerTypeName);
}
