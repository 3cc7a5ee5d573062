/**
 * SQL types and the runtime representation of values for the Kinesis Analytics SQL engine
 * (../shared/reference/kda-sql.md §1 "Types"). The analyzer types every expression statically, so
 * values at run time are plain JavaScript values without tags:
 *
 *   NULL                          null
 *   BIGINT                        bigint (64-bit, wraps like Java's long)
 *   INTEGER, SMALLINT, TINYINT    number (integral, within the type's range)
 *   DOUBLE, REAL                  number
 *   DECIMAL(p, s)                 Decimal (unscaled bigint and scale)
 *   BOOLEAN                       boolean
 *   CHAR(n), VARCHAR(n)           string
 *   BINARY(n), VARBINARY(n)       Uint8Array
 *   TIMESTAMP                     number: epoch milliseconds, UTC (no time zone, millisecond precision)
 *   DATE                          number: epoch milliseconds of the day's UTC midnight
 *   TIME                          number: milliseconds since midnight (0 ≤ t < 86,400,000)
 *   INTERVAL                      Interval (day-time: milliseconds; year-month: months)
 *   ROW(f1 t1, ...)               Readonly<Record<string, SqlValue>> keyed by field name
 */

export type SqlTypeName =
  | 'BIGINT'
  | 'INTEGER'
  | 'SMALLINT'
  | 'TINYINT'
  | 'BOOLEAN'
  | 'CHAR'
  | 'VARCHAR'
  | 'DECIMAL'
  | 'DOUBLE'
  | 'REAL'
  | 'DATE'
  | 'TIME'
  | 'TIMESTAMP'
  | 'BINARY'
  | 'VARBINARY'
  | 'INTERVAL'
  | 'ROW';

export interface SqlType {
  readonly name: SqlTypeName;
  /** CHAR, VARCHAR, BINARY, VARBINARY: the declared length (characters or bytes). */
  readonly length?: number;
  /** DECIMAL: total digits (≤ 19 in KDA) and digits after the point. */
  readonly precision?: number;
  readonly scale?: number;
  /** INTERVAL: which family. */
  readonly interval?: 'DAY_TIME' | 'YEAR_MONTH';
  /** ROW: the fields, in order (names as stored: case-sensitive). */
  readonly fields?: readonly { readonly name: string; readonly type: SqlType }[];
  /** False for `NOT NULL` columns. */
  readonly nullable: boolean;
}

/** Exact decimal: value = unscaled × 10^-scale. */
export class Decimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}

  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString().padStart(this.scale + 1, '0');
    const text = this.scale === 0 ? digits : `${digits.slice(0, -this.scale)}.${digits.slice(-this.scale)}`;
    return negative ? `-${text}` : text;
  }
}

/** A day-time interval counts milliseconds; a year-month interval counts months. */
export class Interval {
  constructor(
    readonly family: 'DAY_TIME' | 'YEAR_MONTH',
    /** Milliseconds (DAY_TIME) or months (YEAR_MONTH); may be negative. */
    readonly amount: number,
  ) {}
}

export type SqlValue =
  | null
  | bigint
  | number
  | boolean
  | string
  | Uint8Array
  | Decimal
  | Interval
  | { readonly [field: string]: SqlValue };

/** The integer types' ranges (Java's byte, short, int, long). */
export const INTEGER_RANGES = {
  TINYINT: { min: -128, max: 127 },
  SMALLINT: { min: -32768, max: 32767 },
  INTEGER: { min: -2147483648, max: 2147483647 },
  BIGINT: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
} as const;

/** KDA's DECIMAL holds at most 19 digits (kda-sql.md §1). */
export const DECIMAL_MAX_PRECISION = 19;

export const MS_PER_DAY = 86_400_000;

/** A type with the given name and no length or precision (nullable). */
export function simpleType(name: SqlTypeName, nullable = true): SqlType {
  return { name, nullable };
}

/** How a type is written in SQL and in messages, e.g. `VARCHAR(32)`, `DECIMAL(10,2)`, `TIMESTAMP`. */
export function typeToString(type: SqlType): string {
  switch (type.name) {
    case 'CHAR':
    case 'VARCHAR':
    case 'BINARY':
    case 'VARBINARY':
      return type.length === undefined ? type.name : `${type.name}(${type.length})`;
    case 'DECIMAL':
      return type.precision === undefined ? 'DECIMAL' : `DECIMAL(${type.precision}${type.scale !== undefined ? `,${type.scale}` : ''})`;
    case 'ROW':
      return `ROW(${(type.fields ?? []).map((f) => `${f.name} ${typeToString(f.type)}`).join(', ')})`;
    default:
      return type.name;
  }
}
