import { SqlAnalysisError } from '../../../../../lambda/engine/sql/analyze/errors';
import { CompileOptions, CompiledExpression, compileExpression } from '../../../../../lambda/engine/sql/analyze/compile';
import { RelationSpec, RowValues, Scope, createScope } from '../../../../../lambda/engine/sql/analyze/scope';
import { SqlRuntimeError } from '../../../../../lambda/engine/sql/functions/numeric';
import { parseExpression } from '../../../../../lambda/engine/sql/syntax/parser';
import { SqlType, SqlTypeName, SqlValue, typeToString } from '../../../../../lambda/engine/sql/types';
import { qualifierOf, qualifierText } from '../../../../../lambda/engine/sql/functions/datetime';

export const ty = (name: SqlTypeName, extra: Partial<SqlType> = {}): SqlType => ({ name, nullable: true, ...extra });

export const T0 = Date.UTC(2020, 0, 1, 10, 30, 15, 250); // 2020-01-01 10:30:15.250

/** The stock-ticker stream of the KDA examples, plus a few columns of other types. */
export const STOCK: RelationSpec = {
  alias: 'SOURCE_SQL_STREAM_001',
  columns: [
    { name: 'TICKER_SYMBOL', type: ty('VARCHAR', { length: 4 }) },
    { name: 'SECTOR', type: ty('VARCHAR', { length: 16 }) },
    { name: 'CHANGE', type: ty('REAL') },
    { name: 'PRICE', type: ty('REAL') },
    { name: 'QTY', type: ty('INTEGER') },
    { name: 'BIG', type: ty('BIGINT') },
    { name: 'AMOUNT', type: ty('DECIMAL', { precision: 10, scale: 2 }) },
    { name: 'RATE', type: ty('DOUBLE') },
    { name: 'TS', type: ty('TIMESTAMP') },
    { name: 'D', type: ty('DATE') },
    { name: 'FLAG', type: ty('BOOLEAN') },
    { name: 'LOG', type: ty('VARCHAR', { length: 256 }) },
    { name: 'Oid', type: ty('VARCHAR', { length: 8 }) },
  ],
};

export const stockScope: Scope = createScope([STOCK]);

/** Column values of STOCK by name; unspecified columns are NULL. ROWTIME defaults to T0 + 1 h. */
export function stockRow(values: Record<string, SqlValue>, rowtime = T0 + 3_600_000): SqlValue[] {
  return [...STOCK.columns.map((c) => values[c.name] ?? null), rowtime];
}

export const DEFAULT_ROW = stockRow({
  TICKER_SYMBOL: 'AMZN',
  SECTOR: 'RETAIL',
  CHANGE: -0.5,
  PRICE: 12.5,
  QTY: 7,
  BIG: 10n,
  RATE: 0.25,
  TS: T0,
  D: Date.UTC(2020, 0, 1),
  FLAG: true,
  LOG: '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326',
  Oid: 'o-1',
});

export function rowValues(row: readonly SqlValue[] = DEFAULT_ROW, extra: Partial<RowValues> = {}): RowValues {
  return { rows: [row], currentRowTimestamp: Date.UTC(2021, 5, 1, 12), queryStartTimestamp: Date.UTC(2021, 5, 1, 8, 15, 30, 5), ...extra };
}

export function compile(source: string, scope: Scope = stockScope, options: CompileOptions = {}): CompiledExpression {
  return compileExpression(parseExpression(source), scope, options);
}

/** Compiles against the stock stream and evaluates on one row (DEFAULT_ROW unless given). */
export function run(source: string, row: readonly SqlValue[] = DEFAULT_ROW, extra: Partial<RowValues> = {}): SqlValue {
  return compile(source).evaluate(rowValues(row, extra));
}

/** A type as SQL writes it, with NOT NULL when not nullable; intervals with their qualifier. */
export function typeText(t: SqlType): string {
  const base = t.name === 'INTERVAL' ? `INTERVAL ${qualifierText(qualifierOf(t))}` : typeToString(t);
  return t.nullable ? base : `${base} NOT NULL`;
}

export function typeOf(source: string, scope: Scope = stockScope, options: CompileOptions = {}): string {
  return typeText(compile(source, scope, options).type);
}

/** The analysis error of compiling `source`: `L:C message-detail`; fails if it compiles. */
export function analysisError(source: string, scope: Scope = stockScope, options: CompileOptions = {}): string {
  try {
    compile(source, scope, options);
  } catch (e) {
    if (e instanceof SqlAnalysisError) return `${e.line}:${e.column} ${e.detail}`;
    throw e;
  }
  throw new Error(`expected an analysis error for ${source}`);
}

/** The SqlAnalysisError itself. */
export function analysisErrorOf(source: string, scope: Scope = stockScope, options: CompileOptions = {}): SqlAnalysisError {
  try {
    compile(source, scope, options);
  } catch (e) {
    if (e instanceof SqlAnalysisError) return e;
    throw e;
  }
  throw new Error(`expected an analysis error for ${source}`);
}

/** `errorName: message` of the SqlRuntimeError evaluating `source` throws; fails otherwise. */
export function runtimeError(source: string, row: readonly SqlValue[] = DEFAULT_ROW): string {
  const compiled = compile(source);
  try {
    compiled.evaluate(rowValues(row));
  } catch (e) {
    if (e instanceof SqlRuntimeError) return `${e.errorName}: ${e.message}`;
    throw e;
  }
  throw new Error(`expected a runtime error for ${source}`);
}
