/**
 * How far back in ROWTIME a compiled application's state reaches: every open window, partition and
 * join row of every query depends only on input rows at most this old. Replaying the input rows of the
 * last `horizon` ms into a fresh runtime therefore rebuilds the state a runtime that saw everything
 * has (./shard-processor.ts relies on it).
 *
 * Per query: a tumbling window's length, a RANGE window's size, a stagger window's range, a RANGE
 * join window's size, a tumbling table function's window. A query reading another query's output adds
 * its own reach to its source's (chains add up). State not bounded by time (ROWS windows, GROUP BY
 * MONOTONIC(e), RANDOM_CUT_FOREST and HOTSPOTS models) gets `unboundedMs`: replaying that much
 * approximates it, and `approximate` says so.
 */
import type { CompiledApplication, CompiledQuery } from '../sql/runtime';

export interface StateHorizon {
  /** Milliseconds of input ROWTIME the state depends on. */
  readonly ms: number;
  /** Queries whose state is not bounded by time (approximated by `unboundedMs`). */
  readonly approximate: readonly string[];
}

export function stateHorizon(app: CompiledApplication, unboundedMs: number): StateHorizon {
  const reach = new Map<string, number>(); // stream → how far back its current rows' state reaches
  for (const name of app.inputs.keys()) reach.set(name, 0);
  const approximate: string[] = [];
  // Queries are in declaration order and a query's sources are declared before it feeds anything that
  // reads it (cycles are rejected), so one pass in order settles every stream.
  for (const q of app.queries) {
    const own = ownReach(q, unboundedMs);
    if (own.unbounded) approximate.push(q.pump ?? q.target);
    const sources = q.join === undefined ? [q.source] : q.join.sides.filter((s) => !s.table).map((s) => s.source);
    const from = Math.max(0, ...sources.map((s) => reach.get(s) ?? 0));
    reach.set(q.target, Math.max(reach.get(q.target) ?? 0, from + own.ms));
  }
  return { ms: Math.max(0, ...reach.values()), approximate };
}

function ownReach(q: CompiledQuery, unboundedMs: number): { ms: number; unbounded: boolean } {
  let ms = 0;
  let unbounded = false;
  const take = (n: number | undefined): void => {
    if (n === undefined) {
      unbounded = true;
      ms = Math.max(ms, unboundedMs);
    } else ms = Math.max(ms, n);
  };
  if (q.groupBy !== undefined) take(q.groupBy.window.byValue === true ? undefined : q.groupBy.window.lengthMs);
  if (q.stagger !== undefined) take(q.stagger.rangeMs);
  for (const w of q.sliding?.windows ?? []) take(w.unit === 'RANGE' ? w.size : undefined);
  for (const side of q.join?.sides ?? []) if (!side.table) take(side.window.unit === 'RANGE' ? side.window.size : undefined);
  if (q.tableFunction !== undefined) take(q.tableFunctionWindowMs);
  return { ms, unbounded };
}
