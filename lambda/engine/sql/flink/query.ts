/**
 * One KDA `SELECT STREAM` as a Flink SELECT: its FROM (a stream, a subquery, a table function or an
 * interval join), WHERE, and its kind of windowing:
 * - tumbling GROUP BY / WINDOWED BY STAGGER → the TUMBLE TVF grouped by window_start, window_end and keys;
 * - sliding `agg OVER w` → one OVER window ordered by ROWTIME;
 * - none → a projection.
 * Subqueries and CURSORs become temporary views (QueryEnv.hide), so every FROM names a relation and
 * every relation has a ROWTIME column.
 */
import { collectAggregates } from '../analyze/aggregates';
import type { AstNode, ColumnRef, Expr, FromItem, FunctionCall, Identifier, Join, QualifiedName, Query, Select, SelectItem, TableFunctionRef, WindowDef } from '../syntax/ast';
import { noFlinkEquivalent } from './errors';
import { ExprTranslator, type ExprContext } from './expressions';
import { indent, q } from './identifiers';
import { translateTableFunction } from './table-functions';
import { ROWTIME } from './tables';
import { frameText, isRowtime, joinRange, resolveWindow, sameTumble, tumbleOf, unwrapMonotonic, type ResolvedWindow, type Tumble } from './windows';

/** A relation the translated SQL can read: the source table, a stream's view, or a hidden view. */
export interface StreamInfo {
  /** The KDA name (what FROM writes). */
  readonly name: string;
  /** Columns `SELECT *` lists, in order. */
  readonly columns: readonly string[];
  /** Whether its ROWTIME column is a Flink time attribute (windows need one). */
  readonly timeAttribute: boolean;
}

export interface QueryEnv {
  /** A stream of the application by KDA name (`node` reads it); undefined for a name that is not a stream. */
  stream(name: string, node: AstNode): StreamInfo | undefined;
  /** Registers a temporary view for a subquery, CURSOR or table function and returns it. */
  hide(kind: string, body: string, columns: readonly string[], timeAttribute: boolean): StreamInfo;
  note(text: string): void;
}

export interface OutputItem {
  /** The column name KDA gives it (alias, column name or EXPR$i). */
  readonly name: string;
  readonly sql: string;
  /** The KDA expression, for `*` a synthesized column reference. */
  readonly node?: Expr;
}

export interface TranslatedQuery {
  readonly items: readonly OutputItem[];
  /** The output row's ROWTIME as Flink text. */
  readonly rowtime: string;
  readonly timeAttribute: boolean;
  /** The SELECT with this select list; `withRowtime` when the list carries the ROWTIME column. */
  render(selectList: readonly string[], withRowtime: boolean): string;
}

interface Relation {
  /** The qualifier KDA uses (alias or stream name). */
  readonly ref: string;
  readonly info: StreamInfo;
  readonly from: Exclude<FromItem, Join>;
}

export const NOTE_TUMBLE = 'Tumbling windows (GROUP BY STEP/FLOOR of ROWTIME) become TUMBLE windows: a window emits once, when the watermark passes its end, rather than when the next row arrives; its ROWTIME downstream is window_time (the end minus 1 ms; KDA uses the end).';
export const NOTE_STAGGER = 'WINDOWED BY STAGGER is approximated by a TUMBLE window of the same length grouped by the PARTITION BY keys: Flink windows are aligned to the epoch, not opened by each key\'s first row.';
export const NOTE_SLIDING = 'Sliding windows become OVER windows ordered by ROWTIME: a row is emitted when the watermark passes it, not at once, and rows with the same ROWTIME see each other (KDA excludes later rows with the same ROWTIME).';
export const NOTE_JOIN = 'Stream-to-stream joins with a RANGE window become interval joins on ROWTIME; unmatched outer rows are emitted when the watermark passes the window.';

export function translateQuery(query: Query, env: QueryEnv): TranslatedQuery {
  if (query.kind !== 'Select') throw noFlinkEquivalent(query, query.kind === 'Values' ? 'VALUES' : query.op);
  return new SelectTranslator(query, env).translate();
}

/** The select list of a view body: each item named, then ROWTIME. */
export function viewSelectList(t: TranslatedQuery): string[] {
  const list = t.items.map((i) => aliased(i.sql, i.name));
  if (!t.items.some((i) => i.name === ROWTIME)) list.push(aliased(t.rowtime, ROWTIME));
  return list;
}

export const aliased = (sql: string, name: string): string => (sql === q(name) ? sql : `${sql} AS ${q(name)}`);

class SelectTranslator {
  private readonly relations: Relation[];
  private readonly join?: Join;

  constructor(
    private readonly sel: Select,
    private readonly env: QueryEnv,
  ) {
    if (sel.from.kind === 'Join') {
      const join = sel.from;
      if (join.left.kind === 'Join' || join.right.kind === 'Join') throw noFlinkEquivalent(join, 'A join of more than two relations');
      this.join = join;
      this.relations = [this.relation(join.left), this.relation(join.right)];
    } else {
      this.relations = [this.relation(sel.from)];
    }
  }

  translate(): TranslatedQuery {
    const sel = this.sel;
    if (sel.windowedBy !== undefined) return this.grouped(sel.windowedBy.partitionBy, this.staggerWindow());
    if (sel.groupBy !== undefined && sel.groupBy.length > 0) return this.tumbling(sel.groupBy);
    const sliding = this.slidingWindow();
    if (sliding !== undefined) return this.sliding(sliding);
    return this.plain();
  }

  // ---------------------------------------------------------------------------------------------
  // FROM

  private relation(item: Exclude<FromItem, Join>): Relation {
    if (item.columnAliases !== undefined) throw noFlinkEquivalent(item, 'Column aliases in FROM');
    switch (item.kind) {
      case 'TableRef': {
        const name = item.name.parts.map((p) => p.name).join('.');
        const info = this.env.stream(name, item.name);
        if (info === undefined) throw referenceTable(item.name, name);
        return { ref: item.alias?.name ?? (item.name.parts[item.name.parts.length - 1] as Identifier).name, info, from: item };
      }
      case 'SubqueryRef': {
        const t = translateQuery(item.query, this.env);
        const info = this.env.hide('SUBQUERY', t.render(viewSelectList(t), true), t.items.map((i) => i.name), t.timeAttribute);
        return { ref: item.alias?.name ?? info.name, info, from: item };
      }
      case 'TableFunctionRef': {
        const info = translateTableFunction(item as TableFunctionRef, this.env);
        return { ref: item.alias?.name ?? info.name, info, from: item };
      }
    }
  }

  /** The single relation of a query that windows (windows over a join are not translated). */
  private windowed(what: string, node: Expr | Select): Relation {
    if (this.join !== undefined) throw noFlinkEquivalent(this.join, `${what} over a join`, 'define the join as a stream of its own and window that stream');
    const rel = this.relations[0] as Relation;
    if (!rel.info.timeAttribute) {
      throw noFlinkEquivalent(node, `${what} over ${rel.info.name}`, 'its ROWTIME is not a Flink time attribute (it is computed, e.g. the later time of a join with windows on both sides)');
    }
    return rel;
  }

  private fromText(): string {
    if (this.join === undefined) return q((this.relations[0] as Relation).info.name);
    if (this.join.natural || this.join.using !== undefined) throw noFlinkEquivalent(this.join, 'NATURAL and USING joins');
    const [left, right] = this.relations as [Relation, Relation];
    const defs = this.sel.windows;
    const leftRange = joinRange(left.from.over, defs);
    const rightRange = joinRange(right.from.over, defs);
    // A window on one side holds that side's rows up to its length behind a row of the other side.
    const lt = `${q(left.ref)}.${q(ROWTIME)}`;
    const rt = `${q(right.ref)}.${q(ROWTIME)}`;
    const time = `${rt} BETWEEN ${rightRange === undefined ? lt : `${lt} - ${rightRange}`} AND ${leftRange === undefined ? lt : `${lt} + ${leftRange}`}`;
    if (!left.info.timeAttribute || !right.info.timeAttribute) {
      throw noFlinkEquivalent(this.join, 'A join of a stream whose ROWTIME is not a Flink time attribute');
    }
    this.env.note(NOTE_JOIN);
    const on = this.join.on === undefined ? time : `${this.exprs().expr(this.join.on)}\n  AND ${time}`;
    // CROSS JOIN and `FROM a, b` with a window are inner joins on the time bounds alone.
    const type = this.join.joinType === 'CROSS' || this.join.joinType === 'COMMA' || this.join.joinType === 'INNER' ? 'JOIN' : `${this.join.joinType} JOIN`;
    return `${q(left.info.name)} AS ${q(left.ref)}\n${type} ${q(right.info.name)} AS ${q(right.ref)}\n  ON ${on}`;
  }

  /** The output ROWTIME of a join: the later of the two rows' (kda-sql.md §1 "Joins"). */
  private joinRowtime(): { sql: string; attribute: boolean } {
    const [left, right] = this.relations as [Relation, Relation];
    const leftOver = left.from.over !== undefined;
    const rightOver = right.from.over !== undefined;
    // With one windowed side the other side's row is always the later one: its ROWTIME stays a time attribute.
    if (leftOver && !rightOver) return { sql: `${q(right.ref)}.${q(ROWTIME)}`, attribute: true };
    if (rightOver && !leftOver) return { sql: `${q(left.ref)}.${q(ROWTIME)}`, attribute: true };
    return { sql: `GREATEST(${q(left.ref)}.${q(ROWTIME)}, ${q(right.ref)}.${q(ROWTIME)})`, attribute: false };
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions

  private exprs(extra: Partial<ExprContext> = {}, rowtime?: string): ExprTranslator {
    return new ExprTranslator({ column: (ref) => this.column(ref, rowtime), note: (text) => this.env.note(text), ...extra });
  }

  private column(ref: ColumnRef, rowtime?: string): string {
    const col = (ref.parts[ref.parts.length - 1] as Identifier).name;
    if (this.join === undefined) return q(col);
    if (ref.parts.length === 1) return col === ROWTIME && rowtime !== undefined ? rowtime : q(col);
    const qualifier = ref.parts.slice(0, -1).map((p) => p.name).join('.');
    const rel = this.relations.find((r) => r.ref === qualifier) ?? this.relations.find((r) => r.info.name === qualifier);
    return `${q(rel?.ref ?? qualifier)}.${q(col)}`;
  }

  private items(tx: ExprTranslator): OutputItem[] {
    const out: OutputItem[] = [];
    this.sel.items.forEach((item: SelectItem, i) => {
      if (item.kind === 'AllColumns') {
        const qualifier = item.qualifier?.map((p) => p.name).join('.');
        const chosen = qualifier === undefined ? this.relations : this.relations.filter((r) => r.ref === qualifier || r.info.name === qualifier);
        for (const rel of chosen) {
          for (const c of rel.info.columns) {
            const id: Identifier = { kind: 'Identifier', name: c, quoted: true, pos: item.pos, end: item.end };
            const node: ColumnRef = { kind: 'ColumnRef', pos: item.pos, end: item.end, parts: [id] };
            out.push({ name: c, sql: this.join === undefined ? q(c) : `${q(rel.ref)}.${q(c)}`, node });
          }
        }
        return;
      }
      const name = item.alias?.name ?? (item.expr.kind === 'ColumnRef' ? (item.expr.parts[item.expr.parts.length - 1] as Identifier).name : `EXPR$${i}`);
      out.push({ name, sql: tx.expr(item.expr), node: item.expr });
    });
    return out;
  }

  private where(tx: ExprTranslator): string | undefined {
    return this.sel.where === undefined ? undefined : tx.expr(this.sel.where);
  }

  // ---------------------------------------------------------------------------------------------
  // Query kinds

  private plain(): TranslatedQuery {
    const rt = this.join === undefined ? { sql: q(ROWTIME), attribute: (this.relations[0] as Relation).info.timeAttribute } : this.joinRowtime();
    const tx = this.exprs({}, rt.sql);
    const from = this.fromText();
    const items = this.items(tx);
    const where = this.where(tx);
    return {
      items,
      rowtime: rt.sql,
      timeAttribute: rt.attribute,
      render: (list) => selectText(list, from, where),
    };
  }

  private tumbling(keys: readonly Expr[]): TranslatedQuery {
    let window: Tumble | undefined;
    const rest: Expr[] = [];
    for (const key of keys) {
      const t = tumbleOf(key);
      if (t !== undefined && window === undefined) {
        window = t;
        continue;
      }
      const inner = unwrapMonotonic(key);
      if (inner !== undefined) throw monotonicError(key as FunctionCall, inner);
      rest.push(key);
    }
    if (window === undefined) throw noFlinkEquivalent(keys[0] as Expr, 'GROUP BY without a ROWTIME window key');
    this.env.note(NOTE_TUMBLE);
    return this.grouped(rest, window);
  }

  private staggerWindow(): Tumble {
    const range = (this.sel.windowedBy as NonNullable<Select['windowedBy']>).range;
    this.env.note(NOTE_STAGGER);
    return { size: this.exprs().expr(range) };
  }

  /** A TUMBLE window aggregate grouped by window_start, window_end and `keys`. */
  private grouped(keys: readonly Expr[], window: Tumble): TranslatedQuery {
    const rel = this.windowed(this.sel.windowedBy !== undefined ? 'WINDOWED BY STAGGER' : 'A tumbling GROUP BY', this.sel);
    for (const k of keys) {
      const inner = unwrapMonotonic(k);
      if (inner !== undefined) throw monotonicError(k as FunctionCall, inner);
    }
    const replace = (e: Expr): string | undefined => {
      const t = tumbleOf(e);
      return t !== undefined && sameTumble(t, window) ? 'window_start' : undefined;
    };
    const tx = this.exprs({ replace });
    const items = this.items(tx);
    const where = this.where(tx);
    const having = this.sel.having === undefined ? undefined : tx.expr(this.sel.having);
    const offset = window.offset === undefined ? '' : `, ${window.offset}`;
    const from = `TABLE(TUMBLE(TABLE ${q(rel.info.name)}, DESCRIPTOR(${q(ROWTIME)}), ${window.size}${offset}))`;
    const groupKeys = keys.map((k) => tx.expr(k));
    return {
      items,
      rowtime: 'window_time',
      timeAttribute: true,
      render: (list, withRowtime) => {
        const group = ['window_start', 'window_end', ...(withRowtime ? ['window_time'] : []), ...groupKeys].join(', ');
        return `${selectText(list, from, where)}\nGROUP BY ${group}${having === undefined ? '' : `\nHAVING ${having}`}`;
      },
    };
  }

  /** The one window every `agg OVER` of the select list uses, or undefined when there is none. */
  private slidingWindow(): { window: ResolvedWindow; name: string } | undefined {
    const calls = this.sel.items.flatMap((item) => (item.kind === 'SelectExpr' ? collectAggregates(item.expr) : [])).filter((a) => a.windowed);
    if (calls.length === 0) return undefined;
    const defs: readonly WindowDef[] = this.sel.windows;
    const windows = calls.map((a) => ({ call: a.call, window: resolveWindow(a.call.over as NonNullable<FunctionCall['over']>, defs) }));
    const first = windows[0] as (typeof windows)[number];
    for (const w of windows) {
      if (w.window.key !== first.window.key) {
        throw noFlinkEquivalent(
          w.call.over as NonNullable<FunctionCall['over']>,
          'A second, different sliding window in one query',
          'Flink needs every OVER window of a query to be the same; split the query into one pump per window',
        );
      }
    }
    const names = new Set(windows.map((w) => w.window.name));
    const only = names.size === 1 ? [...names][0] : undefined;
    return { window: first.window, name: only ?? 'w' };
  }

  private sliding({ window, name }: { window: ResolvedWindow; name: string }): TranslatedQuery {
    const rel = this.windowed('A sliding window', this.sel);
    this.env.note(NOTE_SLIDING);
    const over = (): string => `OVER ${q(name)}`;
    const tx = this.exprs({ over });
    const items = this.items(tx);
    const where = this.where(tx);
    const partition = window.partitionBy.length === 0 ? '' : `PARTITION BY ${window.partitionBy.map((e) => tx.expr(e)).join(', ')}\n  `;
    const spec = `${q(name)} AS (\n  ${partition}ORDER BY ${q(ROWTIME)}\n  ${frameText(window.frame)})`;
    return {
      items,
      rowtime: q(ROWTIME),
      timeAttribute: rel.info.timeAttribute,
      render: (list) => `${selectText(list, q(rel.info.name), where)}\nWINDOW ${spec}`,
    };
  }
}

function selectText(list: readonly string[], from: string, where: string | undefined): string {
  return `SELECT\n${indent(list.join(',\n'))}\nFROM ${from}${where === undefined ? '' : `\nWHERE ${where}`}`;
}

function monotonicError(call: FunctionCall, inner: Expr) {
  const what = isRowtime(inner) ? 'MONOTONIC(ROWTIME) without STEP or FLOOR' : 'MONOTONIC on a non-ROWTIME expression';
  return noFlinkEquivalent(call, what, 'Flink windows only on the time attribute; group by STEP(ROWTIME BY INTERVAL ...) or FLOOR(ROWTIME TO unit)');
}

function referenceTable(node: QualifiedName, name: string) {
  return noFlinkEquivalent(node, `The reference table ${name}`, 'no Flink table source is known for it; declare a filesystem (S3) table and a lookup join by hand');
}
