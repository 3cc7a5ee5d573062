/**
 * Coercion of a source element (a JSON value, or a CSV field as a string) to a column's SQL type, as
 * Kinesis Data Analytics documents it in dev/sch-mapping "Mapping JSON Data Types to SQL Data Types".
 * Values come out in the runtime representation of ../types.ts.
 *
 * Documented rules (D) and choices where the documentation is silent (U = UNCONFIRMED):
 *
 * null literal  → NULL for every type (D). A missing element → NULL (D, dev/about-json-path).
 * boolean       → numeric: true 1, false 0 (D); BINARY/VARBINARY: lowest bit set / all clear, VARBINARY
 *                 1 byte long (D; BINARY(n): n bytes, the last 0x01 or 0x00 — U); BOOLEAN as is (D);
 *                 CHAR/VARCHAR 'true'/'false' (D); DATE/TIME/TIMESTAMP fail (D).
 * number        → numeric: exact, failing when the value does not fit the type's range or scale,
 *                 e.g. 123.4 to INT (D); an integral value written with a fraction or exponent (1.0,
 *                 1E2) fits an integer type (U). BINARY fails (D). BOOLEAN: 0 false, else true (D).
 *                 CHAR/VARCHAR: the number's text as written in the record (D "string representation";
 *                 keeping the source text is U). DATE/TIME/TIMESTAMP fail (D).
 * string        → numeric: parsed after trimming blanks (trimming U); the accepted syntax is a decimal
 *                 number with optional sign, fraction and exponent (U: NaN/Infinity/hex rejected).
 *                 BINARY: a literal X'3F67A23A' with an even number of hex digits (D). BOOLEAN: 'true'
 *                 in any case → true, anything else → false (D). CHAR/VARCHAR: as is (D).
 *                 DATE/TIME/TIMESTAMP: see parseTimestamp (D for '1992-02-14' and
 *                 '1992-02-14 18:35:44.0'; the ISO 'T' form is evidenced by dev/examples-window-stagger,
 *                 whose EVENT_TIME '2018-08-01T20:17:20.797945' is read as TIMESTAMP).
 * array/object  → CHAR/VARCHAR: the JSON text (D); anything else fails (D).
 * CHAR/VARCHAR  longer than n → truncated silently, no error (D); CHAR(n) is blank-padded to n
 *                 (sqlref CAST: "the date is blank-padded on the right"). Lengths count UTF-16 code
 *                 units like Java's String (U).
 * REAL          is rounded to float32 (Math.fround) — REAL is a 32-bit float (sqlref data types); a
 *                 value beyond ±3.40E+38 fails (U). DOUBLE beyond ±1.79E+308 fails (U).
 * DECIMAL       without precision is DECIMAL(19, 0) (U: 19 is KDA's maximum digits); more fractional
 *                 digits than the scale fail, as 123.4 to INT does (D by analogy).
 * VARBINARY(n)  longer than n bytes fails; BINARY(n) shorter than n is zero-padded (U).
 */
import { Decimal, INTEGER_RANGES, MS_PER_DAY, typeToString, DECIMAL_MAX_PRECISION } from '../types';
import type { SqlType, SqlValue } from '../types';
import { isJsonArray, JsonNumber, renderJson } from './json';
import type { JsonValue } from './json';
import { daysFromCivil, daysInMonth } from '../calendar';

export type Coercion = { readonly ok: true; readonly value: SqlValue } | { readonly ok: false; readonly reason: string };

const ok = (value: SqlValue): Coercion => ({ ok: true, value });
const fail = (reason: string): Coercion => ({ ok: false, reason });

/**
 * Coerce one source element to `type`. `undefined` is a missing element; a CSV field is passed as a
 * string (or null for an empty unquoted field). NOT NULL is checked by the caller, not here.
 */
export function coerceValue(value: JsonValue | undefined, type: SqlType): Coercion {
  if (value === undefined || value === null) return ok(null);
  switch (type.name) {
    case 'BIGINT':
    case 'INTEGER':
    case 'SMALLINT':
    case 'TINYINT':
      return toInteger(value, type);
    case 'DECIMAL':
      return toDecimal(value, type);
    case 'DOUBLE':
    case 'REAL':
      return toFloat(value, type);
    case 'BOOLEAN':
      return toBoolean(value);
    case 'CHAR':
    case 'VARCHAR':
      return toCharacter(value, type);
    case 'BINARY':
    case 'VARBINARY':
      return toBinary(value, type);
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
      return toDatetime(value, type);
    case 'INTERVAL':
    case 'ROW':
      return fail(`${type.name} is not a column type`);
  }
}

/** How a source element is named in messages, e.g. `string 'abc'`, `number 123.4`, `array`. */
export function describeSource(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return `boolean ${value}`;
  if (typeof value === 'string') return `string '${value.length > 100 ? `${value.slice(0, 100)}...` : value}'`;
  if (value instanceof JsonNumber) return `number ${value.text}`;
  return isJsonArray(value) ? 'array' : 'object';
}

// ---------------------------------------------------------------------------------------------
// Exact decimal numbers.

/** value = (negative ? -1 : 1) × digits × 10^exponent, digits without leading or trailing zeros ('' for zero). */
export interface ExactNumber {
  readonly negative: boolean;
  readonly digits: string;
  readonly exponent: number;
}

const NUMBER_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Parse decimal text (JSON lexeme or a trimmed string): `-12.50`, `+.5`, `1E3`, `7.`. */
export function parseExactNumber(text: string): ExactNumber | undefined {
  const m = NUMBER_TEXT.exec(text);
  if (m === null) return undefined;
  const intPart = m[2] as string;
  const fracPart = m[3] ?? '';
  if (intPart === '' && fracPart === '') return undefined;
  const expText = m[4];
  if (expText !== undefined && expText.replace(/^[+-]/, '').length > 9) {
    // An absurd exponent: only zero survives exactly; anything else is out of every range.
    const zero = /^0*$/.test(intPart + fracPart);
    return zero ? { negative: false, digits: '', exponent: 0 } : { negative: m[1] === '-', digits: '1', exponent: expText.startsWith('-') ? -1e9 : 1e9 };
  }
  let digits = (intPart + fracPart).replace(/^0+/, '');
  let exponent = (expText === undefined ? 0 : Number(expText)) - fracPart.length;
  const trimmed = digits.replace(/0+$/, '');
  exponent += digits.length - trimmed.length;
  digits = trimmed;
  if (digits === '') return { negative: false, digits: '', exponent: 0 };
  return { negative: m[1] === '-', digits, exponent };
}

/** The exact value as a bigint when it is an integer, else undefined. `maxDigits` guards against 1E999999. */
function exactInteger(n: ExactNumber, maxDigits: number): bigint | undefined | 'overflow' {
  if (n.digits === '') return 0n;
  if (n.exponent < 0) return undefined;
  if (n.digits.length + n.exponent > maxDigits) return 'overflow';
  const magnitude = BigInt(n.digits) * 10n ** BigInt(n.exponent);
  return n.negative ? -magnitude : magnitude;
}

function numericSource(value: JsonValue, type: SqlType): ExactNumber | Coercion {
  if (typeof value === 'boolean') return { negative: false, digits: value ? '1' : '', exponent: 0 };
  if (value instanceof JsonNumber) return parseExactNumber(value.text) as ExactNumber;
  if (typeof value === 'string') {
    const n = parseExactNumber(value.trim());
    return n ?? fail(`cannot convert ${describeSource(value)} to ${typeToString(type)}: not a number`);
  }
  return fail(`cannot convert ${describeSource(value)} to ${typeToString(type)}`);
}

function isCoercion(x: ExactNumber | Coercion): x is Coercion {
  return 'ok' in x;
}

function toInteger(value: JsonValue, type: SqlType): Coercion {
  const source = numericSource(value, type);
  if (isCoercion(source)) return source;
  const name = type.name as keyof typeof INTEGER_RANGES;
  const integer = exactInteger(source, 20);
  if (integer === undefined) return fail(`cannot convert ${describeSource(value)} to ${name}: not an integer`);
  const range = INTEGER_RANGES[name];
  if (integer === 'overflow' || integer < BigInt(range.min) || integer > BigInt(range.max)) {
    return fail(`cannot convert ${describeSource(value)} to ${name}: out of range [${range.min}, ${range.max}]`);
  }
  return ok(name === 'BIGINT' ? integer : Number(integer));
}

/** DECIMAL without a precision: KDA's maximum of 19 digits, scale 0 (UNCONFIRMED). */
export const DEFAULT_DECIMAL = { precision: DECIMAL_MAX_PRECISION, scale: 0 } as const;

function toDecimal(value: JsonValue, type: SqlType): Coercion {
  const source = numericSource(value, type);
  if (isCoercion(source)) return source;
  const precision = type.precision ?? DEFAULT_DECIMAL.precision;
  const scale = type.scale ?? DEFAULT_DECIMAL.scale;
  const shown = typeToString({ ...type, precision, scale });
  if (source.digits === '') return ok(new Decimal(0n, scale));
  if (source.exponent < -scale) return fail(`cannot convert ${describeSource(value)} to ${shown}: more than ${scale} digits after the decimal point`);
  if (source.digits.length + source.exponent + scale > precision) {
    return fail(`cannot convert ${describeSource(value)} to ${shown}: more than ${precision - scale} digits before the decimal point`);
  }
  const magnitude = BigInt(source.digits) * 10n ** BigInt(source.exponent + scale);
  return ok(new Decimal(source.negative ? -magnitude : magnitude, scale));
}

const FLOAT32_MAX = 3.4028234663852886e38;

function toFloat(value: JsonValue, type: SqlType): Coercion {
  let n: number;
  if (typeof value === 'boolean') n = value ? 1 : 0;
  else if (value instanceof JsonNumber) n = Number(value.text);
  else if (typeof value === 'string') {
    const text = value.trim();
    if (parseExactNumber(text) === undefined) return fail(`cannot convert ${describeSource(value)} to ${type.name}: not a number`);
    n = Number(text);
  } else return fail(`cannot convert ${describeSource(value)} to ${type.name}`);
  if (type.name === 'REAL') {
    if (Math.abs(n) > FLOAT32_MAX) return fail(`cannot convert ${describeSource(value)} to REAL: out of range`);
    return ok(Math.fround(n));
  }
  if (!Number.isFinite(n)) return fail(`cannot convert ${describeSource(value)} to DOUBLE: out of range`);
  return ok(n);
}

function toBoolean(value: JsonValue): Coercion {
  if (typeof value === 'boolean') return ok(value);
  if (value instanceof JsonNumber) return ok((parseExactNumber(value.text) as ExactNumber).digits !== '');
  if (typeof value === 'string') return ok(value.toLowerCase() === 'true');
  return fail(`cannot convert ${describeSource(value)} to BOOLEAN`);
}

function toCharacter(value: JsonValue, type: SqlType): Coercion {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (typeof value === 'boolean') text = value ? 'true' : 'false';
  else if (value instanceof JsonNumber) text = value.text;
  else text = renderJson(value);
  const n = type.length;
  if (n !== undefined && text.length > n) text = text.slice(0, n);
  if (type.name === 'CHAR' && n !== undefined && text.length < n) text = text.padEnd(n, ' ');
  return ok(text);
}

const BINARY_LITERAL = /^[xX]'((?:[0-9a-fA-F]{2})*)'$/;

function toBinary(value: JsonValue, type: SqlType): Coercion {
  const n = type.length;
  let bytes: Uint8Array;
  if (typeof value === 'boolean') {
    bytes = new Uint8Array(type.name === 'BINARY' ? (n ?? 1) : 1);
    bytes[bytes.length - 1] = value ? 1 : 0;
    return ok(bytes);
  }
  if (typeof value !== 'string') return fail(`cannot convert ${describeSource(value)} to ${typeToString(type)}`);
  const m = BINARY_LITERAL.exec(value.trim());
  if (m === null) return fail(`cannot convert ${describeSource(value)} to ${typeToString(type)}: not a binary literal X'...' with an even number of hex digits`);
  bytes = Uint8Array.from(Buffer.from(m[1] as string, 'hex'));
  if (n !== undefined && bytes.length > n) return fail(`cannot convert ${describeSource(value)} to ${typeToString(type)}: ${bytes.length} bytes is longer than ${n}`);
  if (type.name === 'BINARY' && n !== undefined && bytes.length < n) {
    const padded = new Uint8Array(n);
    padded.set(bytes);
    bytes = padded;
  }
  return ok(bytes);
}

function toDatetime(value: JsonValue, type: SqlType): Coercion {
  if (typeof value !== 'string') return fail(`cannot convert ${describeSource(value)} to ${type.name}`);
  const text = value.trim();
  let result: number | undefined;
  if (type.name === 'TIMESTAMP') result = parseTimestamp(text);
  else if (type.name === 'DATE') {
    const ts = parseTimestamp(text);
    result = ts === undefined ? undefined : Math.floor(ts / MS_PER_DAY) * MS_PER_DAY;
  } else {
    result = parseTime(text);
    if (result === undefined) {
      const ts = parseTimestamp(text);
      if (ts !== undefined && /[ T]/.test(text)) result = ((ts % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
    }
  }
  if (result === undefined) return fail(`cannot convert ${describeSource(value)} to ${type.name}: not a valid ${type.name.toLowerCase()}`);
  return ok(result);
}

// ---------------------------------------------------------------------------------------------
// Date and time text.

/**
 * `yyyy-MM-dd`, optionally followed by ` ` or `T`, `HH:mm`, optional `:ss`, optional fraction of 1–9
 * digits (truncated to milliseconds: TIMESTAMP has millisecond precision), and optionally `Z` or an
 * offset `±HH:MM` / `±HHMM` (converted to UTC; offsets are UNCONFIRMED). Month and day may have one
 * digit, as java.sql.Timestamp.valueOf accepts. Calendar fields are range-checked (no 2019-02-30).
 */
const TIMESTAMP_TEXT = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const TIME_TEXT = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

/** Epoch milliseconds (UTC) of a timestamp string, or undefined when it is not one. */
export function parseTimestamp(text: string): number | undefined {
  const m = TIMESTAMP_TEXT.exec(text);
  if (m === null) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  const tod = m[4] === undefined ? 0 : timeOfDay(m[4], m[5] as string, m[6], m[7]);
  if (tod === undefined) return undefined;
  let ms = daysFromCivil(year, month, day) * MS_PER_DAY + tod;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = Number(digits.slice(2));
    if (hours > 23 || minutes > 59) return undefined;
    const offset = (hours * 60 + minutes) * 60_000;
    ms += zone.startsWith('+') ? -offset : offset;
  }
  return ms;
}

/** Milliseconds since midnight of `HH:mm[:ss[.fff]]`, or undefined. */
export function parseTime(text: string): number | undefined {
  const m = TIME_TEXT.exec(text);
  return m === null ? undefined : timeOfDay(m[1] as string, m[2] as string, m[3], m[4]);
}

function timeOfDay(h: string, mi: string, s: string | undefined, frac: string | undefined): number | undefined {
  const [hour, minute, second] = [Number(h), Number(mi), s === undefined ? 0 : Number(s)];
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = frac === undefined ? 0 : Number(frac.padEnd(3, '0').slice(0, 3));
  return ((hour * 60 + minute) * 60 + second) * 1000 + millis;
}

