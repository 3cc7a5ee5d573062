/**
 * `FROM TABLE(fn(CURSOR(SELECT STREAM ...), ...))` (kda-sql.md §1 "Table functions", §2):
 * - TOP_K_ITEMS_TUMBLING(c, 'col', K, windowSec) → a TUMBLE count per value and a window Top-N
 *   (ROW_NUMBER() <= K), which is exact where KDA's sketch is approximate;
 * - COUNT_DISTINCT_ITEMS_TUMBLING(c, 'col', windowSec) → COUNT(DISTINCT col) per TUMBLE window
 *   (exact; KDA's HyperLogLog is exact only up to 10,000 items);
 * - RANDOM_CUT_FOREST[_WITH_EXPLANATION] and HOTSPOTS have no Flink equivalent.
 * The CURSOR's query and the function's result each become a temporary view.
 */
import type { Expr, FunctionCall, TableFunctionRef } from '../syntax/ast';
import { noFlinkEquivalent } from './errors';
import { indent, q } from './identifiers';
import { translateQuery, viewSelectList, type QueryEnv, type StreamInfo } from './query';
import { ROWTIME } from './tables';

export const NOTE_TOP_K = 'TOP_K_ITEMS_TUMBLING becomes a TUMBLE count per value and a window Top-N (ROW_NUMBER() <= K): exact counts where KDA\'s are approximate; ties are ordered arbitrarily.';
export const NOTE_COUNT_DISTINCT = 'COUNT_DISTINCT_ITEMS_TUMBLING becomes COUNT(DISTINCT ...) in a TUMBLE window: exact where KDA\'s HyperLogLog is approximate beyond 10,000 items.';

const NO_EQUIVALENT: Readonly<Record<string, string>> = {
  RANDOM_CUT_FOREST: 'Flink has no anomaly-detection function; score rows with a user-defined function',
  RANDOM_CUT_FOREST_WITH_EXPLANATION: 'Flink has no anomaly-detection function; score rows with a user-defined function',
  HOTSPOTS: 'Flink has no hotspot-detection function; use a user-defined function',
};

export function translateTableFunction(ref: TableFunctionRef, env: QueryEnv): StreamInfo {
  const call = ref.call;
  const name = call.name.parts.map((p) => p.name).join('.');
  const why = NO_EQUIVALENT[name];
  if (why !== undefined) throw noFlinkEquivalent(call.name, name, why);
  if (name !== 'TOP_K_ITEMS_TUMBLING' && name !== 'COUNT_DISTINCT_ITEMS_TUMBLING') throw noFlinkEquivalent(call.name, `The table function ${name}`);
  const cursorArg = call.args[0];
  if (cursorArg?.kind !== 'Cursor') throw noFlinkEquivalent(call, `${name} without a CURSOR`);
  const t = translateQuery(cursorArg.query, env);
  if (!t.timeAttribute) throw noFlinkEquivalent(cursorArg, `${name} over a query whose ROWTIME is not a Flink time attribute`);
  const cursor = env.hide('CURSOR', t.render(viewSelectList(t), true), t.items.map((i) => i.name), true);
  const column = cursorColumn(call, cursor);
  const tumble = (seconds: Expr | undefined): string => `TABLE(TUMBLE(TABLE ${q(cursor.name)}, DESCRIPTOR(${q(ROWTIME)}), INTERVAL '${integerArg(call, seconds)}' SECOND))`;
  if (name === 'TOP_K_ITEMS_TUMBLING') {
    env.note(NOTE_TOP_K);
    const k = integerArg(call, call.args[2]);
    const counted = [
      `SELECT window_start, window_end, window_time, ${q(column)}, COUNT(*) AS ${q('MOST_FREQUENT_VALUES')}`,
      `FROM ${tumble(call.args[3])}`,
      `GROUP BY window_start, window_end, window_time, ${q(column)}`,
    ].join('\n');
    const ranked = [
      `SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY ${q('MOST_FREQUENT_VALUES')} DESC) AS rownum`,
      `FROM (\n${indent(counted)}\n)`,
    ].join('\n');
    const body = [`SELECT ${q(column)}, ${q('MOST_FREQUENT_VALUES')}, window_time AS ${q(ROWTIME)}`, `FROM (\n${indent(ranked)}\n)`, `WHERE rownum <= ${k}`].join('\n');
    return env.hide('TOP_K', body, [column, 'MOST_FREQUENT_VALUES'], true);
  }
  env.note(NOTE_COUNT_DISTINCT);
  const body = [
    `SELECT COUNT(DISTINCT ${q(column)}) AS ${q('NUMBER_OF_DISTINCT_ITEMS')}, window_time AS ${q(ROWTIME)}`,
    `FROM ${tumble(call.args[2])}`,
    'GROUP BY window_start, window_end, window_time',
  ].join('\n');
  return env.hide('COUNT_DISTINCT', body, ['NUMBER_OF_DISTINCT_ITEMS'], true);
}

/** The column named by the second argument, as the cursor spells it (the engine has checked it exists). */
function cursorColumn(call: FunctionCall, cursor: StreamInfo): string {
  const arg = call.args[1];
  if (arg?.kind !== 'StringLiteral') throw noFlinkEquivalent(arg ?? call, 'A column name that is not a string literal');
  return cursor.columns.find((c) => c === arg.value) ?? cursor.columns.find((c) => c.toUpperCase() === arg.value.toUpperCase()) ?? arg.value;
}

function integerArg(call: FunctionCall, arg: Expr | undefined): string {
  if (arg?.kind !== 'NumericLiteral' || !/^\d+$/.test(arg.text)) throw noFlinkEquivalent(arg ?? call, 'A table-function argument that is not an integer literal');
  return arg.text;
}
