// This suite asserts the handler's log line; the other suites quiet it (test/support/quiet-logs.ts).
process.env.POWERTOOLS_LOG_LEVEL = 'INFO';

import { createHash } from 'node:crypto';
import { CLICK_EVENT_COLUMNS } from '../../../lambda/engine/clickstream/click-event';
import {
  TRANSFORMATION_RESULTS,
  checkTransformResponse,
  type FirehoseTransformationEvent,
  type FirehoseTransformationEventRecord,
} from '../../../lambda/engine/firehose/transform-contract';
import { handler } from '../../../lambda/handlers/firehose-transform';
import { mulberry32 } from '../../../lambda/engine/seeded-random';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const json64 = (value: unknown): string => b64(JSON.stringify(value));
const unb64 = (data: string): string => Buffer.from(data, 'base64').toString('utf8');

const SESSION_U123_S9 = 'ef6f37047c3a3d73d1e607e4380a648e'; // sha256("u-123\0s-9"), 32 hex digits

const VALID = {
  eventId: 'e-1',
  eventType: 'Page_View',
  timestamp: '2026-11-25T10:00:00Z',
  url: 'https://shop.example.com/products/42?ref=mail',
  userId: 'u-123',
  sessionId: 's-9',
  referrer: 'https://www.google.com/',
  userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15',
  properties: { sku: '42' },
};

const VALID_LINE =
  '{"event_id":"e-1","event_type":"page_view","event_time":"2026-11-25T10:00:00.000Z",' +
  '"url":"https://shop.example.com/products/42?ref=mail","url_host":"shop.example.com","url_path":"/products/42",' +
  `"user_id":"u-123","anonymous_id":null,"session_key":"${SESSION_U123_S9}","referrer":"https://www.google.com/",` +
  '"user_agent":"Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15",' +
  '"properties":{"sku":"42"}}\n';

function kinesisRecord(i: number, data: string): FirehoseTransformationEventRecord {
  return {
    recordId: `4954698668313554428650745793632162567570019247115678515400000${i}`,
    approximateArrivalTimestamp: 1764064800000 + i,
    data,
    kinesisRecordMetadata: {
      shardId: 'shardId-000000000000',
      partitionKey: `visitor-${i}`,
      approximateArrivalTimestamp: 1764064800000 + i,
      sequenceNumber: `4954698668313554428650745793632162567570019247115678515${i}`,
      subsequenceNumber: 0,
    },
  };
}

function kinesisEvent(data: string[]): FirehoseTransformationEvent {
  return {
    invocationId: '4f5b3a9e-6c1d-4a8e-9b7f-2d0c1e3a5b7c',
    deliveryStreamArn: 'arn:aws:firehose:us-east-2:123456789012:deliverystream/clickstream',
    sourceKinesisStreamArn: 'arn:aws:kinesis:us-east-2:123456789012:stream/clickstream',
    region: 'us-east-2',
    records: data.map((d, i) => kinesisRecord(i, d)),
  };
}

/** Captures the Powertools JSON log lines (written to process.stdout outside POWERTOOLS_DEV). */
let logLines: string[];
beforeEach(() => {
  logLines = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    logLines.push(chunk.toString().trim());
    return true;
  });
});
afterEach(() => jest.restoreAllMocks());

function summaryLog(): Record<string, unknown> {
  const entries = logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
  expect(entries).toHaveLength(1);
  return entries[0]!;
}

describe('firehose-transform handler', () => {
  it('transforms a mixed Kinesis-source batch and logs one summary line without payloads', async () => {
    const event = kinesisEvent([
      json64(VALID),
      json64({ ...VALID, isBot: true }),
      json64({ ...VALID, userAgent: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' }),
      'not*base64',
      b64('{"eventType":"click",'),
      json64(['not', 'an', 'object']),
      json64({ ...VALID, timestamp: 'yesterday' }),
      json64({ ...VALID, userId: undefined }),
    ]);
    const response = await handler(event);
    const ids = event.records.map((r) => r.recordId);

    expect(response).toEqual({
      records: [
        {
          recordId: ids[0],
          result: 'Ok',
          data: b64(VALID_LINE),
          metadata: { partitionKeys: { event_type: 'page_view', year: '2026', month: '11', day: '25', hour: '10' } },
        },
        ...event.records.slice(1, 3).map((r) => ({ recordId: r.recordId, result: 'Dropped', data: r.data })),
        ...event.records.slice(3).map((r) => ({ recordId: r.recordId, result: 'ProcessingFailed', data: r.data })),
      ],
    });
    expect(unb64(response.records[0]!.data)).toBe(VALID_LINE);
    expect(checkTransformResponse(event, response)).toBeNull();

    const log = summaryLog();
    expect(log).toMatchObject({
      level: 'INFO',
      message: 'firehose transform summary',
      service: 'clickstream-transform',
      invocationId: event.invocationId,
      records: 8,
      ok: 1,
      dropped: 2,
      processingFailed: 5,
      failures: [
        { recordId: ids[3], field: 'data', rule: 'must be valid base64' },
        { recordId: ids[4], field: 'record', rule: 'must be valid JSON' },
        { recordId: ids[5], field: 'record', rule: 'must be a JSON object' },
        { recordId: ids[6], field: 'timestamp', rule: 'must be an ISO-8601 string or epoch milliseconds' },
        { recordId: ids[7], field: 'userId|anonymousId', rule: 'userId or anonymousId is required' },
      ],
      failuresOmitted: 0,
    });
    // Never the raw payload: no visitor id, URL, event data or base64 data in the log line.
    for (const secret of ['u-123', 'shop.example.com', 'yesterday', 'Googlebot', ...event.records.map((r) => r.data)]) {
      expect(logLines[0]).not.toContain(secret);
    }
  });

  it('transforms a direct PUT event (no Kinesis metadata); epoch-ms timestamp and anonymous visitor', async () => {
    const raw = { eventType: 'scroll', timestamp: 1772876699123, url: 'http://example.com', anonymousId: 'anon-7' };
    const event: FirehoseTransformationEvent = {
      invocationId: 'invocationIdExample',
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/clickstream-direct',
      region: 'us-east-1',
      records: [{ recordId: 'rec-1', approximateArrivalTimestamp: 1772876699500, data: json64(raw) }],
    };
    const sessionKey = createHash('sha256').update('anon-7\u00002026-03-07T09:30:00.000Z').digest('hex').slice(0, 32);
    expect(sessionKey).toBe('dd3c4f0b89d935e78abca505b9a8dfee');

    const response = await handler(event);
    expect(response.records).toHaveLength(1);
    expect(response.records[0]).toMatchObject({
      recordId: 'rec-1',
      result: 'Ok',
      metadata: { partitionKeys: { event_type: 'scroll', year: '2026', month: '03', day: '07', hour: '09' } },
    });
    expect(unb64(response.records[0]!.data)).toBe(
      '{"event_id":null,"event_type":"scroll","event_time":"2026-03-07T09:44:59.123Z","url":"http://example.com",' +
        '"url_host":"example.com","url_path":"/","user_id":null,"anonymous_id":"anon-7",' +
        `"session_key":"${sessionKey}","referrer":null,"user_agent":null,"properties":{}}\n`,
    );
    expect(summaryLog()).toMatchObject({ records: 1, ok: 1, dropped: 0, processingFailed: 0, failures: [] });
  });

  it('returns an empty response for an empty records array and still logs the summary', async () => {
    const event = kinesisEvent([]);
    expect(await handler(event)).toEqual({ records: [] });
    expect(summaryLog()).toMatchObject({ invocationId: event.invocationId, records: 0, ok: 0, dropped: 0, processingFailed: 0, failures: [] });
  });
});

// --- property test ---------------------------------------------------------------------------------

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

function validEvent(rand: Rand): Record<string, unknown> {
  const ms = 1764064800000 + Math.floor(rand() * 1e10);
  return {
    eventType: pick(rand, ['click', ' Page_View', 'add.to-cart', 'SCROLL ']),
    timestamp: rand() < 0.5 ? ms : new Date(ms).toISOString().replace('Z', pick(rand, ['Z', '', '+00:00'])),
    url: `https://${pick(rand, ['a.example', 'B.Example.com:8443'])}/${pick(rand, ['', 'p/1', 'ü?x=1#f'])}`,
    ...(rand() < 0.5 ? { userId: `u-${Math.floor(rand() * 1000)}` } : { anonymousId: `a-${Math.floor(rand() * 1000)}` }),
    ...(rand() < 0.5 ? { sessionId: `s-${Math.floor(rand() * 10)}` } : {}),
    ...(rand() < 0.3 ? { properties: { n: Math.floor(rand() * 10) } } : {}),
  };
}

/** Values that break each field's rule (JSON.stringify drops `undefined`: the field goes missing). */
const BREAKERS: Record<string, readonly unknown[]> = {
  eventType: [undefined, '', 'a b', 7, 'x/y'],
  timestamp: [undefined, 'nope', 12.5, '2026-02-30T00:00:00Z', ''],
  url: [undefined, 'nope', 'https://', 'ftp://x', 5],
  properties: ['', [], 1],
  isBot: ['yes', 1, []],
};

function invalidEvent(rand: Rand): Record<string, unknown> {
  const event = validEvent(rand);
  const field = pick(rand, [...Object.keys(BREAKERS), 'visitor']);
  if (field === 'visitor') return { ...event, userId: undefined, anonymousId: undefined };
  return { ...event, [field]: pick(rand, BREAKERS[field]!) };
}

function recordData(rand: Rand): { data: string; kind: 'valid' | 'bot' | 'bad' } {
  const r = rand();
  if (r < 0.35) return { data: json64(validEvent(rand)), kind: 'valid' };
  if (r < 0.45) return { data: json64({ ...validEvent(rand), userAgent: 'Mozilla/5.0 (compatible; bingbot/2.0)' }), kind: 'bot' };
  if (r < 0.7) return { data: json64(invalidEvent(rand)), kind: 'bad' };
  const garbage = Buffer.from(Array.from({ length: Math.floor(rand() * 50) }, () => Math.floor(rand() * 256)));
  return { data: rand() < 0.5 ? garbage.toString('base64') : `${garbage.toString('base64')}%`, kind: 'bad' };
}

describe('handler property: random batches of valid, invalid and garbage records', () => {
  it('answers every recordId exactly once, in order, with allowed results and well-formed Ok lines', async () => {
    const rand = mulberry32(20261125);
    const columns = CLICK_EVENT_COLUMNS.map((c) => c.name);
    for (let batch = 0; batch < 200; batch += 1) {
      logLines = [];
      const generated = Array.from({ length: Math.floor(rand() * 25) }, () => recordData(rand));
      const event = kinesisEvent(generated.map((g) => g.data));
      const response = await handler(event);

      expect(response.records.map((r) => r.recordId)).toEqual(event.records.map((r) => r.recordId));
      expect(checkTransformResponse(event, response)).toBeNull();
      for (const [i, out] of response.records.entries()) {
        expect(TRANSFORMATION_RESULTS).toContain(out.result);
        const expected = { valid: 'Ok', bot: 'Dropped', bad: 'ProcessingFailed' }[generated[i]!.kind];
        expect(out.result).toBe(expected);
        if (out.result === 'Ok') {
          const line = unb64(out.data);
          expect(line.endsWith('\n') && line.indexOf('\n') === line.length - 1).toBe(true);
          expect(Object.keys(JSON.parse(line))).toEqual(columns);
        } else {
          expect(out.data).toBe(event.records[i]!.data);
        }
      }
      const counts = (result: string): number => response.records.filter((r) => r.result === result).length;
      expect(summaryLog()).toMatchObject({ records: generated.length, ok: counts('Ok'), dropped: counts('Dropped'), processingFailed: counts('ProcessingFailed') });
    }
  });
});
