-- Events per minute over the clickstream's Kinesis stream: the tumbling-window half of clicks.sql, on
-- its own (the smallest application to try `clickstream sql run` with).
-- Click analytics over the clickstream's Kinesis stream: the raw click events producers put (see the
-- README, "The transform Lambda"), read as the in-application stream "SOURCE_SQL_STREAM_001".
--
-- Input columns: clicks.schema.json, the InputSchema `clickstream sql discover clicks.jsonl` finds.
-- Discovery keeps the JSON keys' case (so they are quoted here), flattens "properties" into productId,
-- price and quantity, and renames the reserved word "timestamp" to COL_timestamp. Windows use
-- ROWTIME, the time each record reached the application.

-- 1. Events and revenue per event type and minute: a tumbling window. One row per event type
--    when each minute closes.
CREATE OR REPLACE STREAM "EVENTS_PER_MINUTE" (
  minute_start  TIMESTAMP,
  event_type    VARCHAR(16),
  events        INTEGER,
  revenue       REAL
) DESCRIPTION 'events and purchase revenue per event type and minute';

CREATE OR REPLACE PUMP "EVENTS_PER_MINUTE_PUMP" AS INSERT INTO "EVENTS_PER_MINUTE"
  SELECT STREAM
    STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE) AS minute_start,
    "eventType" AS event_type,
    COUNT(*) AS events,
    SUM(CASE WHEN "eventType" = 'purchase' THEN "price" * "quantity" END) AS revenue
  FROM "SOURCE_SQL_STREAM_001"
  GROUP BY "eventType", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE);
