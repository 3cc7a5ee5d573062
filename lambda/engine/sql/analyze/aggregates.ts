/**
 * Aggregate and analytic calls: which names they are, their argument and result-type rules, how to
 * find them in an expression, and the slots through which the runtime hands their values to a
 * compiled expression.
 *
 * The analyzer never computes an aggregate. `compileExpression` (with aggregates allowed) replaces
 * each aggregate call by a read of `RowValues.aggregates[slot]` and describes the call as a
 * CompiledAggregate (function, compiled arguments, result type, window); the runtime keeps the
 * per-group or per-window state, and fills the slot array before evaluating the expression.
 *
 * Result types (kda-sql.md §1: "Integer arithmetic truncates (AVG over INTEGER gives an INTEGER)";
 * Calcite, on which SQLstream's validator is built, types SUM(x) as x, "type sum(x) = type x",
 * CALCITE-845):
 *   COUNT(*), COUNT(x)                              BIGINT NOT NULL (NULL x not counted)
 *   SUM(x), AVG(x)                                   x's numeric type, nullable (no non-NULL input → NULL)
 *   STDDEV_POP/SAMP, VAR_POP/SAMP (STD_DEV = STDDEV_SAMP)   x's numeric type, nullable (UNCONFIRMED, Calcite's rule)
 *   EXP_AVG(x, interval)                             x's numeric type, nullable (UNCONFIRMED, as AVG)
 *   MIN(x), MAX(x)                                   x's type (comparable types), nullable
 *   FIRST_VALUE(x), LAST_VALUE(x)                    x's type, nullable
 *   LAG(x [, n [, default]])                         common type of x and default, nullable (OVER only)
 *   NTH_VALUE(x, n) [FROM FIRST|LAST]                x's type, nullable (OVER only)
 * The runtime converts its computed value to the result type: an AVG/STDDEV/VAR over an integer type
 * truncates toward zero, over DECIMAL(p,s) keeps s digits (truncated); an integer SUM wraps like
 * Java's int/long.
 *
 * Other rules: DISTINCT is accepted only with OVER (kda-sql.md §1: COUNT(DISTINCT) is not allowed in
 * GROUP BY aggregation); `*` only in COUNT; IGNORE/RESPECT NULLS only on FIRST_VALUE, LAST_VALUE,
 * LAG and NTH_VALUE; aggregates do not nest.
 */
import type { AstNode, Expr, FunctionCall, WindowRef } from '../syntax/ast';
import { childNodes } from '../syntax/ast';
import type { SqlType } from '../types';
import type { CompiledExpression } from './compile';

export type AggregateFunctionName =
  | 'COUNT'
  | 'SUM'
  | 'AVG'
  | 'MIN'
  | 'MAX'
  | 'FIRST_VALUE'
  | 'LAST_VALUE'
  | 'EXP_AVG'
  | 'STDDEV_POP'
  | 'STDDEV_SAMP'
  | 'VAR_POP'
  | 'VAR_SAMP'
  | 'LAG'
  | 'NTH_VALUE';

const AGGREGATE_NAMES: Readonly<Record<string, AggregateFunctionName>> = {
  COUNT: 'COUNT',
  SUM: 'SUM',
  AVG: 'AVG',
  MIN: 'MIN',
  MAX: 'MAX',
  FIRST_VALUE: 'FIRST_VALUE',
  LAST_VALUE: 'LAST_VALUE',
  EXP_AVG: 'EXP_AVG',
  STDDEV_POP: 'STDDEV_POP',
  STDDEV_SAMP: 'STDDEV_SAMP',
  STD_DEV: 'STDDEV_SAMP', // sqlref/sql-reference-STDDEVSAMP: "STD_DEV is an alias of STDDEV_SAMP"
  VAR_POP: 'VAR_POP',
  VAR_SAMP: 'VAR_SAMP',
  LAG: 'LAG',
  NTH_VALUE: 'NTH_VALUE',
};

/** Every name (aliases included) recognised as an aggregate or analytic function. */
export const AGGREGATE_FUNCTION_NAMES: readonly string[] = Object.keys(AGGREGATE_NAMES);

/** Analytic functions that exist only with OVER. */
export const WINDOW_ONLY_FUNCTIONS: ReadonlySet<AggregateFunctionName> = new Set(['LAG', 'NTH_VALUE']);

/** The canonical aggregate function a call names (STD_DEV → STDDEV_SAMP), or undefined for any other call. */
export function aggregateFunctionOf(call: FunctionCall): AggregateFunctionName | undefined {
  if (call.name.parts.length !== 1) return undefined;
  return AGGREGATE_NAMES[(call.name.parts[0] as { name: string }).name];
}

/** Whether an expression node is an aggregate or analytic call (with or without OVER). */
export function isAggregateCall(node: Expr): node is FunctionCall {
  return node.kind === 'FunctionCall' && aggregateFunctionOf(node) !== undefined;
}

export interface AggregateCallInfo {
  readonly call: FunctionCall;
  readonly fn: AggregateFunctionName;
  /** True for `agg(...) OVER w` (a sliding-window aggregate), false for a GROUP BY aggregate. */
  readonly windowed: boolean;
}

const OPAQUE = new Set<AstNode['kind']>([
  'Select',
  'SetOperation',
  'Values',
  'ScalarSubquery',
  'Exists',
  'Cursor',
  'NamedWindowRef',
  'WindowSpec',
  'TypeSpec',
  'IntervalQualifier',
  'Identifier',
  'QualifiedName',
]);

/**
 * The aggregate and analytic calls of an expression, outermost only (the arguments of an aggregate
 * are not searched: a nested aggregate is an error compileExpression reports), in source order.
 * Subqueries and window specifications are not searched. Purely syntactic: no scope needed, so the
 * runtime can decide from it whether a query aggregates before compiling anything.
 */
export function collectAggregates(expr: Expr): AggregateCallInfo[] {
  const out: AggregateCallInfo[] = [];
  const visit = (node: AstNode): void => {
    if (OPAQUE.has(node.kind)) return;
    if (node.kind === 'FunctionCall') {
      const fn = aggregateFunctionOf(node);
      if (fn !== undefined) {
        out.push({ call: node, fn, windowed: node.over !== undefined });
        return;
      }
    }
    if (node.kind === 'InSubquery') {
      visit(node.operand);
      return;
    }
    for (const child of childNodes(node)) visit(child);
  };
  visit(expr);
  return out;
}

/**
 * A structural key of a syntax tree: equal for trees that differ only in positions (and so in
 * spacing or comments), e.g. `SUM( x )` and `SUM(x)`. Quoted and unquoted names that store the same
 * name are equal (`"X"` and `x`).
 */
export function syntaxKey(node: AstNode): string {
  return JSON.stringify(node, (key, value: unknown) => (key === 'pos' || key === 'end' || key === 'quoted' ? undefined : value));
}

/** One aggregate or analytic call, compiled: what the runtime computes into `RowValues.aggregates[slot]`. */
export interface CompiledAggregate {
  /** Index into `RowValues.aggregates`. */
  readonly slot: number;
  readonly fn: AggregateFunctionName;
  /** The (first) call this slot stands for. */
  readonly call: FunctionCall;
  /**
   * The arguments, compiled in the same scope (evaluate them on each input row of the group or
   * window). Empty for COUNT(*). EXP_AVG's second, LAG's second and third and NTH_VALUE's second are
   * row-independent constants in practice, but they are compiled like the others.
   */
  readonly args: readonly CompiledExpression[];
  /** The result type (see the module comment); the slot must hold a value of it. */
  readonly type: SqlType;
  /** COUNT(*). */
  readonly star: boolean;
  /** `agg(DISTINCT x) OVER w`: only distinct non-NULL values count. */
  readonly distinct: boolean;
  /** The window for `agg(...) OVER w` / `OVER (...)`; undefined for a GROUP BY aggregate. */
  readonly over?: WindowRef;
  /** FIRST_VALUE, LAST_VALUE, LAG, NTH_VALUE: as written; absent means RESPECT NULLS. */
  readonly nullTreatment?: 'IGNORE NULLS' | 'RESPECT NULLS';
  /** NTH_VALUE: `FROM FIRST` / `FROM LAST` as written; absent means FROM FIRST. */
  readonly fromEnd?: 'FIRST' | 'LAST';
  /** syntaxKey of the call: two calls with the same key share one slot. */
  readonly key: string;
}

/**
 * Numbers the aggregate slots of one query. Pass the same registry to every compileExpression of a
 * query (SELECT items, HAVING) so that slots are numbered once and identical calls (same syntaxKey,
 * e.g. `SUM(x)` in the select list and in HAVING) share a slot; then compute
 * `registry.aggregates[i]` into slot `registry.aggregates[i].slot` (= i).
 */
export class AggregateRegistry {
  private readonly list: CompiledAggregate[] = [];
  private readonly byKey = new Map<string, CompiledAggregate>();

  /** Every registered aggregate, in slot order (`aggregates[i].slot === i`). */
  get aggregates(): readonly CompiledAggregate[] {
    return this.list;
  }

  /** The aggregate registered under a key, if any. */
  get(key: string): CompiledAggregate | undefined {
    return this.byKey.get(key);
  }

  /** Registers a new aggregate under the next slot (used by compileExpression). */
  add(make: (slot: number) => CompiledAggregate): CompiledAggregate {
    const agg = make(this.list.length);
    if (this.byKey.has(agg.key)) throw new Error(`AggregateRegistry: ${agg.key} is already registered`);
    this.list.push(agg);
    this.byKey.set(agg.key, agg);
    return agg;
  }
}
