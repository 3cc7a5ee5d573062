/**
 * CAST for the Kinesis Data Analytics SQL engine (sqlref/sql-reference-cast).
 *
 * Valid conversions, from the "Valid Conversions" table of sqlref/sql-reference-cast:
 *
 *   any numeric (DECIMAL, TINYINT…BIGINT, REAL, DOUBLE) → VARCHAR, CHAR, any numeric
 *   VARCHAR, CHAR       → all of the above, plus DATE, TIME, TIMESTAMP, DAY-TIME INTERVAL, BOOLEAN
 *   DATE                → DATE, VARCHAR, CHAR, TIMESTAMP
 *   TIME                → TIME, VARCHAR, CHAR, TIMESTAMP
 *   TIMESTAMP           → TIME, VARCHAR, CHAR, TIMESTAMP, DATE
 *   DAY-TIME INTERVAL   → DAY-TIME INTERVAL, BIGINT, DECIMAL, CHAR, VARCHAR
 *   BOOLEAN             → VARCHAR, CHAR, BOOLEAN
 *   BINARY, VARBINARY   → BINARY, VARBINARY
 *
 * Year-month intervals (which KDA's data-type page says are unsupported) are given the same rules as
 * day-time ones, including from strings. Everything else is a SqlTypeError at analysis time.
 *
 * Per-row failures throw SqlRuntimeError: INVALID_CHARACTER_VALUE_FOR_CAST (unparseable text),
 * NUMERIC_VALUE_OUT_OF_RANGE (value does not fit the target), STRING_DATA_RIGHT_TRUNCATION (a
 * non-string value whose text is longer than CHAR(n)/VARCHAR(n): the page's
 * `cast(date'2008-08-23' as varchar(9))` selects no row).
 */
import { Decimal, Interval, SqlType, SqlValue, typeToString } from '../types';
import {
  SqlRuntimeError,
  SqlTypeError,
  checkedInteger,
  decimalFromDouble,
  exactPrecisionScale,
  fitDecimal,
  IntegerTypeName,
  integerToBigInt,
  isApproxType,
  isIntegerType,
  isNumericType,
  javaDoubleToString,
  javaFloatToString,
  outOfRange,
  parseExactDecimal,
  rescale,
  toDecimal,
  toDouble,
} from './numeric';
import {
  MS_PER_SECOND,
  UNIT_MS,
  floorDiv,
  floorMod,
  formatDate,
  formatInterval,
  formatTime,
  formatTimestamp,
  intervalToDecimal,
  parseDateString,
  parseIntervalString,
  parseTimeString,
  parseTimestampString,
  qualifierOf,
} from './datetime';
import { MS_PER_DAY } from '../types';

type Category = 'NUMERIC' | 'STRING' | 'DATE' | 'TIME' | 'TIMESTAMP' | 'INTERVAL_DT' | 'INTERVAL_YM' | 'BOOLEAN' | 'BINARY' | 'ROW';

function category(t: SqlType): Category {
  if (isNumericType(t)) return 'NUMERIC';
  switch (t.name) {
    case 'CHAR':
    case 'VARCHAR':
      return 'STRING';
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
    case 'BOOLEAN':
    case 'ROW':
      return t.name;
    case 'BINARY':
    case 'VARBINARY':
      return 'BINARY';
    case 'INTERVAL':
      return t.interval === 'YEAR_MONTH' ? 'INTERVAL_YM' : 'INTERVAL_DT';
    default:
      throw new SqlTypeError(`Unknown type ${t.name}`);
  }
}

const ALLOWED: Readonly<Record<Category, readonly Category[]>> = {
  NUMERIC: ['STRING', 'NUMERIC'],
  STRING: ['STRING', 'NUMERIC', 'DATE', 'TIME', 'TIMESTAMP', 'INTERVAL_DT', 'INTERVAL_YM', 'BOOLEAN'],
  DATE: ['DATE', 'STRING', 'TIMESTAMP'],
  TIME: ['TIME', 'STRING', 'TIMESTAMP'],
  TIMESTAMP: ['TIME', 'STRING', 'TIMESTAMP', 'DATE'],
  INTERVAL_DT: ['INTERVAL_DT', 'NUMERIC', 'STRING'],
  INTERVAL_YM: ['INTERVAL_YM', 'NUMERIC', 'STRING'],
  BOOLEAN: ['STRING', 'BOOLEAN'],
  BINARY: ['BINARY'],
  ROW: [],
};

/** Whether CAST(from AS to) is allowed (see the table above). */
export function canCast(from: SqlType, to: SqlType): boolean {
  const f = category(from);
  const t = category(to);
  if (f === 'ROW') return t === 'ROW' && typeToString(from) === typeToString(to);
  if (!ALLOWED[f].includes(t)) return false;
  // Intervals convert only to BIGINT and DECIMAL among the numeric types.
  if ((f === 'INTERVAL_DT' || f === 'INTERVAL_YM') && t === 'NUMERIC') return to.name === 'BIGINT' || to.name === 'DECIMAL';
  return true;
}

/**
 * The type of CAST(expr AS to): `to`, nullable when the operand is. A SqlTypeError when the
 * conversion is not in the table.
 */
export function typeFromCast(from: SqlType, to: SqlType): SqlType {
  if (!canCast(from, to)) throw new SqlTypeError(`Cast function cannot convert value of type ${typeToString(from)} to type ${typeToString(to)}`);
  return { ...to, nullable: from.nullable };
}

// ---------------------------------------------------------------------------------------------
// To text

/**
 * The text of a non-null value, as CAST(… AS VARCHAR) produces it: integers as Java's toString,
 * DOUBLE as Double.toString ('1.0E10', '0.001', '100.0'), REAL as Float.toString, DECIMAL in plain
 * notation with its scale ('1.50'; UNCONFIRMED: Java's BigDecimal.toString would print 1E-7 for
 * 0.0000001), BOOLEAN as 'TRUE'/'FALSE' (UNCONFIRMED case), DATE 'yyyy-MM-dd', TIME 'HH:mm:ss[.SSS]',
 * TIMESTAMP 'yyyy-MM-dd HH:mm:ss[.SSS]', intervals as '+3 04:20' (datetime.ts formatInterval).
 */
export function valueToText(value: SqlValue, type: SqlType): string {
  if (value === null) throw new Error('valueToText(null)');
  if (typeof value === 'string') return value;
  if (isIntegerType(type)) return String(value);
  switch (type.name) {
    case 'DOUBLE':
      return javaDoubleToString(value as number);
    case 'REAL':
      return javaFloatToString(value as number);
    case 'DECIMAL':
      return toDecimal(value, type).toString();
    case 'BOOLEAN':
      return value ? 'TRUE' : 'FALSE';
    case 'DATE':
      return formatDate(value as number);
    case 'TIME':
      return formatTime(value as number);
    case 'TIMESTAMP':
      return formatTimestamp(value as number);
    case 'INTERVAL':
      return formatInterval(value as Interval, qualifierOf(type));
    default:
      throw new SqlTypeError(`Cannot convert ${type.name} to a character string`);
  }
}

function toCharacter(text: string, fromString: boolean, to: SqlType): string {
  const n = to.length;
  if (n === undefined) return text;
  if (text.length > n) {
    // Strings are truncated ("Inserting into a shorter VARCHAR truncates silently"); other values
    // that do not fit are an error (sqlref/sql-reference-cast: a DATE into VARCHAR(9) selects no row).
    if (!fromString) {
      throw new SqlRuntimeError('STRING_DATA_RIGHT_TRUNCATION', `Value '${text}' does not fit in ${typeToString(to)}`);
    }
    return text.slice(0, n);
  }
  return to.name === 'CHAR' ? text.padEnd(n, ' ') : text;
}

// ---------------------------------------------------------------------------------------------
// From text

const invalid = (text: string, to: SqlType): SqlRuntimeError =>
  new SqlRuntimeError('INVALID_CHARACTER_VALUE_FOR_CAST', `Cannot cast '${text}' to ${typeToString(to)}`);

const APPROX_LITERAL = /^[+-]?(\d+\.?\d*|\.\d+)[eE][+-]?\d+$/;
const JAVA_DOUBLE = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;

/**
 * Text to a number. Leading and trailing spaces are ignored (SQL:2008 6.12). Exact targets accept a
 * signed numeric literal ('12', '-1.5', '2E3'), converting as CAST of that literal would (so '1.5' to
 * INTEGER rounds to 2; UNCONFIRMED: Java's Integer.parseInt would reject it). DOUBLE/REAL also accept
 * Java's Double.valueOf forms ('NaN', '-Infinity', '1.5f').
 */
function textToNumber(raw: string, to: SqlType): SqlValue {
  const text = raw.trim();
  if (isApproxType(to)) {
    if (!JAVA_DOUBLE.test(text)) throw invalid(raw, to);
    const d = Number(text.replace(/[fFdD]$/, ''));
    return to.name === 'REAL' ? Math.fround(d) : d;
  }
  const exact = parseExactDecimal(text);
  if (exact) return numberToNumber(exact, { name: 'DECIMAL', precision: 1000, scale: exact.scale, nullable: true }, to);
  if (APPROX_LITERAL.test(text)) return numberToNumber(Number(text), { name: 'DOUBLE', nullable: true }, to);
  throw invalid(raw, to);
}

function textToBoolean(raw: string, to: SqlType): boolean {
  const text = raw.trim().toUpperCase();
  if (text === 'TRUE') return true;
  if (text === 'FALSE') return false;
  throw invalid(raw, to);
}

// ---------------------------------------------------------------------------------------------
// Between numbers

/** Round half away from zero, like BigDecimal's HALF_UP (sqlref: "The real … is rounded by the cast"). */
function roundHalfAwayFromZero(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

function numberToNumber(value: SqlValue, from: SqlType, to: SqlType): SqlValue {
  if (to.name === 'DOUBLE') return toDouble(value);
  if (to.name === 'REAL') return Math.fround(toDouble(value));
  if (isIntegerType(to)) {
    const name = to.name as IntegerTypeName;
    if (isIntegerType(from)) return checkedInteger(integerToBigInt(value as number | bigint), name);
    if (isApproxType(from)) {
      const d = value as number;
      if (!Number.isFinite(d)) throw outOfRange(name);
      return checkedInteger(BigInt(roundHalfAwayFromZero(d)), name);
    }
    return checkedInteger(rescale(toDecimal(value, from), 0, 'HALF_UP').unscaled, name);
  }
  // DECIMAL(p, s)
  const { precision, scale } = exactPrecisionScale(to);
  const d = isApproxType(from) ? decimalFromDouble(value as number) : toDecimal(value, from);
  return fitDecimal(d, precision, scale, 'HALF_UP');
}

// ---------------------------------------------------------------------------------------------
// CAST

/**
 * CAST(value AS to) for a value of static type `from`. NULL casts to NULL. Rules beyond the table:
 * - number → integer: DECIMAL and REAL/DOUBLE are rounded half away from zero (CAST(-1.5 AS INTEGER) = -2),
 *   out of range (or NaN/Infinity) raises NUMERIC_VALUE_OUT_OF_RANGE; → DECIMAL(p,s) rounds HALF_UP to s
 *   digits and raises NUMERIC_VALUE_OUT_OF_RANGE beyond p digits; → DOUBLE/REAL as Java's widening/narrowing.
 * - → CHAR(n) pads with spaces, → VARCHAR(n)/CHAR(n) truncates strings (other values: see toCharacter).
 * - text → DATE/TIME/TIMESTAMP: 'yyyy-MM-dd', 'HH:mm:ss[.SSS]', 'yyyy-MM-dd HH:mm:ss[.SSS]' (datetime.ts).
 * - text → BOOLEAN: 'TRUE'/'FALSE' in any case, spaces ignored.
 * - text → INTERVAL: the literal layout of the target's qualifier ('1:30' for HOUR TO MINUTE).
 * - TIMESTAMP → DATE drops the time; → TIME keeps the time of day; DATE → TIMESTAMP is midnight;
 *   TIME → TIMESTAMP is that time on 1970-01-01 (UNCONFIRMED: SQL says CURRENT_DATE, which a
 *   deterministic engine cannot use).
 * - interval → BIGINT/DECIMAL: the number of the qualifier's end units (INTERVAL '90' MINUTE → 90;
 *   a SECOND interval keeps milliseconds as a fraction, truncated for BIGINT); interval → interval
 *   truncates to the target's end unit.
 * - BINARY(n) pads with zero bytes, BINARY/VARBINARY(n) truncate.
 */
export function castValue(value: SqlValue, from: SqlType, to: SqlType): SqlValue {
  typeFromCast(from, to);
  return castChecked(value, from, to);
}

/**
 * castValue for one pair of types, checked once: for a value cast on every row (a pump's INSERT).
 * Values that need no change (same type; a short enough string into a VARCHAR) pass as they are.
 */
export function compileCast(from: SqlType, to: SqlType): (value: SqlValue) => SqlValue {
  typeFromCast(from, to);
  const sameShape = from.name === to.name && from.length === to.length && from.precision === to.precision && from.scale === to.scale && from.interval === to.interval;
  if (sameShape && from.name !== 'ROW' && from.name !== 'CHAR' && from.name !== 'INTERVAL') return (v) => v;
  if (to.name === 'VARCHAR' && (from.name === 'VARCHAR' || from.name === 'CHAR')) {
    const max = to.length ?? Infinity;
    // UTF-16 length ≤ max means at most max code points: nothing to truncate.
    return (v) => (typeof v === 'string' && v.length <= max ? v : castChecked(v, from, to));
  }
  return (v) => castChecked(v, from, to);
}

function castChecked(value: SqlValue, from: SqlType, to: SqlType): SqlValue {
  if (value === null) return null;
  const f = category(from);
  const t = category(to);
  switch (t) {
    case 'STRING':
      return toCharacter(valueToText(value, from), f === 'STRING', to);
    case 'NUMERIC':
      if (f === 'STRING') return textToNumber(value as string, to);
      if (f === 'INTERVAL_DT' || f === 'INTERVAL_YM') {
        const d = intervalToDecimal(value as Interval, qualifierOf(from));
        const decimalType: SqlType = { name: 'DECIMAL', precision: 1000, scale: d.scale, nullable: true };
        if (to.name === 'BIGINT') return checkedInteger(rescale(d, 0, 'DOWN').unscaled, 'BIGINT');
        return numberToNumber(d, decimalType, to);
      }
      return numberToNumber(value, from, to);
    case 'BOOLEAN':
      return f === 'STRING' ? textToBoolean(value as string, to) : value;
    case 'DATE':
      if (f === 'STRING') return parseDateString(value as string);
      return floorDiv(value as number, MS_PER_DAY) * MS_PER_DAY;
    case 'TIME':
      if (f === 'STRING') return parseTimeString(value as string);
      return floorMod(value as number, MS_PER_DAY);
    case 'TIMESTAMP':
      if (f === 'STRING') return parseTimestampString(value as string);
      return value;
    case 'INTERVAL_DT':
    case 'INTERVAL_YM': {
      const q = qualifierOf(to);
      if (f === 'STRING') return parseIntervalString(value as string, q);
      const iv = value as Interval;
      const end = q.end ?? q.start;
      if (iv.family === 'YEAR_MONTH') return end === 'YEAR' ? new Interval('YEAR_MONTH', Math.trunc(iv.amount / 12) * 12 || 0) : iv;
      const unitMs = end === 'SECOND' ? (q.fractionalPrecision === 0 ? MS_PER_SECOND : 1) : UNIT_MS[end as 'DAY' | 'HOUR' | 'MINUTE'];
      return new Interval('DAY_TIME', Math.trunc(iv.amount / unitMs) * unitMs || 0);
    }
    case 'BINARY': {
      const bytes = value as Uint8Array;
      const n = to.length;
      if (n === undefined) return bytes;
      if (bytes.length > n) return bytes.slice(0, n);
      if (to.name === 'BINARY' && bytes.length < n) {
        const padded = new Uint8Array(n);
        padded.set(bytes);
        return padded;
      }
      return bytes;
    }
    case 'ROW':
      return value;
  }
}

/** CAST of a DECIMAL value given as text, for literals: DECIMAL '1.50' etc. (convenience for the analyzer). */
export function decimalLiteral(text: string): Decimal {
  const d = parseExactDecimal(text.trim());
  if (!d) throw new SqlTypeError(`'${text}' is not an exact numeric literal`);
  return d;
}
