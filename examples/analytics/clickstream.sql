-- The pipeline's analytics stage: a Kinesis Data Analytics SQL application over the raw click events
-- producers put on the clickstream's Kinesis stream (README, "The transform Lambda"), read as the
-- in-application stream "SOURCE_SQL_STREAM_001" with the InputSchema clickstream.schema.json.
-- Windows use ROWTIME (the time each record reached the application) and close one minute apart.
-- The raw eventType is not normalised yet (the transform lower-cases it later), so it is compared
-- lower-cased here.

-- 1. Page views and unique sessions per minute, one row per minute. COUNT(DISTINCT ...) is not
--    allowed in a streaming GROUP BY, so it takes two stages: first one row per session and minute,
--    then one row per minute counting those rows. A session is the event's sessionId or, without
--    one, its visitor (userId, else anonymousId).
CREATE OR REPLACE STREAM "SESSION_MINUTES" (
  minute_start  TIMESTAMP,
  session_id    VARCHAR(256),
  events        INTEGER,
  page_views    INTEGER
) DESCRIPTION 'stage 1: events and page views per session and minute';

CREATE OR REPLACE PUMP "SESSION_MINUTES_PUMP" AS INSERT INTO "SESSION_MINUTES"
  SELECT STREAM
    STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE),
    COALESCE("sessionId", "userId", "anonymousId"),
    COUNT(*),
    SUM(CASE WHEN LOWER("eventType") = 'page_view' THEN 1 ELSE 0 END)
  FROM "SOURCE_SQL_STREAM_001"
  GROUP BY COALESCE("sessionId", "userId", "anonymousId"),
    STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE);

CREATE OR REPLACE STREAM "CLICKS_PER_MINUTE" (
  minute_start     TIMESTAMP,
  page_views       INTEGER,
  events           INTEGER,
  unique_sessions  INTEGER
) DESCRIPTION 'page views, events and unique sessions per minute';

-- Stage 2: stage 1's rows of a minute all arrive together when that minute closes (their ROWTIME is
-- its end), so grouping them by their minute_start and ROWTIME's minute gives one row per minute.
CREATE OR REPLACE PUMP "CLICKS_PER_MINUTE_PUMP" AS INSERT INTO "CLICKS_PER_MINUTE"
  SELECT STREAM
    minute_start,
    SUM(page_views),
    SUM(events),
    COUNT(*)
  FROM "SESSION_MINUTES"
  GROUP BY minute_start, STEP("SESSION_MINUTES".ROWTIME BY INTERVAL '1' MINUTE);

-- 2. The five most viewed pages of each minute: a tumbling top-K sketch over the page views' URLs.
--    One row per page (up to five) when each minute closes, ROWTIME at the minute's end.
CREATE OR REPLACE STREAM "TOP_PAGES" (
  url    VARCHAR(2048),
  views  BIGINT
) DESCRIPTION 'the five most viewed pages of each minute';

CREATE OR REPLACE PUMP "TOP_PAGES_PUMP" AS INSERT INTO "TOP_PAGES"
  SELECT STREAM "url", MOST_FREQUENT_VALUES
  FROM TABLE(TOP_K_ITEMS_TUMBLING(
    CURSOR(SELECT STREAM "url" FROM "SOURCE_SQL_STREAM_001" WHERE LOWER("eventType") = 'page_view'),
    'url', 5, 60));
