import { mulberry32 } from '../../../../../lambda/engine/seeded-random';
import { SqlAnalysisError, type ColumnSpec } from '../../../../../lambda/engine/sql/analyze';
import {
  TABLE_FUNCTIONS,
  compileTableFunction,
  type TableFunctionOperator,
  type TableFunctionRow,
} from '../../../../../lambda/engine/sql/runtime/table-functions';
import { parseQuery, type FunctionCall } from '../../../../../lambda/engine/sql/syntax';
import { Decimal, type SqlValue } from '../../../../../lambda/engine/sql/types';
import { BIG, DBL, INT, TS, dec, errorOf, vc } from '../support';

const col = (name: string, type = DBL): ColumnSpec => ({ name, type });
const COUNT_TYPE = { name: 'BIGINT', nullable: false };

/** The table function call of `SELECT STREAM * FROM TABLE(<call>)`. */
function callOf(sql: string): FunctionCall {
  const q = parseQuery(sql);
  if (q.kind !== 'Select' || q.from.kind !== 'TableFunctionRef') throw new Error(`not a table function query: ${sql}`);
  return q.from.call;
}

const sqlFor = (call: string): string => `SELECT STREAM * FROM TABLE(${call})`;
const CURSOR = 'CURSOR(SELECT STREAM * FROM S)';

function operator(call: string, columns: readonly ColumnSpec[], seed = 7): TableFunctionOperator {
  return compileTableFunction(callOf(sqlFor(call)), columns, { seed })();
}

/** Pushes rows `[rowtime, values]` in order and collects every emitted row. */
function feed(op: TableFunctionOperator, rows: readonly (readonly [number, readonly SqlValue[]])[]): TableFunctionRow[] {
  return rows.flatMap(([rowtime, values]) => op.push(values, rowtime));
}

describe('TABLE_FUNCTIONS', () => {
  it('lists the five KDA table functions', () => {
    expect([...TABLE_FUNCTIONS]).toEqual([
      'RANDOM_CUT_FOREST',
      'RANDOM_CUT_FOREST_WITH_EXPLANATION',
      'HOTSPOTS',
      'TOP_K_ITEMS_TUMBLING',
      'COUNT_DISTINCT_ITEMS_TUMBLING',
    ]);
  });
});

describe('TOP_K_ITEMS_TUMBLING', () => {
  const columns = [col('TICKER', vc(4)), col('PRICE')];
  const topK = (k = 2, windowSize = 60): TableFunctionOperator => operator(`TOP_K_ITEMS_TUMBLING(${CURSOR}, 'TICKER', ${k}, ${windowSize})`, columns);
  const row = (t: number, ticker: string | null): readonly [number, SqlValue[]] => [t, [ticker, 1.5]];

  it('outputs the counted column and MOST_FREQUENT_VALUES BIGINT', () => {
    expect(topK().columns).toEqual([col('TICKER', vc(4)), { name: 'MOST_FREQUENT_VALUES', type: COUNT_TYPE }]);
  });

  it('emits the K most frequent items with their counts when a later row closes the window, at the window end', () => {
    const op = topK();
    expect(feed(op, [row(0, 'AMZN'), row(1000, 'MSFT'), row(2000, 'AMZN'), row(3000, 'INTC'), row(59_999, 'AMZN'), row(59_999, 'MSFT')])).toEqual([]);
    expect(op.push(['INTC', 1.5], 60_000)).toEqual([
      { rowtime: 60_000, values: ['AMZN', 3n] },
      { rowtime: 60_000, values: ['MSFT', 2n] },
    ]);
  });

  it('breaks ties by first arrival in the window', () => {
    const op = topK();
    feed(op, [row(0, 'C'), row(1, 'B'), row(2, 'A'), row(3, 'A'), row(4, 'B'), row(5, 'C')]);
    expect(op.advance(60_000)).toEqual([
      { rowtime: 60_000, values: ['C', 2n] },
      { rowtime: 60_000, values: ['B', 2n] },
    ]);
  });

  it('closes a window on a rowtime bound at its end, not before; skips NULL items and empty windows', () => {
    const op = topK(3, 10);
    feed(op, [row(0, 'A'), row(5000, null), row(9000, 'A')]);
    expect(op.advance(9999)).toEqual([]);
    expect(op.advance(10_000)).toEqual([{ rowtime: 10_000, values: ['A', 2n] }]);
    expect(op.push(['B', 1.5], 35_000)).toEqual([]);
    expect(op.advance(40_000)).toEqual([{ rowtime: 40_000, values: ['B', 1n] }]);
  });

  it('counts DECIMAL values by value and returns them as DECIMAL', () => {
    const op = operator(`TOP_K_ITEMS_TUMBLING(${CURSOR}, 'P', 1, 1)`, [col('P', dec(5, 2))]);
    feed(op, [
      [0, [new Decimal(-150n, 2)]],
      [1, [new Decimal(200n, 2)]],
      [2, [new Decimal(-150n, 2)]],
    ]);
    expect(op.advance(1000)).toEqual([{ rowtime: 1000, values: [new Decimal(-150n, 2), 2n] }]);
  });
});

describe('COUNT_DISTINCT_ITEMS_TUMBLING', () => {
  const countDistinct = (): TableFunctionOperator =>
    operator(`COUNT_DISTINCT_ITEMS_TUMBLING(${CURSOR}, 'ID', 60)`, [col('NAME', vc(8)), col('ID', BIG)]);

  it('outputs only NUMBER_OF_DISTINCT_ITEMS BIGINT', () => {
    expect(countDistinct().columns).toEqual([{ name: 'NUMBER_OF_DISTINCT_ITEMS', type: COUNT_TYPE }]);
  });

  it('emits the exact distinct count of each window (NULL not counted) when the window closes', () => {
    const op = countDistinct();
    const ids: (bigint | null)[] = [1n, 2n, 1n, null, 3n, 2n];
    expect(feed(op, ids.map((id, i) => [i * 1000, ['x', id]] as const))).toEqual([]);
    // A row two windows later closes the first; the empty window between emits nothing.
    expect(op.push(['x', 9n], 130_000)).toEqual([{ rowtime: 60_000, values: [3n] }]);
    expect(op.advance(180_000)).toEqual([{ rowtime: 180_000, values: [1n] }]);
  });
});

describe('RANDOM_CUT_FOREST', () => {
  const columns = [col('X'), col('Y', BIG), col('NAME', vc(8)), col('AT', TS)];
  const CALL = `RANDOM_CUT_FOREST(${CURSOR}, 20, 10, 1000, 1)`;

  /** 60 points around (0, 0), then one far away. */
  function points(): SqlValue[][] {
    const r = mulberry32(42);
    const rows: SqlValue[][] = Array.from({ length: 60 }, (_, i) => [r() * 2 - 1, BigInt(Math.round(r() * 2 - 1)), `n${i}`, i]);
    rows.push([50, 40n, 'outlier', 60]);
    return rows;
  }
  const scores = (op: TableFunctionOperator, rows: readonly SqlValue[][]): SqlValue[] =>
    feed(op, rows.map((v, i) => [i, v] as const)).map((r) => r.values[4] as SqlValue);

  it('passes every input column through and adds ANOMALY_SCORE DOUBLE', () => {
    expect(operator(CALL, columns).columns).toEqual([...columns, { name: 'ANOMALY_SCORE', type: DBL }]);
  });

  it('emits one row per input row at its rowtime, immediately', () => {
    const op = operator(CALL, columns);
    expect(op.push([1, 2n, 'a', 5], 1234)).toEqual([{ rowtime: 1234, values: [1, 2n, 'a', 5, 0] }]);
    expect(op.advance(99_999)).toEqual([]);
  });

  it('scores zero during warm-up, deterministically for a seed, and an outlier above every normal point', () => {
    const a = scores(operator(CALL, columns, 3), points());
    const b = scores(operator(CALL, columns, 3), points());
    expect(a).toEqual(b);
    expect(a.slice(0, 10)).toEqual(new Array(10).fill(0));
    const normal = a.slice(10, 60) as number[];
    expect(normal.every((s) => s > 0)).toBe(true);
    expect(a[60] as number).toBeGreaterThan(Math.max(...normal));
  });

  it('uses the documented defaults when only the cursor is given (zero for the first 256 records)', () => {
    const op = operator(`RANDOM_CUT_FOREST(${CURSOR})`, [col('X')]);
    const out = Array.from({ length: 257 }, (_, i) => op.push([i % 7], i)[0]?.values[1]);
    expect(out.slice(0, 256).every((s) => s === 0)).toBe(true);
    expect(out[256]).toBeGreaterThan(0);
  });

  it('gives a row with a NULL numeric column a NULL score and does not learn from it', () => {
    const rows = points();
    const withNull = [...rows.slice(0, 30), [null, 1n, 'null', 0], ...rows.slice(30)];
    const a = scores(operator(CALL, columns), withNull);
    const b = scores(operator(CALL, columns), rows);
    expect(a[30]).toBeNull();
    expect([...a.slice(0, 30), ...a.slice(31)]).toEqual(b);
  });
});

describe('RANDOM_CUT_FOREST_WITH_EXPLANATION', () => {
  const columns = [col('X'), col('LABEL', vc(8)), col('Y', INT)];

  it('adds ANOMALY_SCORE and ANOMALY_EXPLANATION for the numeric columns only', () => {
    const op = operator(`RANDOM_CUT_FOREST_WITH_EXPLANATION(${CURSOR}, 10, 10, 100, 1, TRUE)`, columns);
    expect(op.columns.map((c) => [c.name, c.type.name])).toEqual([
      ['X', 'DOUBLE'],
      ['LABEL', 'VARCHAR'],
      ['Y', 'INTEGER'],
      ['ANOMALY_SCORE', 'DOUBLE'],
      ['ANOMALY_EXPLANATION', 'VARCHAR'],
    ]);
    expect(op.push([1, 'a', 2], 0)).toEqual([
      {
        rowtime: 0,
        values: [
          1,
          'a',
          2,
          0,
          '{"X":{"DIRECTION":"LOW","STRENGTH":"0.0000","ATTRIBUTION_SCORE":"0.0000"},"Y":{"DIRECTION":"LOW","STRENGTH":"0.0000","ATTRIBUTION_SCORE":"0.0000"}}',
        ],
      },
    ]);
  });

  it('explains an outlier: attributions sum to the score, the outlying column dominates and is HIGH', () => {
    const op = operator(`RANDOM_CUT_FOREST_WITH_EXPLANATION(${CURSOR}, 30, 10, 100, 1, TRUE)`, columns);
    const r = mulberry32(9);
    for (let i = 0; i < 40; i++) op.push([r(), 'n', Math.round(r() * 3)], i);
    const [out] = op.push([100, 'far', 1], 40);
    const [score, json] = (out as TableFunctionRow).values.slice(3) as [number, string];
    const explanation = JSON.parse(json) as Record<string, { DIRECTION: string; ATTRIBUTION_SCORE: string }>;
    expect(Object.keys(explanation)).toEqual(['X', 'Y']);
    const x = explanation.X as { DIRECTION: string; ATTRIBUTION_SCORE: string };
    const y = explanation.Y as { DIRECTION: string; ATTRIBUTION_SCORE: string };
    expect(x.DIRECTION).toBe('HIGH');
    expect(Number(x.ATTRIBUTION_SCORE)).toBeGreaterThan(Number(y.ATTRIBUTION_SCORE));
    expect(Number(x.ATTRIBUTION_SCORE) + Number(y.ATTRIBUTION_SCORE)).toBeCloseTo(score, 3);
  });

  it('leaves out DIRECTION and STRENGTH by default (withDirectionality FALSE)', () => {
    const op = operator(`RANDOM_CUT_FOREST_WITH_EXPLANATION(${CURSOR})`, [col('X')]);
    expect(op.push([1], 0)[0]?.values[2]).toBe('{"X":{"ATTRIBUTION_SCORE":"0.0000"}}');
  });
});

describe('HOTSPOTS', () => {
  const columns = [col('NAME', vc(4)), col('X'), col('Y', INT)];
  const hotspots = (): TableFunctionOperator => operator(`HOTSPOTS(${CURSOR}, 100, 1.0, 3)`, columns);

  it('passes the input columns through and adds HOTSPOTS_RESULT VARCHAR', () => {
    expect(hotspots().columns.map((c) => c.name)).toEqual(['NAME', 'X', 'Y', 'HOTSPOTS_RESULT']);
  });

  it('reports a small cluster on every row from the one that completes it', () => {
    const op = hotspots();
    const out = feed(op, [
      [0, ['a', 0, 0]],
      [1, ['b', 0.5, 0]],
      [2, ['c', 0, 1]],
      [3, ['far', 10, 10]],
    ]);
    const cluster = '{"hotspots":[{"density":3,"minValues":[0,0],"maxValues":[0.5,1]}]}';
    expect(out).toEqual([
      { rowtime: 0, values: ['a', 0, 0, '{"hotspots":[]}'] },
      { rowtime: 1, values: ['b', 0.5, 0, '{"hotspots":[]}'] },
      { rowtime: 2, values: ['c', 0, 1, cluster] },
      { rowtime: 3, values: ['far', 10, 10, cluster] },
    ]);
  });

  it('gives a row with a NULL coordinate a NULL result', () => {
    expect(hotspots().push(['n', null, 1], 5)).toEqual([{ rowtime: 5, values: ['n', null, 1, null] }]);
  });
});

describe('compileTableFunction errors', () => {
  const STOCKS = [col('TICKER', vc(4)), col('PRICE'), col('QTY', INT)];

  /** The SqlAnalysisError for `call` over `columns`: [message without place, line, column]. */
  function failure(call: string, columns: readonly ColumnSpec[] = STOCKS): [string, number, number] {
    const e = errorOf(() => compileTableFunction(callOf(sqlFor(call)), columns, { seed: 1 }));
    if (!(e instanceof SqlAnalysisError)) throw e;
    return [e.detail, e.line, e.column];
  }
  /** Line 1 and the column of `fragment` in the query around `call`. */
  const at = (call: string, fragment: string, from = 0): [number, number] => [1, sqlFor(call).indexOf(fragment, from) + 1];

  it('names the known table functions for an unknown one', () => {
    const call = `TOP_K(${CURSOR}, 'TICKER', 2, 60)`;
    const e = errorOf(() => compileTableFunction(callOf(sqlFor(call)), STOCKS, { seed: 1 })) as SqlAnalysisError;
    expect([e.detail, e.line, e.column]).toEqual([
      'Unknown table function TOP_K; the table functions are RANDOM_CUT_FOREST, RANDOM_CUT_FOREST_WITH_EXPLANATION, HOTSPOTS, TOP_K_ITEMS_TUMBLING or COUNT_DISTINCT_ITEMS_TUMBLING',
      ...at(call, 'TOP_K'),
    ]);
    expect(e.candidates).toEqual([...TABLE_FUNCTIONS]);
  });

  it.each<[string, string, string]>([
    [`TOP_K_ITEMS_TUMBLING(${CURSOR}, 'TICKER', 2)`, "TOP_K_ITEMS_TUMBLING takes 4 arguments (cursor, 'columnName', K, windowSize), got 3", 'TOP_K'],
    [`COUNT_DISTINCT_ITEMS_TUMBLING(${CURSOR}, 'TICKER', 60, 5)`, "COUNT_DISTINCT_ITEMS_TUMBLING takes 3 arguments (cursor, 'columnName', windowSize), got 4", '5)'],
    [
      `RANDOM_CUT_FOREST(${CURSOR}, 1, 10, 100, 1, TRUE)`,
      'RANDOM_CUT_FOREST takes 1 to 5 arguments (cursor[, numberOfTrees[, subSampleSize[, timeDecay[, shingleSize]]]]), got 6',
      'TRUE',
    ],
    [`HOTSPOTS(${CURSOR}, 100, 0.5)`, 'HOTSPOTS takes 4 arguments (cursor, windowSize, scanRadius, minimumNumberOfPointsInAHotspot), got 3', 'HOTSPOTS'],
    [`RANDOM_CUT_FOREST()`, 'RANDOM_CUT_FOREST takes 1 to 5 arguments (cursor[, numberOfTrees[, subSampleSize[, timeDecay[, shingleSize]]]]), got 0', 'RANDOM'],
  ])('rejects the wrong number of arguments: %s', (call, message, fragment) => {
    expect(failure(call)).toEqual([message, ...at(call, fragment)]);
  });

  it.each<[string, string, string]>([
    [`TOP_K_ITEMS_TUMBLING(S, 'TICKER', 2, 60)`, 'The first argument of TOP_K_ITEMS_TUMBLING must be CURSOR(SELECT STREAM ...), got an expression', 'S,'],
    [`HOTSPOTS('S', 100, 0.5, 2)`, "The first argument of HOTSPOTS must be CURSOR(SELECT STREAM ...), got 'S'", "'S'"],
  ])('rejects a first argument that is not a CURSOR: %s', (call, message, fragment) => {
    expect(failure(call)).toEqual([message, ...at(call, fragment)]);
  });

  it.each<[string, string, string]>([
    [`TOP_K_ITEMS_TUMBLING(${CURSOR}, 'TICKER', 0, 60)`, 'TOP_K_ITEMS_TUMBLING: K must be an integer literal from 1 to 100,000, got 0', '0,'],
    [`TOP_K_ITEMS_TUMBLING(${CURSOR}, 'TICKER', 100001, 60)`, 'TOP_K_ITEMS_TUMBLING: K must be an integer literal from 1 to 100,000, got 100001', '100001'],
    [`TOP_K_ITEMS_TUMBLING(${CURSOR}, 'TICKER', 1 + 1, 60)`, 'TOP_K_ITEMS_TUMBLING: K must be an integer literal from 1 to 100,000, got an expression', '1 + 1'],
    [`TOP_K_ITEMS_TUMBLING(${CURSOR}, 'TICKER', 2, 3601)`, 'TOP_K_ITEMS_TUMBLING: windowSize must be an integer literal from 1 to 3,600, got 3601', '3601'],
    [`TOP_K_ITEMS_TUMBLING(${CURSOR}, 'TICKER', 2, 1.5)`, 'TOP_K_ITEMS_TUMBLING: windowSize must be an integer literal from 1 to 3,600, got 1.5', '1.5'],
    [`COUNT_DISTINCT_ITEMS_TUMBLING(${CURSOR}, 'TICKER', -5)`, 'COUNT_DISTINCT_ITEMS_TUMBLING: windowSize must be an integer literal from 1 to 3,600, got -5', '-5'],
    [`COUNT_DISTINCT_ITEMS_TUMBLING(${CURSOR}, 'TICKER', NULL)`, 'COUNT_DISTINCT_ITEMS_TUMBLING: windowSize must be an integer literal from 1 to 3,600, got NULL', 'NULL'],
    [`RANDOM_CUT_FOREST(${CURSOR}, 0)`, 'RANDOM_CUT_FOREST: numberOfTrees must be an integer literal from 1 to 1,000, got 0', '0)'],
    [`RANDOM_CUT_FOREST(${CURSOR}, NULL, 10)`, 'RANDOM_CUT_FOREST: numberOfTrees must be an integer literal from 1 to 1,000, got NULL', 'NULL'],
    [`RANDOM_CUT_FOREST(${CURSOR}, 10, 9)`, 'RANDOM_CUT_FOREST: subSampleSize must be an integer literal from 10 to 1,000, got 9', '9)'],
    [`RANDOM_CUT_FOREST(${CURSOR}, 10, 10, 0)`, 'RANDOM_CUT_FOREST: timeDecay must be an integer literal from 1 to 2,147,483,647, got 0', '0)'],
    [`RANDOM_CUT_FOREST(${CURSOR}, 10, 256, 100)`, 'RANDOM_CUT_FOREST: subSampleSize (256) must be less than timeDecay (100)', '100)'],
    [`RANDOM_CUT_FOREST(${CURSOR}, 10, 10, 100, 31)`, 'RANDOM_CUT_FOREST: shingleSize must be an integer literal from 1 to 30, got 31', '31'],
    [
      `RANDOM_CUT_FOREST_WITH_EXPLANATION(${CURSOR}, 10, 10, 100, 1, 1)`,
      'RANDOM_CUT_FOREST_WITH_EXPLANATION: withDirectionality must be TRUE or FALSE, got 1',
      '1)',
    ],
    [`HOTSPOTS(${CURSOR}, 99, 0.5, 2)`, 'HOTSPOTS: windowSize must be an integer literal from 100 to 1,000, got 99', '99'],
    [`HOTSPOTS(${CURSOR}, 100, 0.0, 2)`, 'HOTSPOTS: scanRadius must be a numeric literal greater than zero, got 0', '0.0'],
    [`HOTSPOTS(${CURSOR}, 100, 'x', 2)`, "HOTSPOTS: scanRadius must be a numeric literal greater than zero, got 'x'", "'x'"],
    [
      `HOTSPOTS(${CURSOR}, 100, 0.5, 101)`,
      'HOTSPOTS: minimumNumberOfPointsInAHotspot must be an integer literal from 2 to 100, got 101',
      '101',
    ],
    [`HOTSPOTS(${CURSOR}, 100, 0.5, 1)`, 'HOTSPOTS: minimumNumberOfPointsInAHotspot must be an integer literal from 2 to 100, got 1', '1)'],
  ])('rejects a parameter that is not a literal in its range: %s', (call, message, fragment) => {
    // Search after the cursor so that fragments like '0,' do not match inside it.
    expect(failure(call)).toEqual([message, ...at(call, fragment, sqlFor(call).indexOf('S)') + 2)]);
  });

  it.each<[string, string, string]>([
    [
      `TOP_K_ITEMS_TUMBLING(${CURSOR}, 'ticker', 2, 60)`,
      "TOP_K_ITEMS_TUMBLING: 'ticker' is not a column of the cursor; did you mean 'TICKER'? (columns: TICKER, PRICE, QTY)",
      "'ticker'",
    ],
    [
      `COUNT_DISTINCT_ITEMS_TUMBLING(${CURSOR}, 'VOLUME', 60)`,
      "COUNT_DISTINCT_ITEMS_TUMBLING: 'VOLUME' is not a column of the cursor (columns: TICKER, PRICE, QTY)",
      "'VOLUME'",
    ],
    [
      `TOP_K_ITEMS_TUMBLING(${CURSOR}, TICKER, 2, 60)`,
      "TOP_K_ITEMS_TUMBLING: columnName must be a column name in single quotes, e.g. 'TICKER', got an expression",
      'TICKER,',
    ],
  ])('rejects a column name that is not a column of the cursor: %s', (call, message, fragment) => {
    expect(failure(call)).toEqual([message, ...at(call, fragment)]);
  });

  it('offers the close column names, or all of them, as candidates', () => {
    const candidatesOf = (name: string): unknown =>
      (errorOf(() => compileTableFunction(callOf(sqlFor(`TOP_K_ITEMS_TUMBLING(${CURSOR}, '${name}', 2, 60)`)), STOCKS, { seed: 1 })) as SqlAnalysisError).candidates;
    expect(candidatesOf('ticker')).toEqual(["'TICKER'"]);
    expect(candidatesOf('VOLUME')).toEqual(["'TICKER'", "'PRICE'", "'QTY'"]);
  });

  it.each<[string, readonly ColumnSpec[], string]>([
    [
      `RANDOM_CUT_FOREST(${CURSOR})`,
      [col('NAME', vc(4)), col('AT', TS)],
      'RANDOM_CUT_FOREST: the cursor must have from 1 to 30 numeric columns (TINYINT, SMALLINT, INTEGER, BIGINT, REAL or DOUBLE), got 0',
    ],
    [
      `RANDOM_CUT_FOREST_WITH_EXPLANATION(${CURSOR})`,
      Array.from({ length: 31 }, (_, i) => col(`C${i}`)),
      'RANDOM_CUT_FOREST_WITH_EXPLANATION: the cursor must have from 1 to 30 numeric columns (TINYINT, SMALLINT, INTEGER, BIGINT, REAL or DOUBLE), got 31',
    ],
    [
      `HOTSPOTS(${CURSOR}, 100, 0.5, 2)`,
      [col('NAME', vc(4))],
      'HOTSPOTS: the cursor must have at least one numeric column (TINYINT, SMALLINT, INTEGER, BIGINT, REAL or DOUBLE), got 0',
    ],
    [
      `RANDOM_CUT_FOREST(${CURSOR})`,
      [col('X'), col('PRICE', dec(8, 2))],
      'RANDOM_CUT_FOREST: column PRICE is DECIMAL(8,2); DECIMAL is not a supported type, CAST it to DOUBLE',
    ],
  ])('rejects a cursor the ML functions cannot score: %s', (call, columns, message) => {
    expect(failure(call, columns)).toEqual([message, ...at(call, 'CURSOR')]);
  });

  it('rejects a ROW column for the sketches', () => {
    const call = `TOP_K_ITEMS_TUMBLING(${CURSOR}, 'R', 2, 60)`;
    const row = col('R', { name: 'ROW', nullable: true, fields: [{ name: 'A', type: INT }] });
    expect(failure(call, [row])).toEqual(['TOP_K_ITEMS_TUMBLING: the column is ROW(A INTEGER); a ROW value cannot be counted, select one of its fields', ...at(call, "'R'")]);
  });

  it('positions errors on later lines', () => {
    const sql = `SELECT STREAM * FROM TABLE(TOP_K_ITEMS_TUMBLING(\n  ${CURSOR},\n  'TICKER',\n  0,\n  60))`;
    const e = errorOf(() => compileTableFunction(callOf(sql), STOCKS, { seed: 1 })) as SqlAnalysisError;
    expect([e.line, e.column, e.message]).toEqual([4, 3, 'line 4, column 3: TOP_K_ITEMS_TUMBLING: K must be an integer literal from 1 to 100,000, got 0']);
  });
});
