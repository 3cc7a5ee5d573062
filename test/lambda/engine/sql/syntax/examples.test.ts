/**
 * The application code of the AWS documentation, as published: the Kinesis Data Analytics for SQL
 * Developer Guide (awsdocs/amazon-kinesis-data-analytics-developer-guide, doc_source/*.md) and the
 * SQL Reference (docs.aws.amazon.com/kinesisanalytics/latest/sqlref/). Each parses, and the parts
 * the analyzer will rely on have the expected shape. Where a page has a typo, the test says so and
 * checks that the typo is reported at the right place.
 */
import type { CreatePump, CreateStream, Expr, Select, Statement } from '../../../../../lambda/engine/sql/syntax/ast';
import { parseApplication, parseExpression, parseQuery } from '../../../../../lambda/engine/sql/syntax/parser';
import { Interval } from '../../../../../lambda/engine/sql/types';
import { appError, asSelect, fromShape, nameOf, sx, tree } from './helpers';

const statements = (source: string): readonly Statement[] => parseApplication(source).statements;
const pumpAt = (source: string, index: number): CreatePump => {
  const s = statements(source)[index];
  if (s?.kind !== 'CreatePump') throw new Error(`statement ${index} is ${s?.kind ?? 'missing'}`);
  return s;
};
const streamAt = (source: string, index: number): CreateStream => {
  const s = statements(source)[index];
  if (s?.kind !== 'CreateStream') throw new Error(`statement ${index} is ${s?.kind ?? 'missing'}`);
  return s;
};
const pumpSelect = (source: string, index: number): Select => asSelect(pumpAt(source, index).insert.query);
/** Select items as text: the expression, then `=alias`. */
const items = (s: Select): string[] =>
  s.items.map((i) => (i.kind === 'AllColumns' ? `${(i.qualifier ?? []).map(nameOf).join('.')}*` : `${sx(i.expr)}${i.alias ? `=${nameOf(i.alias)}` : ''}`));

describe('Developer Guide: windows and aggregation', () => {
  it('tumbling-window-concepts: GROUP BY STEP over ROWTIME', () => {
    const app = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
                                   ticker_symbol VARCHAR(4), 
                                   Min_Price     DOUBLE, 
                                   Max_Price     DOUBLE);
-- CREATE OR REPLACE PUMP to insert into output
CREATE OR REPLACE PUMP "STREAM_PUMP" AS 
  INSERT INTO "DESTINATION_SQL_STREAM" 
    SELECT STREAM Ticker_Symbol,
                  MIN(Price) AS Min_Price,
                  MAX(Price) AS Max_Price
    FROM    "SOURCE_SQL_STREAM_001"
    GROUP BY Ticker_Symbol, 
             STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '60' SECOND);`;
    expect(streamAt(app, 0).columns.map((c) => `${nameOf(c.name)} ${c.type.type.name}`)).toEqual([
      'TICKER_SYMBOL VARCHAR',
      'MIN_PRICE DOUBLE',
      'MAX_PRICE DOUBLE',
    ]);
    const s = pumpSelect(app, 1);
    expect(items(s)).toEqual(['TICKER_SYMBOL', 'MIN(PRICE)=MIN_PRICE', 'MAX(PRICE)=MAX_PRICE']);
    expect(s.groupBy?.map((g) => g.kind)).toEqual(['ColumnRef', 'Step']);
    const step = s.groupBy?.[1];
    expect(step?.kind === 'Step' && [sx(step.operand), sx(step.step)]).toEqual(['"SOURCE_SQL_STREAM_001".ROWTIME', 'INTERVAL(60000ms)']);
  });

  it('stagger-window-concepts: the tumbling query with an event-time key', () => {
    const app = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    TICKER_SYMBOL VARCHAR(4), 
    TICKER_COUNT     DOUBLE);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS 
  INSERT INTO "DESTINATION_SQL_STREAM" 
    SELECT STREAM 
        TICKER_SYMBOL,
        FLOOR(EVENT_TIME TO MINUTE),
        COUNT(TICKER_SYMBOL) AS TICKER_COUNT
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY ticker_symbol, FLOOR(EVENT_TIME TO MINUTE), STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE);`;
    const s = pumpSelect(app, 1);
    expect(s.groupBy?.map((g) => g.kind)).toEqual(['ColumnRef', 'FloorCeil', 'Step']);
    expect(s.items[1]?.kind === 'SelectExpr' && s.items[1].expr).toMatchObject({ kind: 'FloorCeil', fn: 'FLOOR', unit: 'MINUTE' });
  });

  it('stagger-window-concepts: WINDOWED BY STAGGER in place of GROUP BY', () => {
    const app = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
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
    const s = pumpSelect(app, 1);
    expect(s.groupBy).toBeUndefined();
    expect(s.windowedBy?.partitionBy.map(sx)).toEqual(['FloorCeil', 'TICKER_SYMBOL']);
    expect(s.windowedBy?.range.kind === 'IntervalLiteral' && s.windowedBy.range.value).toEqual(new Interval('DAY_TIME', 60_000));
  });

  it('examples-window-stagger', () => {
    const app = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
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
    expect(pumpSelect(app, 1).windowedBy?.partitionBy.map(sx)).toEqual(['TICKER', 'EVENT_TIME']);
  });

  it('examples-window-tumbling-event: STEP over an event time in the select list and GROUP BY', () => {
    const app = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (EVENT_TIME timestamp, TICKER VARCHAR(4), min_price REAL, max_price REAL);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS 
  INSERT INTO "DESTINATION_SQL_STREAM" 
    SELECT STREAM STEP("SOURCE_SQL_STREAM_001".EVENT_TIME BY INTERVAL '60' SECOND),
        TICKER,
         MIN(PRICE) AS MIN_PRICE,
         MAX(PRICE) AS MAX_PRICE
    FROM    "SOURCE_SQL_STREAM_001"
    GROUP BY TICKER, 
             STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '60' SECOND), 
             STEP("SOURCE_SQL_STREAM_001".EVENT_TIME BY INTERVAL '60' SECOND);`;
    const s = pumpSelect(app, 1);
    expect(s.items[0]?.kind === 'SelectExpr' && s.items[0].expr.kind).toBe('Step');
    expect(s.groupBy?.length).toBe(3);
    expect(streamAt(app, 0).columns[0]?.type.type.name).toBe('TIMESTAMP');
  });

  it('sliding-window-concepts example 1: a named window partitioned by ticker', () => {
    const app = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
                         ticker_symbol VARCHAR(10), 
                         Min_Price     double, 
                         Max_Price     double, 
                         Avg_Price     double);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS 
   INSERT INTO "DESTINATION_SQL_STREAM"
     SELECT STREAM ticker_symbol,
                   MIN(Price) OVER W1 AS Min_Price,
                   MAX(Price) OVER W1 AS Max_Price,
                   AVG(Price) OVER W1 AS Avg_Price
     FROM   "SOURCE_SQL_STREAM_001"
     WINDOW W1 AS (
        PARTITION BY ticker_symbol 
        RANGE INTERVAL '1' MINUTE PRECEDING);`;
    const s = pumpSelect(app, 1);
    expect(s.items.map((i) => i.kind === 'SelectExpr' && i.expr.kind === 'FunctionCall' && i.expr.over?.kind)).toEqual([
      false,
      'NamedWindowRef',
      'NamedWindowRef',
      'NamedWindowRef',
    ]);
    const w = s.windows[0];
    expect([w && nameOf(w.name), w?.spec.partitionBy.map(sx), w?.spec.frame?.unit, w?.spec.frame?.from.bound]).toEqual([
      'W1',
      ['TICKER_SYMBOL'],
      'RANGE',
      'PRECEDING',
    ]);
  });

  it('sliding-window-concepts example 2: arithmetic inside an aggregate, lower-case over', () => {
    const q = parseQuery(`SELECT STREAM Ticker_Symbol,
              AVG(Change / (Price - Change)) over W1 as Avg_Percent_Change
FROM "SOURCE_SQL_STREAM_001"
WINDOW W1 AS (
        PARTITION BY ticker_symbol 
        RANGE INTERVAL '10' SECOND PRECEDING);`);
    expect(items(asSelect(q))).toEqual(['TICKER_SYMBOL', 'AVG((/ CHANGE (- PRICE CHANGE)))=AVG_PERCENT_CHANGE']);
  });

  it('sliding-window-concepts example 3: two row windows, unaliased aggregates', () => {
    const app = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
                        ticker_symbol      VARCHAR(12), 
                        price              double, 
                        average_last2rows  double, 
                        average_last10rows double);

CREATE OR REPLACE PUMP "myPump" AS INSERT INTO "DESTINATION_SQL_STREAM"
SELECT STREAM ticker_symbol, 
              price, 
              avg(price) over last2rows, 
              avg(price) over last10rows
FROM SOURCE_SQL_STREAM_001
WINDOW
    last2rows AS (PARTITION BY ticker_symbol ROWS 2 PRECEDING),
    last10rows AS (PARTITION BY ticker_symbol ROWS 10 PRECEDING);`;
    const p = pumpAt(app, 1);
    expect(nameOf(p.name.parts[0]!)).toBe('"myPump"');
    const s = asSelect(p.insert.query);
    expect(fromShape(s.from)).toBe('SOURCE_SQL_STREAM_001');
    expect(s.windows.map((w) => `${nameOf(w.name)} ${w.spec.frame?.unit} ${w.spec.frame?.from.offset && sx(w.spec.frame.from.offset)}`)).toEqual([
      'LAST2ROWS ROWS 2',
      'LAST10ROWS ROWS 10',
    ]);
  });

  it('examples-window-topkitems: a table function with comments between its arguments', () => {
    const app = `CREATE OR REPLACE STREAM DESTINATION_SQL_STREAM (
  "TICKER" VARCHAR(4), 
  "MOST_FREQUENT_VALUES" BIGINT
);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS 
    INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM * 
        FROM TABLE (TOP_K_ITEMS_TUMBLING(
            CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"),
            'TICKER',         -- name of column in single quotes
            5,                       -- number of the most frequently occurring values
            60                       -- tumbling window size in seconds
            )
        );`;
    expect(nameOf(streamAt(app, 0).name.parts[0]!)).toBe('DESTINATION_SQL_STREAM');
    const s = pumpSelect(app, 1);
    if (s.from.kind !== 'TableFunctionRef') throw new Error(s.from.kind);
    expect(s.from.call.args.map((a) => (a.kind === 'Cursor' ? 'CURSOR' : sx(a)))).toEqual(['CURSOR', "'TICKER'", '5', '60']);
  });

  it('examples-window-partialresults: CREATE PUMP without OR REPLACE, an INSERT column list, quoted ROWTIME', () => {
    const app = `CREATE OR REPLACE STREAM "CALC_COUNT_SQL_STREAM" 
    (TICKER      VARCHAR(4), 
    TRADETIME   TIMESTAMP, 
    TICKERCOUNT       DOUBLE);
\t            
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" 
    (TICKER      VARCHAR(4), 
    TRADETIME   TIMESTAMP, 
    TICKERCOUNT       DOUBLE);            
\t
CREATE PUMP "CALC_COUNT_SQL_PUMP_001" AS 
    INSERT INTO "CALC_COUNT_SQL_STREAM" ("TICKER","TRADETIME", "TICKERCOUNT")
    SELECT STREAM
        "TICKER_SYMBOL",
        STEP("SOURCE_SQL_STREAM_001"."ROWTIME" BY INTERVAL '1' MINUTE) as "TradeTime",
        COUNT(*) AS "TickerCount"
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY
        STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE),
        STEP("SOURCE_SQL_STREAM_001"."APPROXIMATE_ARRIVAL_TIME" BY INTERVAL '1' MINUTE),
        TICKER_SYMBOL;

CREATE PUMP "AGGREGATED_SQL_PUMP" AS 
    INSERT INTO "DESTINATION_SQL_STREAM" ("TICKER","TRADETIME", "TICKERCOUNT")
    SELECT STREAM
        "TICKER",
        "TRADETIME",
        SUM("TICKERCOUNT") OVER W1 AS "TICKERCOUNT"
    FROM "CALC_COUNT_SQL_STREAM"
    WINDOW W1 AS (PARTITION BY "TRADETIME" RANGE INTERVAL '10' MINUTE PRECEDING);`;
    expect(statements(app).map((s) => s.kind)).toEqual(['CreateStream', 'CreateStream', 'CreatePump', 'CreatePump']);
    const first = pumpAt(app, 2);
    expect([first.orReplace, first.insert.columns?.map(nameOf)]).toEqual([false, ['"TICKER"', '"TRADETIME"', '"TICKERCOUNT"']]);
    expect(items(asSelect(first.insert.query))).toEqual(['"TICKER_SYMBOL"', 'Step="TradeTime"', 'COUNT(*)="TickerCount"']);
    expect(items(pumpSelect(app, 3))).toEqual(['"TICKER"', '"TRADETIME"', 'SUM("TICKERCOUNT")="TICKERCOUNT"']);
  });
});

describe('Developer Guide: transforming data', () => {
  it('app-string-datetime-manipulation: interval arithmetic, EXTRACT and conversion functions', () => {
    const app = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    TICKER VARCHAR(4), 
    event_time TIMESTAMP, 
    five_minutes_before TIMESTAMP, 
    event_unix_timestamp BIGINT,
    event_timestamp_as_char VARCHAR(50),
    event_second INTEGER);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"

SELECT STREAM 
    TICKER, 
    EVENT_TIME,
    EVENT_TIME - INTERVAL '5' MINUTE,
    UNIX_TIMESTAMP(EVENT_TIME),
    TIMESTAMP_TO_CHAR('yyyy-MM-dd hh:mm:ss', EVENT_TIME),
    EXTRACT(SECOND FROM EVENT_TIME) 
FROM "SOURCE_SQL_STREAM_001"`;
    expect(items(pumpSelect(app, 1))).toEqual([
      'TICKER',
      'EVENT_TIME',
      '(- EVENT_TIME INTERVAL(300000ms))',
      'UNIX_TIMESTAMP(EVENT_TIME)',
      "TIMESTAMP_TO_CHAR('yyyy-MM-dd hh:mm:ss' EVENT_TIME)",
      'Extract',
    ]);
  });

  it('tworecordtypes-create-app: quoted mixed-case names and FLOOR over a qualified ROWTIME', () => {
    const app = `--Create Order_Stream.
CREATE OR REPLACE STREAM "Order_Stream" 
           ( 
            "order_id"     integer, 
            "order_type"   varchar(10),
            "ticker"       varchar(4),
            "order_price"  DOUBLE, 
            "record_type"  varchar(10)
            );

CREATE OR REPLACE PUMP "Order_Pump" AS 
   INSERT INTO "Order_Stream"
      SELECT STREAM "Oid", "Otype","Oticker", "Oprice", "RecordType" 
      FROM   "SOURCE_SQL_STREAM_001"
      WHERE  "RecordType" = 'Order';
--********************************************
--Create Trade_Stream.      
CREATE OR REPLACE STREAM "Trade_Stream" 
           ("trade_id"     integer, 
            "order_id"     integer, 
            "trade_price"  DOUBLE, 
            "ticker"       varchar(4),
            "record_type"  varchar(10)
            );

CREATE OR REPLACE PUMP "Trade_Pump" AS 
   INSERT INTO "Trade_Stream"
      SELECT STREAM "Tid", "Toid", "Tprice", "Tticker", "RecordType"
      FROM   "SOURCE_SQL_STREAM_001"
      WHERE  "RecordType" = 'Trade';
--*****************************************************************
--do some analytics on the Trade_Stream and Order_Stream. 
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
            "ticker"  varchar(4),
            "trade_count"   integer
            );

CREATE OR REPLACE PUMP "Output_Pump" AS 
   INSERT INTO "DESTINATION_SQL_STREAM"
      SELECT STREAM "ticker", count(*) as trade_count
      FROM   "Trade_Stream"
      GROUP BY "ticker",
                FLOOR("Trade_Stream".ROWTIME TO MINUTE);`;
    expect(statements(app)).toHaveLength(6);
    expect(streamAt(app, 0).columns.map((c) => nameOf(c.name))).toEqual(['"order_id"', '"order_type"', '"ticker"', '"order_price"', '"record_type"']);
    expect(pumpSelect(app, 1).where && sx(pumpSelect(app, 1).where as Expr)).toBe('(= "RecordType" \'Order\')');
    const last = pumpSelect(app, 5);
    expect(items(last)).toEqual(['"ticker"', 'COUNT(*)=TRADE_COUNT']);
    expect(last.groupBy?.[1]).toMatchObject({ kind: 'FloorCeil', unit: 'MINUTE', operand: { parts: [{ name: 'Trade_Stream', quoted: true }, { name: 'ROWTIME' }] } });
  });

  it('examples-transforming-strings-substring: SUBSTRING with POSITION arithmetic', () => {
    const app = `-- CREATE OR REPLACE STREAM for cleaned up referrer
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    "ingest_time" TIMESTAMP,
    "referrer" VARCHAR(32));
    
CREATE OR REPLACE PUMP "myPUMP" AS 
   INSERT INTO "DESTINATION_SQL_STREAM"
      SELECT STREAM 
         "APPROXIMATE_ARRIVAL_TIME", 
         SUBSTRING("referrer", 12, (POSITION('.com' IN "referrer") - POSITION('www.' IN "referrer") - 4)) 
      FROM "SOURCE_SQL_STREAM_001";`;
    const item = pumpSelect(app, 1).items[1];
    if (item?.kind !== 'SelectExpr' || item.expr.kind !== 'Substring') throw new Error('no SUBSTRING');
    expect([item.expr.syntax, sx(item.expr.start), item.expr.length && sx(item.expr.length)]).toEqual(['COMMA', '12', '(- (- Position Position) 4)']);
  });

  it('examples-transforming-strings-regexreplace', () => {
    const app = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    "ingest_time" TIMESTAMP,
    "referrer" VARCHAR(32));
    
CREATE OR REPLACE PUMP "myPUMP" AS 
   INSERT INTO "DESTINATION_SQL_STREAM"
      SELECT STREAM 
         "APPROXIMATE_ARRIVAL_TIME", 
         REGEX_REPLACE("REFERRER", 'http://', 'https://', 1, 0)
      FROM "SOURCE_SQL_STREAM_001";`;
    expect(items(pumpSelect(app, 1))[1]).toBe("REGEX_REPLACE(\"REFERRER\" 'http://' 'https://' 1 0)");
  });

  it('examples-transforming-strings-regexlogparse: ROW fields through a subquery alias', () => {
    const app = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (logentry VARCHAR(24), match1 VARCHAR(24), match2 VARCHAR(24));

CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM T.LOGENTRY, T.REC.COLUMN1, T.REC.COLUMN2
    FROM 
         (SELECT STREAM LOGENTRY,
             REGEX_LOG_PARSE(LOGENTRY, '(\\w.+) (\\d.+) (\\w.+) (\\w.+)') AS REC
             FROM SOURCE_SQL_STREAM_001) AS T;`;
    const s = pumpSelect(app, 1);
    expect(items(s)).toEqual(['T.LOGENTRY', 'T.REC.COLUMN1', 'T.REC.COLUMN2']);
    expect(fromShape(s.from)).toBe('(subquery) AS T');
    if (s.from.kind !== 'SubqueryRef') throw new Error(s.from.kind);
    // Backslashes are ordinary characters in SQL strings.
    expect(items(asSelect(s.from.query))[1]).toBe("REGEX_LOG_PARSE(LOGENTRY '(\\w.+) (\\d.+) (\\w.+) (\\w.+)')=REC");
  });

  it('examples-transforming-strings-w3clogparse: a relation alias with a column name, AS l(r)', () => {
    const app = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
column1 VARCHAR(16),
column2 VARCHAR(16),
column3 VARCHAR(16),
column4 VARCHAR(16),
column5 VARCHAR(16),
column6 VARCHAR(16),
column7 VARCHAR(16));

CREATE OR REPLACE PUMP "myPUMP" AS 
INSERT INTO "DESTINATION_SQL_STREAM"
        SELECT STREAM
            l.r.COLUMN1,
            l.r.COLUMN2,
            l.r.COLUMN3,
            l.r.COLUMN4,
            l.r.COLUMN5,
            l.r.COLUMN6,
            l.r.COLUMN7
        FROM (SELECT STREAM W3C_LOG_PARSE("log", 'COMMON')
              FROM "SOURCE_SQL_STREAM_001") AS l(r);`;
    const s = pumpSelect(app, 1);
    expect(items(s)[6]).toBe('L.R.COLUMN7');
    expect(fromShape(s.from)).toBe('(subquery) AS L(R)');
  });

  it('examples-transforming-strings-variablecolumnlogparse: quoted ROW fields', () => {
    const app = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM"(
            "column_A" VARCHAR(16),
            "column_B" VARCHAR(16),
            "column_C" VARCHAR(16),
            "COL_1" VARCHAR(16),             
            "COL_2" VARCHAR(16),            
            "COL_3" VARCHAR(16));

CREATE OR REPLACE PUMP "SECOND_STREAM_PUMP" AS
INSERT INTO "DESTINATION_SQL_STREAM"
   SELECT STREAM  t."Col_A", t."Col_B", t."Col_C",
                  t.r."COL_1", t.r."COL_2", t.r."COL_3"
   FROM (SELECT STREAM 
           "Col_A", "Col_B", "Col_C",
           VARIABLE_COLUMN_LOG_PARSE ("Col_E_Unstructured",
                                     'COL_1 TYPE VARCHAR(16), COL_2 TYPE VARCHAR(16), COL_3 TYPE VARCHAR(16)',
                                     ',') AS r 
         FROM "SOURCE_SQL_STREAM_001") as t;`;
    const s = pumpSelect(app, 1);
    expect(items(s)).toEqual(['T."Col_A"', 'T."Col_B"', 'T."Col_C"', 'T.R."COL_1"', 'T.R."COL_2"', 'T.R."COL_3"']);
    expect(fromShape(s.from)).toBe('(subquery) AS T');
  });
});

describe('Developer Guide: joins, alerts and machine learning', () => {
  it('stream-joins-concepts example 1: a windowed join side, inline and through WINDOW', () => {
    const inline = asSelect(
      parseQuery(`SELECT STREAM
     ROWTIME, 
     o.orderId, o.ticker, o.amount AS orderAmount,
     t.amount AS tradeAmount
FROM OrderStream AS o
JOIN TradeStream OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS t
ON   o.orderId = t.orderId;`),
    );
    expect(fromShape(inline.from)).toBe('(INNER ORDERSTREAM AS O TRADESTREAM OVER AS T ON (= O.ORDERID T.ORDERID))');
    const named = asSelect(
      parseQuery(`SELECT STREAM
    ROWTIME, 
    o.orderId, o.ticker, o.amount AS orderAmount,
    t.amount AS tradeAmount
FROM OrderStream AS o
JOIN TradeStream OVER t
ON o.orderId = t.orderId
WINDOW t AS
    (RANGE INTERVAL '1' MINUTE PRECEDING)`),
    );
    expect(named.from.kind === 'Join' && named.from.right).toMatchObject({ kind: 'TableRef', over: { kind: 'NamedWindowRef', name: { name: 'T' } } });
    expect(named.windows.map((w) => nameOf(w.name))).toEqual(['T']);
  });

  it('stream-joins-concepts outer join: the page has a trailing comma and a bare OUTER JOIN', () => {
    const page = `SELECT STREAM
    ROWTIME, 
    o.orderId, o.ticker, o.amount AS orderAmount,
    t.ticker, t.tradeId, t.amount AS tradeAmount,
FROM OrderStream AS o
OUTER JOIN TradeStream OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS t
ON    o.orderId = t.orderId;`;
    expect(appError(page)).toBe("line 5, column 1: expected an expression but found 'FROM'");
    expect(appError(page.replace('tradeAmount,', 'tradeAmount'))).toBe("line 6, column 1: expected LEFT, RIGHT or FULL but found 'OUTER'");
    const fixed = page.replace('tradeAmount,', 'tradeAmount').replace('OUTER JOIN', 'FULL OUTER JOIN');
    expect(fromShape(asSelect(parseQuery(fixed)).from)).toBe('(FULL ORDERSTREAM AS O TRADESTREAM OVER AS T ON (= O.ORDERID T.ORDERID))');
  });

  it('app-add-reference-data: LEFT JOIN a reference table with a quoted alias', () => {
    const app = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), "Company" varchar(20), sector VARCHAR(12), change DOUBLE, price DOUBLE);

CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "DESTINATION_SQL_STREAM"
   SELECT STREAM ticker_symbol, "c"."Company", sector, change, price
   FROM "SOURCE_SQL_STREAM_001" LEFT JOIN "CompanyName" as "c"
   ON "SOURCE_SQL_STREAM_001".ticker_symbol = "c"."Ticker";`;
    expect(fromShape(pumpSelect(app, 1).from)).toBe(
      '(LEFT "SOURCE_SQL_STREAM_001" "CompanyName" AS "c" ON (= "SOURCE_SQL_STREAM_001".TICKER_SYMBOL "c"."Ticker"))',
    );
  });

  it('app-throttled-alerts: a subquery without an alias, with a comment inside', () => {
    const app = `CREATE OR REPLACE STREAM "CHANGE_STREAM" 
           (ticker_symbol VARCHAR(4), 
            sector        VARCHAR(12), 
            change        DOUBLE, 
            price         DOUBLE);

CREATE OR REPLACE PUMP "change_pump" AS 
   INSERT INTO "CHANGE_STREAM"
      SELECT STREAM ticker_symbol, sector, change, price 
      FROM   "SOURCE_SQL_STREAM_001"
      WHERE  (ABS(Change / (Price - Change)) * 100) > 1;
      
-- ** Trigger Count and Limit **
-- Counts "triggers" or those values that evaluated true against the previous where clause
-- Then provides its own limit on the number of triggers per hour per ticker symbol to what
-- is specified in the WHERE clause

CREATE OR REPLACE STREAM TRIGGER_COUNT_STREAM (
   ticker_symbol VARCHAR(4), 
   change REAL,
   trigger_count INTEGER);

CREATE OR REPLACE PUMP trigger_count_pump AS INSERT INTO TRIGGER_COUNT_STREAM
SELECT STREAM ticker_symbol, change, trigger_count
FROM (
    SELECT STREAM ticker_symbol, change, COUNT(*) OVER W1 as trigger_count
    FROM "CHANGE_STREAM"
    --window to perform aggregations over last minute to keep track of triggers
    WINDOW W1 AS (PARTITION BY ticker_symbol RANGE INTERVAL '1' MINUTE PRECEDING)
)
WHERE trigger_count >= 1;`;
    expect(sx(pumpSelect(app, 1).where as Expr)).toBe('(> (* ABS((/ CHANGE (- PRICE CHANGE))) 100) 1)');
    const outer = pumpSelect(app, 3);
    expect([fromShape(outer.from), outer.where && sx(outer.where)]).toEqual(['(subquery)', '(>= TRIGGER_COUNT 1)']);
    expect(nameOf(pumpAt(app, 3).name.parts[0]!)).toBe('TRIGGER_COUNT_PUMP');
  });

  it('app-anom-score-create-app: RANDOM_CUT_FOREST, then ORDER BY a FLOOR and a DESC key', () => {
    const app = `--Creates a temporary stream.
CREATE OR REPLACE STREAM "TEMP_STREAM" (
\t        "heartRate"        INTEGER,
\t        "rateType"         varchar(20),
\t        "ANOMALY_SCORE"    DOUBLE);

--Creates another stream for application output.\t        
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
\t        "heartRate"        INTEGER,
\t        "rateType"         varchar(20),
\t        "ANOMALY_SCORE"    DOUBLE);

-- Compute an anomaly score for each record in the input stream
-- using Random Cut Forest
CREATE OR REPLACE PUMP "STREAM_PUMP" AS 
   INSERT INTO "TEMP_STREAM"
      SELECT STREAM "heartRate", "rateType", ANOMALY_SCORE 
      FROM TABLE(RANDOM_CUT_FOREST(
              CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001")));

-- Sort records by descending anomaly score, insert into output stream
CREATE OR REPLACE PUMP "OUTPUT_PUMP" AS 
   INSERT INTO "DESTINATION_SQL_STREAM"
      SELECT STREAM * FROM "TEMP_STREAM"
      ORDER BY FLOOR("TEMP_STREAM".ROWTIME TO SECOND), ANOMALY_SCORE DESC;`;
    expect(fromShape(pumpSelect(app, 2).from)).toBe('TABLE(RANDOM_CUT_FOREST)');
    const sorted = pumpSelect(app, 3);
    expect(sorted.orderBy?.map((o) => `${o.expr.kind}${o.direction ? ` ${o.direction}` : ''}`)).toEqual(['FloorCeil', 'ColumnRef DESC']);
  });

  it('app-anom-with-exp-create-app: RANDOM_CUT_FOREST_WITH_EXPLANATION with a boolean argument', () => {
    const pump = `CREATE OR REPLACE PUMP "STREAM_PUMP" AS 
   INSERT INTO "TEMP_STREAM"
      SELECT STREAM "Systolic", "Diastolic", "BloodPressureLevel", ANOMALY_SCORE, ANOMALY_EXPLANATION 
      FROM TABLE(RANDOM_CUT_FOREST_WITH_EXPLANATION(
              CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"), 100, 256, 100000, 1, true));`;
    const s = pumpSelect(pump, 0);
    if (s.from.kind !== 'TableFunctionRef') throw new Error(s.from.kind);
    expect(s.from.call.args.slice(1).map(sx)).toEqual(['100', '256', '100000', '1', 'TRUE']);
  });

  it('app-hotspot-create-app: SELECT without STREAM over a table function', () => {
    const app = `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
    "x" DOUBLE, 
    "y" DOUBLE, 
    "is_hot" VARCHAR(4),
    HOTSPOTS_RESULT VARCHAR(10000)
); 
CREATE OR REPLACE PUMP "STREAM_PUMP" AS 
    INSERT INTO "DESTINATION_SQL_STREAM" 
    SELECT "x", "y", "is_hot", "HOTSPOTS_RESULT" 
    FROM TABLE (
        HOTSPOTS(   
            CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"), 
            1000, 
            0.2, 
            17)
    );`;
    const s = pumpSelect(app, 1);
    expect(s.stream).toBe(false);
    if (s.from.kind !== 'TableFunctionRef') throw new Error(s.from.kind);
    expect(s.from.call.args.slice(1).map((a) => a.kind === 'NumericLiteral' && `${a.text}:${a.numberKind}`)).toEqual([
      '1000:INTEGER',
      '0.2:DECIMAL',
      '17:INTEGER',
    ]);
  });
});

describe('SQL Reference', () => {
  it('sql-reference-identifiers: unquoted names fold to upper case, quoted ones do not', () => {
    const app = `-- Create a stream. Stream name specified without quotes,
-- which defaults to uppercase.
CREATE OR REPLACE STREAM ExampleStream (col1 VARCHAR(4));

-- example 1: OK, stream name interpreted as uppercase.
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO ExampleStream
    SELECT * FROM SOURCE_SQL_STREAM_001;

-- example 2: OK, stream name interpreted as uppercase.
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO examplestream
    SELECT * FROM customerdata;

-- example 3: Ok.
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO EXAMPLESTREAM
    SELECT * FROM customerdata;

-- example 2: Not found. Quoted names are case-sensitive.
CREATE OR REPLACE PUMP "STREAM_PUMP" AS INSERT INTO "examplestream"
    SELECT * FROM customerdata;`;
    expect(nameOf(streamAt(app, 0).name.parts[0]!)).toBe('EXAMPLESTREAM');
    expect([1, 2, 3, 4].map((i) => nameOf(pumpAt(app, i).insert.target.parts[0]!))).toEqual([
      'EXAMPLESTREAM',
      'EXAMPLESTREAM',
      'EXAMPLESTREAM',
      '"examplestream"',
    ]);
  });

  it('sql-reference-create-stream: DESCRIPTION and comments inside the column list', () => {
    const app = `CREATE OR REPLACE STREAM logStream (
    source  VARCHAR(20),
    message VARCHAR(3072))
DESCRIPTION 'Head of webwatcher stream processing';

CREATE OR REPLACE STREAM "LaneData" (
    -- ROWTIME is time at which sensor data collected
    LDS_ID  INTEGER,        -- loop-detector ID
    LNAME   VARCHAR(12),
    LNUM    VARCHAR(4),
    OCC     SMALLINT,
    VOL     SMALLINT,
    SPEED   DECIMAL(4,2)
    ) DESCRIPTION 'Conditioned LaneData for analysis queries';`;
    expect(streamAt(app, 0).description?.value).toBe('Head of webwatcher stream processing');
    const lanes = streamAt(app, 1);
    expect(lanes.columns.map((c) => nameOf(c.name))).toEqual(['LDS_ID', 'LNAME', 'LNUM', 'OCC', 'VOL', 'SPEED']);
    expect(lanes.columns[5]?.type.type).toEqual({ name: 'DECIMAL', precision: 4, scale: 2, nullable: true });
  });

  it('sql-reference-windowed-aggregation-stream: MIN and MAX over a one-day window', () => {
    const s = asSelect(
      parseQuery(` SELECT STREAM
        ROWTIME,
        MIN(TEMP) OVER W1 AS WMIN_TEMP,
        MAX(TEMP) OVER W1 AS WMAX_TEMP
 FROM WEATHERSTREAM
 WINDOW W1 AS (
    RANGE INTERVAL '1' DAY PRECEDING
);`),
    );
    expect(items(s)).toEqual(['ROWTIME', 'MIN(TEMP)=WMIN_TEMP', 'MAX(TEMP)=WMAX_TEMP']);
    const offset = s.windows[0]?.spec.frame?.from.offset;
    expect(offset?.kind === 'IntervalLiteral' && offset.value).toEqual(new Interval('DAY_TIME', 86_400_000));
  });

  it('the same query against a schema-qualified stream, AGGTEST.WEATHERSTREAM', () => {
    const s = asSelect(parseQuery('SELECT STREAM CITY, AVG(TEMP) OVER (PARTITION BY CITY ROWS 2 PRECEDING) FROM AGGTEST.WEATHERSTREAM'));
    expect(fromShape(s.from)).toBe('AGGTEST.WEATHERSTREAM');
  });

  it('sql-reference-window-examples: six named windows (the page misses a comma)', () => {
    const page = `SELECT STREAM
  ticker,
  sum(amount) OVER lastHour,
  count(*) OVER lastHour
  sum(amount) OVER lastThree
FROM Trades
WINDOW
  lastHour AS (RANGE INTERVAL '1' HOUR PRECEDING),
  lastThree AS (ROWS 3 PRECEDING),
  lastZeroRows AS (ROWS CURRENT ROW),
  lastZeroSeconds AS (RANGE CURRENT ROW),
  lastTwoSameTicker AS (PARTITION BY ticker ROWS 2 PRECEDING),
  lastHourSameTicker AS (PARTITION BY ticker RANGE INTERVAL '1' HOUR PRECEDING)`;
    expect(appError(page)).toBe("line 5, column 3: expected FROM but found 'sum'");
    const s = asSelect(parseQuery(page.replace('OVER lastHour\n  sum', 'OVER lastHour,\n  sum')));
    expect(s.windows.map((w) => `${nameOf(w.name)}:${w.spec.partitionBy.length}:${w.spec.frame?.unit}:${w.spec.frame?.from.bound}`)).toEqual([
      'LASTHOUR:0:RANGE:PRECEDING',
      'LASTTHREE:0:ROWS:PRECEDING',
      'LASTZEROROWS:0:ROWS:CURRENT_ROW',
      'LASTZEROSECONDS:0:RANGE:CURRENT_ROW',
      'LASTTWOSAMETICKER:1:ROWS:PRECEDING',
      'LASTHOURSAMETICKER:1:RANGE:PRECEDING',
    ]);
  });

  it('sql-reference-allowed-disallowed-window: the disallowed frames still parse, for the analyzer to reject', () => {
    for (const frame of [
      'ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING',
      'ROWS BETWEEN 0 PRECEDING AND 4 PRECEDING',
      'ROWS BETWEEN UNBOUNDED PRECEDING AND 4 FOLLOWING',
      'ROWS BETWEEN -4 PRECEDING AND CURRENT ROW',
    ]) {
      const s = asSelect(parseQuery(`SELECT STREAM SUM(x) OVER w FROM s WINDOW w AS (${frame})`));
      expect(s.windows[0]?.spec.frame?.to).toBeDefined();
    }
  });

  it('sql-reference-step: STEP over a CAST timestamp and over integers', () => {
    expect(tree("STEP(CAST('2004-09-30 13:48:23' as TIMESTAMP) BY INTERVAL '30' SECOND)")).toBe('Step');
    const e = parseExpression("STEP(CAST('2004-09-30 13:48:23' as TIMESTAMP) BY INTERVAL '30' SECOND)");
    expect(e.kind === 'Step' && e.operand).toMatchObject({ kind: 'Cast', target: { type: { name: 'TIMESTAMP' } } });
    expect(parseExpression('STEP(23 BY 5)')).toMatchObject({ kind: 'Step', operand: { text: '23' }, step: { text: '5' } });
  });

  it('sql-reference-date-timestamp-interval: the operation table and VALUES of a qualified difference', () => {
    expect(tree("INTERVAL '1' DAY + INTERVAL '3 4' DAY TO HOUR")).toBe('(+ INTERVAL(86400000ms) INTERVAL(273600000ms))');
    expect(tree("INTERVAL '1' YEAR + INTERVAL '3-4' YEAR TO MONTH")).toBe('(+ INTERVAL(12mo) INTERVAL(40mo))');
    expect(tree("2 * INTERVAL '3 4' DAY TO HOUR")).toBe('(* 2 INTERVAL(273600000ms))');
    expect(tree("INTERVAL '3 4' DAY TO HOUR / 2")).toBe('(/ INTERVAL(273600000ms) 2)');
    const q = parseQuery("values cast ((time  '12:03:34' - time '11:57:23') minute to second as varchar(8));");
    expect(q.kind === 'Values' && q.rows[0]?.[0]).toMatchObject({
      kind: 'Cast',
      operand: { kind: 'IntervalQualified', qualifier: { from: 'MINUTE', to: 'SECOND' } },
      target: { type: { name: 'VARCHAR', length: 8 } },
    });
  });

  it('sql-reference-extract: fields of intervals and of CURRENT_ROW_TIMESTAMP', () => {
    expect(parseExpression("EXTRACT(DAY FROM INTERVAL '2 3:4:5.678' DAY TO SECOND)")).toMatchObject({
      kind: 'Extract',
      field: 'DAY',
      operand: { value: new Interval('DAY_TIME', 183_845_678) },
    });
    expect(parseExpression('EXTRACT (HOUR FROM CURRENT_ROW_TIMESTAMP)')).toMatchObject({ field: 'HOUR', operand: { kind: 'CurrentDatetime' } });
    expect(tree("floor(p_time to HOUR) + (( EXTRACT (  MINUTE FROM p_time  ) / 30)* INTERVAL '30' MINUTE )")).toBe(
      '(+ FloorCeil (* (/ Extract 30) INTERVAL(1800000ms)))',
    );
  });

  it('sql-reference-trim, -overlay and -substring: the documented calls', () => {
    for (const call of [
      "TRIM(' Trim front and back ')",
      "TRIM (BOTH FROM ' Trim front and back ')",
      "TRIM (BOTH ' ' FROM ' Trim front and back ')",
      "TRIM (LEADING 'x' FROM 'xxxTrim frontxxx')",
      "TRIM (TRAILING 'x' FROM 'xxxTrimxBackxxx')",
      "TRIM (BOTH 'y' FROM 'xxxNo y to trimxxx')",
    ]) {
      expect(parseExpression(call).kind).toBe('Trim');
    }
    for (const call of ["OVERLAY ('12345' PLACING 'foo' FROM -2)", "OVERLAY ('12345' PLACING 'foo' FROM 2 FOR 9)"]) {
      expect(parseExpression(call).kind).toBe('Overlay');
    }
    expect(parseExpression("OVERLAY ('12345' PLACING 'foo' FROM -2)")).toMatchObject({ start: { kind: 'UnaryOp', op: '-' } });
  });

  it('sql-reference-lag, -nth-value, -last-value: null treatment and FROM FIRST/LAST', () => {
    expect(parseExpression('LAG(price, 2) IGNORE NULLS OVER (PARTITION BY ticker_symbol RANGE INTERVAL \'1\' MINUTE PRECEDING)')).toMatchObject({
      nullTreatment: 'IGNORE NULLS',
      over: { kind: 'WindowSpec' },
    });
    expect(parseExpression('NTH_VALUE(x, 2) FROM FIRST IGNORE NULLS over w')).toMatchObject({ fromEnd: 'FIRST', nullTreatment: 'IGNORE NULLS' });
    expect(parseExpression('LAST_VALUE(x) RESPECT NULLS OVER w')).toMatchObject({ nullTreatment: 'RESPECT NULLS' });
  });

  it('sqlrf-random-cut-forest: the documented cursor forms', () => {
    for (const cursor of [
      'CURSOR(SELECT STREAM * FROM InputStream)',
      'CURSOR(SELECT STREAM IntegerColumnX, IntegerColumnY FROM InputStream)',
      'CURSOR(SELECT STREAM IntegerColumnX / 100, IntegerColumnY FROM InputStream)',
      'CURSOR(SELECT STREAM IntegerColumnX + IntegerColumnY FROM InputStream)',
    ]) {
      expect(parseExpression(cursor)).toMatchObject({ kind: 'Cursor', query: { kind: 'Select', stream: true } });
    }
  });

  it('sql-reference-join-clause: a stream-to-stream join pump in the style of the page', () => {
    const app = `CREATE OR REPLACE STREAM "ORDERS_STREAM" ("orderid" int, "orderrowtime" timestamp);
CREATE OR REPLACE PUMP "ORDERS_STREAM_PUMP" AS INSERT INTO "ORDERS_STREAM"
  SELECT STREAM "orderid", "ROWTIME" FROM "SOURCE_SQL_STREAM_001" WHERE "orders" = 1;
CREATE OR REPLACE STREAM "SHIPMENTS_STREAM" ("orderid" int, "shipmentrowtime" timestamp);
CREATE OR REPLACE PUMP "SHIPMENTS_STREAM_PUMP" AS INSERT INTO "SHIPMENTS_STREAM"
  SELECT STREAM "orderid", "ROWTIME" FROM "SOURCE_SQL_STREAM_001" WHERE "shipments" = 2;
CREATE OR REPLACE STREAM "OUTPUT_STREAM" ("resultrowtime" timestamp, "orderid" int, "orderrowtime" timestamp, "shipmentrowtime" timestamp);
CREATE OR REPLACE PUMP "OUTPUT_STREAM_PUMP" AS INSERT INTO "OUTPUT_STREAM"
  SELECT STREAM ROWTIME as "resultrowtime", s."orderid", s."shipmentrowtime", o."orderrowtime"
  FROM "ORDERS_STREAM" OVER (RANGE INTERVAL '1' MINUTE PRECEDING) AS o
  LEFT OUTER JOIN "SHIPMENTS_STREAM" AS s
  ON o."orderid" = s."orderid";`;
    expect(statements(app)).toHaveLength(6);
    expect(fromShape(pumpSelect(app, 5).from)).toBe('(LEFT "ORDERS_STREAM" OVER AS O "SHIPMENTS_STREAM" AS S ON (= O."orderid" S."orderid"))');
  });

  it('a published application with CAST inside a windowed aggregate (public gist)', () => {
    const s = asSelect(
      parseQuery(`SELECT STREAM
MAX("COL_timestamp") OVER TEN_SECOND_SLIDING_WINDOW as time_stamp,
AVG(cast("v" as double)) OVER TEN_SECOND_SLIDING_WINDOW AS mean_value
FROM "SOURCE_SQL_STREAM_001"
WHERE "id" = 'Simulation Examples.Functions.Sine4'
WINDOW TEN_SECOND_SLIDING_WINDOW AS (
PARTITION BY "COL_timestamp"
RANGE INTERVAL '10' SECOND PRECEDING);`),
    );
    expect(items(s)).toEqual(['MAX("COL_timestamp")=TIME_STAMP', 'AVG(Cast)=MEAN_VALUE']);
  });

  it('CREATE FUNCTION (used by sql-reference-extract) is outside the dialect we run', () => {
    expect(appError('CREATE or replace FUNCTION FLOOR30MIN( p_time TIMESTAMP )')).toBe("line 1, column 19: expected STREAM or PUMP but found 'FUNCTION'");
  });
});
