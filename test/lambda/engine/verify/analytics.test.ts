import { compileApplication, runApplication } from '../../../../lambda/engine/sql/runtime';
import { streamLookbacks, verifySample, type AnalyticsOutputRow, type VerifyInput } from '../../../../lambda/engine/verify';
import { KEY_HIGH, rec, sample, SHARDS, T0 } from './fixtures';

const SCHEMA = {
  RecordFormat: { RecordFormatType: 'JSON', MappingParameters: { JSONMappingParameters: { RecordRowPath: '$' } } },
  RecordEncoding: 'UTF-8',
  RecordColumns: [{ Name: 'eventType', Mapping: '$.eventType', SqlType: 'VARCHAR(16)' }],
};

const PER_MINUTE = `
CREATE OR REPLACE STREAM "PER_MINUTE" (minute_start TIMESTAMP, event_type VARCHAR(16), events INTEGER);
CREATE OR REPLACE PUMP "PER_MINUTE_PUMP" AS INSERT INTO "PER_MINUTE"
  SELECT STREAM STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE) AS minute_start,
         "eventType" AS event_type, COUNT(*) AS events
  FROM "SOURCE_SQL_STREAM_001"
  GROUP BY "eventType", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE);
`;

// The live application started before the sample: it saw events from 10:00:00; the sample starts at 10:00:30.
const FROM = T0 + 30_000;
const CHECKED_AT = T0 + 4 * 60_000 + 20_000; // 10:04:20
const events = Array.from({ length: 12 * 5 }, (_, i) => ({ at: T0 + i * 5000, type: i % 2 === 0 ? 'view' : 'click' })); // 10:00:00 .. 10:04:55

/** What the live application wrote: the SQL runner (a different path than the verifier's) over every event up to 10:04:20. */
function liveOutput(): AnalyticsOutputRow[] {
  const lines = events.filter((e) => e.at <= CHECKED_AT).map((e) => JSON.stringify({ rowtime: new Date(e.at).toISOString(), data: { eventType: e.type } }));
  lines.push(JSON.stringify({ rowtime: new Date(CHECKED_AT).toISOString(), bound: true }));
  return runApplication(compileApplication(PER_MINUTE, SCHEMA as never), lines).map((l) => JSON.parse(l) as AnalyticsOutputRow);
}

function input(actual: AnalyticsOutputRow[], sql = PER_MINUTE): VerifyInput {
  const records = events.filter((e) => e.at >= FROM).map((e, i) => rec(BigInt(1000 + i), KEY_HIGH(0), e.at, JSON.stringify({ eventType: e.type })));
  return {
    stream: 'clicks', checkedAt: CHECKED_AT, sampleFrom: FROM, shards: SHARDS,
    samples: [sample('shardId-000000000001', records)],
    analytics: { sql, inputSchema: SCHEMA, actual, actualCoveredUntil: T0 + 5 * 60_000 },
  };
}

describe('verifySample: analytics recomputation', () => {
  test('the live output matches over the windows the sample covers; the one that began before it is skipped', () => {
    const actual = liveOutput();
    const report = verifySample(input(actual));
    expect(report.analytics).toMatchObject({
      streams: ['PER_MINUTE'],
      lookbackMs: { PER_MINUTE: 60_000 },
      // The minutes starting 10:01, 10:02 and 10:03 lie inside the sample; the 10:00 minute began before it.
      windows: { compared: 3, matched: 3, mismatched: 0, skipped: 1 },
      rows: { expected: 6, actual: 6, matched: 6, missing: 0, unexpected: 0 },
      mismatches: [],
      comparable: { from: new Date(FROM).toISOString(), to: new Date(CHECKED_AT).toISOString() },
    });
    expect(report.analytics!.comparable.rule).toMatch(/T - L >= from/);
    expect(report.ok).toBe(true);
    // Every full minute: 6 views and 6 clicks.
    expect(actual.filter((r) => r.rowtime === '2026-11-25T10:02:00.000Z').map((r) => r.row['EVENTS'])).toEqual([6, 6]);
  });

  test('a wrong count in one window is a mismatch with both sides as the example', () => {
    const actual = liveOutput().map((r) => (r.rowtime === '2026-11-25T10:03:00.000Z' && r.row['EVENT_TYPE'] === 'view' ? { ...r, row: { ...r.row, EVENTS: 5 } } : r));
    const report = verifySample(input(actual));
    expect(report.ok).toBe(false);
    expect(report.analytics!.windows).toEqual({ compared: 3, matched: 2, mismatched: 1, skipped: 1 });
    expect(report.analytics!.rows).toMatchObject({ matched: 5, missing: 1, unexpected: 1 });
    const [m] = report.analytics!.mismatches;
    expect(m).toMatchObject({ stream: 'PER_MINUTE', rowtime: '2026-11-25T10:03:00.000Z' });
    expect(m!.expected).toContainEqual(expect.objectContaining({ EVENT_TYPE: 'view', EVENTS: 6 }));
    expect(m!.actual).toContainEqual(expect.objectContaining({ EVENT_TYPE: 'view', EVENTS: 5 }));
    expect(report.problems.join('\n')).toMatch(/1 of 3 comparable windows differ/);
  });

  test('a window the application did not write is a mismatch; rows of uncovered windows are not', () => {
    const actual = liveOutput().filter((r) => r.rowtime !== '2026-11-25T10:04:00.000Z');
    const report = verifySample(input(actual));
    expect(report.analytics!.windows.mismatched).toBe(1);
    expect(report.analytics!.rows.missing).toBe(2);
  });

  test('an output sample that ends early leaves the later windows uncompared', () => {
    const base = input(liveOutput());
    const report = verifySample({ ...base, analytics: { ...base.analytics!, actualCoveredUntil: T0 + 3 * 60_000 + 5000 } });
    // to = 10:03:05 - 10 s lag = 10:02:55: only the 10:02 window is comparable.
    expect(report.analytics!.windows).toMatchObject({ compared: 1, matched: 1 });
  });

  test('an application that does not compile is reported, not thrown', () => {
    const report = verifySample(input([], 'CREATE OR REPLACE STREAM oops'));
    expect(report.analytics!.error).toMatch(/does not compile/);
    expect(report.ok).toBe(false);
  });

  test('lookbacks: pumps add up; ROWS windows have no bound', () => {
    const app = compileApplication(`
      CREATE OR REPLACE STREAM "A" (event_type VARCHAR(16), events INTEGER);
      CREATE OR REPLACE PUMP "PA" AS INSERT INTO "A"
        SELECT STREAM "eventType", COUNT(*) FROM "SOURCE_SQL_STREAM_001"
        GROUP BY "eventType", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '1' MINUTE);
      CREATE OR REPLACE STREAM "B" (event_type VARCHAR(16), n INTEGER);
      CREATE OR REPLACE PUMP "PB" AS INSERT INTO "B"
        SELECT STREAM event_type, COUNT(*) OVER (RANGE INTERVAL '30' SECOND PRECEDING) FROM "A";
      CREATE OR REPLACE STREAM "C" (event_type VARCHAR(16), n INTEGER);
      CREATE OR REPLACE PUMP "PC" AS INSERT INTO "C"
        SELECT STREAM "eventType", COUNT(*) OVER (ROWS 10 PRECEDING) FROM "SOURCE_SQL_STREAM_001";
    `, SCHEMA as never);
    const lookbacks = streamLookbacks(app);
    expect(lookbacks.get('A')).toBe(60_000);
    expect(lookbacks.get('B')).toBe(90_000);
    expect(lookbacks.get('C')).toBeNull();
  });
});
