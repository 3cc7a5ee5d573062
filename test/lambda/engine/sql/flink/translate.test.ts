/**
 * Golden tests of the KDA SQL → Flink SQL translator (kda-sql.md §2): for each construct, a small
 * application in and the exact Flink statements out; for each construct Flink cannot express, the
 * positioned error.
 */
import { readFileSync } from 'fs';
import { join } from 'path';
import { SqlAnalysisError, formatAnalysisError } from '../../../../../lambda/engine/sql/analyze';
import { FlinkTranslateError, translateToFlink, type FlinkSink, type FlinkTranslation } from '../../../../../lambda/engine/sql/flink';
import { NOTE_DATE_FORMAT } from '../../../../../lambda/engine/sql/flink/expressions';
import { NOTE_JOIN, NOTE_SLIDING, NOTE_STAGGER, NOTE_TUMBLE } from '../../../../../lambda/engine/sql/flink/query';
import { NOTE_COUNT_DISTINCT, NOTE_TOP_K } from '../../../../../lambda/engine/sql/flink/table-functions';
import type { InputSchema } from '../../../../../lambda/engine/sql/input';
import { SqlSyntaxError } from '../../../../../lambda/engine/sql/syntax';
import { errorOf } from '../support';

/** The KDA console's demo stream (ticker symbol, sector, change, price), as discovery maps it. */
const TICKERS: InputSchema = {
  RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
  RecordEncoding: 'UTF-8',
  RecordColumns: [
    { Name: 'TICKER_SYMBOL', Mapping: '$.TICKER_SYMBOL', SqlType: 'VARCHAR(4)' },
    { Name: 'SECTOR', Mapping: '$.SECTOR', SqlType: 'VARCHAR(16)' },
    { Name: 'CHANGE', Mapping: '$.CHANGE', SqlType: 'REAL' },
    { Name: 'PRICE', Mapping: '$.PRICE', SqlType: 'REAL' },
  ],
};
const OUT: Record<string, FlinkSink> = { DESTINATION_SQL_STREAM: { kind: 'kinesis', name: 'out' } };

const translate = (sql: string, outputs: Record<string, FlinkSink> = OUT): FlinkTranslation =>
  translateToFlink(sql, TICKERS, { region: 'us-east-1', inputStreamName: 'ticks', outputs });

const translateQuery = (sql: string): FlinkTranslation => translate(sql, { QUERY: { kind: 'firehose', name: 'query-out' } });

const EXAMPLES = join(__dirname, '../../../../../examples/sql');
const translateClicks = (): FlinkTranslation =>
  translateToFlink(readFileSync(join(EXAMPLES, 'clicks.sql'), 'utf8'), JSON.parse(readFileSync(join(EXAMPLES, 'clicks.schema.json'), 'utf8')) as InputSchema, {
    region: 'eu-west-1',
    inputStreamName: 'clickstream',
    outputs: { EVENTS_PER_MINUTE: { kind: 'firehose', name: 'events-per-minute' }, SESSION_ACTIVITY: { kind: 'kinesis', name: 'session-activity' } },
  });

const ORDERS_CSV: InputSchema = {
  RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '\n', RecordColumnDelimiter: '|' } } },
  RecordEncoding: 'UTF-8',
  RecordColumns: [
    { Name: 'id', SqlType: 'INTEGER NOT NULL' },
    { Name: 'AMOUNT', SqlType: 'DECIMAL(10,2)' },
  ],
};
const translateOrders = (sql: string): FlinkTranslation =>
  translateToFlink(sql, ORDERS_CSV, { region: '${Token[AWS.Region.12]}', inputStreamName: 'orders', inputStream: 'ORDERS_001', outputs: { Out: { kind: 'firehose', name: 'orders-out' } } });

/** The source table of TICKERS, the first statement of every translation that reads it. */
const TICKERS_SOURCE = `CREATE TABLE \`SOURCE_SQL_STREAM_001\` (
  \`TICKER_SYMBOL\` VARCHAR(4),
  \`SECTOR\` VARCHAR(16),
  \`CHANGE\` FLOAT,
  \`PRICE\` FLOAT,
  \`APPROXIMATE_ARRIVAL_TIME\` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
  \`ROWTIME\` AS CAST(\`APPROXIMATE_ARRIVAL_TIME\` AS TIMESTAMP(3)),
  WATERMARK FOR \`ROWTIME\` AS \`ROWTIME\` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'kinesis',
  'stream' = 'ticks',
  'aws.region' = 'us-east-1',
  'scan.stream.initpos' = 'LATEST',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
)`;

/** The Kinesis sink table of DESTINATION_SQL_STREAM with these column lines. */
const destination = (...columns: string[]): string => `CREATE TABLE \`DESTINATION_SQL_STREAM\` (
${columns.map((c) => `  ${c}`).join(',\n')}
) WITH (
  'connector' = 'kinesis',
  'stream' = 'out',
  'aws.region' = 'us-east-1',
  'sink.partitioner' = 'random',
  'format' = 'json'
)`;

/** The positioned error a translation throws: class, line, column and message. */
function failure(f: () => unknown): { name: string; line: number; column: number; detail: string } {
  const e = errorOf(f) as SqlAnalysisError;
  return { name: e.name, line: e.line, column: e.column, detail: e.detail };
}

const BASE_NOTES = [
  "ROWTIME is the Kinesis arrival time (metadata 'timestamp', as APPROXIMATE_ARRIVAL_TIME) cast to TIMESTAMP(3), with WATERMARK ROWTIME - INTERVAL '1' SECOND: records arriving more than 1 second out of order are late and dropped by windows, where KDA orders rows by their arrival in the application.",
  'Casts between TIMESTAMP_LTZ and TIMESTAMP (ROWTIME, TO_TIMESTAMP) assume the session time zone is UTC (table.local-time-zone), the default on Managed Service for Apache Flink; CURRENT_ROW_TIMESTAMP() is a TIMESTAMP_LTZ(3).',
  "Malformed records and values that do not convert are read as NULL fields or skipped ('json.ignore-parse-errors'), where KDA sends the row to error_stream; Flink has no error_stream.",
  'Sinks write JSON objects keyed by column name; an INSERT casts each value to the destination column type (a longer VARCHAR is truncated, as in KDA).',
];

describe('translateToFlink: applications', () => {
  it("the KDA documentation's example: SIMILAR TO, REAL and DOUBLE", () => {
    const { statements } = translate(`CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), change DOUBLE, price DOUBLE);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
SELECT STREAM ticker_symbol, change, price FROM "SOURCE_SQL_STREAM_001" WHERE sector SIMILAR TO '%TECH%';`);
    expect(statements).toEqual([
      `CREATE TABLE \`SOURCE_SQL_STREAM_001\` (
  \`TICKER_SYMBOL\` VARCHAR(4),
  \`SECTOR\` VARCHAR(16),
  \`CHANGE\` FLOAT,
  \`PRICE\` FLOAT,
  \`APPROXIMATE_ARRIVAL_TIME\` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
  \`ROWTIME\` AS CAST(\`APPROXIMATE_ARRIVAL_TIME\` AS TIMESTAMP(3)),
  WATERMARK FOR \`ROWTIME\` AS \`ROWTIME\` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'kinesis',
  'stream' = 'ticks',
  'aws.region' = 'us-east-1',
  'scan.stream.initpos' = 'LATEST',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
)`,
      `CREATE TABLE \`DESTINATION_SQL_STREAM\` (
  \`TICKER_SYMBOL\` VARCHAR(4),
  \`CHANGE\` DOUBLE,
  \`PRICE\` DOUBLE
) WITH (
  'connector' = 'kinesis',
  'stream' = 'out',
  'aws.region' = 'us-east-1',
  'sink.partitioner' = 'random',
  'format' = 'json'
)`,
      `INSERT INTO \`DESTINATION_SQL_STREAM\`
SELECT
  \`TICKER_SYMBOL\`,
  CAST(\`CHANGE\` AS DOUBLE) AS \`CHANGE\`,
  CAST(\`PRICE\` AS DOUBLE) AS \`PRICE\`
FROM \`SOURCE_SQL_STREAM_001\`
WHERE \`SECTOR\` SIMILAR TO '%TECH%'`,
    ]);
  });

  it('examples/sql/clicks.sql: nested JSON mappings, a STEP tumbling window and a named sliding window', () => {
    const { statements } = translateClicks();
    expect(statements).toEqual([
      `CREATE TABLE \`SOURCE_SQL_STREAM_001\` (
  \`eventType\` VARCHAR(16),
  \`timestamp\` VARCHAR(32),
  \`url\` VARCHAR(64),
  \`anonymousId\` VARCHAR(8),
  \`sessionId\` VARCHAR(8),
  \`userAgent\` VARCHAR(128),
  \`userId\` VARCHAR(4),
  \`properties\` ROW<\`productId\` VARCHAR(4), \`price\` FLOAT, \`quantity\` INT>,
  \`COL_timestamp\` AS \`timestamp\`,
  \`productId\` AS \`properties\`.\`productId\`,
  \`price\` AS \`properties\`.\`price\`,
  \`quantity\` AS \`properties\`.\`quantity\`,
  \`APPROXIMATE_ARRIVAL_TIME\` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
  \`ROWTIME\` AS CAST(\`APPROXIMATE_ARRIVAL_TIME\` AS TIMESTAMP(3)),
  WATERMARK FOR \`ROWTIME\` AS \`ROWTIME\` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'kinesis',
  'stream' = 'clickstream',
  'aws.region' = 'eu-west-1',
  'scan.stream.initpos' = 'LATEST',
  'format' = 'json',
  'json.ignore-parse-errors' = 'true'
)`,
      `CREATE TABLE \`EVENTS_PER_MINUTE\` (
  \`MINUTE_START\` TIMESTAMP(3),
  \`EVENT_TYPE\` VARCHAR(16),
  \`EVENTS\` INT,
  \`REVENUE\` FLOAT
) WITH (
  'connector' = 'firehose',
  'delivery-stream' = 'events-per-minute',
  'aws.region' = 'eu-west-1',
  'format' = 'json'
)`,
      `CREATE TABLE \`SESSION_ACTIVITY\` (
  \`SESSION_ID\` VARCHAR(8),
  \`VISITOR\` VARCHAR(8),
  \`URL\` VARCHAR(64),
  \`CLICKS_2M\` INT,
  \`CART_ADDS_2M\` INT,
  \`CART_VALUE_2M\` FLOAT
) WITH (
  'connector' = 'kinesis',
  'stream' = 'session-activity',
  'aws.region' = 'eu-west-1',
  'sink.partitioner' = 'random',
  'format' = 'json'
)`,
      `INSERT INTO \`EVENTS_PER_MINUTE\`
SELECT
  window_start AS \`MINUTE_START\`,
  \`eventType\` AS \`EVENT_TYPE\`,
  CAST(COUNT(*) AS INT) AS \`EVENTS\`,
  CAST(SUM(CASE WHEN \`eventType\` = 'purchase' THEN \`price\` * \`quantity\` END) AS FLOAT) AS \`REVENUE\`
FROM TABLE(TUMBLE(TABLE \`SOURCE_SQL_STREAM_001\`, DESCRIPTOR(\`ROWTIME\`), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, \`eventType\``,
      `INSERT INTO \`SESSION_ACTIVITY\`
SELECT
  \`sessionId\` AS \`SESSION_ID\`,
  CAST(COALESCE(\`userId\`, \`anonymousId\`) AS VARCHAR(8)) AS \`VISITOR\`,
  \`url\` AS \`URL\`,
  CAST(COUNT(*) OVER \`LAST_TWO_MINUTES\` AS INT) AS \`CLICKS_2M\`,
  CAST(SUM(CASE WHEN \`eventType\` = 'add_to_cart' THEN 1 ELSE 0 END) OVER \`LAST_TWO_MINUTES\` AS INT) AS \`CART_ADDS_2M\`,
  CAST(SUM(CASE WHEN \`eventType\` = 'add_to_cart' THEN \`price\` * \`quantity\` ELSE 0 END) OVER \`LAST_TWO_MINUTES\` AS FLOAT) AS \`CART_VALUE_2M\`
FROM \`SOURCE_SQL_STREAM_001\`
WINDOW \`LAST_TWO_MINUTES\` AS (
  PARTITION BY \`sessionId\`
  ORDER BY \`ROWTIME\`
  RANGE BETWEEN INTERVAL '2' MINUTE PRECEDING AND CURRENT ROW)`,
    ]);
  });

  it('a CSV input under another name, a region token, a case-sensitive output and APPROXIMATE_ARRIVAL_TIME', () => {
    const { statements } = translateOrders(`CREATE STREAM "Out" ("id" INTEGER, amount DECIMAL(10,2), at TIMESTAMP);
CREATE PUMP p AS INSERT INTO "Out" SELECT STREAM "id", amount, APPROXIMATE_ARRIVAL_TIME FROM ORDERS_001 WHERE amount > 0;`);
    expect(statements).toEqual([
      `CREATE TABLE \`ORDERS_001\` (
  \`id\` INT,
  \`AMOUNT\` DECIMAL(10, 2),
  \`APPROXIMATE_ARRIVAL_TIME\` TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL,
  \`ROWTIME\` AS CAST(\`APPROXIMATE_ARRIVAL_TIME\` AS TIMESTAMP(3)),
  WATERMARK FOR \`ROWTIME\` AS \`ROWTIME\` - INTERVAL '1' SECOND
) WITH (
  'connector' = 'kinesis',
  'stream' = 'orders',
  'aws.region' = '\${Token[AWS.Region.12]}',
  'scan.stream.initpos' = 'LATEST',
  'format' = 'csv',
  'csv.field-delimiter' = '|',
  'csv.ignore-parse-errors' = 'true'
)`,
      `CREATE TABLE \`Out\` (
  \`id\` INT,
  \`AMOUNT\` DECIMAL(10, 2),
  \`AT\` TIMESTAMP(3)
) WITH (
  'connector' = 'firehose',
  'delivery-stream' = 'orders-out',
  'aws.region' = '\${Token[AWS.Region.12]}',
  'format' = 'json'
)`,
      `INSERT INTO \`Out\`
SELECT
  \`id\`,
  \`AMOUNT\`,
  CAST(\`APPROXIMATE_ARRIVAL_TIME\` AS TIMESTAMP(3)) AS \`AT\`
FROM \`ORDERS_001\`
WHERE \`AMOUNT\` > 0`,
    ]);
  });

  it('a bare SELECT STREAM writes the sink named QUERY', () => {
    const { statements } = translateQuery(`SELECT STREAM ticker_symbol, price * 2 AS doubled FROM SOURCE_SQL_STREAM_001 WHERE price > 5`);
    expect(statements).toEqual([
      TICKERS_SOURCE,
      `CREATE TABLE \`QUERY\` (
  \`TICKER_SYMBOL\` VARCHAR(4),
  \`DOUBLED\` FLOAT
) WITH (
  'connector' = 'firehose',
  'delivery-stream' = 'query-out',
  'aws.region' = 'us-east-1',
  'format' = 'json'
)`,
      `INSERT INTO \`QUERY\`
SELECT
  \`TICKER_SYMBOL\`,
  CAST(\`PRICE\` * 2 AS FLOAT) AS \`DOUBLED\`
FROM \`SOURCE_SQL_STREAM_001\`
WHERE \`PRICE\` > 5`,
    ]);
  });

  it('a projection through an intermediate stream: a view that carries ROWTIME, and a window over it', () => {
    const { statements, notes } = translate(`CREATE STREAM tech (ticker VARCHAR(4), price REAL);
CREATE PUMP p1 AS INSERT INTO tech SELECT STREAM ticker_symbol, price FROM SOURCE_SQL_STREAM_001 WHERE sector = 'TECH';
CREATE STREAM DESTINATION_SQL_STREAM (ticker VARCHAR(4), n BIGINT, avg_price REAL);
CREATE PUMP p2 AS INSERT INTO DESTINATION_SQL_STREAM
  SELECT STREAM ticker, COUNT(*), AVG(price)
  FROM tech
  GROUP BY ticker, FLOOR(tech.ROWTIME TO MINUTE)
  HAVING COUNT(*) > 1;`);
    expect(statements).toEqual([
      TICKERS_SOURCE,
      destination(`\`TICKER\` VARCHAR(4)`, `\`N\` BIGINT`, `\`AVG_PRICE\` FLOAT`),
      `CREATE TEMPORARY VIEW \`TECH\` AS
SELECT
  \`TICKER_SYMBOL\` AS \`TICKER\`,
  \`PRICE\`,
  \`ROWTIME\`
FROM \`SOURCE_SQL_STREAM_001\`
WHERE \`SECTOR\` = 'TECH'`,
      `INSERT INTO \`DESTINATION_SQL_STREAM\`
SELECT
  \`TICKER\`,
  COUNT(*) AS \`N\`,
  CAST(AVG(\`PRICE\`) AS FLOAT) AS \`AVG_PRICE\`
FROM TABLE(TUMBLE(TABLE \`TECH\`, DESCRIPTOR(\`ROWTIME\`), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, \`TICKER\`
HAVING COUNT(*) > 1`,
    ]);
    expect(notes).toContain(NOTE_TUMBLE);
  });

  it('FLOOR((ROWTIME - TIMESTAMP ...) SECOND / n TO SECOND): a TUMBLE whose offset is the origin', () => {
    const { statements } = translate(`CREATE STREAM DESTINATION_SQL_STREAM (ticker VARCHAR(4), hi REAL);
CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM
  SELECT STREAM ticker_symbol, MAX(price)
  FROM SOURCE_SQL_STREAM_001
  GROUP BY ticker_symbol, FLOOR((ROWTIME - TIMESTAMP '1970-01-01 00:00:05') SECOND / 10 TO SECOND);`);
    expect(statements).toEqual([
      TICKERS_SOURCE,
      destination(`\`TICKER\` VARCHAR(4)`, `\`HI\` FLOAT`),
      `INSERT INTO \`DESTINATION_SQL_STREAM\`
SELECT
  \`TICKER_SYMBOL\` AS \`TICKER\`,
  MAX(\`PRICE\`) AS \`HI\`
FROM TABLE(TUMBLE(TABLE \`SOURCE_SQL_STREAM_001\`, DESCRIPTOR(\`ROWTIME\`), INTERVAL '10' SECOND, INTERVAL '5' SECOND))
GROUP BY window_start, window_end, \`TICKER_SYMBOL\``,
    ]);
  });

  it('MONOTONIC(STEP(ROWTIME ...)): the key in the select list is window_start', () => {
    const { statements } = translate(`CREATE STREAM DESTINATION_SQL_STREAM (t TIMESTAMP, n BIGINT);
CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM
  SELECT STREAM MONOTONIC(STEP(ROWTIME BY INTERVAL '10' SECOND)), COUNT(*)
  FROM SOURCE_SQL_STREAM_001
  GROUP BY MONOTONIC(STEP(ROWTIME BY INTERVAL '10' SECOND));`);
    expect(statements).toEqual([
      TICKERS_SOURCE,
      destination(`\`T\` TIMESTAMP(3)`, `\`N\` BIGINT`),
      `INSERT INTO \`DESTINATION_SQL_STREAM\`
SELECT
  window_start AS \`T\`,
  COUNT(*) AS \`N\`
FROM TABLE(TUMBLE(TABLE \`SOURCE_SQL_STREAM_001\`, DESCRIPTOR(\`ROWTIME\`), INTERVAL '10' SECOND))
GROUP BY window_start, window_end`,
    ]);
  });

  it('WINDOWED BY STAGGER: a TUMBLE of the same length on the partition keys, with a note', () => {
    const { statements, notes } = translate(`CREATE STREAM DESTINATION_SQL_STREAM (ticker VARCHAR(4), n BIGINT, first_p REAL, sd DOUBLE);
CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM
  SELECT STREAM ticker_symbol, COUNT(*), FIRST_VALUE(price), STDDEV_SAMP(price)
  FROM SOURCE_SQL_STREAM_001
  WINDOWED BY STAGGER (PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE);`);
    expect(statements).toEqual([
      TICKERS_SOURCE,
      destination(`\`TICKER\` VARCHAR(4)`, `\`N\` BIGINT`, `\`FIRST_P\` FLOAT`, `\`SD\` DOUBLE`),
      `INSERT INTO \`DESTINATION_SQL_STREAM\`
SELECT
  \`TICKER_SYMBOL\` AS \`TICKER\`,
  COUNT(*) AS \`N\`,
  FIRST_VALUE(\`PRICE\`) AS \`FIRST_P\`,
  CAST(STDDEV_SAMP(\`PRICE\`) AS DOUBLE) AS \`SD\`
FROM TABLE(TUMBLE(TABLE \`SOURCE_SQL_STREAM_001\`, DESCRIPTOR(\`ROWTIME\`), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, \`TICKER_SYMBOL\``,
    ]);
    expect(notes).toContain(NOTE_STAGGER);
  });

  it('an inline ROWS n PRECEDING window: ROWS BETWEEN n PRECEDING AND CURRENT ROW ordered by ROWTIME', () => {
    const { statements, notes } = translate(`CREATE STREAM DESTINATION_SQL_STREAM (ticker VARCHAR(4), price REAL, avg3 REAL);
CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM
  SELECT STREAM ticker_symbol, price, AVG(price) OVER (PARTITION BY ticker_symbol ROWS 2 PRECEDING)
  FROM SOURCE_SQL_STREAM_001;`);
    expect(statements).toEqual([
      TICKERS_SOURCE,
      destination(`\`TICKER\` VARCHAR(4)`, `\`PRICE\` FLOAT`, `\`AVG3\` FLOAT`),
      `INSERT INTO \`DESTINATION_SQL_STREAM\`
SELECT
  \`TICKER_SYMBOL\` AS \`TICKER\`,
  \`PRICE\`,
  CAST(AVG(\`PRICE\`) OVER \`w\` AS FLOAT) AS \`AVG3\`
FROM \`SOURCE_SQL_STREAM_001\`
WINDOW \`w\` AS (
  PARTITION BY \`TICKER_SYMBOL\`
  ORDER BY \`ROWTIME\`
  ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)`,
    ]);
    expect(notes).toContain(NOTE_SLIDING);
  });

  it("a stream-to-stream LEFT JOIN with a RANGE window: an interval join; ROWTIME is the unwindowed side's", () => {
    const { statements, notes } = translate(`CREATE STREAM tech (ticker VARCHAR(4), price REAL);
CREATE PUMP p1 AS INSERT INTO tech SELECT STREAM ticker_symbol, price FROM SOURCE_SQL_STREAM_001 WHERE sector = 'TECH';
CREATE STREAM DESTINATION_SQL_STREAM (ticker VARCHAR(4), price REAL, prev_price REAL, t TIMESTAMP);
CREATE PUMP p2 AS INSERT INTO DESTINATION_SQL_STREAM
  SELECT STREAM s.ticker_symbol, s.price, t.price, ROWTIME
  FROM SOURCE_SQL_STREAM_001 AS s
  LEFT JOIN tech OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS t ON s.ticker_symbol = t.ticker;`);
    expect(statements).toEqual([
      TICKERS_SOURCE,
      destination(`\`TICKER\` VARCHAR(4)`, `\`PRICE\` FLOAT`, `\`PREV_PRICE\` FLOAT`, `\`T\` TIMESTAMP(3)`),
      `CREATE TEMPORARY VIEW \`TECH\` AS
SELECT
  \`TICKER_SYMBOL\` AS \`TICKER\`,
  \`PRICE\`,
  \`ROWTIME\`
FROM \`SOURCE_SQL_STREAM_001\`
WHERE \`SECTOR\` = 'TECH'`,
      `INSERT INTO \`DESTINATION_SQL_STREAM\`
SELECT
  \`S\`.\`TICKER_SYMBOL\` AS \`TICKER\`,
  \`S\`.\`PRICE\` AS \`PRICE\`,
  \`T\`.\`PRICE\` AS \`PREV_PRICE\`,
  \`S\`.\`ROWTIME\` AS \`T\`
FROM \`SOURCE_SQL_STREAM_001\` AS \`S\`
LEFT JOIN \`TECH\` AS \`T\`
  ON \`S\`.\`TICKER_SYMBOL\` = \`T\`.\`TICKER\`
  AND \`T\`.\`ROWTIME\` BETWEEN \`S\`.\`ROWTIME\` - INTERVAL '1' MINUTE AND \`S\`.\`ROWTIME\``,
    ]);
    expect(notes).toContain(NOTE_JOIN);
  });

  it('a join with windows on both sides: bounds on both sides; ROWTIME is the later of the two', () => {
    const { statements } = translate(`CREATE STREAM a (t VARCHAR(4), p REAL);
CREATE PUMP pa AS INSERT INTO a SELECT STREAM ticker_symbol, price FROM SOURCE_SQL_STREAM_001 WHERE sector = 'A';
CREATE STREAM DESTINATION_SQL_STREAM (t VARCHAR(4), ap REAL, bp REAL, ts TIMESTAMP);
CREATE PUMP pb AS INSERT INTO DESTINATION_SQL_STREAM
  SELECT STREAM x.t, x.p, y.price, ROWTIME
  FROM a OVER (RANGE INTERVAL '10' SECOND PRECEDING) AS x
  JOIN SOURCE_SQL_STREAM_001 OVER (RANGE INTERVAL '20' SECOND PRECEDING) AS y ON x.t = y.ticker_symbol;`);
    expect(statements).toEqual([
      TICKERS_SOURCE,
      destination(`\`T\` VARCHAR(4)`, `\`AP\` FLOAT`, `\`BP\` FLOAT`, `\`TS\` TIMESTAMP(3)`),
      `CREATE TEMPORARY VIEW \`A\` AS
SELECT
  \`TICKER_SYMBOL\` AS \`T\`,
  \`PRICE\` AS \`P\`,
  \`ROWTIME\`
FROM \`SOURCE_SQL_STREAM_001\`
WHERE \`SECTOR\` = 'A'`,
      `INSERT INTO \`DESTINATION_SQL_STREAM\`
SELECT
  \`X\`.\`T\` AS \`T\`,
  \`X\`.\`P\` AS \`AP\`,
  \`Y\`.\`PRICE\` AS \`BP\`,
  GREATEST(\`X\`.\`ROWTIME\`, \`Y\`.\`ROWTIME\`) AS \`TS\`
FROM \`A\` AS \`X\`
JOIN \`SOURCE_SQL_STREAM_001\` AS \`Y\`
  ON \`X\`.\`T\` = \`Y\`.\`TICKER_SYMBOL\`
  AND \`Y\`.\`ROWTIME\` BETWEEN \`X\`.\`ROWTIME\` - INTERVAL '20' SECOND AND \`X\`.\`ROWTIME\` + INTERVAL '10' SECOND`,
    ]);
  });

  it('TOP_K_ITEMS_TUMBLING: the cursor and the function become views; TUMBLE count + ROW_NUMBER() <= K', () => {
    const { statements, notes } = translate(`CREATE STREAM DESTINATION_SQL_STREAM (ticker VARCHAR(4), most_frequent_values BIGINT);
CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM
  SELECT STREAM * FROM TABLE(TOP_K_ITEMS_TUMBLING(CURSOR(SELECT STREAM * FROM SOURCE_SQL_STREAM_001), 'TICKER_SYMBOL', 3, 60));`);
    expect(statements).toEqual([
      TICKERS_SOURCE,
      destination(`\`TICKER\` VARCHAR(4)`, `\`MOST_FREQUENT_VALUES\` BIGINT`),
      `CREATE TEMPORARY VIEW \`P_CURSOR_1\` AS
SELECT
  \`TICKER_SYMBOL\`,
  \`SECTOR\`,
  \`CHANGE\`,
  \`PRICE\`,
  \`ROWTIME\`
FROM \`SOURCE_SQL_STREAM_001\``,
      `CREATE TEMPORARY VIEW \`P_TOP_K_2\` AS
SELECT \`TICKER_SYMBOL\`, \`MOST_FREQUENT_VALUES\`, window_time AS \`ROWTIME\`
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY \`MOST_FREQUENT_VALUES\` DESC) AS rownum
  FROM (
    SELECT window_start, window_end, window_time, \`TICKER_SYMBOL\`, COUNT(*) AS \`MOST_FREQUENT_VALUES\`
    FROM TABLE(TUMBLE(TABLE \`P_CURSOR_1\`, DESCRIPTOR(\`ROWTIME\`), INTERVAL '60' SECOND))
    GROUP BY window_start, window_end, window_time, \`TICKER_SYMBOL\`
  )
)
WHERE rownum <= 3`,
      `INSERT INTO \`DESTINATION_SQL_STREAM\`
SELECT
  \`TICKER_SYMBOL\` AS \`TICKER\`,
  \`MOST_FREQUENT_VALUES\`
FROM \`P_TOP_K_2\``,
    ]);
    expect(notes).toContain(NOTE_TOP_K);
  });

  it('COUNT_DISTINCT_ITEMS_TUMBLING: COUNT(DISTINCT) in a TUMBLE window', () => {
    const { statements, notes } = translate(`CREATE STREAM DESTINATION_SQL_STREAM (n BIGINT);
CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM
  SELECT STREAM NUMBER_OF_DISTINCT_ITEMS
  FROM TABLE(COUNT_DISTINCT_ITEMS_TUMBLING(CURSOR(SELECT STREAM ticker_symbol FROM SOURCE_SQL_STREAM_001 WHERE price > 1), 'TICKER_SYMBOL', 10));`);
    expect(statements).toEqual([
      TICKERS_SOURCE,
      destination(`\`N\` BIGINT`),
      `CREATE TEMPORARY VIEW \`P_CURSOR_1\` AS
SELECT
  \`TICKER_SYMBOL\`,
  \`ROWTIME\`
FROM \`SOURCE_SQL_STREAM_001\`
WHERE \`PRICE\` > 1`,
      `CREATE TEMPORARY VIEW \`P_COUNT_DISTINCT_2\` AS
SELECT COUNT(DISTINCT \`TICKER_SYMBOL\`) AS \`NUMBER_OF_DISTINCT_ITEMS\`, window_time AS \`ROWTIME\`
FROM TABLE(TUMBLE(TABLE \`P_CURSOR_1\`, DESCRIPTOR(\`ROWTIME\`), INTERVAL '10' SECOND))
GROUP BY window_start, window_end, window_time`,
      `INSERT INTO \`DESTINATION_SQL_STREAM\`
SELECT
  \`NUMBER_OF_DISTINCT_ITEMS\` AS \`N\`
FROM \`P_COUNT_DISTINCT_2\``,
    ]);
    expect(notes).toContain(NOTE_COUNT_DISTINCT);
  });

  it('scalar functions, predicates and operator precedence', () => {
    const { statements } = translate(`CREATE STREAM DESTINATION_SQL_STREAM (a VARCHAR(64), b INTEGER, c VARCHAR(64), d TIMESTAMP, e VARCHAR(32), f BOOLEAN, g DOUBLE, h TIMESTAMP);
CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM SELECT STREAM
  UPPER(SUBSTRING(ticker_symbol FROM 1 FOR 2)) || '-' || LOWER(TRIM(LEADING 'X' FROM sector)),
  POSITION('A' IN ticker_symbol) + CHAR_LENGTH(sector) * 2 % 3,
  REGEX_REPLACE(COALESCE(NULLIF(sector, ''), 'none'), '[aeiou]', '*', 1, 0),
  CHAR_TO_TIMESTAMP('yyyy-MM-dd HH:mm:ss', '2024-01-01 00:00:00'),
  TIMESTAMP_TO_CHAR('yyyy-MM-dd''T''HH:mm:ss.SSS', ROWTIME),
  ticker_symbol LIKE 'A%' AND NOT (price BETWEEN 1 AND 2 OR change IN (1, 2)) AND sector IS NOT NULL,
  CASE WHEN price > 100 THEN FLOOR(price) WHEN price < 0 THEN CEIL(-price) ELSE CAST(price AS DOUBLE) / 2 END,
  CURRENT_ROW_TIMESTAMP
FROM SOURCE_SQL_STREAM_001 WHERE (price - change) * 2 > 10 OR sector = 'X';`);
    expect(statements).toEqual([
      TICKERS_SOURCE,
      destination(`\`A\` VARCHAR(64)`, `\`B\` INT`, `\`C\` VARCHAR(64)`, `\`D\` TIMESTAMP(3)`, `\`E\` VARCHAR(32)`, `\`F\` BOOLEAN`, `\`G\` DOUBLE`, `\`H\` TIMESTAMP(3)`),
      `INSERT INTO \`DESTINATION_SQL_STREAM\`
SELECT
  CAST(UPPER(SUBSTRING(\`TICKER_SYMBOL\` FROM 1 FOR 2)) || '-' || LOWER(TRIM(LEADING 'X' FROM \`SECTOR\`)) AS VARCHAR(64)) AS \`A\`,
  CAST(POSITION('A' IN \`TICKER_SYMBOL\`) + MOD(CHAR_LENGTH(\`SECTOR\`) * 2, 3) AS INT) AS \`B\`,
  CAST(REGEXP_REPLACE(COALESCE(NULLIF(\`SECTOR\`, ''), 'none'), '[aeiou]', '*') AS VARCHAR(64)) AS \`C\`,
  CAST(TO_TIMESTAMP('2024-01-01 00:00:00', 'yyyy-MM-dd HH:mm:ss') AS TIMESTAMP(3)) AS \`D\`,
  CAST(DATE_FORMAT(\`ROWTIME\`, 'yyyy-MM-dd''T''HH:mm:ss.SSS') AS VARCHAR(32)) AS \`E\`,
  CAST(\`TICKER_SYMBOL\` LIKE 'A%' AND NOT (\`PRICE\` BETWEEN 1 AND 2 OR \`CHANGE\` IN (1, 2)) AND \`SECTOR\` IS NOT NULL AS BOOLEAN) AS \`F\`,
  CAST(CASE WHEN \`PRICE\` > 100 THEN FLOOR(\`PRICE\`) WHEN \`PRICE\` < 0 THEN CEIL(-\`PRICE\`) ELSE CAST(\`PRICE\` AS DOUBLE) / 2 END AS DOUBLE) AS \`G\`,
  CAST(CURRENT_ROW_TIMESTAMP() AS TIMESTAMP(3)) AS \`H\`
FROM \`SOURCE_SQL_STREAM_001\`
WHERE (\`PRICE\` - \`CHANGE\`) * 2 > 10 OR \`SECTOR\` = 'X'`,
    ]);
  });

  it('|| binds looser than + in KDA: its operands are parenthesized for Flink', () => {
    const { statements } = translate(`CREATE STREAM DESTINATION_SQL_STREAM (a VARCHAR(32), b INTEGER);
CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM SELECT STREAM
  ticker_symbol || CAST(price * 2 AS VARCHAR(8)) || (sector || 'x'),
  -(1 - 2) - (3 - 4)
FROM SOURCE_SQL_STREAM_001;`);
    expect(statements).toEqual([
      TICKERS_SOURCE,
      destination(`\`A\` VARCHAR(32)`, `\`B\` INT`),
      `INSERT INTO \`DESTINATION_SQL_STREAM\`
SELECT
  CAST(\`TICKER_SYMBOL\` || CAST(\`PRICE\` * 2 AS VARCHAR(8)) || (\`SECTOR\` || 'x') AS VARCHAR(32)) AS \`A\`,
  CAST(-(1 - 2) - (3 - 4) AS INT) AS \`B\`
FROM \`SOURCE_SQL_STREAM_001\``,
    ]);
  });

  it('two pumps into one intermediate stream: UNION ALL; an INSERT column list fills the rest with NULL', () => {
    const { statements } = translate(`CREATE STREAM mid (ticker VARCHAR(4), price REAL, note VARCHAR(8));
CREATE PUMP a AS INSERT INTO mid (ticker, price) SELECT STREAM ticker_symbol, price FROM SOURCE_SQL_STREAM_001 WHERE price > 10;
CREATE PUMP b AS INSERT INTO mid SELECT STREAM ticker_symbol, change, 'chg' FROM SOURCE_SQL_STREAM_001 WHERE change > 1;
CREATE STREAM DESTINATION_SQL_STREAM (ticker VARCHAR(4), note VARCHAR(8));
CREATE PUMP c AS INSERT INTO DESTINATION_SQL_STREAM SELECT STREAM ticker, note FROM mid;`);
    expect(statements).toEqual([
      TICKERS_SOURCE,
      destination(`\`TICKER\` VARCHAR(4)`, `\`NOTE\` VARCHAR(8)`),
      `CREATE TEMPORARY VIEW \`MID\` AS
SELECT
  \`TICKER_SYMBOL\` AS \`TICKER\`,
  \`PRICE\`,
  CAST(NULL AS VARCHAR(8)) AS \`NOTE\`,
  \`ROWTIME\`
FROM \`SOURCE_SQL_STREAM_001\`
WHERE \`PRICE\` > 10
UNION ALL
SELECT
  \`TICKER_SYMBOL\` AS \`TICKER\`,
  \`CHANGE\` AS \`PRICE\`,
  CAST('chg' AS VARCHAR(8)) AS \`NOTE\`,
  \`ROWTIME\`
FROM \`SOURCE_SQL_STREAM_001\`
WHERE \`CHANGE\` > 1`,
      `INSERT INTO \`DESTINATION_SQL_STREAM\`
SELECT
  \`TICKER\`,
  \`NOTE\`
FROM \`MID\``,
    ]);
  });

  it('views follow the streams they read, whatever the declaration order', () => {
    const { statements } = translate(`CREATE STREAM DESTINATION_SQL_STREAM (ticker VARCHAR(4));
CREATE STREAM second_hop (ticker VARCHAR(4));
CREATE STREAM first_hop (ticker VARCHAR(4));
CREATE PUMP out_pump AS INSERT INTO DESTINATION_SQL_STREAM SELECT STREAM ticker FROM second_hop;
CREATE PUMP p2 AS INSERT INTO second_hop SELECT STREAM ticker FROM first_hop WHERE ticker <> 'X';
CREATE PUMP p1 AS INSERT INTO first_hop SELECT STREAM ticker_symbol FROM SOURCE_SQL_STREAM_001;`);
    expect(statements).toEqual([
      TICKERS_SOURCE,
      destination(`\`TICKER\` VARCHAR(4)`),
      `CREATE TEMPORARY VIEW \`FIRST_HOP\` AS
SELECT
  \`TICKER_SYMBOL\` AS \`TICKER\`,
  \`ROWTIME\`
FROM \`SOURCE_SQL_STREAM_001\``,
      `CREATE TEMPORARY VIEW \`SECOND_HOP\` AS
SELECT
  \`TICKER\`,
  \`ROWTIME\`
FROM \`FIRST_HOP\`
WHERE \`TICKER\` <> 'X'`,
      `INSERT INTO \`DESTINATION_SQL_STREAM\`
SELECT
  \`TICKER\`
FROM \`SECOND_HOP\``,
    ]);
  });

  it('a subquery in FROM becomes a temporary view named after its pump', () => {
    const { statements } = translate(`CREATE STREAM DESTINATION_SQL_STREAM (ticker VARCHAR(4), total REAL);
CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM
  SELECT STREAM t, SUM(v)
  FROM (SELECT STREAM ticker_symbol AS t, price * 2 AS v FROM SOURCE_SQL_STREAM_001) AS x
  GROUP BY t, STEP(x.ROWTIME BY INTERVAL '30' SECOND);`);
    expect(statements).toEqual([
      TICKERS_SOURCE,
      destination(`\`TICKER\` VARCHAR(4)`, `\`TOTAL\` FLOAT`),
      `CREATE TEMPORARY VIEW \`P_SUBQUERY_1\` AS
SELECT
  \`TICKER_SYMBOL\` AS \`T\`,
  \`PRICE\` * 2 AS \`V\`,
  \`ROWTIME\`
FROM \`SOURCE_SQL_STREAM_001\``,
      `INSERT INTO \`DESTINATION_SQL_STREAM\`
SELECT
  \`T\` AS \`TICKER\`,
  CAST(SUM(\`V\`) AS FLOAT) AS \`TOTAL\`
FROM TABLE(TUMBLE(TABLE \`P_SUBQUERY_1\`, DESCRIPTOR(\`ROWTIME\`), INTERVAL '30' SECOND))
GROUP BY window_start, window_end, \`T\``,
    ]);
  });

  it('more scalar mappings: POSITION ... FROM, TRIM, OVERLAY, EXTRACT, IS DISTINCT FROM, dates and intervals', () => {
    const { statements, notes } = translate(`CREATE STREAM DESTINATION_SQL_STREAM (a INTEGER, b VARCHAR(16), c VARCHAR(16), d BIGINT, e BOOLEAN, f DATE, g TIMESTAMP, h TIMESTAMP, i VARCHAR(16));
CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM SELECT STREAM
  POSITION('E' IN sector FROM 2),
  TRIM(sector),
  OVERLAY(sector PLACING 'xx' FROM 2 FOR 1),
  EXTRACT(HOUR FROM ROWTIME),
  sector IS NOT DISTINCT FROM 'TECH' AND change NOT BETWEEN -1 AND 1 AND ticker_symbol NOT LIKE 'A!%' ESCAPE '!',
  CHAR_TO_DATE('yyyy-MM-dd', '2024-02-03'),
  ROWTIME - INTERVAL '1:30' HOUR TO MINUTE + INTERVAL '2' DAY,
  CAST(TO_TIMESTAMP(CAST(price AS BIGINT)) AS TIMESTAMP),
  CASE sector WHEN 'TECH' THEN INITCAP(sector) ELSE UPPER(sector) END
FROM SOURCE_SQL_STREAM_001
WHERE ticker_symbol IN ('AMZN', 'AAPL') AND CAST(price AS DECIMAL(8, 2)) >= 10.5 AND ABS(change) < POWER(2, 3);`);
    expect(statements).toEqual([
      TICKERS_SOURCE,
      destination(`\`A\` INT`, `\`B\` VARCHAR(16)`, `\`C\` VARCHAR(16)`, `\`D\` BIGINT`, `\`E\` BOOLEAN`, `\`F\` DATE`, `\`G\` TIMESTAMP(3)`, `\`H\` TIMESTAMP(3)`, `\`I\` VARCHAR(16)`),
      `INSERT INTO \`DESTINATION_SQL_STREAM\`
SELECT
  CAST(LOCATE('E', \`SECTOR\`, 2) AS INT) AS \`A\`,
  CAST(TRIM(BOTH FROM \`SECTOR\`) AS VARCHAR(16)) AS \`B\`,
  CAST(OVERLAY(\`SECTOR\` PLACING 'xx' FROM 2 FOR 1) AS VARCHAR(16)) AS \`C\`,
  CAST(EXTRACT(HOUR FROM \`ROWTIME\`) AS BIGINT) AS \`D\`,
  CAST(\`SECTOR\` IS NOT DISTINCT FROM 'TECH' AND \`CHANGE\` NOT BETWEEN -1 AND 1 AND \`TICKER_SYMBOL\` NOT LIKE 'A!%' ESCAPE '!' AS BOOLEAN) AS \`E\`,
  CAST(TO_DATE('2024-02-03', 'yyyy-MM-dd') AS DATE) AS \`F\`,
  CAST(\`ROWTIME\` - INTERVAL '1:30' HOUR TO MINUTE + INTERVAL '2' DAY AS TIMESTAMP(3)) AS \`G\`,
  CAST(CAST(CAST(TO_TIMESTAMP_LTZ(CAST(\`PRICE\` AS BIGINT), 3) AS TIMESTAMP(3)) AS TIMESTAMP(3)) AS TIMESTAMP(3)) AS \`H\`,
  CAST(CASE \`SECTOR\` WHEN 'TECH' THEN INITCAP(\`SECTOR\`) ELSE UPPER(\`SECTOR\`) END AS VARCHAR(16)) AS \`I\`
FROM \`SOURCE_SQL_STREAM_001\`
WHERE \`TICKER_SYMBOL\` IN ('AMZN', 'AAPL') AND CAST(\`PRICE\` AS DECIMAL(8, 2)) >= 10.5 AND ABS(\`CHANGE\`) < POWER(2, 3)`,
    ]);
    expect(notes).toContain(NOTE_DATE_FORMAT);
  });

  it('cascading windows: an aggregated intermediate stream carries window_time as its ROWTIME', () => {
    const { statements } = translate(`CREATE STREAM per_minute (ticker VARCHAR(4), n BIGINT);
CREATE PUMP p1 AS INSERT INTO per_minute
  SELECT STREAM ticker_symbol, COUNT(*) FROM SOURCE_SQL_STREAM_001 GROUP BY ticker_symbol, STEP(ROWTIME BY INTERVAL '1' MINUTE);
CREATE STREAM DESTINATION_SQL_STREAM (ticker VARCHAR(4), total BIGINT, busiest BIGINT);
CREATE PUMP p2 AS INSERT INTO DESTINATION_SQL_STREAM
  SELECT STREAM ticker, SUM(n), MAX(n) FROM per_minute GROUP BY ticker, STEP(per_minute.ROWTIME BY INTERVAL '1' HOUR);`);
    expect(statements).toEqual([
      TICKERS_SOURCE,
      destination(`\`TICKER\` VARCHAR(4)`, `\`TOTAL\` BIGINT`, `\`BUSIEST\` BIGINT`),
      `CREATE TEMPORARY VIEW \`PER_MINUTE\` AS
SELECT
  \`TICKER_SYMBOL\` AS \`TICKER\`,
  COUNT(*) AS \`N\`,
  window_time AS \`ROWTIME\`
FROM TABLE(TUMBLE(TABLE \`SOURCE_SQL_STREAM_001\`, DESCRIPTOR(\`ROWTIME\`), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, window_time, \`TICKER_SYMBOL\``,
      `INSERT INTO \`DESTINATION_SQL_STREAM\`
SELECT
  \`TICKER\`,
  CAST(SUM(\`N\`) AS BIGINT) AS \`TOTAL\`,
  MAX(\`N\`) AS \`BUSIEST\`
FROM TABLE(TUMBLE(TABLE \`PER_MINUTE\`, DESCRIPTOR(\`ROWTIME\`), INTERVAL '1' HOUR))
GROUP BY window_start, window_end, \`TICKER\``,
    ]);
  });

  it('a sliding window over an intermediate stream that carries ROWTIME on to another view', () => {
    const { statements } = translate(`CREATE STREAM averaged (ticker VARCHAR(4), price REAL, avg_price REAL);
CREATE PUMP p1 AS INSERT INTO averaged
  SELECT STREAM ticker_symbol, price, AVG(price) OVER w FROM SOURCE_SQL_STREAM_001
  WINDOW w AS (PARTITION BY ticker_symbol RANGE INTERVAL '10' SECOND PRECEDING);
CREATE STREAM DESTINATION_SQL_STREAM (ticker VARCHAR(4), jump REAL);
CREATE PUMP p2 AS INSERT INTO DESTINATION_SQL_STREAM
  SELECT STREAM ticker, price - avg_price FROM averaged WHERE price > 1.1 * avg_price;`);
    expect(statements).toEqual([
      TICKERS_SOURCE,
      destination(`\`TICKER\` VARCHAR(4)`, `\`JUMP\` FLOAT`),
      `CREATE TEMPORARY VIEW \`AVERAGED\` AS
SELECT
  \`TICKER_SYMBOL\` AS \`TICKER\`,
  \`PRICE\`,
  CAST(AVG(\`PRICE\`) OVER \`W\` AS FLOAT) AS \`AVG_PRICE\`,
  \`ROWTIME\`
FROM \`SOURCE_SQL_STREAM_001\`
WINDOW \`W\` AS (
  PARTITION BY \`TICKER_SYMBOL\`
  ORDER BY \`ROWTIME\`
  RANGE BETWEEN INTERVAL '10' SECOND PRECEDING AND CURRENT ROW)`,
      `INSERT INTO \`DESTINATION_SQL_STREAM\`
SELECT
  \`TICKER\`,
  CAST(\`PRICE\` - \`AVG_PRICE\` AS FLOAT) AS \`JUMP\`
FROM \`AVERAGED\`
WHERE \`PRICE\` > 1.1 * \`AVG_PRICE\``,
    ]);
  });

  it('notes: the base notes first, then one per construct that differs, each once; several INSERTs ask for a statement set', () => {
    expect(translate(`CREATE STREAM DESTINATION_SQL_STREAM (t VARCHAR(4));
CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM SELECT STREAM ticker_symbol FROM SOURCE_SQL_STREAM_001;`).notes).toEqual(BASE_NOTES);
    const { notes } = translateClicks();
    expect(notes).toEqual([
      ...BASE_NOTES,
      NOTE_TUMBLE,
      NOTE_SLIDING,
      'Run the INSERT statements together (one STATEMENT SET) so that they form one job reading the source once.',
    ]);
  });

  it('a hidden view never takes the name of a stream of the application', () => {
    const { statements } = translate(`CREATE STREAM "P_SUBQUERY_1" (t VARCHAR(4));
CREATE PUMP p0 AS INSERT INTO "P_SUBQUERY_1" SELECT STREAM ticker_symbol FROM SOURCE_SQL_STREAM_001;
CREATE STREAM DESTINATION_SQL_STREAM (t VARCHAR(4));
CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM SELECT STREAM t FROM (SELECT STREAM t FROM "P_SUBQUERY_1") AS x;`);
    expect(statements.map((s) => s.split('\n')[0])).toEqual([
      'CREATE TABLE `SOURCE_SQL_STREAM_001` (',
      'CREATE TABLE `DESTINATION_SQL_STREAM` (',
      'CREATE TEMPORARY VIEW `P_SUBQUERY_1` AS',
      'CREATE TEMPORARY VIEW `P_SUBQUERY_1_` AS',
      'INSERT INTO `DESTINATION_SQL_STREAM`',
    ]);
  });

  it('an intermediate stream nobody writes gets no view; an output nobody writes still gets its table', () => {
    const { statements } = translate(`CREATE STREAM unused (t VARCHAR(4)); CREATE STREAM DESTINATION_SQL_STREAM (t VARCHAR(4));`);
    expect(statements).toEqual([TICKERS_SOURCE, destination('`T` VARCHAR(4)')]);
  });
});

describe('translateToFlink: constructs without a Flink equivalent are positioned errors', () => {
  const D = (pump: string): string => `CREATE STREAM DESTINATION_SQL_STREAM (a VARCHAR(64), b DOUBLE);\n${pump}`;

  it.each([
    [
      'RANDOM_CUT_FOREST',
      D('CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM (b) SELECT STREAM ANOMALY_SCORE FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM price FROM SOURCE_SQL_STREAM_001)));'),
      2, 96, 'RANDOM_CUT_FOREST has no Flink SQL equivalent: Flink has no anomaly-detection function; score rows with a user-defined function',
    ],
    [
      'RANDOM_CUT_FOREST_WITH_EXPLANATION',
      D('CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM (b) SELECT STREAM ANOMALY_SCORE FROM TABLE(RANDOM_CUT_FOREST_WITH_EXPLANATION(CURSOR(SELECT STREAM price FROM SOURCE_SQL_STREAM_001)));'),
      2, 96, 'RANDOM_CUT_FOREST_WITH_EXPLANATION has no Flink SQL equivalent: Flink has no anomaly-detection function; score rows with a user-defined function',
    ],
    [
      'HOTSPOTS',
      D("CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM (a) SELECT STREAM HOTSPOTS_RESULT FROM TABLE(HOTSPOTS(CURSOR(SELECT STREAM price, change FROM SOURCE_SQL_STREAM_001), 100, 0.5, 3));"),
      2, 98, 'HOTSPOTS has no Flink SQL equivalent: Flink has no hotspot-detection function; use a user-defined function',
    ],
    [
      'a reference-table join',
      D('CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM (a) SELECT STREAM c.company FROM SOURCE_SQL_STREAM_001 AS s JOIN companies AS c ON s.ticker_symbol = c.ticker;'),
      2, 118, 'The reference-table join with COMPANIES has no Flink SQL equivalent: no Flink table source is known for it; declare a filesystem (S3) table and a lookup join by hand',
    ],
    [
      'LAG',
      D('CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM (b) SELECT STREAM LAG(price, 1) OVER (PARTITION BY ticker_symbol ROWS 3 PRECEDING) FROM SOURCE_SQL_STREAM_001;'),
      2, 71, "LAG has no Flink SQL equivalent: KDA's LAG reads within the sliding window's frame, Flink's LAG ignores the frame",
    ],
    [
      'NTH_VALUE',
      D('CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM (b) SELECT STREAM NTH_VALUE(price, 2) OVER (ROWS 3 PRECEDING) FROM SOURCE_SQL_STREAM_001;'),
      2, 71, 'NTH_VALUE has no Flink SQL equivalent: Flink has no NTH_VALUE over a sliding window',
    ],
    [
      'EXP_AVG',
      D("CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM (b) SELECT STREAM EXP_AVG(price, INTERVAL '10' SECOND) FROM SOURCE_SQL_STREAM_001 GROUP BY STEP(ROWTIME BY INTERVAL '1' MINUTE);"),
      2, 71, 'EXP_AVG has no Flink SQL equivalent: Flink has no exponentially weighted average aggregate; write a user-defined aggregate function',
    ],
    [
      'reading error_stream',
      D('CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM (a) SELECT STREAM ERROR_NAME FROM "error_stream";'),
      2, 87, 'error_stream has no Flink SQL equivalent: Flink has no stream of rejected rows',
    ],
    [
      'MONOTONIC on a non-ROWTIME expression',
      D('CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM (a) SELECT STREAM ticker_symbol FROM SOURCE_SQL_STREAM_001 GROUP BY MONOTONIC(ticker_symbol);'),
      2, 121, 'MONOTONIC on a non-ROWTIME expression has no Flink SQL equivalent: Flink windows only on the time attribute; group by STEP(ROWTIME BY INTERVAL ...) or FLOOR(ROWTIME TO unit)',
    ],
    [
      'a *_LOG_PARSE function',
      D("CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM (a) SELECT STREAM (REGEX_LOG_PARSE(sector, '(\\w+)')).COLUMN1 FROM SOURCE_SQL_STREAM_001;"),
      2, 72, 'REGEX_LOG_PARSE has no Flink SQL equivalent: Flink has no ROW-returning regex parse; use REGEXP_EXTRACT per field',
    ],
    [
      'two different sliding windows in one query',
      D("CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM (b) SELECT STREAM AVG(price) OVER (RANGE INTERVAL '1' MINUTE PRECEDING) + AVG(price) OVER (RANGE INTERVAL '5' MINUTE PRECEDING) FROM SOURCE_SQL_STREAM_001;"),
      2, 143, 'A second, different sliding window in one query has no Flink SQL equivalent: Flink needs every OVER window of a query to be the same; split the query into one pump per window',
    ],
    [
      'a ROWS join window',
      D('CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM (a) SELECT STREAM s.ticker_symbol FROM SOURCE_SQL_STREAM_001 AS s JOIN SOURCE_SQL_STREAM_001 OVER (ROWS 2 PRECEDING) AS t ON s.ticker_symbol = t.ticker_symbol;'),
      2, 152, 'A ROWS join window has no Flink SQL equivalent: Flink joins streams on time bounds only (interval join); write RANGE INTERVAL ... PRECEDING',
    ],
    [
      'an unmapped function',
      D('CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM (b) SELECT STREAM TSDIFF(ROWTIME, CURRENT_ROW_TIMESTAMP) FROM SOURCE_SQL_STREAM_001;'),
      2, 71, 'TSDIFF has no Flink SQL equivalent: Flink has no millisecond difference of two timestamps (TIMESTAMPDIFF counts whole seconds at best)',
    ],
    [
      'REGEX_REPLACE of one occurrence',
      D("CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM (a) SELECT STREAM REGEX_REPLACE(sector, 'a', 'b', 1, 1) FROM SOURCE_SQL_STREAM_001;"),
      2, 71, "REGEX_REPLACE with a start position other than 1 or one occurrence has no Flink SQL equivalent: Flink's REGEXP_REPLACE replaces every match in the whole string (write startPosition 1, occurrence 0)",
    ],
    [
      'a date format letter DateTimeFormatter reads differently',
      D("CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM (a) SELECT STREAM TIMESTAMP_TO_CHAR('yyyy-u', ROWTIME) FROM SOURCE_SQL_STREAM_001;"),
      2, 89, "The format letter 'u' has no Flink SQL equivalent: 'u' is the day number of the week in SimpleDateFormat but the year in DateTimeFormatter",
    ],
    [
      'STEP outside a GROUP BY key',
      D("CREATE STREAM s2 (t TIMESTAMP);\nCREATE PUMP p AS INSERT INTO s2 SELECT STREAM STEP(ROWTIME BY INTERVAL '1' MINUTE) FROM SOURCE_SQL_STREAM_001;"),
      3, 47, 'STEP has no Flink SQL equivalent: Flink has no STEP function; only STEP(ROWTIME BY INTERVAL ...) as a GROUP BY key is translated (to a TUMBLE window)',
    ],
    [
      'reading an output stream',
      D('CREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM (a) SELECT STREAM sector FROM SOURCE_SQL_STREAM_001;\nCREATE STREAM mid (a VARCHAR(64));\nCREATE PUMP q AS INSERT INTO mid SELECT STREAM a FROM DESTINATION_SQL_STREAM;'),
      4, 55, 'Reading the output stream DESTINATION_SQL_STREAM has no Flink SQL equivalent: its Flink table is a sink; write the rows to an intermediate stream as well and read that one',
    ],
    [
      'reading a stream no pump writes',
      D('CREATE STREAM idle (a VARCHAR(64));\nCREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM (a) SELECT STREAM a FROM idle;'),
      3, 78, 'Reading the stream IDLE has no Flink SQL equivalent: no pump writes it',
    ],
  ])('%s', (_what, sql, line, column, detail) => {
    expect(failure(() => translate(sql))).toEqual({ name: 'SqlAnalysisError', line, column, detail });
  });

  it('inserting into error_stream, and error_stream as an output', () => {
    expect(failure(() => translate('CREATE PUMP p AS INSERT INTO "error_stream" SELECT STREAM sector FROM SOURCE_SQL_STREAM_001;'))).toEqual({
      name: 'SqlAnalysisError',
      line: 1,
      column: 30,
      detail: 'error_stream has no Flink SQL equivalent: Flink has no stream of rejected rows',
    });
    const e = errorOf(() => translate('CREATE STREAM s (a INTEGER);', { error_stream: { kind: 'kinesis', name: 'errors' } }));
    expect(e).toBeInstanceOf(FlinkTranslateError);
    expect((e as Error).message).toBe('outputs: error_stream has no Flink equivalent (Flink has no stream of rejected rows)');
  });

  it('formatAnalysisError shows the source line and a caret under the construct', () => {
    const sql = "CREATE STREAM DESTINATION_SQL_STREAM (b DOUBLE);\nCREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM SELECT STREAM ANOMALY_SCORE\n  FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM price FROM SOURCE_SQL_STREAM_001)));";
    const e = errorOf(() => translate(sql)) as SqlAnalysisError;
    expect(formatAnalysisError(sql, e)).toBe(
      [
        'line 3, column 14: RANDOM_CUT_FOREST has no Flink SQL equivalent: Flink has no anomaly-detection function; score rows with a user-defined function',
        '3 |   FROM TABLE(RANDOM_CUT_FOREST(CURSOR(SELECT STREAM price FROM SOURCE_SQL_STREAM_001)));',
        '  |              ^^^^^^^^^^^^^^^^^',
      ].join('\n'),
    );
  });

  it('a windowed query over a stream whose ROWTIME is computed (a join with two windows)', () => {
    const sql = `CREATE STREAM j (t VARCHAR(4), p REAL);
CREATE PUMP pj AS INSERT INTO j SELECT STREAM x.ticker_symbol, y.price FROM SOURCE_SQL_STREAM_001 OVER (RANGE INTERVAL '10' SECOND PRECEDING) AS x JOIN SOURCE_SQL_STREAM_001 OVER (RANGE INTERVAL '20' SECOND PRECEDING) AS y ON x.ticker_symbol = y.ticker_symbol;
CREATE STREAM DESTINATION_SQL_STREAM (t VARCHAR(4), n BIGINT);
CREATE PUMP pd AS INSERT INTO DESTINATION_SQL_STREAM SELECT STREAM t, COUNT(*) FROM j GROUP BY t, STEP(j.ROWTIME BY INTERVAL '1' MINUTE);`;
    expect(failure(() => translate(sql))).toEqual({
      name: 'SqlAnalysisError',
      line: 4,
      column: 54,
      detail: 'A tumbling GROUP BY over J has no Flink SQL equivalent: its ROWTIME is not a Flink time attribute (it is computed, e.g. the later time of a join with windows on both sides)',
    });
  });

  it('a bare query without a QUERY output', () => {
    expect(failure(() => translate('SELECT STREAM ticker_symbol FROM SOURCE_SQL_STREAM_001', {}))).toEqual({
      name: 'SqlAnalysisError',
      line: 1,
      column: 1,
      detail: 'A query without a destination has no Flink SQL equivalent: name it QUERY in outputs, or write it with a pump',
    });
  });

  it('the engine validates first: its syntax and analysis errors propagate unchanged', () => {
    const syntax = errorOf(() => translate('CREATE STREAM DESTINATION_SQL_STREAM (t VARCHAR(4);'));
    expect(syntax).toBeInstanceOf(SqlSyntaxError);
    expect((syntax as SqlSyntaxError).message).toBe("line 1, column 51: expected NOT NULL, ',' or ')' but found ';'");
    const analysis = errorOf(() => translate('CREATE STREAM DESTINATION_SQL_STREAM (t VARCHAR(4));\nCREATE PUMP p AS INSERT INTO DESTINATION_SQL_STREAM SELECT STREAM tickr FROM SOURCE_SQL_STREAM_001;'));
    expect(analysis).toBeInstanceOf(SqlAnalysisError);
    expect((analysis as SqlAnalysisError).message).toMatch(/^line 2, column 67: Column TICKR not found/);
  });

  it('outputs must name streams of the application', () => {
    const e = errorOf(() => translate('CREATE STREAM DESTINATION_SQL_STREAM (t VARCHAR(4));', { NOPE: { kind: 'kinesis', name: 'x' } }));
    expect(e).toBeInstanceOf(FlinkTranslateError);
    expect((e as Error).message).toBe('outputs: NOPE is not a stream of the application (streams: DESTINATION_SQL_STREAM)');
  });

  it('InputSchema mappings Flink cannot read are FlinkTranslateErrors', () => {
    const schema = (mapping: string): InputSchema => ({ ...TICKERS, RecordColumns: [{ Name: 'A', Mapping: mapping, SqlType: 'INTEGER' }] });
    const run = (s: InputSchema) => () => translateToFlink('CREATE STREAM s (a INTEGER);', s, { region: 'r', inputStreamName: 'x', outputs: {} });
    expect(errorOf(run(schema('$.a[1]')))).toEqual(new FlinkTranslateError('InputSchema: the Mapping of column A ($.a[1]) indexes an array, which Flink\'s json format cannot map to a column'));
    expect(errorOf(run(schema('$.a[0:]')))).toBeInstanceOf(FlinkTranslateError);
    const csv: InputSchema = { ...ORDERS_CSV, RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '\n', RecordColumnDelimiter: '||' } } } };
    expect((errorOf(run(csv)) as Error).message).toBe('InputSchema: the CSV column delimiter "||" is not one character, which Flink\'s csv format needs');
  });
});
