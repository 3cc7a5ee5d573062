import { parseVerifierConfig, parseVerifierEvent, VerifierInputError } from '../../../../lambda/engine/verify';

const defaults = { sampleLimit: 1000, sampleSeconds: 300 };

function errorOf(f: () => unknown): VerifierInputError {
  try {
    f();
  } catch (e) {
    if (e instanceof VerifierInputError) return e;
    throw e;
  }
  throw new Error('expected a VerifierInputError');
}

describe('parseVerifierConfig', () => {
  test('defaults: 1000 records per shard, 300 s back, no analytics, the default endpoint', () => {
    expect(parseVerifierConfig({ STREAM_NAME: 'clicks' })).toEqual({ streamName: 'clicks', sampleLimit: 1000, sampleSeconds: 300 });
  });

  test('every setting', () => {
    expect(parseVerifierConfig({
      STREAM_NAME: 'clicks', PROVISIONED_SHARDS: '4', SAMPLE_LIMIT: '50', SAMPLE_SECONDS: '60', KINESIS_ENDPOINT: 'http://127.0.0.1:4567',
      ANALYTICS_SQL: 'SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"', ANALYTICS_SCHEMA: '{"RecordColumns":[]}', ANALYTICS_OUTPUT_STREAM: 'out',
    })).toEqual({
      streamName: 'clicks', provisionedShards: 4, sampleLimit: 50, sampleSeconds: 60, kinesisEndpoint: 'http://127.0.0.1:4567',
      analytics: { sql: 'SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"', inputSchema: { RecordColumns: [] }, outputStream: 'out' },
    });
  });

  test('ANALYTICS_SQL may be a JSON string literal', () => {
    const config = parseVerifierConfig({ STREAM_NAME: 's', ANALYTICS_SQL: '"SELECT STREAM 1\\nFROM x"', ANALYTICS_SCHEMA: '{}', ANALYTICS_OUTPUT_STREAM: 'o' });
    expect(config.analytics?.sql).toBe('SELECT STREAM 1\nFROM x');
  });

  test.each([
    [{}, 'STREAM_NAME', /is required/],
    [{ STREAM_NAME: 's', SAMPLE_LIMIT: '0' }, 'SAMPLE_LIMIT', /integer from 1 to 100000/],
    [{ STREAM_NAME: 's', SAMPLE_SECONDS: '5m' }, 'SAMPLE_SECONDS', /got "5m"/],
    [{ STREAM_NAME: 's', PROVISIONED_SHARDS: '1.5' }, 'PROVISIONED_SHARDS', /integer/],
    [{ STREAM_NAME: 's', ANALYTICS_SQL: 'x', ANALYTICS_SCHEMA: '{}' }, 'ANALYTICS_OUTPUT_STREAM', /go together/],
    [{ STREAM_NAME: 's', ANALYTICS_SQL: 'x', ANALYTICS_SCHEMA: '{', ANALYTICS_OUTPUT_STREAM: 'o' }, 'ANALYTICS_SCHEMA', /must be JSON/],
  ])('%j: a typed error naming %s', (env, field, message) => {
    const e = errorOf(() => parseVerifierConfig(env));
    expect(e.field).toBe(field);
    expect(e.message).toMatch(message);
    expect(e.message.startsWith(`${field}: `)).toBe(true);
  });
});

describe('parseVerifierEvent', () => {
  test('a scheduled EventBridge event and an empty invoke use the configured defaults', () => {
    const scheduled = { version: '0', id: 'x', 'detail-type': 'Scheduled Event', source: 'aws.events', account: '123456789012', time: '2026-11-25T10:00:00Z', region: 'eu-west-1', resources: [], detail: {} };
    expect(parseVerifierEvent(scheduled, defaults)).toEqual({ sampleSeconds: 300, limit: 1000 });
    expect(parseVerifierEvent({}, defaults)).toEqual({ sampleSeconds: 300, limit: 1000 });
    expect(parseVerifierEvent(undefined, defaults)).toEqual({ sampleSeconds: 300, limit: 1000 });
  });

  test('a direct invoke overrides either', () => {
    expect(parseVerifierEvent({ sampleSeconds: 60, limit: 10 }, defaults)).toEqual({ sampleSeconds: 60, limit: 10 });
  });

  test.each([
    [{ sampleSeconds: '60' }, 'sampleSeconds'],
    [{ sampleSeconds: 0 }, 'sampleSeconds'],
    [{ limit: 2.5 }, 'limit'],
    [{ limit: 100_001 }, 'limit'],
    [{ limt: 5 }, 'limt'],
    ['run', 'event'],
    [[1], 'event'],
  ])('%j: a typed error naming %s', (event, field) => {
    expect(errorOf(() => parseVerifierEvent(event, defaults)).field).toBe(field);
  });
});
