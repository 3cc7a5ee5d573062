/**
 * How far back in input time an output row reaches: a row at ROWTIME T of stream S depends only on
 * input rows with rowtime in [T − lookback(S), T]. Tumbling windows emit at their end (lookback: the
 * window length), stagger windows at open + range, sliding RANGE windows at each row (the range),
 * projections and filters at the row's own time (0). Pumps add up along the chain. ROWS windows,
 * GROUP BY a non-ROWTIME monotonic key and unbounded table functions have no time bound (null).
 */
import type { CompiledApplication, CompiledQuery } from '../sql/runtime';

function ownLookback(q: CompiledQuery): number | null {
  if (q.tableFunction !== undefined) return q.tableFunctionWindowMs ?? null;
  if (q.groupBy !== undefined) return q.groupBy.window.byValue === true ? null : q.groupBy.window.lengthMs;
  if (q.stagger !== undefined) return q.stagger.rangeMs;
  let span = 0;
  for (const w of q.sliding?.windows ?? []) {
    if (w.unit === 'ROWS') return null;
    span = Math.max(span, w.size);
  }
  for (const side of q.join?.sides ?? []) {
    if (side.table) continue;
    if (side.window.unit === 'ROWS') return null;
    span = Math.max(span, side.window.size);
  }
  return span;
}

function sourcesOf(q: CompiledQuery): string[] {
  return q.join === undefined ? [q.source] : q.join.sides.filter((s) => !s.table).map((s) => s.source);
}

/** Lookback (ms, or null for unbounded) of every stream the application writes or reads. */
export function streamLookbacks(app: CompiledApplication): Map<string, number | null> {
  const memo = new Map<string, number | null>();
  const visiting = new Set<string>();
  const of = (stream: string): number | null => {
    const known = memo.get(stream);
    if (known !== undefined || memo.has(stream)) return known ?? null;
    if (app.inputs.has(stream)) return 0;
    if (visiting.has(stream)) return null; // a cycle: no bound
    visiting.add(stream);
    let total: number | null = 0;
    for (const q of app.queries.filter((x) => x.target === stream)) {
      const own = ownLookback(q);
      for (const source of sourcesOf(q)) {
        const upstream = of(source);
        if (own === null || upstream === null || total === null) total = null;
        else total = Math.max(total, own + upstream);
      }
    }
    visiting.delete(stream);
    memo.set(stream, total);
    return total;
  };
  for (const name of app.streams.keys()) of(name);
  for (const q of app.queries) of(q.target);
  return memo;
}
