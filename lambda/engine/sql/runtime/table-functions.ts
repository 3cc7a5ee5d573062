/**
 * The table functions of `FROM TABLE(fn(CURSOR(SELECT STREAM ...), arg, ...))`: checks a call against
 * AWS's signature and adapts the ml/ modules to rows of SQL values. The runtime compiles the cursor
 * query itself and feeds its rows (and rowtime bounds) to the operator built here.
 *
 * Sources (AWS sqlref pages sqlrf-random-cut-forest[-with-explanation], sqlrf-hotspots, top-k, count-distinct-items)
 * - RANDOM_CUT_FOREST(inputStream, numberOfTrees, subSampleSize, timeDecay, shingleSize): "The CURSOR
 *   function is the only required parameter"; defaults 100, 256, 100,000, 1. WITH_EXPLANATION adds
 *   withDirectionality (default FALSE). Trailing parameters may be omitted; NULL is not documented as
 *   "use the default" and is rejected.
 * - RCF and HOTSPOTS use numeric columns only: "A stream record can have non-numeric columns, but the
 *   function uses only numeric columns"; HOTSPOTS "ignores other columns included in the cursor";
 *   "DECIMAL is not a supported type. Use DOUBLE instead." (rejected here, since ignoring it would
 *   silently change what is scored).
 * - Output: the cursor's columns, then ANOMALY_SCORE DOUBLE (and ANOMALY_EXPLANATION VARCHAR), or
 *   HOTSPOTS_RESULT VARCHAR ("the same schema as the input, with the following additional column").
 * - TOP_K_ITEMS_TUMBLING(cursor, 'columnName', K, windowSize) and COUNT_DISTINCT_ITEMS_TUMBLING(cursor,
 *   'columnName', windowSize) pass no input columns through. TOP_K's sqlref example reads its output
 *   as (<column> of the column's type, MOST_FREQUENT_VALUES BIGINT); COUNT_DISTINCT's as
 *   NUMBER_OF_DISTINCT_ITEMS BIGINT.
 *
 * Engine choices [OURS]: a row whose numeric columns hold a NULL (or a NaN/infinite DOUBLE) is passed
 * through with a NULL result and does not train the model (it is no point in n-dimensional space); the
 * JSON columns have no declared length (a destination stream's length truncates them on insert).
 */
import type { ColumnSpec } from '../analyze';
import { SqlAnalysisError, closeNames, listOr, sqlName, typeName } from '../analyze/errors';
import {
  COUNT_DISTINCT_LIMITS,
  CountDistinctItemsTumbling,
  HOTSPOTS_LIMITS,
  Hotspots,
  RCF_DEFAULTS,
  RCF_LIMITS,
  RandomCutForest,
  TOP_K_LIMITS,
  TopKItemsTumbling,
  formatExplanation,
  type SketchItem,
} from '../ml';
import { mulberry32 } from '../../seeded-random';
import type { Expr, FunctionCall, SourcePos } from '../syntax/ast';
import { Decimal, Interval, type SqlType, type SqlValue } from '../types';

export interface TableFunctionOperator {
  /** Output columns, in order. */
  readonly columns: readonly ColumnSpec[];
  /** One input row (values in the cursor's column order) at `rowtime`; returns the rows emitted now, in order. */
  push(values: readonly SqlValue[], rowtime: number): TableFunctionRow[];
  /** Time advances to `rowtime` (a later row on the input or a rowtime bound): returns rows emitted by windows that close. */
  advance(rowtime: number): TableFunctionRow[];
}

export interface TableFunctionRow {
  readonly rowtime: number;
  readonly values: readonly SqlValue[];
}

interface Located {
  readonly pos: SourcePos;
  readonly end: number;
}

/** What a function's compiler sees: the checked call and the cursor's columns. */
interface CallContext {
  readonly fn: string;
  readonly call: FunctionCall;
  readonly args: readonly Expr[];
  readonly cursorColumns: readonly ColumnSpec[];
  readonly seed: number;
}

interface Signature {
  /** Parameter names after the cursor, as the sqlref page writes them. */
  readonly params: readonly string[];
  /** How many of them are required. */
  readonly required: number;
  readonly compile: (ctx: CallContext) => () => TableFunctionOperator;
}

const SIGNATURES: ReadonlyMap<string, Signature> = new Map<string, Signature>([
  ['RANDOM_CUT_FOREST', { params: ['numberOfTrees', 'subSampleSize', 'timeDecay', 'shingleSize'], required: 0, compile: (ctx) => compileRcf(ctx, false) }],
  [
    'RANDOM_CUT_FOREST_WITH_EXPLANATION',
    { params: ['numberOfTrees', 'subSampleSize', 'timeDecay', 'shingleSize', 'withDirectionality'], required: 0, compile: (ctx) => compileRcf(ctx, true) },
  ],
  ['HOTSPOTS', { params: ['windowSize', 'scanRadius', 'minimumNumberOfPointsInAHotspot'], required: 3, compile: compileHotspots }],
  ['TOP_K_ITEMS_TUMBLING', { params: ["'columnName'", 'K', 'windowSize'], required: 3, compile: compileTopK }],
  ['COUNT_DISTINCT_ITEMS_TUMBLING', { params: ["'columnName'", 'windowSize'], required: 2, compile: compileCountDistinct }],
]);

export const TABLE_FUNCTIONS: ReadonlySet<string> = new Set(SIGNATURES.keys());

/**
 * Checks a table function call and returns a factory of operators (each with fresh state; RCF seeded
 * with `options.seed`). `cursorColumns` are the cursor query's output columns. Throws a positioned
 * SqlAnalysisError for anything AWS's signature or ranges reject.
 */
export function compileTableFunction(call: FunctionCall, cursorColumns: readonly ColumnSpec[], options: { seed: number }): () => TableFunctionOperator {
  const fn = call.name.parts.map((p) => p.name).join('.');
  const signature = SIGNATURES.get(fn);
  if (signature === undefined) {
    const known = [...TABLE_FUNCTIONS];
    fail(call.name, `Unknown table function ${fn}; the table functions are ${listOr(known)}`, known);
  }
  checkArity(fn, call, signature);
  const cursor = call.args[0] as Expr;
  if (cursor.kind !== 'Cursor') fail(cursor, `The first argument of ${fn} must be CURSOR(SELECT STREAM ...), got ${describeExpr(cursor)}`);
  return signature.compile({ fn, call, args: call.args, cursorColumns, seed: options.seed });
}

function fail(at: Located, detail: string, candidates?: readonly string[]): never {
  throw new SqlAnalysisError(detail, at.pos, { length: Math.max(1, at.end - at.pos.offset), ...(candidates !== undefined && { candidates }) });
}

function checkArity(fn: string, call: FunctionCall, sig: Signature): void {
  const given = call.args.length - 1;
  if (given >= sig.required && given <= sig.params.length) return;
  const optional = sig.params.slice(sig.required);
  const shape = `(cursor${sig.params.slice(0, sig.required).map((p) => `, ${p}`).join('')}${optional.map((p) => `[, ${p}`).join('')}${']'.repeat(optional.length)})`;
  const count = sig.required === sig.params.length ? `${sig.params.length + 1}` : `${sig.required + 1} to ${sig.params.length + 1}`;
  const extra = call.args[sig.params.length + 1];
  fail(extra ?? call, `${fn} takes ${count} arguments ${shape}, got ${call.args.length}`);
}

function describeExpr(e: Expr): string {
  switch (e.kind) {
    case 'NumericLiteral':
      return e.text;
    case 'StringLiteral':
      return `'${e.value.replace(/'/g, "''")}'`;
    case 'NullLiteral':
      return 'NULL';
    case 'BooleanLiteral':
      return e.value === null ? 'UNKNOWN' : String(e.value).toUpperCase();
    default:
      return e.kind === 'Cursor' ? 'a CURSOR' : 'an expression';
  }
}

const formatNumber = (n: number): string => n.toLocaleString('en-US');

// ---------------------------------------------------------------------------------------------
// Literal parameters

/** A numeric literal, possibly signed: its value and whether it was written as an integer. */
function numericLiteral(e: Expr): { value: number; integer: boolean } | undefined {
  if (e.kind === 'UnaryOp' && e.op !== 'NOT') {
    const inner = numericLiteral(e.operand);
    return inner && { value: e.op === '-' ? -inner.value : inner.value, integer: inner.integer };
  }
  return e.kind === 'NumericLiteral' ? { value: Number(e.text), integer: e.numberKind === 'INTEGER' } : undefined;
}

/** Parameter `index` (0: the first after the cursor): an integer literal within [min, max], or `fallback` when omitted. */
function integerParam(ctx: CallContext, index: number, name: string, range: { min: number; max: number }, fallback?: number): number {
  const arg = ctx.args[index + 1];
  if (arg === undefined && fallback !== undefined) return fallback;
  const at = arg as Expr;
  const lit = numericLiteral(at);
  if (lit === undefined || !lit.integer || lit.value < range.min || lit.value > range.max) {
    fail(at, `${ctx.fn}: ${name} must be an integer literal from ${formatNumber(range.min)} to ${formatNumber(range.max)}, got ${describeValue(at, lit)}`);
  }
  return lit.value;
}

function describeValue(at: Expr, lit: { value: number } | undefined): string {
  return lit === undefined ? describeExpr(at) : String(lit.value);
}

function positiveDoubleParam(ctx: CallContext, index: number, name: string): number {
  const at = ctx.args[index + 1] as Expr;
  const lit = numericLiteral(at);
  if (lit === undefined || !Number.isFinite(lit.value) || lit.value <= 0) {
    fail(at, `${ctx.fn}: ${name} must be a numeric literal greater than zero, got ${describeValue(at, lit)}`);
  }
  return lit.value;
}

function booleanParam(ctx: CallContext, index: number, name: string, fallback: boolean): boolean {
  const arg = ctx.args[index + 1];
  if (arg === undefined) return fallback;
  if (arg.kind !== 'BooleanLiteral' || arg.value === null) fail(arg, `${ctx.fn}: ${name} must be TRUE or FALSE, got ${describeExpr(arg)}`);
  return arg.value;
}

/** The 'columnName' parameter: the index of that cursor column (names compared as stored). */
function columnParam(ctx: CallContext, index: number): number {
  const at = ctx.args[index + 1] as Expr;
  const names = ctx.cursorColumns.map((c) => c.name);
  const quote = (n: string): string => `'${n.replace(/'/g, "''")}'`;
  if (at.kind !== 'StringLiteral') {
    fail(at, `${ctx.fn}: columnName must be a column name in single quotes, e.g. ${quote(names[0] ?? 'column1')}, got ${describeExpr(at)}`);
  }
  const found = names.indexOf(at.value);
  if (found >= 0) return found;
  const close = closeNames(at.value, names);
  const hint = close.length === 0 ? '' : `; did you mean ${close.map(quote).join(' or ')}?`;
  fail(at, `${ctx.fn}: ${quote(at.value)} is not a column of the cursor${hint} (columns: ${names.map(sqlName).join(', ')})`, (close.length > 0 ? close : names).map(quote));
}

// ---------------------------------------------------------------------------------------------
// RANDOM_CUT_FOREST[_WITH_EXPLANATION] and HOTSPOTS: one output row per input row

const NUMERIC_TYPES: ReadonlySet<string> = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'REAL', 'DOUBLE']);
const DOUBLE: SqlType = { name: 'DOUBLE', nullable: true };
const JSON_TEXT: SqlType = { name: 'VARCHAR', nullable: true };
const COUNT: SqlType = { name: 'BIGINT', nullable: false };

/** Indices of the cursor's numeric columns (the ML functions' point); DECIMAL and an empty point are rejected. */
function numericColumns(ctx: CallContext, max: number | undefined): number[] {
  const cursor = ctx.args[0] as Expr;
  const decimal = ctx.cursorColumns.find((c) => c.type.name === 'DECIMAL');
  if (decimal !== undefined) {
    fail(cursor, `${ctx.fn}: column ${sqlName(decimal.name)} is ${typeName(decimal.type)}; DECIMAL is not a supported type, CAST it to DOUBLE`);
  }
  const indices = ctx.cursorColumns.flatMap((c, i) => (NUMERIC_TYPES.has(c.type.name) ? [i] : []));
  if (indices.length === 0 || (max !== undefined && indices.length > max)) {
    const range = max === undefined ? 'at least one numeric column' : `from 1 to ${max} numeric columns`;
    fail(cursor, `${ctx.fn}: the cursor must have ${range} (TINYINT, SMALLINT, INTEGER, BIGINT, REAL or DOUBLE), got ${indices.length}`);
  }
  return indices;
}

/** The row's point, or undefined when a coordinate is NULL or not finite. */
function pointOf(values: readonly SqlValue[], indices: readonly number[]): number[] | undefined {
  const point: number[] = [];
  for (const i of indices) {
    const v = values[i];
    const n = typeof v === 'bigint' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isFinite(n)) return undefined;
    point.push(n);
  }
  return point;
}

/** An operator that appends `extra` result values to every input row, NULLs when the row has no point. */
function perRowOperator(
  columns: readonly ColumnSpec[],
  indices: readonly number[],
  extra: number,
  score: (point: number[]) => SqlValue[],
): TableFunctionOperator {
  const nulls: SqlValue[] = new Array<SqlValue>(extra).fill(null);
  return {
    columns,
    push(values, rowtime) {
      const point = pointOf(values, indices);
      return [{ rowtime, values: [...values, ...(point === undefined ? nulls : score(point))] }];
    },
    advance: () => [],
  };
}

function compileRcf(ctx: CallContext, explain: boolean): () => TableFunctionOperator {
  const L = RCF_LIMITS;
  const D = RCF_DEFAULTS;
  const numberOfTrees = integerParam(ctx, 0, 'numberOfTrees', L.numberOfTrees, D.numberOfTrees);
  const subSampleSize = integerParam(ctx, 1, 'subSampleSize', L.subSampleSize, D.subSampleSize);
  const timeDecay = integerParam(ctx, 2, 'timeDecay', L.timeDecay, D.timeDecay);
  const shingleSize = integerParam(ctx, 3, 'shingleSize', L.shingleSize, D.shingleSize);
  const withDirectionality = explain && booleanParam(ctx, 4, 'withDirectionality', D.withDirectionality);
  // Only a given timeDecay can be at or below subSampleSize (whose maximum is below timeDecay's default).
  if (subSampleSize >= timeDecay) fail(ctx.args[3] as Expr, `${ctx.fn}: subSampleSize (${subSampleSize}) must be less than timeDecay (${timeDecay})`);
  const indices = numericColumns(ctx, L.numericColumns.max);
  const names = indices.map((i) => (ctx.cursorColumns[i] as ColumnSpec).name);
  const columns: ColumnSpec[] = [
    ...ctx.cursorColumns,
    { name: 'ANOMALY_SCORE', type: DOUBLE },
    ...(explain ? [{ name: 'ANOMALY_EXPLANATION', type: JSON_TEXT }] : []),
  ];
  return () => {
    const forest = new RandomCutForest({ numberOfTrees, subSampleSize, timeDecay, shingleSize, withDirectionality, explain, random: mulberry32(ctx.seed) });
    return perRowOperator(columns, indices, explain ? 2 : 1, (point) => {
      const r = forest.update(point);
      return r.explanation === undefined ? [r.score] : [r.score, formatExplanation(names, r.explanation, withDirectionality)];
    });
  };
}

function compileHotspots(ctx: CallContext): () => TableFunctionOperator {
  const windowSize = integerParam(ctx, 0, 'windowSize', HOTSPOTS_LIMITS.windowSize);
  const scanRadius = positiveDoubleParam(ctx, 1, 'scanRadius');
  const minimumNumberOfPointsInAHotspot = integerParam(ctx, 2, 'minimumNumberOfPointsInAHotspot', {
    min: HOTSPOTS_LIMITS.minimumNumberOfPointsInAHotspot.min,
    max: windowSize,
  });
  const indices = numericColumns(ctx, undefined);
  const columns: ColumnSpec[] = [...ctx.cursorColumns, { name: 'HOTSPOTS_RESULT', type: JSON_TEXT }];
  return () => {
    const hotspots = new Hotspots({ windowSize, scanRadius, minimumNumberOfPointsInAHotspot });
    return perRowOperator(columns, indices, 1, (point) => [hotspots.update(point).json]);
  };
}

// ---------------------------------------------------------------------------------------------
// TOP_K_ITEMS_TUMBLING and COUNT_DISTINCT_ITEMS_TUMBLING: rows when a window closes

/** How a column's SQL values become sketch items (compared by value) and back. */
interface ItemCodec {
  encode(value: Exclude<SqlValue, null>): SketchItem;
  decode(item: SketchItem): SqlValue;
}

const IDENTITY: ItemCodec = { encode: (v) => v as SketchItem, decode: (item) => item };

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function decimalOf(text: string): Decimal {
  const [whole, fraction = ''] = text.split('.');
  return new Decimal(BigInt(`${whole}${fraction}`), fraction.length);
}

/** Objects (DECIMAL, BINARY, INTERVAL) are counted by their text or amount; a column's scale and family are fixed. */
function itemCodec(ctx: CallContext, at: Expr, type: SqlType): ItemCodec {
  switch (type.name) {
    case 'DECIMAL':
      return { encode: (v) => (v as Decimal).toString(), decode: (item) => decimalOf(String(item)) };
    case 'BINARY':
    case 'VARBINARY':
      return { encode: (v) => hex(v as Uint8Array), decode: (item) => Uint8Array.from(String(item).match(/../g) ?? [], (h) => parseInt(h, 16)) };
    case 'INTERVAL':
      return { encode: (v) => (v as Interval).amount, decode: (item) => new Interval(type.interval ?? 'DAY_TIME', Number(item)) };
    case 'ROW':
      return fail(at, `${ctx.fn}: the column is ${typeName(type)}; a ROW value cannot be counted, select one of its fields`);
    default:
      return IDENTITY;
  }
}

interface TumblingSketch<Row> {
  add(rowtime: number, item: SketchItem | null): Row[];
  advance(rowtime: number): Row[];
}

function tumblingOperator<Row extends { readonly ROWTIME: number }>(
  columns: readonly ColumnSpec[],
  index: number,
  codec: ItemCodec,
  sketch: TumblingSketch<Row>,
  toValues: (row: Row) => SqlValue[],
): TableFunctionOperator {
  const out = (rows: Row[]): TableFunctionRow[] => rows.map((r) => ({ rowtime: r.ROWTIME, values: toValues(r) }));
  return {
    columns,
    push(values, rowtime) {
      const v = values[index] ?? null;
      return out(sketch.add(rowtime, v === null ? null : codec.encode(v)));
    },
    advance: (rowtime) => out(sketch.advance(rowtime)),
  };
}

function compileTopK(ctx: CallContext): () => TableFunctionOperator {
  const index = columnParam(ctx, 0);
  const k = integerParam(ctx, 1, 'K', TOP_K_LIMITS.k);
  const windowSize = integerParam(ctx, 2, 'windowSize', TOP_K_LIMITS.windowSize);
  const column = ctx.cursorColumns[index] as ColumnSpec;
  const codec = itemCodec(ctx, ctx.args[1] as Expr, column.type);
  const columns: ColumnSpec[] = [column, { name: 'MOST_FREQUENT_VALUES', type: COUNT }];
  return () =>
    tumblingOperator(columns, index, codec, new TopKItemsTumbling({ k, windowSize }), (r) => [codec.decode(r.ITEM), BigInt(r.ITEM_COUNT)]);
}

function compileCountDistinct(ctx: CallContext): () => TableFunctionOperator {
  const index = columnParam(ctx, 0);
  const windowSize = integerParam(ctx, 1, 'windowSize', COUNT_DISTINCT_LIMITS.windowSize);
  const codec = itemCodec(ctx, ctx.args[1] as Expr, (ctx.cursorColumns[index] as ColumnSpec).type);
  const columns: ColumnSpec[] = [{ name: 'NUMBER_OF_DISTINCT_ITEMS', type: COUNT }];
  return () => tumblingOperator(columns, index, codec, new CountDistinctItemsTumbling({ windowSize }), (r) => [r.NUMBER_OF_DISTINCT_ITEMS]);
}
