import { SqlAnalysisError } from '../../../../../lambda/engine/sql/analyze';
import type { InputSchema } from '../../../../../lambda/engine/sql/input';
import { ApplicationRuntime, compileApplication, formatOutputRow, runApplication } from '../../../../../lambda/engine/sql/runtime';
import { TICKERS, rec, bound } from './fixtures';


const run = (sql: string, lines: string[], schema: InputSchema = TICKERS): unknown[] => runApplication(compileApplication(sql, schema), lines).map((l) => JSON.parse(l) as unknown);

/** The analysis error of an application, as "line L, column C (length N): detail". */
function analysisError(sql: string): string {
  try {
    compileApplication(sql, TICKERS);
  } catch (e) {
    if (e instanceof SqlAnalysisError) return `line ${e.line}, column ${e.column} (length ${e.length}): ${e.detail}`;
    throw e;
  }
  throw new Error('expected an analysis error');
}

describe('WINDOWED BY STAGGER', () => {
  it('dev/stagger-window-concepts: the documented events and result set', () => {
    // The page's four events (times only; the date is this test's) and its stagger query. Documented
    // result: 11:01:20 | 11:00:00 | AMZN | 3 and 11:02:15 | 11:01:00 | AMZN | 1.
    const schema: InputSchema = {
      RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
      RecordEncoding: 'UTF-8',
      RecordColumns: [
        { Name: 'EVENT_TIME', Mapping: '$.EVENT_TIME', SqlType: 'TIMESTAMP' },
        { Name: 'TICKER_SYMBOL', Mapping: '$.TICKER_SYMBOL', SqlType: 'VARCHAR(4)' },
      ],
    };
    const sql = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    ticker_symbol    VARCHAR(4), 
    event_time       TIMESTAMP,
    ticker_count     DOUBLE);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS 
  INSERT INTO "DESTINATION_SQL_STREAM" 
    SELECT STREAM 
        TICKER_SYMBOL,
        FLOOR(EVENT_TIME TO MINUTE),
        COUNT(TICKER_SYMBOL) AS ticker_count
    FROM "SOURCE_SQL_STREAM_001"
    WINDOWED BY STAGGER (
            PARTITION BY FLOOR(EVENT_TIME TO MINUTE), TICKER_SYMBOL RANGE INTERVAL '1' MINUTE);`;
    const ev = (rowtime: string, eventTime: string): string =>
      JSON.stringify({ rowtime: `2024-01-01 ${rowtime}`, data: { EVENT_TIME: `2024-01-01 ${eventTime}`, TICKER_SYMBOL: 'AMZN' } });
    const events = [ev('11:00:20', '11:00:10'), ev('11:00:30', '11:00:20'), ev('11:01:05', '11:00:55'), ev('11:01:15', '11:01:05')];
    expect(run(sql, [...events, bound('2024-01-01 11:01:19.999')], schema)).toEqual([]);
    expect(run(sql, [...events, bound('2024-01-01 11:01:20'), bound('2024-01-01 11:02:14.999'), bound('2024-01-01 11:02:15')], schema)).toEqual([
      { stream: 'DESTINATION_SQL_STREAM', rowtime: '2024-01-01T11:01:20.000Z', row: { TICKER_SYMBOL: 'AMZN', EVENT_TIME: '2024-01-01 11:00:00', TICKER_COUNT: 3 } },
      { stream: 'DESTINATION_SQL_STREAM', rowtime: '2024-01-01T11:02:15.000Z', row: { TICKER_SYMBOL: 'AMZN', EVENT_TIME: '2024-01-01 11:01:00', TICKER_COUNT: 1 } },
    ]);
  });

  it('dev/examples-window-stagger: its application and input records, one window per (TICKER, EVENT_TIME)', () => {
    // The guide's application and the twelve records it lists (EVENT_TIME edited to TIMESTAMP, as the
    // guide says; ROWTIME is the ingestion time it gives). The guide shows its result only as a console
    // screenshot; the rows below follow kda-sql.md §1 "Stagger": the AMZN window opens at 20:17:30 and
    // closes at 20:18:30 (emitted when the first INTC row, 20:18:31, arrives), the INTC window opens at
    // 20:18:31 and closes at 20:19:31; each counts its six records.
    const schema: InputSchema = {
      RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
      RecordEncoding: 'UTF-8',
      RecordColumns: [
        { Name: 'EVENT_TIME', Mapping: '$.EVENT_TIME', SqlType: 'TIMESTAMP' },
        { Name: 'TICKER', Mapping: '$.TICKER', SqlType: 'VARCHAR(4)' },
      ],
    };
    const sql = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    event_time TIMESTAMP,
    ticker_symbol    VARCHAR(4),
    ticker_count     INTEGER);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS 
  INSERT INTO "DESTINATION_SQL_STREAM" 
    SELECT STREAM 
        EVENT_TIME, 
        TICKER,
        COUNT(TICKER) AS ticker_count
    FROM "SOURCE_SQL_STREAM_001"
    WINDOWED BY STAGGER (
            PARTITION BY TICKER, EVENT_TIME RANGE INTERVAL '1' MINUTE);`;
    const r = (eventTime: string, ticker: string, at: string): string =>
      JSON.stringify({ rowtime: `2018-08-01 ${at}`, data: { EVENT_TIME: eventTime, TICKER: ticker } });
    const amzn = ['20:17:30', '20:17:40', '20:17:50', '20:18:00', '20:18:10', '20:18:21'].map((at) => r('2018-08-01T20:17:20.797945', 'AMZN', at));
    const intc = ['20:18:31', '20:18:41', '20:18:51', '20:19:01', '20:19:11', '20:19:21'].map((at) => r('2018-08-01T20:18:21.043084', 'INTC', at));
    const runtime = new ApplicationRuntime(compileApplication(sql, schema));
    const emitted: string[][] = [];
    for (const line of [...amzn, ...intc, bound('2018-08-01 20:19:30.999'), bound('2018-08-01 20:19:31')]) {
      const ev = JSON.parse(line) as { rowtime: string; data?: unknown };
      const t = Date.parse(`${ev.rowtime.replace(' ', 'T')}Z`);
      if (ev.data === undefined) runtime.pushBound(t);
      else runtime.pushRecord(JSON.stringify(ev.data), t);
      emitted.push(runtime.drain().map(formatOutputRow));
    }
    // Nothing until the first INTC row; nothing on the bound 1 ms before INTC's close.
    expect(emitted.map((e) => e.length)).toEqual([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
    expect(emitted.flat()).toEqual([
      '{"stream":"DESTINATION_SQL_STREAM","rowtime":"2018-08-01T20:18:30.000Z","row":{"EVENT_TIME":"2018-08-01 20:17:20.797","TICKER_SYMBOL":"AMZN","TICKER_COUNT":6}}',
      '{"stream":"DESTINATION_SQL_STREAM","rowtime":"2018-08-01T20:19:31.000Z","row":{"EVENT_TIME":"2018-08-01 20:18:21.043","TICKER_SYMBOL":"INTC","TICKER_COUNT":6}}',
    ]);
  });

  const AGGS = `SELECT STREAM ticker, COUNT(*) AS n, SUM(qty) AS total, AVG(qty) AS avgq, MIN(price) AS lo, MAX(price) AS hi,
        FIRST_VALUE(price) AS first_p, LAST_VALUE(price) AS last_p
      FROM SOURCE_SQL_STREAM_001
      WINDOWED BY STAGGER (PARTITION BY ticker RANGE INTERVAL '10' SECOND)`;

  it('emits on a bound that reaches the close, with ROWTIME = open + n, and not before', () => {
    const lines = [rec('2024-01-01 00:00:03', 'A', 2, 1), rec('2024-01-01 00:00:07', 'A', 5, 2), rec('2024-01-01 00:00:12.999', 'A', 1, 4)];
    expect(run(AGGS, [...lines, bound('2024-01-01 00:00:12.999')])).toEqual([]);
    expect(run(AGGS, [...lines, bound('2024-01-01 00:00:13')])).toEqual([
      { stream: 'QUERY', rowtime: '2024-01-01T00:00:13.000Z', row: { TICKER: 'A', N: 3, TOTAL: 7, AVGQ: 2, LO: 1, HI: 5, FIRST_P: 2, LAST_P: 1 } },
    ]);
  });

  it('keys open at different times and close independently; the next row for a key opens a new window', () => {
    const out = run(AGGS, [
      rec('2024-01-01 00:00:01', 'A', 1, 1), // A opens, closes at :11
      rec('2024-01-01 00:00:06', 'B', 2, 2), // B opens, closes at :16
      rec('2024-01-01 00:00:09', 'A', 3, 3),
      rec('2024-01-01 00:00:11', 'A', 4, 4), // reaches A's close: A emitted, then this row opens A's next window (closes at :21)
      rec('2024-01-01 00:00:15', 'B', 5, 5),
      bound('2024-01-01 00:00:16'), // closes B
      bound('2024-01-01 00:00:30'), // closes A's second window
    ]);
    expect(out).toEqual([
      { stream: 'QUERY', rowtime: '2024-01-01T00:00:11.000Z', row: { TICKER: 'A', N: 2, TOTAL: 4, AVGQ: 2, LO: 1, HI: 3, FIRST_P: 1, LAST_P: 3 } },
      { stream: 'QUERY', rowtime: '2024-01-01T00:00:16.000Z', row: { TICKER: 'B', N: 2, TOTAL: 7, AVGQ: 3, LO: 2, HI: 5, FIRST_P: 2, LAST_P: 5 } },
      { stream: 'QUERY', rowtime: '2024-01-01T00:00:21.000Z', row: { TICKER: 'A', N: 1, TOTAL: 4, AVGQ: 4, LO: 4, HI: 4, FIRST_P: 4, LAST_P: 4 } },
    ]);
  });

  it('closes several windows on one bound in close order', () => {
    expect(
      run(`SELECT STREAM ticker, COUNT(*) AS n FROM SOURCE_SQL_STREAM_001 WINDOWED BY STAGGER (PARTITION BY ticker RANGE INTERVAL '1' MINUTE)`, [
        rec('2024-01-01 00:00:20', 'B', 1, 1),
        rec('2024-01-01 00:00:30', 'A', 1, 1),
        rec('2024-01-01 00:00:40', 'B', 1, 1),
        bound('2024-01-01 00:05:00'),
      ]),
    ).toEqual([
      { stream: 'QUERY', rowtime: '2024-01-01T00:01:20.000Z', row: { TICKER: 'B', N: 2 } },
      { stream: 'QUERY', rowtime: '2024-01-01T00:01:30.000Z', row: { TICKER: 'A', N: 1 } },
    ]);
  });

  it('drops a late row: it neither joins nor opens a window', () => {
    expect(
      run(AGGS, [
        rec('2024-01-01 00:00:05', 'A', 1, 1),
        rec('2024-01-01 00:00:04', 'A', 9, 9), // late: behind the stream's high-water mark
        rec('2024-01-01 00:00:03', 'C', 9, 9), // late, new key: no window opens
        rec('2024-01-01 00:00:06', 'A', 2, 2),
        bound('2024-01-01 00:01:00'),
      ]),
    ).toEqual([{ stream: 'QUERY', rowtime: '2024-01-01T00:00:15.000Z', row: { TICKER: 'A', N: 2, TOTAL: 3, AVGQ: 1, LO: 1, HI: 2, FIRST_P: 1, LAST_P: 2 } }]);
  });

  it('keeps no state for a closed window', () => {
    const runtime = new ApplicationRuntime(compileApplication(AGGS, TICKERS));
    for (let i = 0; i < 1000; i++) runtime.pushRecord(JSON.stringify({ ticker: `K${i}`, price: 1, qty: 1 }), Date.UTC(2024, 0, 1) + i * 1000);
    expect(runtime.stateSize().groups).toBe(10); // the keys of the last 10 seconds
    expect(runtime.drain()).toHaveLength(990);
  });

  it('applies WHERE and HAVING, and feeds a pump', () => {
    const sql = `
      CREATE STREAM out (ticker VARCHAR(8), n BIGINT);
      CREATE PUMP p AS INSERT INTO out
        SELECT STREAM ticker, COUNT(*) FROM SOURCE_SQL_STREAM_001 WHERE qty > 0
        WINDOWED BY STAGGER (PARTITION BY ticker RANGE INTERVAL '5' SECOND) HAVING COUNT(*) > 1;`;
    expect(
      run(sql, [rec('2024-01-01 00:00:00', 'A', 1, 1), rec('2024-01-01 00:00:01', 'B', 1, 1), rec('2024-01-01 00:00:02', 'A', 1, 1), rec('2024-01-01 00:00:03', 'A', 1, 0), bound('2024-01-01 00:00:10')]),
    ).toEqual([{ stream: 'OUT', rowtime: '2024-01-01T00:00:05.000Z', row: { TICKER: 'A', N: 2 } }]);
  });

  it('rejects a select-list column that is not a partition key, at its position', () => {
    expect(analysisError(`SELECT STREAM ticker, price, COUNT(*) FROM SOURCE_SQL_STREAM_001 WINDOWED BY STAGGER (PARTITION BY ticker RANGE INTERVAL '1' MINUTE)`)).toBe(
      'line 1, column 23 (length 5): Column PRICE must be a PARTITION BY key of WINDOWED BY STAGGER or be used inside an aggregate function in SELECT',
    );
  });

  it('rejects GROUP BY together with WINDOWED BY, at the GROUP BY key', () => {
    expect(
      analysisError(`SELECT STREAM ticker, COUNT(*) FROM SOURCE_SQL_STREAM_001 WINDOWED BY STAGGER (PARTITION BY ticker RANGE INTERVAL '1' MINUTE) GROUP BY ticker`),
    ).toBe('line 1, column 136 (length 6): GROUP BY cannot be combined with WINDOWED BY STAGGER: the stagger window groups by its PARTITION BY keys');
  });

  it('rejects a range that is not a positive day-time interval, and OVER next to the stagger window', () => {
    expect(analysisError(`SELECT STREAM ticker, COUNT(*) FROM SOURCE_SQL_STREAM_001 WINDOWED BY STAGGER (PARTITION BY ticker RANGE INTERVAL '1' MONTH)`)).toBe(
      "line 1, column 106 (length 18): WINDOWED BY STAGGER needs a positive day-time interval literal: RANGE INTERVAL 'n' unit",
    );
    expect(
      analysisError(`SELECT STREAM ticker, COUNT(*) OVER (ROWS 1 PRECEDING) FROM SOURCE_SQL_STREAM_001 WINDOWED BY STAGGER (PARTITION BY ticker RANGE INTERVAL '1' MINUTE)`),
    ).toBe('line 1, column 23 (length 32): COUNT(...) OVER (a sliding-window aggregate) cannot be combined with WINDOWED BY STAGGER in the same query');
  });
});
