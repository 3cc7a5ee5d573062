/** Table functions, statistics and analytic aggregates, subqueries, MONOTONIC and the time columns, through whole applications. */
import { compileApplication, runApplication, type RunOptions } from '../../../../../lambda/engine/sql/runtime';
import { TICKERS, bound, rec } from './fixtures';

const run = (sql: string, lines: string[], options: RunOptions = {}): { stream: string; rowtime: string; row: Record<string, unknown> }[] =>
  runApplication(compileApplication(sql, TICKERS), lines, options).map((l) => JSON.parse(l) as { stream: string; rowtime: string; row: Record<string, unknown> });
const at = (s: number): string => `2024-01-01 00:${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;

describe('table functions in FROM', () => {
  it('TOP_K_ITEMS_TUMBLING: the K most frequent values of a window, emitted at its end by a row or bound', () => {
    const sql = `CREATE STREAM top_tickers (ticker VARCHAR(8), most_frequent_values BIGINT);
      CREATE PUMP p AS INSERT INTO top_tickers
        SELECT STREAM * FROM TABLE(TOP_K_ITEMS_TUMBLING(CURSOR(SELECT STREAM * FROM SOURCE_SQL_STREAM_001), 'TICKER', 2, 60));`;
    const lines = ['A', 'A', 'B', 'C', 'A', 'C'].map((t, i) => rec(at(i * 5), t, 1, 1));
    expect(run(sql, [...lines, bound(at(60))]).map((r) => [r.rowtime, r.row])).toEqual([
      ['2024-01-01T00:01:00.000Z', { TICKER: 'A', MOST_FREQUENT_VALUES: 3 }],
      ['2024-01-01T00:01:00.000Z', { TICKER: 'C', MOST_FREQUENT_VALUES: 2 }],
    ]);
    expect(run(sql, lines)).toEqual([]); // the window stays open without a later row or bound
  });

  it('COUNT_DISTINCT_ITEMS_TUMBLING over a filtered cursor', () => {
    const sql = `SELECT STREAM * FROM TABLE(COUNT_DISTINCT_ITEMS_TUMBLING(
        CURSOR(SELECT STREAM ticker FROM SOURCE_SQL_STREAM_001 WHERE qty > 1), 'TICKER', 10))`;
    const lines = [rec(at(0), 'A', 1, 2), rec(at(1), 'B', 1, 2), rec(at(2), 'A', 1, 5), rec(at(3), 'C', 1, 1), rec(at(12), 'D', 1, 2)];
    expect(run(sql, [...lines, bound(at(20))]).map((r) => [r.rowtime, r.row])).toEqual([
      ['2024-01-01T00:00:10.000Z', { NUMBER_OF_DISTINCT_ITEMS: 2 }],
      ['2024-01-01T00:00:20.000Z', { NUMBER_OF_DISTINCT_ITEMS: 1 }],
    ]);
  });

  it('RANDOM_CUT_FOREST scores each row at once, deterministically; an outlier scores above the normal rows', () => {
    const sql = `SELECT STREAM ticker, price, ANOMALY_SCORE FROM TABLE(RANDOM_CUT_FOREST(
        CURSOR(SELECT STREAM ticker, price FROM SOURCE_SQL_STREAM_001), 50, 32, 1000, 1))`;
    const lines = Array.from({ length: 300 }, (_, i) => rec(at(i), 'A', 10 + (i % 7) * 0.1, 1));
    lines.push(rec(at(300), 'A', 500, 1));
    const out = run(sql, lines);
    expect(out).toHaveLength(301);
    expect(out).toEqual(run(sql, lines)); // same seed, same scores
    const scores = out.map((r) => r.row['ANOMALY_SCORE'] as number);
    const normal = Math.max(...scores.slice(250, 300));
    expect(scores[300]).toBeGreaterThan(2 * normal);
    expect(out[300]?.row).toMatchObject({ TICKER: 'A', PRICE: 500 });
  });

  it('a table function with bad arguments is a positioned analysis error', () => {
    expect(() => compileApplication(`SELECT STREAM * FROM TABLE(TOP_K_ITEMS_TUMBLING(CURSOR(SELECT STREAM * FROM SOURCE_SQL_STREAM_001), 'NOPE', 2, 60))`, TICKERS)).toThrow(
      /NOPE/,
    );
  });
});

describe('statistics and analytic aggregates', () => {
  it('STDDEV_POP, STDDEV_SAMP, VAR_POP, VAR_SAMP per tumbling window (integer results truncate)', () => {
    const sql = `SELECT STREAM COUNT(*) AS n, STDDEV_POP(qty) AS sp, STDDEV_SAMP(price) AS ss, VAR_POP(qty) AS vp, VAR_SAMP(price) AS vs
      FROM SOURCE_SQL_STREAM_001 GROUP BY STEP(ROWTIME BY INTERVAL '1' MINUTE)`;
    const qty = [2, 4, 4, 4, 5, 5, 7, 9];
    const lines = qty.map((q, i) => rec(at(i), 'A', i + 1, q));
    expect(run(sql, [...lines, bound(at(60))]).map((r) => r.row)).toEqual([{ N: 8, SP: 2, SS: 2.449489742783178, VP: 4, VS: 6 }]);
  });

  it('LAG and NTH_VALUE over a sliding window', () => {
    const sql = `SELECT STREAM qty, LAG(qty) OVER w AS prev, LAG(qty, 2, -1) OVER w AS prev2, NTH_VALUE(qty, 1) OVER w AS first_qty
      FROM SOURCE_SQL_STREAM_001 WINDOW w AS (ROWS 2 PRECEDING)`;
    expect(run(sql, [1, 2, 3, 4].map((q, i) => rec(at(i), 'A', 1, q))).map((r) => r.row)).toEqual([
      { QTY: 1, PREV: null, PREV2: -1, FIRST_QTY: 1 },
      { QTY: 2, PREV: 1, PREV2: -1, FIRST_QTY: 1 },
      { QTY: 3, PREV: 2, PREV2: 1, FIRST_QTY: 1 },
      { QTY: 4, PREV: 3, PREV2: 2, FIRST_QTY: 2 },
    ]);
  });

  it('EXP_AVG weighs a row half as much per half-life of age', () => {
    const sql = `SELECT STREAM EXP_AVG(price, INTERVAL '10' SECOND) OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS e FROM SOURCE_SQL_STREAM_001`;
    const out = run(sql, [rec(at(0), 'A', 10, 1), rec(at(10), 'A', 40, 1)]).map((r) => r.row['E']);
    expect(out).toEqual([10, 30]); // (10·½ + 40·1) / (½ + 1)
  });
});

describe('subqueries, MONOTONIC and time columns', () => {
  it('a subquery in FROM feeds the outer query', () => {
    const sql = `SELECT STREAM x.t, x.p FROM (SELECT STREAM ticker AS t, price * 2 AS p FROM SOURCE_SQL_STREAM_001) AS x WHERE x.p > 10`;
    expect(run(sql, [rec(at(0), 'A', 4, 1), rec(at(1), 'B', 6, 1)]).map((r) => [r.stream, r.row])).toEqual([['QUERY', { T: 'B', P: 12 }]]);
  });

  it('GROUP BY MONOTONIC(e) closes a group when a row brings another value of e, at that row', () => {
    const sql = `SELECT STREAM qty, COUNT(*) AS n FROM SOURCE_SQL_STREAM_001 GROUP BY MONOTONIC(qty)`;
    const lines = [1, 1, 2, 2, 2, 3].map((q, i) => rec(at(i), 'A', 1, q));
    expect(run(sql, [...lines, bound(at(30))]).map((r) => [r.rowtime, r.row])).toEqual([
      ['2024-01-01T00:00:02.000Z', { QTY: 1, N: 2 }],
      ['2024-01-01T00:00:05.000Z', { QTY: 2, N: 3 }],
      // a bound carries no value of qty: the group of 3 stays open
    ]);
    expect(run(sql, lines, { flushAtEnd: true }).slice(-1).map((r) => [r.rowtime, r.row])).toEqual([['2024-01-01T00:00:05.000Z', { QTY: 3, N: 1 }]]);
  });

  it('MONOTONIC around a ROWTIME key is the same tumbling window', () => {
    const sql = `SELECT STREAM COUNT(*) AS n FROM SOURCE_SQL_STREAM_001 GROUP BY MONOTONIC(FLOOR(ROWTIME TO MINUTE))`;
    expect(run(sql, [rec(at(1), 'A', 1, 1), rec(at(2), 'A', 1, 1), bound(at(60))]).map((r) => [r.rowtime, r.row])).toEqual([['2024-01-01T00:01:00.000Z', { N: 2 }]]);
  });

  it('APPROXIMATE_ARRIVAL_TIME, CURRENT_ROW_TIMESTAMP and CURRENT_TIMESTAMP; SELECT * leaves the arrival time out', () => {
    const sql = `SELECT STREAM qty, APPROXIMATE_ARRIVAL_TIME AS a, CURRENT_ROW_TIMESTAMP AS c, CURRENT_TIMESTAMP AS s FROM SOURCE_SQL_STREAM_001`;
    expect(run(sql, [rec(at(1), 'A', 1, 1), rec(at(7), 'A', 1, 2)]).map((r) => r.row)).toEqual([
      { QTY: 1, A: '2024-01-01 00:00:01', C: '2024-01-01 00:00:01', S: '2024-01-01 00:00:01' },
      { QTY: 2, A: '2024-01-01 00:00:07', C: '2024-01-01 00:00:07', S: '2024-01-01 00:00:01' },
    ]);
    expect(run('SELECT STREAM * FROM SOURCE_SQL_STREAM_001', [rec(at(1), 'A', 1, 1)])[0]?.row).toEqual({ TICKER: 'A', PRICE: 1, QTY: 1 });
  });
});
