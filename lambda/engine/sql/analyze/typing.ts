/**
 * Type predicates and the typing of literals, shared by the expression compiler and the aggregate
 * rules.
 */
import type { IntervalQualifier as AstQualifier, NumericLiteral } from '../syntax/ast';
import { IntervalQualifier, IntervalSqlType, intervalType, qualifierOf } from '../functions/datetime';
import { digitCount, isApproxType, isExactType, isIntegerType, isNumericType, parseExactDecimal } from '../functions/numeric';
import { DECIMAL_MAX_PRECISION, Decimal, INTEGER_RANGES, SqlType, SqlValue } from '../types';

export { isApproxType, isExactType, isIntegerType, isNumericType };

export const isStringType = (t: SqlType): boolean => t.name === 'CHAR' || t.name === 'VARCHAR';
export const isBinaryType = (t: SqlType): boolean => t.name === 'BINARY' || t.name === 'VARBINARY';
export const isDatetimeType = (t: SqlType): boolean => t.name === 'TIMESTAMP' || t.name === 'DATE' || t.name === 'TIME';
export const isIntervalType = (t: SqlType): boolean => t.name === 'INTERVAL';
export const isBooleanType = (t: SqlType): boolean => t.name === 'BOOLEAN';

/** Integer types whose runtime value is a JavaScript number (not BIGINT's bigint). */
export const isSmallIntegerType = (t: SqlType): boolean => t.name === 'INTEGER' || t.name === 'SMALLINT' || t.name === 'TINYINT';
/** Types whose non-null runtime value is a JavaScript number. */
export const isNumberRepresented = (t: SqlType): boolean => isSmallIntegerType(t) || isApproxType(t) || isDatetimeType(t);

export function withNullable(t: SqlType, nullable: boolean): SqlType {
  return t.nullable === nullable ? t : { ...t, nullable };
}

/** The datetime module's qualifier for an AST qualifier. */
export function toQualifier(q: AstQualifier): IntervalQualifier {
  return {
    start: q.from,
    ...(q.to !== undefined && q.to !== q.from && { end: q.to }),
    ...(q.leadingPrecision !== undefined && { leadingPrecision: q.leadingPrecision }),
    ...(q.fractionalPrecision !== undefined && { fractionalPrecision: q.fractionalPrecision }),
  };
}

export function intervalSqlType(q: AstQualifier, nullable: boolean): IntervalSqlType {
  return intervalType(toQualifier(q), nullable);
}

/** Whether two types have the same runtime representation and meaning, so no conversion is needed between them. */
export function sameRepresentation(from: SqlType, to: SqlType): boolean {
  if (from.name !== to.name) {
    // Widening between number-represented types keeps the value: INTEGER/SMALLINT/TINYINT upwards,
    // and DOUBLE holds every one of them and every REAL exactly. DATE is a TIMESTAMP at midnight,
    // and a CHAR value (padded) is a valid VARCHAR value of at least its length.
    if (isSmallIntegerType(from) && isSmallIntegerType(to)) return rank(from) <= rank(to);
    if (to.name === 'DOUBLE') return isSmallIntegerType(from) || from.name === 'REAL';
    if (from.name === 'DATE' && to.name === 'TIMESTAMP') return true;
    if (from.name === 'CHAR' && to.name === 'VARCHAR') return to.length === undefined || (from.length !== undefined && from.length <= to.length);
    return false;
  }
  switch (from.name) {
    case 'CHAR':
    case 'BINARY':
      return from.length === to.length;
    case 'VARCHAR':
    case 'VARBINARY':
      return to.length === undefined || (from.length !== undefined && from.length <= to.length);
    case 'DECIMAL':
      return (from.precision ?? DECIMAL_MAX_PRECISION) <= (to.precision ?? DECIMAL_MAX_PRECISION) && (from.scale ?? 0) === (to.scale ?? 0);
    case 'INTERVAL': {
      // A conversion to another qualifier truncates to its end unit (CAST(INTERVAL '90' MINUTE AS INTERVAL HOUR)).
      const [a, b] = [qualifierOf(from), qualifierOf(to)];
      return a.start === b.start && (a.end ?? a.start) === (b.end ?? b.start) && a.fractionalPrecision === b.fractionalPrecision;
    }
    default:
      return true;
  }
}

function rank(t: SqlType): number {
  return t.name === 'TINYINT' ? 0 : t.name === 'SMALLINT' ? 1 : 2;
}

export type LiteralTyping = { ok: true; type: SqlType; value: SqlValue } | { ok: false; message: string };

/**
 * The type and value of a numeric literal (SQL:2008 5.3; Calcite): digits only → INTEGER when it fits
 * 32 bits, else BIGINT when it fits 64, else DECIMAL(p, 0); with a point → DECIMAL(p, s) with p the
 * digits written after dropping leading zeros (at least s); with an exponent → DOUBLE. An exact
 * literal of more than 19 digits is an error (DECIMAL holds at most 19, kda-sql.md §1 "Types").
 */
export function typeNumericLiteral(lit: NumericLiteral): LiteralTyping {
  if (lit.numberKind === 'APPROXIMATE') return { ok: true, type: { name: 'DOUBLE', nullable: false }, value: Number(lit.text) };
  const d = parseExactDecimal(lit.text);
  if (d === undefined) return { ok: false, message: `Invalid numeric literal ${lit.text}` };
  if (lit.numberKind === 'INTEGER') {
    const v = d.unscaled;
    if (v <= BigInt(INTEGER_RANGES.INTEGER.max)) return { ok: true, type: { name: 'INTEGER', nullable: false }, value: Number(v) };
    if (v <= INTEGER_RANGES.BIGINT.max) return { ok: true, type: { name: 'BIGINT', nullable: false }, value: v };
  }
  const precision = Math.max(d.unscaled === 0n ? 1 : digitCount(d.unscaled), d.scale);
  if (precision > DECIMAL_MAX_PRECISION) {
    return { ok: false, message: `Numeric literal ${lit.text} has ${precision} digits; exact numbers have at most ${DECIMAL_MAX_PRECISION} (write it with an exponent for a DOUBLE)` };
  }
  return { ok: true, type: { name: 'DECIMAL', precision, scale: d.scale, nullable: false }, value: new Decimal(d.unscaled, d.scale) };
}

/** X'0AFF' → bytes. */
export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}
