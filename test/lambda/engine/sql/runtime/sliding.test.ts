import { SqlAnalysisError } from '../../../../../lambda/engine/sql/analyze';
import type { InputSchema } from '../../../../../lambda/engine/sql/input';
import { ApplicationRuntime, compileApplication, jsonValue, runApplication, type RunOptions } from '../../../../../lambda/engine/sql/runtime';
import { TICKERS, rec, bound } from './fixtures';

const REAL_TICKERS: InputSchema = {
  ...TICKERS,
  RecordColumns: TICKERS.RecordColumns.map((c) => (c.Name === 'PRICE' ? { ...c, SqlType: 'REAL' } : c)),
};

const run = (sql: string, lines: string[], options: RunOptions = {}, schema: InputSchema = TICKERS): unknown[] =>
  runApplication(compileApplication(sql, schema), lines, options).map((l) => JSON.parse(l) as unknown);
const rows = (sql: string, lines: string[], options: RunOptions = {}, schema: InputSchema = TICKERS): unknown[] =>
  run(sql, lines, options, schema).map((r) => (r as { row: unknown }).row);

describe('sliding windows', () => {
  it('RANGE: a row exactly n old is in the window; a later row with the same ROWTIME is not in the current one', () => {
    const sql = `SELECT STREAM qty, COUNT(*) OVER w AS n, SUM(qty) OVER w AS s FROM SOURCE_SQL_STREAM_001
                 WINDOW w AS (RANGE INTERVAL '10' SECOND PRECEDING)`;
    expect(
      run(sql, [
        rec('2024-01-01 00:00:00', 'A', 1, 1),
        rec('2024-01-01 00:00:05', 'A', 1, 2),
        rec('2024-01-01 00:00:10', 'A', 1, 3), // the row at 00:00:00 is exactly 10 s old: in
        rec('2024-01-01 00:00:10', 'A', 1, 4), // same ROWTIME: the previous row is in this window, not the reverse
        rec('2024-01-01 00:00:10.001', 'A', 1, 5), // 00:00:00 is now out
      ]),
    ).toEqual([
      { stream: 'QUERY', rowtime: '2024-01-01T00:00:00.000Z', row: { QTY: 1, N: 1, S: 1 } },
      { stream: 'QUERY', rowtime: '2024-01-01T00:00:05.000Z', row: { QTY: 2, N: 2, S: 3 } },
      { stream: 'QUERY', rowtime: '2024-01-01T00:00:10.000Z', row: { QTY: 3, N: 3, S: 6 } },
      { stream: 'QUERY', rowtime: '2024-01-01T00:00:10.000Z', row: { QTY: 4, N: 4, S: 10 } },
      { stream: 'QUERY', rowtime: '2024-01-01T00:00:10.001Z', row: { QTY: 5, N: 4, S: 14 } },
    ]);
  });

  it('PARTITION BY with an inline OVER: COUNT, MIN, MAX, AVG, FIRST_VALUE, LAST_VALUE per key', () => {
    const sql = `SELECT STREAM ticker,
        COUNT(*) OVER (PARTITION BY ticker RANGE INTERVAL '1' MINUTE PRECEDING) AS n,
        MIN(price) OVER (PARTITION BY ticker RANGE INTERVAL '1' MINUTE PRECEDING) AS lo,
        MAX(price) OVER (PARTITION BY ticker RANGE INTERVAL '1' MINUTE PRECEDING) AS hi,
        AVG(qty) OVER (PARTITION BY ticker RANGE INTERVAL '1' MINUTE PRECEDING) AS aq,
        FIRST_VALUE(price) OVER (PARTITION BY ticker RANGE INTERVAL '1' MINUTE PRECEDING) AS fv,
        LAST_VALUE(price) OVER (PARTITION BY ticker RANGE INTERVAL '1' MINUTE PRECEDING) AS lv
      FROM SOURCE_SQL_STREAM_001`;
    expect(
      rows(sql, [
        rec('2024-01-01 00:00:00', 'A', 10, 1),
        rec('2024-01-01 00:00:10', 'B', 5, 2),
        rec('2024-01-01 00:00:30', 'A', 7, 3),
        rec('2024-01-01 00:01:00', 'A', 12, 4),
        rec('2024-01-01 00:01:20', 'A', 9, 5),
        rec('2024-01-01 00:01:20', 'B', 1, 6),
      ]),
    ).toEqual([
      { TICKER: 'A', N: 1, LO: 10, HI: 10, AQ: 1, FV: 10, LV: 10 },
      { TICKER: 'B', N: 1, LO: 5, HI: 5, AQ: 2, FV: 5, LV: 5 },
      { TICKER: 'A', N: 2, LO: 7, HI: 10, AQ: 2, FV: 10, LV: 7 },
      { TICKER: 'A', N: 3, LO: 7, HI: 12, AQ: 2, FV: 10, LV: 12 },
      { TICKER: 'A', N: 3, LO: 7, HI: 12, AQ: 4, FV: 7, LV: 9 },
      { TICKER: 'B', N: 1, LO: 1, HI: 1, AQ: 6, FV: 1, LV: 1 },
    ]);
  });

  it('ROWS n PRECEDING: n earlier rows of the partition plus the current one', () => {
    const sql = `SELECT STREAM ticker, SUM(qty) OVER w AS s, COUNT(*) OVER w AS n FROM SOURCE_SQL_STREAM_001
                 WINDOW w AS (PARTITION BY ticker ROWS 2 PRECEDING)`;
    expect(
      rows(sql, [
        rec('2024-01-01 00:00:00', 'A', 1, 1),
        rec('2024-01-01 00:00:01', 'A', 1, 2),
        rec('2024-01-01 00:00:02', 'B', 1, 10),
        rec('2024-01-01 00:00:03', 'A', 1, 3),
        rec('2024-01-01 00:00:04', 'A', 1, 4),
        rec('2024-01-01 01:00:00', 'A', 1, 5), // ROWS windows ignore time
      ]),
    ).toEqual([
      { TICKER: 'A', S: 1, N: 1 },
      { TICKER: 'A', S: 3, N: 2 },
      { TICKER: 'B', S: 10, N: 1 },
      { TICKER: 'A', S: 6, N: 3 },
      { TICKER: 'A', S: 9, N: 3 },
      { TICKER: 'A', S: 12, N: 3 },
    ]);
  });

  it('WHERE filters rows before they enter the window', () => {
    const sql = `SELECT STREAM qty, COUNT(*) OVER (ROWS 5 PRECEDING) AS n FROM SOURCE_SQL_STREAM_001 WHERE qty > 1`;
    expect(rows(sql, [rec('2024-01-01 00:00:00', 'A', 1, 2), rec('2024-01-01 00:00:01', 'A', 1, 1), rec('2024-01-01 00:00:02', 'A', 1, 3)])).toEqual([
      { QTY: 2, N: 1 },
      { QTY: 3, N: 2 },
    ]);
  });

  it('a sliding-window pump feeds a tumbling-window pump', () => {
    const sql = `
      CREATE STREAM s1 (ticker VARCHAR(8), total INTEGER);
      CREATE STREAM s2 (ticker VARCHAR(8), peak INTEGER, n BIGINT);
      CREATE PUMP p1 AS INSERT INTO s1
        SELECT STREAM ticker, SUM(qty) OVER (PARTITION BY ticker RANGE INTERVAL '30' SECOND PRECEDING) FROM SOURCE_SQL_STREAM_001;
      CREATE PUMP p2 AS INSERT INTO s2
        SELECT STREAM ticker, MAX(total), COUNT(*) FROM s1 GROUP BY ticker, STEP(s1.ROWTIME BY INTERVAL '1' MINUTE);`;
    const lines = [
      rec('2024-01-01 00:00:00', 'A', 1, 1),
      rec('2024-01-01 00:00:20', 'A', 1, 2),
      rec('2024-01-01 00:00:40', 'A', 1, 3), // window from 00:00:10: 2 + 3
      rec('2024-01-01 00:00:50', 'B', 1, 4),
      rec('2024-01-01 00:01:05', 'A', 1, 10), // window from 00:00:35: 3 + 10
      bound('2024-01-01 00:02:00'),
    ];
    expect(run(sql, lines, { streams: ['S1'] }).map((r) => (r as { row: unknown }).row)).toEqual([
      { TICKER: 'A', TOTAL: 1 },
      { TICKER: 'A', TOTAL: 3 },
      { TICKER: 'A', TOTAL: 5 },
      { TICKER: 'B', TOTAL: 4 },
      { TICKER: 'A', TOTAL: 13 },
    ]);
    expect(run(sql, lines, { streams: ['S2'] })).toEqual([
      { stream: 'S2', rowtime: '2024-01-01T00:01:00.000Z', row: { TICKER: 'A', PEAK: 5, N: 3 } },
      { stream: 'S2', rowtime: '2024-01-01T00:01:00.000Z', row: { TICKER: 'B', PEAK: 4, N: 1 } },
      { stream: 'S2', rowtime: '2024-01-01T00:02:00.000Z', row: { TICKER: 'A', PEAK: 13, N: 1 } },
    ]);
  });

  it('keeps partition state bounded: expired rows and idle partitions are dropped', () => {
    const sql = `SELECT STREAM ticker, COUNT(*) OVER (PARTITION BY ticker RANGE INTERVAL '1' SECOND PRECEDING) AS n FROM SOURCE_SQL_STREAM_001`;
    const runtime = new ApplicationRuntime(compileApplication(sql, TICKERS));
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 200; i++) runtime.pushRecord(JSON.stringify({ ticker: `T${i % 50}`, price: 1, qty: 1 }), t0 + i * 100);
    const out = runtime.drain().map((r) => r.values[1]);
    expect(out.every((n) => n === 1n)).toBe(true); // each key recurs every 5 s: outside the 1 s window
    // At most the partitions of the last ~2 s survive, each with its live row only.
    const size = runtime.stateSize();
    expect(size.partitions).toBeLessThanOrEqual(21);
    expect(size.windowRows).toBeLessThanOrEqual(size.partitions);
  });

  it('a row whose window argument fails goes to error_stream and stays out of the window', () => {
    const sql = `CREATE STREAM d (s INTEGER, n BIGINT);
      CREATE PUMP p AS INSERT INTO d SELECT STREAM SUM(10 / qty) OVER w, COUNT(*) OVER w FROM SOURCE_SQL_STREAM_001 WINDOW w AS (ROWS 3 PRECEDING);`;
    const out = run(sql, [rec('2024-01-01 00:00:00', 'A', 1, 2), rec('2024-01-01 00:00:01', 'A', 1, 0), rec('2024-01-01 00:00:02', 'A', 1, 5)]) as {
      stream: string;
      row: Record<string, unknown>;
    }[];
    expect(out.map((r) => r.stream)).toEqual(['D', 'error_stream', 'D']);
    expect(out[0]?.row).toEqual({ S: 5, N: 1 });
    expect(out[2]?.row).toEqual({ S: 7, N: 2 });
    expect(out[1]?.row['PUMP_NAME']).toBe('P');
  });
});

describe('REAL output', () => {
  it('prints REAL values as Java Float.toString would', () => {
    const sql = `SELECT STREAM price, SUM(price) OVER (ROWS 1 PRECEDING) AS s, CAST(price AS DOUBLE) AS d FROM SOURCE_SQL_STREAM_001`;
    expect(rows(sql, [rec('2024-01-01 00:00:00', 'A', 19.99, 1), rec('2024-01-01 00:00:01', 'A', 19.99, 1)], {}, REAL_TICKERS)).toEqual([
      { PRICE: 19.99, S: 19.99, D: 19.989999771118164 },
      { PRICE: 19.99, S: 39.98, D: 19.989999771118164 },
    ]);
  });

  it('jsonValue formats by column type', () => {
    expect(jsonValue(Math.fround(39.98), { name: 'REAL', nullable: true })).toBe(39.98);
    expect(jsonValue(Math.fround(0.1), { name: 'REAL', nullable: true })).toBe(0.1);
    expect(jsonValue(Math.fround(1e10), { name: 'REAL', nullable: true })).toBe(1e10);
    expect(jsonValue(Math.fround(0.1), { name: 'DOUBLE', nullable: true })).toBe(0.10000000149011612);
    expect(jsonValue(NaN, { name: 'REAL', nullable: true })).toBe('NaN');
  });
});

describe('sliding window analysis errors', () => {
  const error = (sql: string): SqlAnalysisError => {
    try {
      compileApplication(sql, TICKERS);
    } catch (e) {
      if (e instanceof SqlAnalysisError) return e;
      throw e;
    }
    throw new Error('expected an error');
  };
  const at = (sql: string, needle: string): number => sql.indexOf(needle) + 1;

  it('rejects FOLLOWING, at the bound', () => {
    const sql = "SELECT STREAM COUNT(*) OVER (ROWS BETWEEN 1 PRECEDING AND 2 FOLLOWING) FROM SOURCE_SQL_STREAM_001";
    const e = error(sql);
    expect([e.line, e.column, e.detail]).toEqual([1, at(sql, '2 FOLLOWING'), expect.stringMatching(/FOLLOWING is not allowed/)]);
  });

  it('rejects ORDER BY in a window, at the ORDER BY item', () => {
    const sql = "SELECT STREAM COUNT(*) OVER w FROM SOURCE_SQL_STREAM_001 WINDOW w AS (ORDER BY qty RANGE INTERVAL '1' MINUTE PRECEDING)";
    const e = error(sql);
    expect([e.line, e.column, e.detail]).toEqual([1, at(sql, 'qty RANGE'), expect.stringMatching(/ORDER BY is not allowed in a sliding window/)]);
  });

  it('rejects an unknown window name, naming the known ones', () => {
    const sql = "SELECT STREAM COUNT(*) OVER w2 FROM SOURCE_SQL_STREAM_001 WINDOW w AS (RANGE INTERVAL '1' MINUTE PRECEDING)";
    const e = error(sql);
    expect([e.line, e.column, e.detail]).toEqual([1, at(sql, 'w2'), 'Window W2 not found (windows: W)']);
  });

  it('rejects GROUP BY with OVER, at the windowed aggregate', () => {
    const sql =
      "SELECT STREAM ticker, COUNT(*) OVER (RANGE INTERVAL '1' MINUTE PRECEDING) FROM SOURCE_SQL_STREAM_001 GROUP BY ticker, STEP(ROWTIME BY INTERVAL '1' MINUTE)";
    const e = error(sql);
    expect([e.line, e.column, e.detail]).toEqual([1, at(sql, 'COUNT'), expect.stringMatching(/cannot be combined with GROUP BY/)]);
  });

  it('rejects a window without a frame and an unbounded one', () => {
    expect(error('SELECT STREAM COUNT(*) OVER (PARTITION BY ticker) FROM SOURCE_SQL_STREAM_001').detail).toMatch(/needs a frame/);
    expect(error('SELECT STREAM COUNT(*) OVER (ROWS UNBOUNDED PRECEDING) FROM SOURCE_SQL_STREAM_001').detail).toMatch(/UNBOUNDED PRECEDING/);
  });
});

// COUNT and SUM/AVG over integers update incrementally (rows taken back as they leave the window); a
// window that also has MIN is recomputed over its rows. Both must give the same numbers, always.
describe('incremental sliding aggregates', () => {
  it('equal a recomputation over the window for any rows, keys, gaps and NULLs', () => {
    const fc = require('fast-check') as typeof import('fast-check');
    const row = fc.record({ gapMs: fc.integer({ min: 0, max: 4000 }), ticker: fc.constantFrom('A', 'B', 'C'), qty: fc.option(fc.integer({ min: -1000, max: 1000 })) });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 60 }), fc.constantFrom("RANGE INTERVAL '5' SECOND PRECEDING", 'ROWS 3 PRECEDING'), (input, frame) => {
        let t = Date.UTC(2024, 0, 1);
        const lines = input.map((r) => {
          t += r.gapMs;
          return JSON.stringify({ rowtime: new Date(t).toISOString(), data: { ticker: r.ticker, price: 1, qty: r.qty } });
        });
        const window = `(PARTITION BY ticker ${frame})`;
        const incremental = rows(`SELECT STREAM COUNT(qty) OVER ${window} AS n, SUM(qty) OVER ${window} AS s, AVG(qty) OVER ${window} AS a FROM SOURCE_SQL_STREAM_001`, lines);
        const recomputed = rows(
          `SELECT STREAM COUNT(qty) OVER ${window} AS n, SUM(qty) OVER ${window} AS s, AVG(qty) OVER ${window} AS a, MIN(qty) OVER ${window} AS m FROM SOURCE_SQL_STREAM_001`,
          lines,
        ).map((r) => {
          const { M: _m, ...rest } = r as Record<string, unknown>;
          return rest;
        });
        expect(incremental).toEqual(recomputed);
      }),
      { numRuns: 150 },
    );
  });
});

describe('partition keys', () => {
  it('keep NULL apart from the text "null", and keys with | apart from several keys', () => {
    const schema: InputSchema = {
      ...TICKERS,
      RecordColumns: [
        { Name: 'A', Mapping: '$.a', SqlType: 'VARCHAR(8)' },
        { Name: 'B', Mapping: '$.b', SqlType: 'VARCHAR(8)' },
      ],
    };
    const line = (t: string, a: string | null, b: string | null) => JSON.stringify({ rowtime: `2024-01-01 00:00:0${t}`, data: { a, b } });
    const sql = `SELECT STREAM COUNT(*) OVER (PARTITION BY a ROWS 10 PRECEDING) AS by_a, COUNT(*) OVER (PARTITION BY a, b ROWS 10 PRECEDING) AS by_ab FROM SOURCE_SQL_STREAM_001`;
    expect(rows(sql, [line('1', null, 'x'), line('2', 'null', 'x'), line('3', 'p|sq', null), line('4', 'p', 'q'), line('5', 'p|sq', null)], {}, schema)).toEqual([
      { BY_A: 1, BY_AB: 1 },
      { BY_A: 1, BY_AB: 1 },
      { BY_A: 1, BY_AB: 1 },
      { BY_A: 1, BY_AB: 1 },
      { BY_A: 2, BY_AB: 2 },
    ]);
  });
});
