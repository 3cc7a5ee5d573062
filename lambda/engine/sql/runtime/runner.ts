/**
 * The push-based runtime of a compiled application (./application.ts) and the SQL runner's line
 * contract (DESIGN.md "SQL runner"):
 *
 * - Input lines: `{"rowtime": T, "data": RECORD}` or `{"rowtime": T, "bound": true}`; T is ISO-8601
 *   (`2024-01-01T00:00:00.000Z`, `Z` optional) or `YYYY-MM-DD HH:MM:SS[.fff]`, UTC (or a number of
 *   epoch ms). RECORD is a JSON object (given to the record mapper as its JSON text) or a string (a CSV
 *   line, or any text the InputSchema reads). A malformed line is a RunnerInputError (bad usage).
 * - Output lines: `{"stream": NAME, "rowtime": ISO-8601 with ms and Z, "row": {COLUMN: value}}` in
 *   emission order, for every row inserted into an in-application stream, every row of a bare query
 *   (stream "QUERY") and every error_stream row.
 *
 * Row at a time, depth first: a row inserted into a stream is written out, then handed to each query
 * reading the stream in declaration order; a query's output row is inserted into its target stream at
 * once. A row or bound at time T first closes every tumbling window ending at or before T (emitted
 * with ROWTIME = the window end, kda-sql.md §1 "Tumbling"); time then advances on the query's target
 * stream too (rowtime bounds propagate through pumps). Rows behind a stream's high-water mark are
 * dropped (kda-sql.md §1 "Late rows"). A query with sliding-window aggregates (kda-sql.md §1
 * "Sliding") emits one row per input row at once: the row joins its partition of each window, rows
 * older than ROWTIME − n (RANGE) or beyond the n preceding ones (ROWS) are evicted, and the aggregates
 * are computed over what is left (the current row and the rows that arrived before it); RANGE windows
 * also sweep idle partitions, so state stays bounded by the window. A stagger window (kda-sql.md §1
 * "Stagger") opens on the first row of its partition key at that row's ROWTIME and closes at open + n:
 * a row or bound at or past the close emits the key's row (ROWTIME = open + n) and drops the window,
 * and the key's next row opens a new one. At the end of the input the open windows stay open, as in KDA:
 * end the input with a bound to close them (or pass `flushAtEnd`).
 *
 * Values in `row` (UNCONFIRMED presentation, this engine's choice): NULL null, BOOLEAN true/false,
 * TINYINT/SMALLINT/INTEGER/DOUBLE/REAL JSON numbers (NaN/Infinity as their SQL text; a REAL, a 32-bit
 * float, as the number Java's Float.toString prints: 39.98, not 39.97999954223633), BIGINT and
 * DECIMAL a JSON number when it converts exactly enough (|BIGINT| ≤ 2^53, DECIMAL that reads back the
 * same through a double), otherwise its SQL text; strings as they are; DATE, TIME, TIMESTAMP,
 * INTERVAL and binary values as their SQL text (CAST to VARCHAR), e.g. `2024-01-01 00:01:00`.
 *
 * Per-row failures (SqlRuntimeError from an expression, a CAST on insert, NULL into a NOT NULL
 * column) become error_stream rows (ERROR_TIME and DATA_ROWTIME = the row's time, DATA_ROW = the hex of
 * the failing row as JSON text, PUMP_NAME = the pump); the row goes no further.
 */
import type { CompiledAggregate, CompiledExpression, RowValues } from '../analyze';
import { compileCast, valueToText } from '../functions/cast';
import { javaFloatToString, SqlRuntimeError } from '../functions/numeric';
import { ERROR_STREAM_WIDTHS, type InputError, type ValuesMapper } from '../input';
import { Decimal, Interval, type SqlType, type SqlValue } from '../types';
import { createAccumulator, type Accumulator } from './aggregates';
import type { TableFunctionOperator } from './table-functions';
import { ERROR_STREAM, QUERY_STREAM, type CompiledApplication, type CompiledQuery, type CompiledSliding, type JoinSide, type SlidingWindow } from './application';

/** A malformed input line (the CLI's "bad usage"). `line` is 1-based; `stream` the input it belongs to. */
export class RunnerInputError extends Error {
  override readonly name = 'RunnerInputError';
  constructor(
    readonly line: number,
    detail: string,
    readonly stream?: string,
  ) {
    super(`input line ${line}: ${detail}`);
  }
}

export interface RunOptions {
  /** Only these streams are written out (default: every in-application stream, QUERY and error_stream). */
  readonly streams?: readonly string[];
  /** The records of each reference table (CompileApplicationOptions.tables), read once at the start. */
  readonly tables?: Readonly<Record<string, readonly (string | Uint8Array)[]>>;
  /** Close every open window at the end of the input (default false: they stay open, as in KDA). */
  readonly flushAtEnd?: boolean;
}

/** One emitted row, before formatting. */
export interface OutputRow {
  readonly stream: string;
  readonly rowtime: number;
  readonly columns: readonly { readonly name: string; readonly type: SqlType }[];
  readonly values: readonly SqlValue[];
}

const ERROR_COLUMNS: readonly { name: string; type: SqlType }[] = [
  { name: 'ERROR_TIME', type: { name: 'TIMESTAMP', nullable: true } },
  { name: 'ERROR_LEVEL', type: { name: 'VARCHAR', length: ERROR_STREAM_WIDTHS.ERROR_LEVEL, nullable: true } },
  { name: 'ERROR_NAME', type: { name: 'VARCHAR', length: ERROR_STREAM_WIDTHS.ERROR_NAME, nullable: true } },
  { name: 'MESSAGE', type: { name: 'VARCHAR', length: ERROR_STREAM_WIDTHS.MESSAGE, nullable: true } },
  { name: 'DATA_ROWTIME', type: { name: 'TIMESTAMP', nullable: true } },
  { name: 'DATA_ROW', type: { name: 'VARCHAR', length: ERROR_STREAM_WIDTHS.DATA_ROW, nullable: true } },
  { name: 'PUMP_NAME', type: { name: 'VARCHAR', length: ERROR_STREAM_WIDTHS.PUMP_NAME, nullable: true } },
];

/** A reference table's records that cannot be read as rows: the run cannot start. */
export class ReferenceTableError extends Error {
  override readonly name = 'ReferenceTableError';
  constructor(
    readonly table: string,
    readonly record: number,
    detail: string,
  ) {
    super(`reference table ${table}, record ${record}: ${detail}`);
  }
}

/** The current rows of a query's relations (RowValues.rows): one per relation, null for a padded outer-join side. */
type Rows = readonly (readonly SqlValue[] | null)[];

interface Group {
  /** Tumbling: the window start; stagger: the ROWTIME of the key's first row (the window opens). */
  readonly start: number;
  readonly rows: Rows;
  readonly accumulators: Accumulator[];
}

/**
 * The rows of one partition of a sliding window, oldest first: `times[head..]` are in the window. Each
 * row's aggregate arguments lie flat in `args`, `stride` values a row (no object or array per row).
 */
interface Partition {
  times: number[];
  args: SqlValue[];
  head: number;
  /** Running accumulators, when every aggregate of the window can take rows back exactly. */
  accs?: Accumulator[];
}

interface WindowState {
  readonly partitions: Map<GroupKey, Partition>;
  /** RANGE windows: the time of the last sweep of expired rows over every partition. */
  lastSweep: number;
  /** Argument values per row: each aggregate's argument count, and where its arguments start. */
  readonly stride: number;
  readonly offsets: readonly number[];
  /** The current row's arguments, evaluated before any state changes. */
  readonly scratch: SqlValue[];
  /** One reusable argument array per aggregate, handed to the accumulators (they keep values, not arrays). */
  readonly views: SqlValue[][];
}

function windowState(w: SlidingWindow): WindowState {
  const counts = w.aggregates.map((a) => a.args.length);
  const offsets: number[] = [];
  let stride = 0;
  for (const n of counts) {
    offsets.push(stride);
    stride += n;
  }
  return { partitions: new Map(), lastSweep: -Infinity, stride, offsets, scratch: new Array<SqlValue>(stride).fill(null), views: counts.map((n) => new Array<SqlValue>(n).fill(null)) };
}

interface QueryState {
  readonly query: CompiledQuery;
  /** The stream the query writes (QUERY for a bare query). */
  readonly target: StreamRuntime;
  /** Open groups (tumbling) or stagger windows by key, in creation order. */
  readonly groups: Map<GroupKey, Group>;
  /** Tumbling GROUP BY: the open groups by window start, each window's groups in creation order. */
  readonly tumbling: Map<number, Map<GroupKey, Group>>;
  /** The window the last row went to (NaN after a window closes). */
  lastStart: number;
  lastGroups?: Map<GroupKey, Group>;
  /** One reusable argument array per GROUP BY or stagger aggregate (accumulators keep values, not arrays). */
  readonly argViews: SqlValue[][];
  /** Tumbling: the earliest open group's start, so that most rows close nothing without a scan. */
  earliestStart: number;
  /** GROUP BY MONOTONIC(e): the valueKey of e for the open groups, and the last row's time. */
  monotonic?: { key: string; rowtime: number };
  /** One per `query.sliding.windows`. */
  readonly windows: WindowState[];
  /** A table function's operator. */
  readonly op?: TableFunctionOperator;
  /** A pump: how each target column is filled; undefined for a bare query. */
  readonly casts?: readonly ColumnCast[];
  /** A bare query's output columns. */
  readonly outputColumns: OutputRow['columns'];
  /** A sliding query's aggregate values, refilled for each row. */
  readonly slots: SqlValue[];
  /** Reused for every row of a query reading one stream: its rows array and its RowValues. */
  readonly one: (readonly SqlValue[] | null)[];
  readonly rv: MutableRowValues;
  /** A pump whose select columns fill the target's columns in order, each already of its type and never NULL into NOT NULL. */
  readonly passThrough?: boolean;
  /** A join: the rows in each side's window (a reference table side stays empty). */
  readonly join?: readonly [JoinRows, JoinRows];
}

/** One side of a join, oldest first: `rows[head..]` are in the side's window. */
interface JoinRows {
  rows: JoinRow[];
  head: number;
}

interface JoinRow {
  readonly values: readonly SqlValue[];
  readonly rowtime: number;
  matched: boolean;
}

/**
 * A stream at run time: its high-water mark (rows behind it are late), the latest time its readers
 * were advanced to, the queries reading it, and the columns its rows are written out with (none for
 * an input stream, a hidden stream or QUERY, whose rows go out another way).
 */
interface StreamRuntime {
  readonly name: string;
  watermark: number;
  advanced: number;
  readonly readers: Reader[];
  readonly written?: OutputRow['columns'];
}

/** A query registered on a stream it reads, as one side of it (0 unless the stream is a join's right side). */
interface Reader {
  readonly state: QueryState;
  readonly side: 0 | 1;
}

/**
 * A running application: push input lines (or rows and bounds) in and collect OutputRows. Pure and
 * deterministic: the same pushes give the same outputs.
 */
export class ApplicationRuntime {
  private readonly streams = new Map<string, StreamRuntime>();
  private readonly states: QueryState[] = [];
  private readonly tableRows = new Map<string, readonly (readonly SqlValue[])[]>();
  private readonly wanted: ReadonlySet<string> | undefined;
  /** CURRENT_TIMESTAMP and friends: the time of the first event (the query "starts" with its input). */
  private startTime: number | undefined;
  private out: OutputRow[] = [];

  constructor(
    readonly app: CompiledApplication,
    options: RunOptions = {},
  ) {
    this.wanted = options.streams === undefined ? undefined : new Set(options.streams);
    for (const [name, table] of app.tables) this.tableRows.set(name, loadTable(name, table.values, options.tables?.[name] ?? []));
    for (const def of app.streams.values()) {
      const written = def.input || def.hidden === true ? {} : { written: def.columns };
      this.streams.set(def.name, { name: def.name, watermark: -Infinity, advanced: -Infinity, readers: [], ...written });
    }
    this.streams.set(QUERY_STREAM, { name: QUERY_STREAM, watermark: -Infinity, advanced: -Infinity, readers: [] });
    for (const query of app.queries) {
      const state: QueryState = {
        query,
        target: this.stream(query.target),
        groups: new Map(),
        tumbling: new Map(),
        lastStart: NaN,
        argViews: (query.groupBy?.aggregates ?? query.stagger?.aggregates ?? []).map((a) => new Array<SqlValue>(a.args.length).fill(null)),
        earliestStart: Infinity,
        windows: (query.sliding?.windows ?? []).map(windowState),
        ...(query.join !== undefined && { join: [{ rows: [], head: 0 }, { rows: [], head: 0 }] as [JoinRows, JoinRows] }),
        ...(query.tableFunction !== undefined && { op: query.tableFunction() }),
        ...(query.insertMap !== undefined && { casts: columnCasts(app, query), passThrough: passesThrough(app, query) }),
        outputColumns: query.columns.map((c) => ({ name: c.name, type: c.expr.type })),
        one: [null],
        slots: new Array<SqlValue>(query.sliding?.slotCount ?? 0).fill(null),
        rv: { rows: [], rowtime: 0, currentRowTimestamp: 0, queryStartTimestamp: 0, aggregates: undefined },
      };
      this.states.push(state);
      const sides = query.join === undefined ? [{ source: query.source, table: false }] : query.join.sides;
      sides.forEach((side, i) => {
        if (!side.table) this.stream(side.source).readers.push({ state, side: i as 0 | 1 });
      });
    }
  }

  private stream(name: string): StreamRuntime {
    const s = this.streams.get(name);
    if (s === undefined) throw new Error(`runtime: no stream ${name}`);
    return s;
  }

  /** Takes what was emitted since the last call. */
  drain(): OutputRow[] {
    const rows = this.out;
    this.out = [];
    return rows;
  }

  /**
   * One record of an input stream (default: the application's input stream) at `rowtime` (epoch ms);
   * `arrival` is its APPROXIMATE_ARRIVAL_TIME (default: the rowtime).
   */
  pushRecord(record: string | Uint8Array, rowtime: number, stream: string = this.app.inputStream, arrival: number = rowtime): void {
    const input = this.app.inputs.get(stream);
    if (input === undefined) throw new Error(`pushRecord: ${stream} is not an input stream (inputs: ${[...this.app.inputs.keys()].join(', ')})`);
    const target = this.stream(stream);
    if (rowtime < target.watermark) return; // late
    this.startTime ??= rowtime;
    const mapped = input.values(record, { approximateArrivalMs: arrival, rowtime });
    for (const e of mapped.errors) this.emitInputError(e);
    const width = input.schema.columns.length;
    for (const values of mapped.rows) {
      // The stream's row as queries read it: the columns, APPROXIMATE_ARRIVAL_TIME, then ROWTIME.
      values[width] = arrival;
      values[width + 1] = rowtime;
      this.insertRow(target, values, rowtime);
    }
    this.advance(target, rowtime);
  }

  /** A rowtime bound on an input stream (default: the application's input stream): time advances to `rowtime`. */
  pushBound(rowtime: number, stream: string = this.app.inputStream): void {
    if (!this.app.inputs.has(stream)) throw new Error(`pushBound: ${stream} is not an input stream`);
    this.advance(this.stream(stream), rowtime);
  }

  /**
   * What the queries hold now (for tests and benchmarks): open tumbling groups and stagger windows,
   * sliding-window partitions and the rows in them, rows in join windows.
   */
  stateSize(): { groups: number; partitions: number; windowRows: number; joinRows: number } {
    const size = { groups: 0, partitions: 0, windowRows: 0, joinRows: 0 };
    for (const state of this.states) {
      size.groups += state.groups.size;
      for (const groups of state.tumbling.values()) size.groups += groups.size;
      for (const w of state.windows) {
        size.partitions += w.partitions.size;
        for (const p of w.partitions.values()) size.windowRows += p.times.length - p.head;
      }
      for (const side of state.join ?? []) size.joinRows += side.rows.length - side.head;
    }
    return size;
  }

  /** Closes every open window (end of a finite run). */
  flush(): void {
    for (const state of this.states) this.closeWindows(state, Infinity);
  }

  // -------------------------------------------------------------------------------------------

  private emit(stream: string, rowtime: number, columns: OutputRow['columns'], values: readonly SqlValue[]): void {
    if (this.wanted === undefined || this.wanted.has(stream)) this.out.push({ stream, rowtime, columns, values });
  }

  private rowValues(rows: Rows, rowtime: number, aggregates?: readonly SqlValue[]): MutableRowValues {
    return { rows, rowtime, currentRowTimestamp: rowtime, queryStartTimestamp: this.startTime ?? rowtime, aggregates };
  }

  private emitInputError(e: InputError): void {
    this.emit(ERROR_STREAM, e.DATA_ROWTIME, ERROR_COLUMNS, [e.ERROR_TIME, e.ERROR_LEVEL, e.ERROR_NAME, e.MESSAGE, e.DATA_ROWTIME, e.DATA_ROW, e.PUMP_NAME]);
  }

  private emitRuntimeError(err: SqlRuntimeError | { errorName: string; message: string }, query: CompiledQuery, rowtime: number, names: readonly string[], values: readonly SqlValue[]): void {
    const text = rowText(names, values);
    this.emit(ERROR_STREAM, rowtime, ERROR_COLUMNS, [
      rowtime,
      'ERROR',
      err.errorName.slice(0, ERROR_STREAM_WIDTHS.ERROR_NAME),
      err.message.slice(0, ERROR_STREAM_WIDTHS.MESSAGE),
      rowtime,
      Buffer.from(text, 'utf8').toString('hex').slice(0, ERROR_STREAM_WIDTHS.DATA_ROW),
      query.pump === undefined ? null : query.pump.slice(0, ERROR_STREAM_WIDTHS.PUMP_NAME),
    ]);
  }

  /** Inserts a row (values in the stream's column order) into a stream and runs the queries reading it. */
  private insert(stream: StreamRuntime, values: readonly SqlValue[], rowtime: number): void {
    if (rowtime < stream.watermark) return; // late: behind the stream's high-water mark
    if (stream.written !== undefined) this.emit(stream.name, rowtime, stream.written, values);
    if (stream.readers.length > 0) this.insertRow(stream, [...values, rowtime], rowtime);
    else stream.watermark = rowtime;
  }

  /** Runs the queries reading a stream on one of its rows (`row`: the values, then ROWTIME), unless it is late. */
  private insertRow(stream: StreamRuntime, row: readonly SqlValue[], rowtime: number): void {
    if (rowtime < stream.watermark) return; // late: behind the stream's high-water mark
    stream.watermark = rowtime;
    const readers = stream.readers;
    for (let i = 0; i < readers.length; i++) {
      const { state, side } = readers[i] as Reader;
      this.process(state, row, rowtime, side);
      this.advance(state.target, rowtime);
    }
  }

  /** Time advances on a stream: windows ending at or before `rowtime` close, downstream too. */
  private advance(stream: StreamRuntime, rowtime: number): void {
    if (rowtime > stream.watermark) stream.watermark = rowtime;
    // Closing windows at a time is idempotent: once the readers have seen a time, the same time again changes nothing.
    if (stream.readers.length === 0 || stream.advanced >= rowtime) return;
    stream.advanced = rowtime;
    const readers = stream.readers;
    for (let i = 0; i < readers.length; i++) {
      const state = (readers[i] as Reader).state;
      this.closeWindows(state, rowtime);
      this.advance(state.target, rowtime);
    }
  }

  /** Names for DATA_ROW: each relation's columns and ROWTIME (qualified by the source in a join). */
  private sourceNames(query: CompiledQuery): string[] {
    const columnsOf = (source: string): readonly { name: string }[] => this.app.streams.get(source)?.columns ?? this.app.tables.get(source)?.columns ?? [];
    if (query.join === undefined) return [...columnsOf(query.source).map((c) => c.name), 'ROWTIME'];
    return query.join.sides.flatMap((s) => [...columnsOf(s.source).map((c) => `${s.source}.${c.name}`), `${s.source}.ROWTIME`]);
  }

  /** One row (the values, then ROWTIME; shared by every query reading the stream, never changed) reaches a query. */
  private process(state: QueryState, row: readonly SqlValue[], rowtime: number, side: 0 | 1): void {
    if (state.op !== undefined) {
      for (const out of state.op.push(row.slice(0, -1), rowtime)) this.insert(state.target, out.values, out.rowtime);
      return;
    }
    if (state.query.join !== undefined) this.joinRow(state, side, row, rowtime);
    else {
      state.one[0] = row;
      this.pipeline(state, state.one, rowtime);
    }
  }

  /** The rows of the query's relations, once FROM has produced them: WHERE, then windows or projection. */
  private pipeline(state: QueryState, rows: Rows, rowtime: number): void {
    const query = state.query;
    // One RowValues per query, refilled for each row: nothing keeps it (a group copies its rows).
    const rv = state.rv;
    rv.rows = rows;
    rv.rowtime = rowtime;
    rv.currentRowTimestamp = rowtime;
    rv.queryStartTimestamp = this.startTime ?? rowtime;
    rv.aggregates = undefined;
    try {
      if (query.where !== undefined && query.where.evaluate(rv) !== true) return;
      const g = query.groupBy;
      const st = query.stagger;
      if (st !== undefined) {
        // A row at or past a window's close closes it first: the row then opens the key's next window.
        this.closeWindows(state, rowtime);
        const key = keyOf(st.partitionBy, rv);
        const args = argumentsInto(st.aggregates, rv, state.argViews);
        let win = state.groups.get(key);
        if (win === undefined) {
          win = { start: rowtime, rows: [...rows], accumulators: st.aggregates.map(createAccumulator) };
          state.groups.set(key, win);
        }
        addAll(win.accumulators, args, rowtime);
        return;
      }
      if (query.sliding !== undefined) {
        rv.aggregates = this.slide(state, query.sliding, rv);
        this.deliver(state, evaluateAll(query.columns, rv), rowtime);
        return;
      }
      if (g === undefined) {
        this.deliver(state, evaluateAll(query.columns, rv), rowtime);
        return;
      }
      const args = argumentsInto(g.aggregates, rv, state.argViews);
      let key: GroupKey;
      if (g.window.byValue === true) {
        const keys = g.keys.map((k) => k.evaluate(rv));
        const mono = valueKey(keys[g.window.keyIndex] ?? null);
        if (state.monotonic !== undefined && state.monotonic.key !== mono) this.closeAllTumbling(state, rowtime);
        state.monotonic = { key: mono, rowtime };
        key = keys.map(valueKey).join('|');
      } else {
        // The ROWTIME key is the window start, the same for every row of the window: groups are by start.
        key = keyOf(g.keys, rv, g.window.keyIndex);
        this.closeWindows(state, rowtime);
      }
      const start = g.window.startOf(rowtime);
      // Most rows fall in the window of the row before.
      let groups = start === state.lastStart ? state.lastGroups : state.tumbling.get(start);
      if (groups === undefined) {
        groups = new Map();
        state.tumbling.set(start, groups);
        if (start < state.earliestStart) state.earliestStart = start;
      }
      state.lastStart = start;
      state.lastGroups = groups;
      let group = groups.get(key);
      if (group === undefined) {
        group = { start, rows: [...rows], accumulators: g.aggregates.map(createAccumulator) };
        groups.set(key, group);
      }
      addAll(group.accumulators, args, rowtime);
    } catch (e) {
      if (!(e instanceof SqlRuntimeError)) throw e;
      this.emitRuntimeError(e, query, rowtime, this.sourceNames(query), flatRows(rows, query));
    }
  }

  /**
   * Adds the current row to each sliding window's partition (after evaluating every partition key and
   * argument, so that a failing one leaves the state alone), drops the rows that left the window, and
   * returns the aggregates over the windows, by slot.
   */
  private slide(state: QueryState, sliding: CompiledSliding, rv: RowValues): SqlValue[] {
    const rowtime = rv.rowtime as number;
    const windows = sliding.windows;
    // Reused row after row: the slots are read (into a new output row) before the next row fills them.
    const values = state.slots;
    if (windows.length === 1) {
      const w = windows[0] as SlidingWindow;
      const ws = state.windows[0] as WindowState;
      const key = keyOf(w.partitionBy, rv);
      evaluateArguments(w, ws, rv);
      slideWindow(ws, w, key, rowtime, values);
      return values;
    }
    const keys = windows.map((w) => keyOf(w.partitionBy, rv));
    windows.forEach((w, i) => evaluateArguments(w, state.windows[i] as WindowState, rv));
    windows.forEach((w, i) => slideWindow(state.windows[i] as WindowState, w, keys[i] as GroupKey, rowtime, values));
    return values;
  }

  // -------------------------------------------------------------------------------------------
  // Joins (kda-sql.md §1 "Joins")

  /**
   * A row arrives on one side of a join: rows that left the windows before now are settled first
   * (unmatched rows of a kept side come out NULL-padded), then the row meets every row in the other
   * side's window (or every row of a reference table); each pair meeting ON goes on at the row's
   * time. The row then joins its own side's window, where rows of the other side arriving later meet it.
   */
  private joinRow(state: QueryState, side: 0 | 1, row: readonly SqlValue[], rowtime: number): void {
    const join = state.query.join as NonNullable<CompiledQuery['join']>;
    const sides = state.join as [JoinRows, JoinRows];
    this.expireJoin(state, rowtime);
    const other = join.sides[1 - side] as JoinSide;
    const mine: JoinRow = { values: row, rowtime, matched: false };
    const pair = (theirs: readonly SqlValue[]): Rows => (side === 0 ? [row, theirs] : [theirs, row]);
    if (other.table) {
      for (const values of this.tableRows.get(other.source) ?? []) {
        if (this.joinMatches(state, pair(values), rowtime)) {
          mine.matched = true;
          this.pipeline(state, pair(values), rowtime);
        }
      }
      if (!mine.matched && (join.sides[side] as JoinSide).preserved) this.pipeline(state, padded(side, row), rowtime);
      return;
    }
    const theirs = sides[1 - side] as JoinRows;
    for (let i = theirs.head; i < theirs.rows.length; i++) {
      const r = theirs.rows[i] as JoinRow;
      if (!this.joinMatches(state, pair(r.values), rowtime)) continue;
      mine.matched = true;
      r.matched = true;
      this.pipeline(state, pair(r.values), rowtime);
    }
    const own = sides[side] as JoinRows;
    own.rows.push(mine);
    const w = (join.sides[side] as JoinSide).window;
    if (w.unit === 'ROWS') this.settle(state, side, Math.max(own.head, own.rows.length - (w.size + 1)), () => rowtime);
  }

  /** ON for one pair; a failing condition is an error_stream row and no match. */
  private joinMatches(state: QueryState, rows: Rows, rowtime: number): boolean {
    const on = (state.query.join as NonNullable<CompiledQuery['join']>).on;
    if (on === undefined) return true;
    try {
      return on.evaluate(this.rowValues(rows, rowtime)) === true;
    } catch (e) {
      if (!(e instanceof SqlRuntimeError)) throw e;
      this.emitRuntimeError(e, state.query, rowtime, this.sourceNames(state.query), flatRows(rows, state.query));
      return false;
    }
  }

  /** Time reaches `time`: rows of RANGE windows older than time − size leave; unmatched kept rows come out at the window's bound. */
  private expireJoin(state: QueryState, time: number): void {
    const join = state.query.join;
    if (join === undefined) return;
    const leaving: { side: 0 | 1; row: JoinRow; at: number }[] = [];
    join.sides.forEach((s, i) => {
      if (s.table || s.window.unit !== 'RANGE') return;
      const rows = (state.join as [JoinRows, JoinRows])[i] as JoinRows;
      let head = rows.head;
      while (head < rows.rows.length && (rows.rows[head] as JoinRow).rowtime < time - s.window.size) {
        const row = rows.rows[head] as JoinRow;
        if (s.preserved && !row.matched) leaving.push({ side: i as 0 | 1, row, at: row.rowtime + s.window.size });
        head++;
      }
      compact(rows, head);
    });
    leaving.sort((a, b) => a.at - b.at || a.row.rowtime - b.row.rowtime);
    for (const l of leaving) this.pipeline(state, padded(l.side, l.row.values), l.at);
  }

  /** ROWS windows: rows before `head` leave now; unmatched kept rows come out at `at()`. */
  private settle(state: QueryState, side: 0 | 1, head: number, at: () => number): void {
    const s = (state.query.join as NonNullable<CompiledQuery['join']>).sides[side] as JoinSide;
    const rows = (state.join as [JoinRows, JoinRows])[side] as JoinRows;
    for (let i = rows.head; i < head; i++) {
      const row = rows.rows[i] as JoinRow;
      if (s.preserved && !row.matched) this.pipeline(state, padded(side, row.values), at());
    }
    compact(rows, head);
  }

  private closeWindows(state: QueryState, time: number): void {
    if (state.op !== undefined && time !== Infinity) {
      for (const out of state.op.advance(time)) this.insert(state.target, out.values, out.rowtime);
    }
    if (state.join !== undefined) {
      this.expireJoin(state, time);
      if (time === Infinity) {
        // End of a finite run: ROWS windows give up their unmatched rows too, at the last row's time.
        for (const side of [0, 1] as const) {
          const rows = state.join[side];
          this.settle(state, side, rows.rows.length, () => (rows.rows[rows.rows.length - 1] as JoinRow).rowtime);
        }
      }
    }
    const g = state.query.groupBy;
    if (g !== undefined) {
      if (state.tumbling.size === 0) return;
      if (g.window.byValue === true) {
        // Only a new value closes these groups; the end of a finite run closes them at the last row's time.
        if (time === Infinity) this.closeAllTumbling(state, state.monotonic?.rowtime ?? 0);
        return;
      }
      const length = g.window.lengthMs;
      if (time < state.earliestStart + length) return; // nothing ends yet
      const ending = [...state.tumbling.keys()].filter((start) => start + length <= time).sort((a, b) => a - b);
      state.lastStart = NaN;
      for (const start of ending) {
        const groups = state.tumbling.get(start) as Map<GroupKey, Group>;
        state.tumbling.delete(start);
        this.emitGroups(state, groups.values(), start + length);
      }
      state.earliestStart = Math.min(Infinity, ...state.tumbling.keys());
      return;
    }
    const st = state.query.stagger;
    if (st === undefined || state.groups.size === 0) return;
    // Stagger windows open in ROWTIME order (late rows never reach a query), so the map is sorted by close.
    for (const [key, grp] of state.groups) {
      const end = grp.start + st.rangeMs;
      if (end > time) break;
      state.groups.delete(key);
      this.emitGroups(state, [grp], end);
    }
  }

  /** GROUP BY MONOTONIC(e): every open group closes at `at`, in creation order. */
  private closeAllTumbling(state: QueryState, at: number): void {
    const windows = [...state.tumbling.values()];
    state.tumbling.clear();
    state.lastStart = NaN;
    state.earliestStart = Infinity;
    for (const groups of windows) this.emitGroups(state, groups.values(), at);
  }

  /** Emits a row for each closed group (HAVING permitting) at `end`. */
  private emitGroups(state: QueryState, closing: Iterable<Group>, end: number): void {
    const g = (state.query.groupBy ?? state.query.stagger) as NonNullable<CompiledQuery['groupBy'] | CompiledQuery['stagger']>;
    for (const grp of closing) {
      const rv = this.rowValues(grp.rows, end, grp.accumulators.map((a) => a.result()));
      try {
        if (g.having !== undefined && g.having.evaluate(rv) !== true) continue;
        this.deliver(state, evaluateAll(state.query.columns, rv), end);
      } catch (e) {
        if (!(e instanceof SqlRuntimeError)) throw e;
        this.emitRuntimeError(e, state.query, end, this.sourceNames(state.query), flatRows(grp.rows, state.query));
      }
    }
  }

  /** A query's output row: out to QUERY, or cast to the target's column types and inserted. */
  private deliver(state: QueryState, values: readonly SqlValue[], rowtime: number): void {
    const query = state.query;
    const casts = state.casts;
    if (casts === undefined) {
      this.emit(QUERY_STREAM, rowtime, state.outputColumns, values);
      return;
    }
    if (state.passThrough === true) {
      // Every column is its select column, unchanged: no copy.
      this.insert(state.target, values, rowtime);
      return;
    }
    const row: SqlValue[] = new Array<SqlValue>(casts.length);
    try {
      for (let i = 0; i < casts.length; i++) {
        const c = casts[i] as ColumnCast;
        const v = c.from < 0 ? null : c.cast(values[c.from] ?? null);
        if (v === null && c.notNull) throw new NotNullViolation(c.name, query.target);
        row[i] = v;
      }
    } catch (e) {
      if (!(e instanceof SqlRuntimeError) && !(e instanceof NotNullViolation)) throw e;
      this.emitRuntimeError(e, query, rowtime, [...query.columns.map((c) => c.name), 'ROWTIME'], [...values, rowtime]);
      return;
    }
    this.insert(state.target, row, rowtime);
  }
}

/** How one column of a pump's target gets its value: from a select column (or -1: NULL), cast to the column's type. */
interface ColumnCast {
  readonly from: number;
  readonly cast: (v: SqlValue) => SqlValue;
  readonly notNull: boolean;
  readonly name: string;
}

/** Whether a pump's rows can go into its target as they are (see QueryState.passThrough). */
function passesThrough(app: CompiledApplication, query: CompiledQuery): boolean {
  const target = app.streams.get(query.target);
  const map = query.insertMap;
  if (target === undefined || map === undefined || map.length !== query.columns.length) return false;
  return target.columns.every((c, i) => {
    const from = query.columns[i]?.expr.type;
    return map[i] === i && from !== undefined && sameType(from, c.type) && (c.type.nullable || !from.nullable);
  });
}

function sameType(a: SqlType, b: SqlType): boolean {
  // CHAR pads and INTERVAL and ROW carry more than these fields: they always go through the cast.
  if (a.name === 'CHAR' || a.name === 'INTERVAL' || a.name === 'ROW') return false;
  return a.name === b.name && a.length === b.length && a.precision === b.precision && a.scale === b.scale;
}

function columnCasts(app: CompiledApplication, query: CompiledQuery): ColumnCast[] | undefined {
  const map = query.insertMap;
  if (map === undefined) return undefined;
  const target = app.streams.get(query.target);
  if (target === undefined) throw new Error(`runtime: no stream ${query.target}`);
  return target.columns.map((c, i) => {
    const from = map[i] ?? -1;
    const source = query.columns[from];
    return { from, cast: source === undefined ? () => null : compileCast(source.expr.type, c.type), notNull: !c.type.nullable, name: c.name };
  });
}

class NotNullViolation extends Error {
  readonly errorName = 'NOT_NULL_VIOLATION';
  constructor(column: string, stream: string) {
    super(`NULL value for NOT NULL column "${column}" of stream "${stream}"`);
  }
}

/** The current row's aggregate arguments of one window into its scratch (nothing else changes if one fails). */
function evaluateArguments(w: SlidingWindow, ws: WindowState, rv: RowValues): void {
  let k = 0;
  for (const a of w.aggregates) for (const e of a.args) ws.scratch[k++] = e.evaluate(rv);
}

/** Aggregate j's arguments of the row stored at `at` (a flat index) in its reusable view. */
function view(ws: WindowState, j: number, source: readonly SqlValue[], at: number): SqlValue[] {
  const v = ws.views[j] as SqlValue[];
  const from = at + (ws.offsets[j] as number);
  for (let i = 0; i < v.length; i++) v[i] = source[from + i] ?? null;
  return v;
}

/**
 * One sliding window takes the current row (its partition key; its arguments in the scratch): the row
 * joins its partition, rows that left the window go, and the window's aggregates are written into their
 * slots.
 */
function slideWindow(ws: WindowState, w: SlidingWindow, key: GroupKey, rowtime: number, values: SqlValue[]): void {
  let part = ws.partitions.get(key);
  if (part === undefined) {
    const accs = w.aggregates.map(createAccumulator);
    part = accs.every((a) => a.remove !== undefined) ? { times: [], args: [], head: 0, accs } : { times: [], args: [], head: 0 };
    ws.partitions.set(key, part);
  }
  part.times.push(rowtime);
  for (let k = 0; k < ws.stride; k++) part.args.push(ws.scratch[k] ?? null);
  if (part.accs !== undefined) {
    for (let j = 0; j < part.accs.length; j++) (part.accs[j] as Accumulator).add(view(ws, j, ws.scratch, 0), rowtime);
  }
  evict(part, w, ws, rowtime);
  if (w.unit === 'RANGE' && rowtime - ws.lastSweep >= Math.max(w.size, 1)) {
    // Partitions not seen for a while: drop their expired rows, and the partitions left empty.
    ws.lastSweep = rowtime;
    for (const [k, p] of ws.partitions) {
      evict(p, w, ws, rowtime);
      if (p.head >= p.times.length) ws.partitions.delete(k);
    }
  }
  let accs = part.accs;
  if (accs === undefined) {
    // MIN, MAX, FIRST_VALUE, LAST_VALUE, floating sums, LAG...: recomputed over the (bounded) window.
    accs = w.aggregates.map(createAccumulator);
    for (let r = part.head; r < part.times.length; r++) {
      for (let j = 0; j < accs.length; j++) (accs[j] as Accumulator).add(view(ws, j, part.args, r * ws.stride), part.times[r] as number);
    }
  }
  for (let j = 0; j < accs.length; j++) values[(w.aggregates[j] as CompiledAggregate).slot] = (accs[j] as Accumulator).result();
}

/** Drops the rows of a partition that are out of the window of a row at `rowtime` (RANGE: older than rowtime − size; ROWS: all but the last size + 1). */
function evict(part: Partition, w: SlidingWindow, ws: WindowState, rowtime: number): void {
  let head = part.head;
  if (w.unit !== 'RANGE') head = Math.max(head, part.times.length - (w.size + 1));
  else {
    const low = rowtime - w.size;
    while (head < part.times.length && (part.times[head] as number) < low) head++;
  }
  if (part.accs !== undefined) {
    for (let r = part.head; r < head; r++) {
      for (let j = 0; j < part.accs.length; j++) (part.accs[j] as Accumulator).remove?.(view(ws, j, part.args, r * ws.stride), part.times[r] as number);
    }
  }
  part.head = head;
  if (part.head > 32 && part.head * 2 >= part.times.length) {
    part.times = part.times.slice(part.head);
    part.args = part.args.slice(part.head * ws.stride);
    part.head = 0;
  }
}

/** RowValues whose aggregates a sliding window fills in after the row's keys and arguments are read. */
type MutableRowValues = { -readonly [K in keyof RowValues]: RowValues[K] };

const NO_ARGS: readonly SqlValue[] = [];

/**
 * A partition or group key for a Map: one key of a primitive value is the value itself (Map compares
 * strings, numbers, bigints by value, and -0 as 0), saving a string per row; others a valueKey string.
 * One window or group always has the same number of keys of the same types, so the two kinds never meet.
 */
type GroupKey = string | number | bigint | boolean | null;

/** The grouping key of expressions' values on a row (`skip`: an index to leave out). */
function keyOf(exprs: readonly CompiledExpression[], rv: RowValues, skip = -1): GroupKey {
  const count = skip >= 0 && skip < exprs.length ? exprs.length - 1 : exprs.length;
  if (count === 1) {
    const v = (exprs[skip === 0 ? 1 : 0] as CompiledExpression).evaluate(rv);
    return v === null || typeof v !== 'object' ? v : valueKey(v);
  }
  let key = '';
  for (let i = 0; i < exprs.length; i++) if (i !== skip) key += `${valueKey((exprs[i] as CompiledExpression).evaluate(rv))}|`;
  return key;
}

/** Each aggregate's argument values on a row, in the query's reusable arrays (all evaluated before any is used). */
function argumentsInto(aggregates: readonly CompiledAggregate[], rv: RowValues, views: SqlValue[][]): readonly (readonly SqlValue[])[] {
  for (let i = 0; i < aggregates.length; i++) {
    const exprs = (aggregates[i] as CompiledAggregate).args;
    const v = views[i] as SqlValue[];
    for (let k = 0; k < exprs.length; k++) v[k] = (exprs[k] as CompiledExpression).evaluate(rv);
  }
  return views;
}


function addAll(accs: readonly Accumulator[], args: readonly (readonly SqlValue[])[], rowtime: number): void {
  for (let i = 0; i < accs.length; i++) (accs[i] as Accumulator).add(args[i] ?? NO_ARGS, rowtime);
}

function evaluateAll(columns: readonly { readonly expr: CompiledExpression }[], rv: RowValues): SqlValue[] {
  const out: SqlValue[] = new Array<SqlValue>(columns.length);
  for (let i = 0; i < columns.length; i++) out[i] = (columns[i] as { readonly expr: CompiledExpression }).expr.evaluate(rv);
  return out;
}

/** Drops the rows before `head`, copying the array only now and then. */
function compact(rows: JoinRows, head: number): void {
  rows.head = head;
  if (rows.head > 32 && rows.head * 2 >= rows.rows.length) {
    rows.rows = rows.rows.slice(rows.head);
    rows.head = 0;
  }
}

/** A row of one side with the other side NULL (an unmatched row of an outer join). */
function padded(side: 0 | 1, row: readonly SqlValue[]): Rows {
  return side === 0 ? [row, null] : [null, row];
}

/** The values of a query's current rows, flattened in `sourceNames` order (NULLs for a padded side). */
function flatRows(rows: Rows, query: CompiledQuery): SqlValue[] {
  if (query.join === undefined) return [...(rows[0] ?? [])];
  return query.join.sides.flatMap((s, i) => rows[i] ?? new Array<SqlValue>(s.width).fill(null));
}

/** A reference table's records as rows (column order); a record that is not a row stops the run. */
function loadTable(name: string, values: ValuesMapper, records: readonly (string | Uint8Array)[]): SqlValue[][] {
  const rows: SqlValue[][] = [];
  records.forEach((record, i) => {
    const mapped = values(record, { approximateArrivalMs: 0 });
    const error = mapped.errors[0];
    if (error !== undefined) throw new ReferenceTableError(name, i + 1, `${error.ERROR_NAME}: ${error.MESSAGE}`);
    rows.push(...mapped.rows); // each with a NULL ROWTIME slot
  });
  return rows;
}

/** A grouping key for a value (distinct values of one type give distinct keys). */
function valueKey(v: SqlValue): string {
  if (v === null) return 'N';
  if (typeof v === 'bigint') return `b${v}`;
  if (typeof v === 'number') return `n${Object.is(v, -0) ? 0 : v}`;
  if (typeof v === 'boolean') return v ? 'T' : 'F';
  if (typeof v === 'string') return `s${v.length}:${v}`; // the length keeps keys joined by | apart
  if (v instanceof Decimal) return `d${v.toString()}`;
  if (v instanceof Interval) return `i${v.family}${v.amount}`;
  if (v instanceof Uint8Array) return `x${Buffer.from(v).toString('hex')}`;
  return `r${JSON.stringify(Object.entries(v).map(([k, x]) => [k, valueKey(x)]))}`;
}

function rowText(names: readonly string[], values: readonly SqlValue[]): string {
  return `{${names.map((n, i) => `${JSON.stringify(n)}:${JSON.stringify(plainValue(values[i] ?? null))}`).join(',')}}`;
}

/** A value for DATA_ROW (types unknown here): numbers, strings, booleans, others as text. */
function plainValue(v: SqlValue): unknown {
  if (v === null || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint' || v instanceof Decimal) return v.toString();
  if (v instanceof Interval) return `${v.family}:${v.amount}`;
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainValue(x)]));
}

// ---------------------------------------------------------------------------------------------
// Formatting

/** A value as it appears in an output line's `row` (see the module comment). */
export function jsonValue(v: SqlValue, type: SqlType): unknown {
  if (v === null || typeof v === 'boolean') return v;
  switch (type.name) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INTEGER':
    case 'DOUBLE':
      return typeof v === 'number' && Number.isFinite(v) ? v : valueToText(v, type);
    case 'REAL':
      // A 32-bit float: the shortest decimal that reads back as the same float, as Java's Float.toString.
      return typeof v === 'number' && Number.isFinite(v) ? Number(javaFloatToString(v)) : valueToText(v, type);
    case 'BIGINT': {
      const n = Number(v as bigint);
      return Number.isSafeInteger(n) ? n : String(v);
    }
    case 'DECIMAL': {
      const text = (v as Decimal).toString();
      const n = Number(text);
      const d = v as Decimal;
      return (d.unscaled < 0n ? -d.unscaled : d.unscaled) <= 2n ** 53n ? n : text;
    }
    case 'CHAR':
    case 'VARCHAR':
      return v;
    case 'BOOLEAN':
      return v;
    default:
      return valueToText(v, type);
  }
}

/** `2024-01-01T00:01:00.000Z`. */
export function isoRowtime(ms: number): string {
  return new Date(ms).toISOString();
}

/** One output line (no newline): `{"stream":..,"rowtime":..,"row":{..}}`, columns in stream order. */
export function formatOutputRow(r: OutputRow): string {
  const cols = r.columns.map((c, i) => `${JSON.stringify(c.name)}:${JSON.stringify(jsonValue(r.values[i] ?? null, c.type))}`);
  return `{"stream":${JSON.stringify(r.stream)},"rowtime":${JSON.stringify(isoRowtime(r.rowtime))},"row":{${cols.join(',')}}}`;
}

// ---------------------------------------------------------------------------------------------
// Input lines

const TIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z)?$/;

/** Epoch ms of an input rowtime (ISO-8601 UTC or `YYYY-MM-DD HH:MM:SS[.fff]`, or epoch ms), or undefined. */
export function parseRowtime(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = TIME_RE.exec(value.trim());
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  if ((mo as number) < 1 || (mo as number) > 12 || (d as number) < 1 || (d as number) > 31 || (h as number) > 23 || (mi as number) > 59 || (s as number) > 59) return undefined;
  const t = Date.UTC(y as number, (mo as number) - 1, d as number, h as number, mi as number, s as number, ms);
  const check = new Date(t);
  if (check.getUTCDate() !== d) return undefined; // 2024-02-30
  // Date.UTC maps years 0-99 to 1900-1999: set the year explicitly.
  if ((y as number) < 100) check.setUTCFullYear(y as number);
  return check.getTime();
}

export type InputEvent = { readonly kind: 'record'; readonly rowtime: number; readonly record: string } | { readonly kind: 'bound'; readonly rowtime: number };

/** Parses one input line (1-based `lineNo` for messages); undefined for a blank line. */
export function parseInputLine(text: string, lineNo: number): InputEvent | undefined {
  if (text.trim() === '') return undefined;
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    throw new RunnerInputError(lineNo, `not valid JSON (${(e as Error).message})`);
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw new RunnerInputError(lineNo, 'expected a JSON object {"rowtime": T, "data": RECORD} or {"rowtime": T, "bound": true}');
  const o = obj as Record<string, unknown>;
  const rowtime = parseRowtime(o['rowtime']);
  if (rowtime === undefined) throw new RunnerInputError(lineNo, `"rowtime" must be ISO-8601 or YYYY-MM-DD HH:MM:SS[.fff] (UTC), got ${JSON.stringify(o['rowtime'])}`);
  if (o['bound'] === true) {
    if ('data' in o) throw new RunnerInputError(lineNo, 'a bound line has no "data"');
    return { kind: 'bound', rowtime };
  }
  const data = o['data'];
  if (typeof data === 'string') return { kind: 'record', rowtime, record: data };
  if (typeof data === 'object' && data !== null) return { kind: 'record', rowtime, record: JSON.stringify(data) };
  throw new RunnerInputError(lineNo, '"data" must be a JSON object or a string (a CSV line), or the line must be a bound ("bound": true)');
}

/** The lines of one input stream. */
export interface InputLines {
  readonly stream: string;
  readonly lines: Iterable<string>;
}

/**
 * Runs an application over input lines (one input stream) and returns the output lines (without
 * newlines), in emission order. Throws RunnerInputError for a malformed input line.
 */
export function runApplication(app: CompiledApplication, inputLines: Iterable<string>, options: RunOptions = {}): string[] {
  return runInputs(app, [{ stream: app.inputStream, lines: inputLines }], options);
}

/**
 * Runs an application over several input streams' lines, merged by rowtime (equal rowtimes: in the
 * order the inputs are given, then line order), as DESIGN.md's SQL runner does with several
 * `--input`s. Each input's lines must be in rowtime order: a line behind its input's previous one is
 * late and dropped (kda-sql.md §1 "Late rows"), as any late row.
 */
export function runInputs(app: CompiledApplication, inputs: readonly InputLines[], options: RunOptions = {}): string[] {
  const queues = inputs.map((input) => {
    if (!app.inputs.has(input.stream)) throw new Error(`runInputs: ${input.stream} is not an input stream of the application`);
    const events: InputEvent[] = [];
    let lineNo = 0;
    for (const line of input.lines) {
      lineNo++;
      try {
        const ev = parseInputLine(line, lineNo);
        if (ev !== undefined) events.push(ev);
      } catch (e) {
        if (e instanceof RunnerInputError) throw new RunnerInputError(e.line, e.message.replace(/^input line \d+: /, ''), input.stream);
        throw e;
      }
    }
    return { stream: input.stream, events, next: 0 };
  });
  // Merge: the input whose next event is earliest goes first; the first given wins a tie.
  const events: { ev: InputEvent; stream: string }[] = [];
  for (;;) {
    let pick: (typeof queues)[number] | undefined;
    for (const q of queues) {
      const ev = q.events[q.next];
      if (ev !== undefined && (pick === undefined || ev.rowtime < (pick.events[pick.next] as InputEvent).rowtime)) pick = q;
    }
    if (pick === undefined) break;
    events.push({ ev: pick.events[pick.next++] as InputEvent, stream: pick.stream });
  }
  const runtime = new ApplicationRuntime(app, options);
  const out: string[] = [];
  for (const { ev, stream } of events) {
    if (ev.kind === 'bound') runtime.pushBound(ev.rowtime, stream);
    else runtime.pushRecord(ev.record, ev.rowtime, stream);
    for (const r of runtime.drain()) out.push(formatOutputRow(r));
  }
  if (options.flushAtEnd === true) {
    runtime.flush();
    for (const r of runtime.drain()) out.push(formatOutputRow(r));
  }
  return out;
}
