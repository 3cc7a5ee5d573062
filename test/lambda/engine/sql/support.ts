/** Shorthands shared by the SQL engine's tests: types, UTC instants, and the error a call throws. */
import type { SqlType, SqlTypeName } from '../../../../lambda/engine/sql/types';

export const t = (name: SqlTypeName, extra: Partial<SqlType> = {}): SqlType => ({ name, nullable: true, ...extra });
export const TINY = t('TINYINT');
export const SMALL = t('SMALLINT');
export const INT = t('INTEGER');
export const BIG = t('BIGINT');
export const DBL = t('DOUBLE');
export const REAL = t('REAL');
export const BOOL = t('BOOLEAN');
export const TS = t('TIMESTAMP');
export const DATE = t('DATE');
export const TIME = t('TIME');
export const VARCHAR = t('VARCHAR');
export const vc = (n: number): SqlType => t('VARCHAR', { length: n });
export const ch = (n: number): SqlType => t('CHAR', { length: n });
export const dec = (p: number, s: number): SqlType => t('DECIMAL', { precision: p, scale: s });

/** Epoch milliseconds of a UTC date and time (month 1–12). */
export const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number => Date.UTC(y, mo - 1, d, h, mi, s, ms);

/** The error `f` throws (fails the test when it throws nothing). */
export function errorOf(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
}

/** The `errorName` of the SqlRuntimeError `f` throws. */
export const errorName = (f: () => unknown): unknown => (errorOf(f) as { errorName?: unknown }).errorName;
