/**
 * Analysis of a whole Kinesis Data Analytics SQL application into a runnable plan (kda-sql.md §1
 * "Application model"): the input streams (SOURCE_SQL_STREAM_001 and any others, columns from their
 * InputSchemas, plus the system column APPROXIMATE_ARRIVAL_TIME), reference tables, the in-application
 * streams of CREATE STREAM, and one compiled query per pump (or the bare `SELECT STREAM`, whose rows go
 * to stream "QUERY").
 *
 * A pump's or bare query's `SELECT STREAM` may have:
 * - FROM a stream, a subquery `(SELECT STREAM ...) [AS] x`, a table function
 *   `TABLE(fn(CURSOR(SELECT STREAM ...), ...))` (./table-functions.ts), or a join of two of these or of
 *   a stream and a reference table: INNER, LEFT, RIGHT, FULL, CROSS (and `FROM a, b`) with ON; between
 *   two streams at least one side has a window `S OVER (RANGE INTERVAL 'n' unit PRECEDING | ROWS n
 *   PRECEDING)` or `OVER w`; an unwindowed side holds only its current row (kda-sql.md §1 "Joins").
 *   Subqueries and CURSORs become hidden streams fed by their own queries;
 * - WHERE; select items, `*` and `t.*` (which omit ROWTIME and APPROXIMATE_ARRIVAL_TIME); an unqualified
 *   ROWTIME in the select list of a non-aggregating query is the row's time;
 * - tumbling GROUP BY, where one key is a monotonic ROWTIME expression: `STEP(ROWTIME BY INTERVAL 'n'
 *   unit)`, `FLOOR(ROWTIME TO unit)` (SECOND..DAY), `FLOOR((ROWTIME - TIMESTAMP '...') SECOND / n TO
 *   SECOND)` (any day-time qualifier), any of them inside MONOTONIC(...), or `MONOTONIC(e)` of another
 *   expression (a group per value of e, closed by a row with another value); with HAVING;
 * - sliding windows (no GROUP BY in the same query): `agg(...) OVER w` with `WINDOW w AS (...)` or an
 *   inline `OVER ([w] [PARTITION BY ...] RANGE INTERVAL 'n' unit PRECEDING | ROWS n PRECEDING)` (also
 *   `BETWEEN ... AND CURRENT ROW`);
 * - stagger windows, `WINDOWED BY STAGGER (PARTITION BY k, ... RANGE INTERVAL 'n' unit)` in place of
 *   GROUP BY (kda-sql.md §1 "Stagger"), with HAVING; a select-list column outside an aggregate must be
 *   a partition key.
 * Aggregates: COUNT, SUM, AVG, MIN, MAX, FIRST_VALUE, LAST_VALUE, STDDEV_POP/SAMP, VAR_POP/SAMP,
 * EXP_AVG in all three window kinds; LAG and NTH_VALUE over sliding windows (./aggregates.ts).
 * Rejected with a positioned SqlAnalysisError that names the construct: joins of more than two
 * relations, NATURAL and USING joins, FOLLOWING join windows, outer joins that keep a reference
 * table's rows, PARTITION BY in a join window, DISTINCT in an aggregate, UNBOUNDED PRECEDING,
 * SELECT DISTINCT, ORDER BY, UNION, VALUES, column aliases in FROM.
 */
import {
  AggregateRegistry,
  SqlAnalysisError,
  syntaxKey,
  collectAggregates,
  compileExpression,
  createScope,
  type ColumnSpec,
  type CompiledAggregate,
  type CompiledExpression,
  type Scope,
} from '../analyze';
import { sqlName, typeName } from '../analyze/errors';
import { canCast } from '../functions/cast';
import { compileValuesMapper, parseInputSchema, type InputSchema, type ParsedInputSchema, type ValuesMapper } from '../input';
import { parseApplication } from '../syntax';
import { compileTableFunction, type TableFunctionOperator } from './table-functions';
import type { RelationSpec } from '../analyze/scope';
import type {
  AstNode,
  Expr,
  FromItem,
  FunctionCall,
  Identifier,
  Query,
  QualifiedName,
  Select,
  SelectItem,
  SourcePos,
  TimeUnit,
  WindowDef,
  WindowRef,
  WindowSpec,
} from '../syntax/ast';
import type { SqlType } from '../types';

export const DEFAULT_INPUT_STREAM = 'SOURCE_SQL_STREAM_001';
export const QUERY_STREAM = 'QUERY';
export const ERROR_STREAM = 'error_stream';

export interface StreamDef {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  /** True for an input stream. */
  readonly input: boolean;
  /** An engine-made stream between a subquery or CURSOR and its reader: never written out. */
  readonly hidden?: boolean;
  /** How many of the columns `SELECT *` lists (an input stream's APPROXIMATE_ARRIVAL_TIME is left out); default all. */
  readonly starColumns?: number;
}

/**
 * The system column an input stream adds after its schema's columns: when Kinesis received the record
 * (dev/how-it-works-timestamps). Like ROWTIME, `SELECT *` leaves it out [OURS: AWS examples insert
 * `SELECT STREAM *` of the input into streams declared with the schema's columns only].
 */
export const APPROXIMATE_ARRIVAL_TIME = 'APPROXIMATE_ARRIVAL_TIME';

/** An input stream: its columns come from its InputSchema, whose mapper turns records into rows. */
export interface InputDef {
  readonly name: string;
  readonly schema: ParsedInputSchema;
  /** Its records' rows as arrays, with two slots after the columns for APPROXIMATE_ARRIVAL_TIME and ROWTIME. */
  readonly values: ValuesMapper;
}

/** A reference table (kda-sql.md §1 "Joins"): rows loaded once from a file, joined to a stream. */
export interface TableDef {
  readonly name: string;
  readonly columns: readonly ColumnSpec[];
  /** Its records' rows as arrays, with one slot after the columns (a table row's ROWTIME, always NULL). */
  readonly values: ValuesMapper;
}

/**
 * A join's window on one side (kda-sql.md §1 "Joins"): the rows of that side a new row of the other
 * side meets. RANGE: rows with ROWTIME ≥ now − size; ROWS: the `size` latest rows before the newest
 * and the newest. A side written without OVER holds only its current row: RANGE 0.
 */
export interface JoinWindow {
  readonly unit: 'RANGE' | 'ROWS';
  readonly size: number;
}

export interface JoinSide {
  /** The stream (or reference table) read. */
  readonly source: string;
  readonly table: boolean;
  readonly window: JoinWindow;
  /** Kept when unmatched: the left side of LEFT, the right of RIGHT, both of FULL. */
  readonly preserved: boolean;
  /** Values per row: the columns, then ROWTIME. */
  readonly width: number;
}

export interface CompiledJoin {
  readonly type: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS';
  readonly sides: readonly [JoinSide, JoinSide];
  /** Undefined for CROSS JOIN and `FROM a, b`. */
  readonly on?: CompiledExpression;
}

/**
 * The monotonic key of a tumbling GROUP BY. A ROWTIME key makes windows [start, start + length),
 * closed by time. `MONOTONIC(e)` of anything else (`byValue`) makes a group per value of e, closed when
 * a row brings another value (emitted at that row's ROWTIME): a bound carries no value, so it closes
 * nothing.
 */
export interface TumblingWindow {
  /** Index of the monotonic key in `groupKeys`. */
  readonly keyIndex: number;
  /** Window start for a row time (epoch ms); 0 when `byValue`. */
  readonly startOf: (rowtime: number) => number;
  /** 0 when `byValue`. */
  readonly lengthMs: number;
  readonly byValue?: true;
}

/**
 * A stagger window (kda-sql.md §1 "Stagger"): per partition key, a window opens at the ROWTIME of the
 * key's first row and closes at open + rangeMs; one row per key is emitted at close, with ROWTIME =
 * open + rangeMs.
 */
export interface CompiledStagger {
  readonly partitionBy: readonly CompiledExpression[];
  readonly rangeMs: number;
  readonly aggregates: readonly CompiledAggregate[];
  readonly having?: CompiledExpression;
}

export interface CompiledGroupBy {
  readonly keys: readonly CompiledExpression[];
  readonly window: TumblingWindow;
  readonly aggregates: readonly CompiledAggregate[];
  readonly having?: CompiledExpression;
}

/**
 * One sliding window of a query (kda-sql.md §1 "Sliding"): the aggregates computed over it, for every
 * input row, over the rows of the row's partition already arrived (the current row included) with
 * ROWTIME ≥ current − sizeMs (RANGE) or the `size` rows before the current one (ROWS).
 */
export interface SlidingWindow {
  readonly partitionBy: readonly CompiledExpression[];
  readonly unit: 'RANGE' | 'ROWS';
  /** RANGE: the length in ms (lower bound inclusive); ROWS: the number of preceding rows. */
  readonly size: number;
  /** The aggregates over this window (slots index `CompiledSliding.slotCount` values). */
  readonly aggregates: readonly CompiledAggregate[];
}

export interface CompiledSliding {
  /** Distinct windows (equal PARTITION BY and frame share one). */
  readonly windows: readonly SlidingWindow[];
  /** The number of aggregate slots. */
  readonly slotCount: number;
}

export interface OutputColumn {
  readonly name: string;
  readonly expr: CompiledExpression;
}

export interface CompiledQuery {
  /** The pump's name, or undefined for a bare query. */
  readonly pump?: string;
  /** The stream read (a join's left side). */
  readonly source: string;
  /** The statement (pump or bare query) this query is, for messages; undefined for a subquery's. */
  readonly statement?: AstNode;
  /** A table function's operator: it reads `source` (its CURSOR's rows) and writes `target`; nothing else applies. */
  readonly tableFunction?: () => TableFunctionOperator;
  /** A tumbling table function's window (ms); undefined for one whose state is not bounded by time (RCF, HOTSPOTS). */
  readonly tableFunctionWindowMs?: number;
  /** A join of two relations: the rows of both sides meet here before WHERE. */
  readonly join?: CompiledJoin;
  /** The stream written (QUERY for a bare query). */
  readonly target: string;
  readonly where?: CompiledExpression;
  readonly columns: readonly OutputColumn[];
  readonly groupBy?: CompiledGroupBy;
  /** Sliding-window aggregates (`agg(...) OVER w`): one output row per input row. */
  readonly sliding?: CompiledSliding;
  /** A stagger window (`WINDOWED BY STAGGER`): one row per partition key and window, at its close. */
  readonly stagger?: CompiledStagger;
  /**
   * For a pump: for each target column (in target order), the index of the select column feeding it,
   * or -1 (NULL) when an INSERT column list leaves it out. Undefined for a bare query.
   */
  readonly insertMap?: readonly number[];
}

export interface CompiledApplication {
  readonly source: string;
  /** The default input stream (SOURCE_SQL_STREAM_001 unless renamed). */
  readonly inputStream: string;
  readonly inputSchema: ParsedInputSchema;
  /** Every input stream by name, the default one first. */
  readonly inputs: ReadonlyMap<string, InputDef>;
  /** Reference tables by name. */
  readonly tables: ReadonlyMap<string, TableDef>;
  /** Every stream by name: the input stream and the in-application streams, in declaration order. */
  readonly streams: ReadonlyMap<string, StreamDef>;
  /** Pumps (and the bare query), in declaration order. */
  readonly queries: readonly CompiledQuery[];
}

export interface CompileApplicationOptions {
  /** The name of the input stream (default SOURCE_SQL_STREAM_001). */
  readonly inputStream?: string;
  /** More input streams, by name, each with its InputSchema. */
  readonly inputs?: Readonly<Record<string, InputSchema | ParsedInputSchema>>;
  /** Reference tables, by name, each with the schema of its records (an InputSchema). */
  readonly tables?: Readonly<Record<string, InputSchema | ParsedInputSchema>>;
  /** Seeds RANDOM_CUT_FOREST's randomness: the same seed gives the same scores. */
  readonly seed?: number;
}

const DEFAULT_SEED = 20260127;

const nameOf = (q: QualifiedName): string => q.parts.map((p) => p.name).join('.');
const len = (node: AstNode): number => Math.max(1, node.end - node.pos.offset);

function unsupported(node: AstNode, what: string): never {
  throw new SqlAnalysisError(`${what} is not supported yet by this engine`, node.pos, { length: len(node) });
}

/**
 * Parses and analyzes an application. Throws SqlSyntaxError / SqlAnalysisError (positioned) for an
 * invalid or unsupported application, InputSchemaError for an invalid InputSchema.
 */
export function compileApplication(source: string, inputSchema: InputSchema | ParsedInputSchema, options: CompileApplicationOptions = {}): CompiledApplication {
  const inputStream = options.inputStream ?? DEFAULT_INPUT_STREAM;
  const inputs = new Map<string, InputDef>();
  for (const [name, schema] of [[inputStream, inputSchema] as const, ...Object.entries(options.inputs ?? {})]) {
    const parsed = asParsed(schema);
    inputs.set(name, { name, schema: parsed, values: compileValuesMapper(parsed, 2) });
  }
  const tables = new Map<string, TableDef>();
  for (const [name, schema] of Object.entries(options.tables ?? {})) {
    const parsed = asParsed(schema);
    tables.set(name, { name, columns: parsed.columns.map((c) => ({ name: c.name, type: c.type })), values: compileValuesMapper(parsed, 1) });
  }
  const app = parseApplication(source);
  const streams = new Map<string, StreamDef>();
  for (const input of inputs.values()) {
    const columns = input.schema.columns.map((c) => ({ name: c.name, type: c.type }));
    streams.set(input.name, { name: input.name, input: true, columns: [...columns, { name: APPROXIMATE_ARRIVAL_TIME, type: { name: 'TIMESTAMP', nullable: false } }], starColumns: columns.length });
  }

  for (const st of app.statements) {
    if (st.kind !== 'CreateStream') continue;
    const name = nameOf(st.name);
    if (inputs.has(name) || name === ERROR_STREAM) {
      throw new SqlAnalysisError(`Stream ${sqlName(name)} cannot be created: it is a system stream`, st.name.pos, { length: len(st.name) });
    }
    if (tables.has(name)) throw new SqlAnalysisError(`Stream ${sqlName(name)} cannot be created: a reference table has that name`, st.name.pos, { length: len(st.name) });
    if (streams.has(name) && !st.orReplace) {
      throw new SqlAnalysisError(`Stream ${sqlName(name)} is already defined`, st.name.pos, { length: len(st.name) });
    }
    const seen = new Set<string>();
    for (const c of st.columns) {
      if (c.name.name === 'ROWTIME') throw new SqlAnalysisError('ROWTIME cannot be declared: every stream has it', c.name.pos, { length: len(c.name) });
      if (seen.has(c.name.name)) throw new SqlAnalysisError(`Column ${sqlName(c.name.name)} is declared twice`, c.name.pos, { length: len(c.name) });
      seen.add(c.name.name);
      if (c.type.type.name === 'INTERVAL') unsupported(c.type, 'An INTERVAL column');
    }
    streams.set(name, { name, input: false, columns: st.columns.map((c) => ({ name: c.name.name, type: c.type.type })) });
  }

  const queries: CompiledQuery[] = [];
  const ctx: QueryContext = { streams, tables, queries, seed: options.seed ?? DEFAULT_SEED, hiddenCount: 0 };
  const pumps = new Set<string>();
  for (const st of app.statements) {
    if (st.kind === 'CreateStream') continue;
    if (st.kind === 'QueryStatement') {
      queries.push({ ...compileQuery(st.query, ctx, undefined, QUERY_STREAM), statement: st });
      continue;
    }
    const pumpName = nameOf(st.name);
    if (pumps.has(pumpName) && !st.orReplace) throw new SqlAnalysisError(`Pump ${sqlName(pumpName)} is already defined`, st.name.pos, { length: len(st.name) });
    pumps.add(pumpName);
    const targetName = nameOf(st.insert.target);
    const target = streams.get(targetName);
    if (target === undefined || target.hidden === true) throw unknownStream(st.insert.target, targetName, streams);
    if (target.input) throw new SqlAnalysisError(`Cannot insert into the input stream ${sqlName(targetName)}`, st.insert.target.pos, { length: len(st.insert.target) });
    const q = compileQuery(st.insert.query, ctx, pumpName, targetName);
    queries.push({ ...q, statement: st, insertMap: insertMapping(st.insert.query, st.insert.columns, q.columns, target) });
  }
  checkCycles(queries);
  const main = inputs.get(inputStream) as InputDef;
  return { source, inputStream, inputSchema: main.schema, inputs, tables, streams, queries };
}

function asParsed(schema: InputSchema | ParsedInputSchema): ParsedInputSchema {
  return 'columns' in schema && 'format' in schema ? (schema as ParsedInputSchema) : parseInputSchema(schema as InputSchema);
}

/** What compiling one query may add to: hidden streams and the queries feeding them (subqueries, CURSORs). */
interface QueryContext {
  readonly streams: Map<string, StreamDef>;
  readonly tables: ReadonlyMap<string, TableDef>;
  readonly queries: CompiledQuery[];
  readonly seed: number;
  hiddenCount: number;
}

/** The streams a query reads. */
export function sourcesOf(q: CompiledQuery): string[] {
  return q.join === undefined ? [q.source] : q.join.sides.filter((s) => !s.table).map((s) => s.source);
}

/** A pump that feeds, directly or through other pumps, a stream it reads would loop forever. */
function checkCycles(queries: readonly CompiledQuery[]): void {
  const reaches = (from: string, to: string, seen: Set<string>): boolean => {
    if (from === to) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    return queries.some((q) => sourcesOf(q).includes(from) && reaches(q.target, to, seen));
  };
  for (const q of queries) {
    const looped = sourcesOf(q).find((src) => reaches(q.target, src, new Set()));
    if (looped !== undefined && q.statement !== undefined) {
      throw new SqlAnalysisError(`Pump ${sqlName(q.pump ?? QUERY_STREAM)} makes a cycle: stream ${sqlName(looped)} feeds itself`, q.statement.pos, { length: len(q.statement) });
    }
  }
}

function unknownStream(node: AstNode, name: string, streams: ReadonlyMap<string, StreamDef>, tables: ReadonlyMap<string, TableDef> = new Map()): SqlAnalysisError {
  const known = [...[...streams.values()].filter((s) => s.hidden !== true).map((s) => s.name), ...tables.keys()];
  return new SqlAnalysisError(`Stream ${sqlName(name)} not found (streams: ${known.map(sqlName).join(', ')})`, node.pos, {
    length: len(node),
    candidates: known.map(sqlName),
  });
}

function insertMapping(query: Query, columns: readonly Identifier[] | undefined, out: readonly OutputColumn[], target: StreamDef): number[] {
  const map: number[] = target.columns.map(() => -1);
  const names = columns ?? target.columns.map((c) => ({ name: c.name, pos: query.pos, end: query.end }) as Identifier);
  if (names.length !== out.length) {
    throw new SqlAnalysisError(
      `INSERT INTO ${sqlName(target.name)} expects ${names.length} column${names.length === 1 ? '' : 's'} but the query produces ${out.length}`,
      query.pos,
      { length: len(query) },
    );
  }
  names.forEach((id, i) => {
    const idx = target.columns.findIndex((c) => c.name === id.name);
    if (idx < 0) throw new SqlAnalysisError(`Column ${sqlName(id.name)} not found in stream ${sqlName(target.name)}`, id.pos, { length: len(id) });
    if (map[idx] !== -1) throw new SqlAnalysisError(`Column ${sqlName(id.name)} is listed twice`, id.pos, { length: len(id) });
    map[idx] = i;
    const from = (out[i] as OutputColumn).expr.type;
    const to = (target.columns[idx] as ColumnSpec).type;
    if (!canCast(from, to)) {
      throw new SqlAnalysisError(
        `Cannot insert a value of type ${typeName(from)} into column ${sqlName(id.name)} ${typeName(to)} of ${sqlName(target.name)}`,
        query.pos,
        { length: len(query) },
      );
    }
  });
  target.columns.forEach((c, i) => {
    if (map[i] === -1 && !c.type.nullable) {
      throw new SqlAnalysisError(`Column ${sqlName(c.name)} of ${sqlName(target.name)} is NOT NULL and gets no value`, query.pos, { length: len(query) });
    }
  });
  return map;
}

function compileQuery(query: Query, ctx: QueryContext, pump: string | undefined, target: string): CompiledQuery {
  if (query.kind === 'SetOperation') unsupported(query, `${query.op}${query.all ? ' ALL' : ''}`);
  if (query.kind === 'Values') unsupported(query, 'VALUES');
  const sel: Select = query;
  if (!sel.stream) throw new SqlAnalysisError('Only SELECT STREAM queries are supported: a SELECT without STREAM reads a table', sel.pos, { length: 6 });
  if (sel.quantifier === 'DISTINCT') unsupported(sel, 'SELECT DISTINCT');
  if (sel.orderBy !== undefined && sel.orderBy.length > 0) unsupported(sel.orderBy[0] as AstNode, 'ORDER BY');
  const windowDefs = checkWindowDefs(sel);
  const from = compileFrom(sel.from, ctx, windowDefs);
  const relations = from.relations;
  const sourceName = from.source;
  const grouped = sel.groupBy !== undefined && sel.groupBy.length > 0;
  const staggerDef = sel.windowedBy;
  if (staggerDef !== undefined && grouped) {
    const first = (sel.groupBy as readonly Expr[])[0] as Expr;
    throw new SqlAnalysisError('GROUP BY cannot be combined with WINDOWED BY STAGGER: the stagger window groups by its PARTITION BY keys', first.pos, { length: len(first) });
  }
  const staggered = staggerDef !== undefined;
  const rowScope = createScope(relations);
  const selectScope = grouped || staggered ? rowScope : createScope(relations, { rowtime: 'row' });

  let windowed = false;
  for (const item of sel.items) {
    if (item.kind !== 'SelectExpr') continue;
    for (const a of collectAggregates(item.expr)) {
      if (a.windowed) {
        if (grouped || staggered) {
          throw new SqlAnalysisError(
            `${a.fn}(...) OVER (a sliding-window aggregate) cannot be combined with ${grouped ? 'GROUP BY' : 'WINDOWED BY STAGGER'} in the same query`,
            a.call.pos,
            { length: len(a.call) },
          );
        }
        windowed = true;
        continue;
      }
      if (!grouped && !staggered) throw new SqlAnalysisError(`Aggregate ${a.fn} needs a GROUP BY with a ROWTIME-based key in a streaming query`, a.call.pos, { length: len(a.call) });
    }
  }
  if (!grouped && !staggered && sel.having !== undefined) throw new SqlAnalysisError('HAVING needs GROUP BY', sel.having.pos, { length: len(sel.having) });

  const where = sel.where === undefined ? undefined : compileExpression(sel.where, rowScope, { clause: 'WHERE', condition: true });

  const registry = new AggregateRegistry();
  const groupKeys = staggerDef !== undefined ? staggerDef.partitionBy : (sel.groupBy ?? []);
  // MONOTONIC(e) only declares e monotonic: SELECT and HAVING may read e itself.
  const visibleKeys = [...groupKeys, ...groupKeys.flatMap((k) => unwrapMonotonic(k) ?? [])];
  const columns = expandItems(sel.items, relations, (expr) =>
    staggerKeyError(staggered, () =>
      compileExpression(
        expr,
        selectScope,
        grouped || staggered ? { clause: 'SELECT', aggregates: 'group', registry, groupKeys: visibleKeys } : windowed ? { clause: 'SELECT', aggregates: 'window', registry } : { clause: 'SELECT' },
      ),
    ),
  );
  const sliding = windowed ? compileSliding(registry.aggregates, windowDefs, rowScope) : undefined;

  let groupBy: CompiledGroupBy | undefined;
  if (grouped) {
    const keys = groupKeys.map((k) => compileExpression(k, rowScope, { clause: 'GROUP BY' }));
    let window: TumblingWindow | undefined;
    groupKeys.forEach((k, i) => {
      const w = monotonicWindow(unwrapMonotonic(k) ?? k);
      if (w !== undefined && window === undefined) window = { keyIndex: i, ...w };
    });
    const declared = groupKeys.findIndex((k) => unwrapMonotonic(k) !== undefined);
    if (window === undefined && declared >= 0) window = { keyIndex: declared, startOf: () => 0, lengthMs: 0, byValue: true };
    if (window === undefined) {
      throw new SqlAnalysisError(
        "GROUP BY on a stream needs a monotonic ROWTIME key: STEP(ROWTIME BY INTERVAL 'n' unit), FLOOR(ROWTIME TO unit), FLOOR((ROWTIME - TIMESTAMP '1970-01-01 00:00:00') SECOND / n TO SECOND) or MONOTONIC(expression)",
        (groupKeys[0] as Expr).pos,
        { length: len(groupKeys[0] as Expr) },
      );
    }
    const having = sel.having === undefined ? undefined : compileExpression(sel.having, rowScope, { clause: 'HAVING', condition: true, aggregates: 'group', registry, groupKeys: visibleKeys });
    checkGroupAggregates(registry.aggregates);
    groupBy = { keys, window, aggregates: registry.aggregates, ...(having !== undefined && { having }) };
  }
  let stagger: CompiledStagger | undefined;
  if (staggerDef !== undefined) {
    const range = staggerDef.range;
    if (range.kind !== 'IntervalLiteral' || range.value.family !== 'DAY_TIME' || range.value.amount <= 0) {
      throw new SqlAnalysisError("WINDOWED BY STAGGER needs a positive day-time interval literal: RANGE INTERVAL 'n' unit", range.pos, { length: len(range) });
    }
    const partitionBy = staggerDef.partitionBy.map((k) => compileExpression(k, rowScope, { clause: 'PARTITION BY' }));
    const having =
      sel.having === undefined
        ? undefined
        : staggerKeyError(true, () => compileExpression(sel.having as Expr, rowScope, { clause: 'HAVING', condition: true, aggregates: 'group', registry, groupKeys }));
    checkGroupAggregates(registry.aggregates);
    stagger = { partitionBy, rangeMs: range.value.amount, aggregates: registry.aggregates, ...(having !== undefined && { having }) };
  }
  const joinPlan = from.join === undefined ? undefined : { ...from.join, ...(from.on !== undefined && { on: compileExpression(from.on, rowScope, { clause: 'ON', condition: true }) }) };
  return {
    ...(pump !== undefined && { pump }),
    source: sourceName,
    ...(joinPlan !== undefined && { join: joinPlan }),
    target,
    ...(where !== undefined && { where }),
    columns,
    ...(groupBy !== undefined && { groupBy }),
    ...(sliding !== undefined && { sliding }),
    ...(stagger !== undefined && { stagger }),
  };
}

// ---------------------------------------------------------------------------------------------
// FROM: streams, reference tables, subqueries and joins

/** A relation of FROM, with how many of its columns `*` lists. */
type FromRelation = RelationSpec & { readonly starColumns?: number };

interface CompiledFrom {
  readonly relations: readonly FromRelation[];
  /** The stream read (a join's left side). */
  readonly source: string;
  readonly join?: Omit<CompiledJoin, 'on'>;
  readonly on?: Expr;
}

interface ResolvedRelation {
  readonly spec: FromRelation;
  readonly source: string;
  readonly table: boolean;
  readonly over?: WindowRef;
  readonly node: AstNode;
}

function compileFrom(from: FromItem, ctx: QueryContext, windowDefs: ReadonlyMap<string, WindowDef>): CompiledFrom {
  if (from.kind !== 'Join') {
    const rel = resolveRelation(from, ctx);
    if (rel.over !== undefined) unsupported(rel.over, 'A windowed stream (OVER) in FROM outside a join');
    if (rel.table) throw new SqlAnalysisError(`Reference table ${sqlName(rel.source)} can only be joined to a stream: a query reads a stream`, rel.node.pos, { length: len(rel.node) });
    return { relations: [rel.spec], source: rel.source };
  }
  if (from.left.kind === 'Join' || from.right.kind === 'Join') unsupported(from, 'A join of more than two relations');
  if (from.natural) unsupported(from, 'NATURAL JOIN');
  if (from.using !== undefined) unsupported(from, 'JOIN ... USING');
  const type = from.joinType === 'COMMA' ? 'CROSS' : from.joinType;
  const left = resolveRelation(from.left, ctx);
  const right = resolveRelation(from.right, ctx);
  if (left.table && right.table) throw new SqlAnalysisError('A join needs a stream on at least one side: two reference tables never produce a row', from.pos, { length: len(from) });
  const preserved: [boolean, boolean] = [type === 'LEFT' || type === 'FULL', type === 'RIGHT' || type === 'FULL'];
  [left, right].forEach((rel, i) => {
    if (rel.table && rel.over !== undefined) throw new SqlAnalysisError(`Reference table ${sqlName(rel.source)} cannot have a window: every row of it is always there`, rel.over.pos, { length: len(rel.over) });
    if (rel.table && preserved[i]) unsupported(from, `A ${type} JOIN that keeps the unmatched rows of reference table ${sqlName(rel.source)}`);
  });
  const windows = [left, right].map((rel) => (rel.over === undefined ? CURRENT_ROW_ONLY : resolveJoinWindow(rel.over, windowDefs)));
  if (!left.table && !right.table && left.over === undefined && right.over === undefined) {
    throw new SqlAnalysisError("A join of two streams needs a window on at least one side, e.g. S OVER (RANGE INTERVAL '1' MINUTE PRECEDING)", from.pos, { length: len(from) });
  }
  const side = (rel: ResolvedRelation, i: number): JoinSide => ({
    source: rel.source,
    table: rel.table,
    window: windows[i] as JoinWindow,
    preserved: preserved[i] as boolean,
    width: rel.spec.columns.length + 1,
  });
  const relations = [left, right].map((rel, i) => ({ ...rel.spec, ...(preserved[1 - i] === true && { optional: true }) }));
  const streamSide = left.table ? right : left;
  return { relations, source: streamSide.source, join: { type, sides: [side(left, 0), side(right, 1)] }, ...(from.on !== undefined && { on: from.on }) };
}

const CURRENT_ROW_ONLY: JoinWindow = { unit: 'RANGE', size: 0 };

function resolveJoinWindow(ref: WindowRef, defs: ReadonlyMap<string, WindowDef>): JoinWindow {
  let w: ResolvedWindow;
  try {
    w = resolveWindow(ref, defs);
  } catch (e) {
    if (e instanceof SqlAnalysisError && e.detail.startsWith('FOLLOWING')) {
      throw new SqlAnalysisError('A FOLLOWING join window is not supported yet by this engine: use a PRECEDING window on the other side', { line: e.line, column: e.column, offset: e.offset }, { length: e.length });
    }
    throw e;
  }
  if (w.partitionBy.length > 0) unsupported(ref, 'PARTITION BY in a join window');
  return { unit: w.unit, size: w.size };
}

/** One relation of FROM: a stream, a reference table, or a subquery (compiled into a hidden stream). */
function resolveRelation(item: Exclude<FromItem, { kind: 'Join' }>, ctx: QueryContext): ResolvedRelation {
  if (item.columnAliases !== undefined) unsupported(item, 'Column aliases in FROM');
  const over = item.over;
  if (item.kind === 'TableFunctionRef') {
    const name = compileTableFunctionCall(item.call, ctx);
    const columns = (ctx.streams.get(name) as StreamDef).columns;
    const fn = (item.call.name.parts[item.call.name.parts.length - 1] as Identifier).name;
    return { spec: { alias: item.alias?.name ?? fn, columns }, source: name, table: false, ...(over !== undefined && { over }), node: item };
  }
  if (item.kind === 'SubqueryRef') {
    const name = compileHidden(item.query, ctx);
    const columns = (ctx.streams.get(name) as StreamDef).columns;
    return { spec: { alias: item.alias?.name ?? name, columns }, source: name, table: false, ...(over !== undefined && { over }), node: item };
  }
  const name = nameOf(item.name);
  const lastPart = item.name.parts[item.name.parts.length - 1] as Identifier;
  const alias = item.alias?.name ?? lastPart.name;
  const qualified = item.alias === undefined && item.name.parts.length > 1 ? { qualifiedName: item.name.parts.map((p) => p.name) } : {};
  const table = ctx.tables.get(name);
  if (table !== undefined) return { spec: { alias, ...qualified, columns: table.columns }, source: name, table: true, ...(over !== undefined && { over }), node: item };
  const stream = ctx.streams.get(name);
  if (stream === undefined || stream.hidden === true) throw unknownStream(item.name, name, ctx.streams, ctx.tables);
  const star = stream.starColumns === undefined ? {} : { starColumns: stream.starColumns };
  return { spec: { alias, ...qualified, columns: stream.columns, ...star }, source: name, table: false, ...(over !== undefined && { over }), node: item };
}

/**
 * `TABLE(fn(CURSOR(query), ...))`: the cursor's query writes one hidden stream, the function reads it
 * and writes another, whose name is returned.
 */
function compileTableFunctionCall(call: FunctionCall, ctx: QueryContext): string {
  const cursor = call.args[0];
  // Without a CURSOR first, compileTableFunction reports the call as it is.
  const input = cursor?.kind === 'Cursor' ? compileHidden(cursor.query, ctx) : undefined;
  const inputColumns = input === undefined ? [] : (ctx.streams.get(input) as StreamDef).columns;
  const create = compileTableFunction(call, inputColumns, { seed: ctx.seed });
  const name = `$FUNCTION${++ctx.hiddenCount}`;
  ctx.streams.set(name, { name, input: false, hidden: true, columns: create().columns });
  const windowMs = tumblingFunctionWindowMs(call);
  ctx.queries.push({ source: input as string, target: name, columns: [], tableFunction: create, ...(windowMs !== undefined && { tableFunctionWindowMs: windowMs }) });
  return name;
}

/** TOP_K_ITEMS_TUMBLING's and COUNT_DISTINCT_ITEMS_TUMBLING's window (their last argument, seconds; checked a literal by compileTableFunction). */
function tumblingFunctionWindowMs(call: FunctionCall): number | undefined {
  const fn = (call.name.parts[call.name.parts.length - 1] as Identifier).name;
  if (fn !== 'TOP_K_ITEMS_TUMBLING' && fn !== 'COUNT_DISTINCT_ITEMS_TUMBLING') return undefined;
  const last = call.args[call.args.length - 1];
  return last?.kind === 'NumericLiteral' ? Number(last.text) * 1000 : undefined;
}

/** Compiles a subquery into a query writing a new hidden stream, and returns the stream's name. */
function compileHidden(query: Query, ctx: QueryContext): string {
  const name = `$SUBQUERY${++ctx.hiddenCount}`;
  const q = compileQuery(query, ctx, undefined, name);
  const columns = q.columns.map((c) => ({ name: c.name, type: c.expr.type }));
  ctx.streams.set(name, { name, input: false, hidden: true, columns });
  ctx.queries.push({ ...q, insertMap: columns.map((_, i) => i) });
  return name;
}

/** The aggregates a tumbling GROUP BY or a stagger window can compute. */
function checkGroupAggregates(aggregates: readonly CompiledAggregate[]): void {
  for (const agg of aggregates) {
    if (!SUPPORTED_AGGREGATES.has(agg.fn)) unsupported(agg.call, `Aggregate ${agg.fn}`);
    if (agg.distinct) unsupported(agg.call, `${agg.fn}(DISTINCT ...)`);
    const argType = agg.args[0]?.type;
    if ((agg.fn === 'SUM' || agg.fn === 'AVG') && argType !== undefined && !NUMERIC_NAMES.has(argType.name)) {
      unsupported(agg.call, `${agg.fn} over ${typeName(argType)}`);
    }
  }
}

/** In a stagger query, the analyzer's "must appear in GROUP BY" names the PARTITION BY keys instead. */
function staggerKeyError<T>(staggered: boolean, compile: () => T): T {
  try {
    return compile();
  } catch (e) {
    if (!staggered || !(e instanceof SqlAnalysisError) || !e.detail.includes('must appear in GROUP BY')) throw e;
    const detail = e.detail.replace('must appear in GROUP BY', 'must be a PARTITION BY key of WINDOWED BY STAGGER');
    throw new SqlAnalysisError(detail, { line: e.line, column: e.column, offset: e.offset }, { length: e.length, ...(e.candidates !== undefined && { candidates: e.candidates }) });
  }
}

// ---------------------------------------------------------------------------------------------
// Sliding windows

/** Checks the WINDOW clause: distinct names, and each definition a valid sliding window. */
function checkWindowDefs(sel: Select): Map<string, WindowDef> {
  const defs = new Map<string, WindowDef>();
  for (const d of sel.windows) {
    if (defs.has(d.name.name)) throw new SqlAnalysisError(`Window ${sqlName(d.name.name)} is defined twice`, d.name.pos, { length: len(d.name) });
    defs.set(d.name.name, d);
  }
  for (const d of sel.windows) resolveWindow(d.spec, defs);
  return defs;
}

interface ResolvedWindow {
  readonly partitionBy: readonly Expr[];
  readonly unit: 'RANGE' | 'ROWS';
  readonly size: number;
}

function windowNotFound(name: Identifier, defs: ReadonlyMap<string, WindowDef>): SqlAnalysisError {
  const known = [...defs.keys()].map(sqlName);
  return new SqlAnalysisError(`Window ${sqlName(name.name)} not found${known.length > 0 ? ` (windows: ${known.join(', ')})` : ': the query has no WINDOW clause'}`, name.pos, {
    length: len(name),
    candidates: known,
  });
}

/** A window reference resolved against the WINDOW clause and checked (kda-sql.md §1 "Sliding"). */
function resolveWindow(ref: WindowRef, defs: ReadonlyMap<string, WindowDef>, depth = 0): ResolvedWindow {
  if (ref.kind === 'NamedWindowRef') {
    const def = defs.get(ref.name.name);
    if (def === undefined) throw windowNotFound(ref.name, defs);
    if (depth > defs.size) throw new SqlAnalysisError(`Window ${sqlName(ref.name.name)} is defined in terms of itself`, ref.name.pos, { length: len(ref.name) });
    return resolveWindow(def.spec, defs, depth + 1);
  }
  const spec: WindowSpec = ref;
  if (spec.orderBy.length > 0) {
    const first = spec.orderBy[0] as AstNode;
    throw new SqlAnalysisError('ORDER BY is not allowed in a sliding window: rows are ordered by ROWTIME', first.pos, { length: len(first) });
  }
  let base: ResolvedWindow | undefined;
  if (spec.base !== undefined) {
    const def = defs.get(spec.base.name);
    if (def === undefined) throw windowNotFound(spec.base, defs);
    if (depth > defs.size) throw new SqlAnalysisError(`Window ${sqlName(spec.base.name)} is defined in terms of itself`, spec.base.pos, { length: len(spec.base) });
    base = resolveWindow(def.spec, defs, depth + 1);
  }
  const partitionBy = spec.partitionBy.length > 0 ? spec.partitionBy : (base?.partitionBy ?? []);
  if (spec.frame === undefined) {
    if (base !== undefined) return { ...base, partitionBy };
    throw new SqlAnalysisError("A sliding window needs a frame: RANGE INTERVAL 'n' unit PRECEDING or ROWS n PRECEDING", spec.pos, { length: len(spec) });
  }
  const frame = spec.frame;
  for (const b of [frame.from, frame.to]) {
    if (b === undefined) continue;
    if (b.bound === 'FOLLOWING' || b.bound === 'UNBOUNDED_FOLLOWING') {
      throw new SqlAnalysisError('FOLLOWING is not allowed in a sliding window: the window ends at the current row', b.pos, { length: len(b) });
    }
  }
  if (frame.to !== undefined && frame.to.bound !== 'CURRENT_ROW') {
    throw new SqlAnalysisError('A sliding window must end at the current row (BETWEEN ... AND CURRENT ROW)', frame.to.pos, { length: len(frame.to) });
  }
  const from = frame.from;
  if (from.bound === 'UNBOUNDED_PRECEDING') unsupported(from, 'An unbounded window (UNBOUNDED PRECEDING)');
  if (from.bound === 'CURRENT_ROW') return { partitionBy, unit: frame.unit, size: 0 };
  const offset = from.offset as Expr;
  if (frame.unit === 'RANGE') {
    if (offset.kind !== 'IntervalLiteral' || offset.value.family !== 'DAY_TIME' || offset.value.amount < 0) {
      throw new SqlAnalysisError("RANGE needs a day-time interval literal: RANGE INTERVAL 'n' unit PRECEDING", offset.pos, { length: len(offset) });
    }
    return { partitionBy, unit: 'RANGE', size: offset.value.amount };
  }
  const n = offset.kind === 'NumericLiteral' ? Number(offset.text) : NaN;
  if (!Number.isSafeInteger(n) || n < 0) throw new SqlAnalysisError('ROWS needs a non-negative integer literal: ROWS n PRECEDING', offset.pos, { length: len(offset) });
  return { partitionBy, unit: 'ROWS', size: n };
}

const STATISTICS = ['STDDEV_POP', 'STDDEV_SAMP', 'VAR_POP', 'VAR_SAMP', 'EXP_AVG'];

const SLIDING_AGGREGATES: ReadonlySet<string> = new Set(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'FIRST_VALUE', 'LAST_VALUE', ...STATISTICS, 'LAG', 'NTH_VALUE']);

function compileSliding(aggregates: readonly CompiledAggregate[], defs: ReadonlyMap<string, WindowDef>, rowScope: Scope): CompiledSliding {
  const byKey = new Map<string, { partitionBy: CompiledExpression[]; unit: 'RANGE' | 'ROWS'; size: number; aggregates: CompiledAggregate[] }>();
  for (const agg of aggregates) {
    if (!SLIDING_AGGREGATES.has(agg.fn)) unsupported(agg.call, `Aggregate ${agg.fn} over a sliding window`);
    if (agg.distinct) unsupported(agg.call, `${agg.fn}(DISTINCT ...) OVER`);
    const argType = agg.args[0]?.type;
    if ((agg.fn === 'SUM' || agg.fn === 'AVG') && argType !== undefined && !NUMERIC_NAMES.has(argType.name)) unsupported(agg.call, `${agg.fn} over ${typeName(argType)}`);
    const w = resolveWindow(agg.over as WindowRef, defs);
    const key = `${w.unit}|${w.size}|${w.partitionBy.map(syntaxKey).join(',')}`;
    let entry = byKey.get(key);
    if (entry === undefined) {
      entry = { partitionBy: w.partitionBy.map((e) => compileExpression(e, rowScope, { clause: 'PARTITION BY' })), unit: w.unit, size: w.size, aggregates: [] };
      byKey.set(key, entry);
    }
    entry.aggregates.push(agg);
  }
  return { windows: [...byKey.values()], slotCount: aggregates.length };
}

const NUMERIC_NAMES: ReadonlySet<string> = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'DECIMAL', 'DOUBLE', 'REAL']);

export const SUPPORTED_AGGREGATES: ReadonlySet<string> = new Set(['COUNT', 'SUM', 'AVG', 'MIN', 'MAX', 'FIRST_VALUE', 'LAST_VALUE', ...STATISTICS]);

function expandItems(items: readonly SelectItem[], relations: readonly FromRelation[], compile: (e: Expr) => CompiledExpression): OutputColumn[] {
  const out: OutputColumn[] = [];
  items.forEach((item, i) => {
    if (item.kind === 'AllColumns') {
      let chosen = relations;
      if (item.qualifier !== undefined) {
        const q = item.qualifier.map((p) => p.name).join('.');
        chosen = relations.filter((r) => r.alias === q || r.qualifiedName?.join('.') === q);
        if (chosen.length === 0) throw new SqlAnalysisError(`No relation named ${q} in FROM`, item.pos, { length: len(item) });
      }
      for (const rel of chosen) {
        for (const c of rel.columns.slice(0, rel.starColumns ?? rel.columns.length)) {
          const part = (name: string): Identifier => ({ kind: 'Identifier', name, quoted: true, pos: item.pos, end: item.end });
          // Qualified by the relation, so that a column both sides of a join have stays unambiguous.
          const ref: Expr = { kind: 'ColumnRef', pos: item.pos, end: item.end, parts: relations.length > 1 ? [part(rel.alias), part(c.name)] : [part(c.name)] };
          out.push({ name: c.name, expr: compile(ref) });
        }
      }
      return;
    }
    const name = item.alias?.name ?? (item.expr.kind === 'ColumnRef' ? (item.expr.parts[item.expr.parts.length - 1] as Identifier).name : `EXPR$${i}`);
    out.push({ name, expr: compile(item.expr) });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Monotonic ROWTIME keys

const UNIT_MS: Partial<Record<TimeUnit, number>> = { SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };

/** The argument of `MONOTONIC(e)`, or undefined for any other expression. */
function unwrapMonotonic(e: Expr): Expr | undefined {
  if (e.kind !== 'FunctionCall' || e.name.parts.length !== 1 || (e.name.parts[0] as Identifier).name !== 'MONOTONIC') return undefined;
  return e.args[0];
}

const isRowtime = (e: Expr): boolean => e.kind === 'ColumnRef' && (e.parts[e.parts.length - 1] as Identifier).name === 'ROWTIME';

const floorTo = (t: number, origin: number, length: number): number => origin + Math.floor((t - origin) / length) * length;

function monotonicWindow(key: Expr): { startOf: (t: number) => number; lengthMs: number } | undefined {
  if (key.kind === 'Step' && isRowtime(key.operand) && key.step.kind === 'IntervalLiteral' && key.step.value.family === 'DAY_TIME' && key.step.value.amount > 0) {
    const length = key.step.value.amount;
    return { startOf: (t) => floorTo(t, 0, length), lengthMs: length };
  }
  if (key.kind === 'FloorCeil' && key.fn === 'FLOOR' && key.unit !== undefined) {
    const unitMs = UNIT_MS[key.unit];
    if (unitMs === undefined) return undefined;
    if (isRowtime(key.operand)) return { startOf: (t) => floorTo(t, 0, unitMs), lengthMs: unitMs };
    // FLOOR((ROWTIME - TIMESTAMP 'origin') q / n TO unit)
    const div = key.operand;
    if (div.kind !== 'BinaryOp' || div.op !== '/' || div.right.kind !== 'NumericLiteral' || div.left.kind !== 'IntervalQualified') return undefined;
    const n = Number(div.right.text);
    const diff = div.left.operand;
    const qUnit = UNIT_MS[div.left.qualifier.to ?? div.left.qualifier.from];
    if (!Number.isInteger(n) || n <= 0 || qUnit === undefined) return undefined;
    if (diff.kind !== 'BinaryOp' || diff.op !== '-' || !isRowtime(diff.left) || diff.right.kind !== 'DatetimeLiteral' || diff.right.type !== 'TIMESTAMP') return undefined;
    const origin = diff.right.value;
    const length = n * qUnit;
    // The quotient counts `n`-unit periods since the origin; flooring it to the same unit changes it every n units.
    if (unitMs !== qUnit) return undefined;
    const step = length;
    return { startOf: (t) => floorTo(t, origin, step), lengthMs: step };
  }
  return undefined;
}

export type { SourcePos, SqlType };
