import fc from 'fast-check';
import { INDEX_ROTATION_PERIODS } from '../../../../lambda/engine/firehose/limits';
import {
  BulkTransportError,
  DOCUMENT_ID_FORMATS,
  OPENSEARCH_BACKOFF,
  OPENSEARCH_ERROR_CODES,
  buildBulkBody,
  deliverToOpenSearch,
  documentId,
  failedDocumentLine,
  failedDocumentRecord,
  indexNameFor,
  parseBulkResponse,
} from '../../../../lambda/engine/firehose/opensearch';
import type {
  BulkDocument,
  BulkResponse,
  DocumentIdFormat,
  FailedDocument,
  IndexRotationPeriod,
  OpenSearchBulkPort,
  RetryTime,
} from '../../../../lambda/engine/firehose/opensearch';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const at = (iso: string): number => Date.parse(iso);
const text = (s: string): Uint8Array => Buffer.from(s, 'utf8');

// ---------------------------------------------------------------------------------------------
describe('indexNameFor', () => {
  const PERIODS: IndexRotationPeriod[] = ['NoRotation', 'OneHour', 'OneDay', 'OneWeek', 'OneMonth'];

  it('handles exactly the API model enum', () => {
    expect([...INDEX_ROTATION_PERIODS].sort()).toEqual([...PERIODS].sort());
  });

  it("reproduces AWS's table for myindex at 2016-02-25T13:00:00Z", () => {
    const t = at('2016-02-25T13:00:00Z');
    expect(PERIODS.map((p) => indexNameFor('myindex', p, t))).toEqual([
      'myindex',
      'myindex-2016-02-25-13',
      'myindex-2016-02-25',
      'myindex-2016-w08',
      'myindex-2016-02',
    ]);
  });

  it('uses UTC and switches exactly at the hour, day and month boundary', () => {
    expect(indexNameFor('i', 'OneHour', at('2016-02-29T23:59:59.999Z'))).toBe('i-2016-02-29-23');
    expect(indexNameFor('i', 'OneHour', at('2016-03-01T00:00:00.000Z'))).toBe('i-2016-03-01-00');
    expect(indexNameFor('i', 'OneDay', at('2016-02-29T23:59:59.999Z'))).toBe('i-2016-02-29');
    expect(indexNameFor('i', 'OneDay', at('2016-03-01T00:00:00.000Z'))).toBe('i-2016-03-01');
    expect(indexNameFor('i', 'OneMonth', at('2016-12-31T23:59:59.999Z'))).toBe('i-2016-12');
    expect(indexNameFor('i', 'OneMonth', at('2017-01-01T00:00:00.000Z'))).toBe('i-2017-01');
    // 2016-02-25T23:30 in UTC-05:00 is already the 26th in UTC.
    expect(indexNameFor('i', 'OneDay', at('2016-02-25T23:30:00-05:00'))).toBe('i-2016-02-26');
  });

  // Weeks run Sunday–Saturday; week 00 is the one containing January 1st (see weekSuffix for why 00).
  it.each([
    ['2015-12-27T00:00:00Z', 'i-2016-w00'], // Sunday before 2016-01-01 (a Friday): same week as Jan 1st
    ['2015-12-31T23:59:59Z', 'i-2016-w00'],
    ['2016-01-01T00:00:00Z', 'i-2016-w00'], // Friday
    ['2016-01-02T23:59:59Z', 'i-2016-w00'], // Saturday: the first Saturday of 2016
    ['2016-01-03T00:00:00Z', 'i-2016-w01'], // Sunday
    ['2016-02-20T23:59:59Z', 'i-2016-w07'],
    ['2016-02-21T00:00:00Z', 'i-2016-w08'],
    ['2016-12-31T12:00:00Z', 'i-2016-w52'], // Saturday; 2017-01-01 is a Sunday
    ['2017-01-01T00:00:00Z', 'i-2017-w00'], // Sunday: a week entirely in 2017
    ['2017-01-07T23:59:59Z', 'i-2017-w00'],
    ['2017-01-08T00:00:00Z', 'i-2017-w01'],
    ['2021-12-25T23:59:59Z', 'i-2021-w51'], // Saturday
    ['2021-12-26T00:00:00Z', 'i-2022-w00'], // Sunday of the week whose Saturday is 2022-01-01
    ['2021-12-31T23:59:59Z', 'i-2022-w00'],
    ['2022-01-01T00:00:00Z', 'i-2022-w00'], // Saturday
    ['2022-01-02T00:00:00Z', 'i-2022-w01'],
    ['2000-12-30T00:00:00Z', 'i-2000-w52'], // leap year starting on a Saturday: the highest week number
    ['2000-12-31T00:00:00Z', 'i-2001-w00'],
    ['2023-12-31T00:00:00Z', 'i-2024-w00'],
  ])('OneWeek at %s is %s', (iso, expected) => {
    expect(indexNameFor('i', 'OneWeek', at(iso))).toBe(expected);
  });

  it('matches a brute-force count of Sunday–Saturday weeks', () => {
    // Oracle: walk back to the week's Sunday; the year is its Saturday's; count earlier Sundays of that year's weeks.
    const oracle = (ms: number): string => {
      const day = Math.floor(ms / DAY_MS);
      let sunday = day;
      while (new Date(sunday * DAY_MS).getUTCDay() !== 0) sunday--;
      const year = new Date((sunday + 6) * DAY_MS).getUTCFullYear();
      let n = 0;
      for (let s = sunday - 7; new Date((s + 6) * DAY_MS).getUTCFullYear() === year; s -= 7) n++;
      return `i-${year}-w${String(n).padStart(2, '0')}`;
    };
    fc.assert(
      fc.property(fc.integer({ min: at('1900-01-01T00:00:00Z'), max: at('2200-12-31T23:59:59Z') }), (ms) => {
        expect(indexNameFor('i', 'OneWeek', ms)).toBe(oracle(ms));
      }),
    );
  });

  it('over every hour of a span: suffixes never decrease and change exactly at period starts', () => {
    const startsPeriod: Record<IndexRotationPeriod, (d: Date) => boolean> = {
      NoRotation: () => false,
      OneHour: () => true,
      OneDay: (d) => d.getUTCHours() === 0,
      OneWeek: (d) => d.getUTCHours() === 0 && d.getUTCDay() === 0,
      OneMonth: (d) => d.getUTCHours() === 0 && d.getUTCDate() === 1,
    };
    // Half of the spans start in December, so that year boundaries (and their weeks) are always exercised.
    const anyHour = fc.integer({ min: 0, max: at('2100-01-01T00:00:00Z') / HOUR_MS });
    const decemberHour = fc
      .tuple(fc.integer({ min: 1970, max: 2099 }), fc.integer({ min: 0, max: 31 * 24 - 1 }))
      .map(([year, h]) => Date.UTC(year, 11, 1) / HOUR_MS + h);
    fc.assert(
      fc.property(
        fc.oneof(anyHour, decemberHour),
        fc.integer({ min: 1, max: 24 * 70 }),
        fc.constantFrom(...PERIODS),
        (startHour, hours, period) => {
          // Plain comparisons in the loop (expect() per hour is slow); the first bad hour is reported.
          let previous = indexNameFor('i', period, startHour * HOUR_MS);
          for (let h = startHour + 1; h <= startHour + hours; h++) {
            const name = indexNameFor('i', period, h * HOUR_MS);
            if (name < previous || (name !== previous) !== startsPeriod[period](new Date(h * HOUR_MS))) {
              expect({ hour: new Date(h * HOUR_MS).toISOString(), previous, name }).toBe('monotonic, changing only at a period start');
            }
            previous = name;
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('rejects an unknown rotation period and a non-finite time', () => {
    expect(() => indexNameFor('i', 'OneYear' as IndexRotationPeriod, 0)).toThrow(
      new RangeError("IndexRotationPeriod 'OneYear' is not one of NoRotation, OneHour, OneDay, OneWeek, OneMonth"),
    );
    expect(() => indexNameFor('i', 'OneDay', Number.NaN)).toThrow(new RangeError('arrivalMs must be a finite number of milliseconds, got NaN'));
  });
});

// ---------------------------------------------------------------------------------------------
describe('documentId', () => {
  const identity = { deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/clicks', arrivalMs: 1456405200000, recordId: '00000000000000000001' };

  it('covers the API model enum', () => {
    expect([...DOCUMENT_ID_FORMATS].sort()).toEqual(['FIREHOSE_DEFAULT', 'NO_DOCUMENT_ID']);
  });

  it('FIREHOSE_DEFAULT: 32 hex of SHA-256("<arn>\\n<arrivalMs>\\n<recordId>"), the same on every call', () => {
    // Computed outside the code under test: printf '<arn>\n1456405200000\n00000000000000000001' | sha256sum
    expect(documentId('FIREHOSE_DEFAULT', identity)).toBe('e5c57ec09fe847d8d8a55acc64014580');
    expect(documentId('FIREHOSE_DEFAULT', { ...identity })).toBe('e5c57ec09fe847d8d8a55acc64014580');
  });

  it('FIREHOSE_DEFAULT: another record, stream or arrival time gets another id', () => {
    const ids = new Set([
      documentId('FIREHOSE_DEFAULT', identity),
      documentId('FIREHOSE_DEFAULT', { ...identity, recordId: '00000000000000000002' }),
      documentId('FIREHOSE_DEFAULT', { ...identity, deliveryStreamArn: `${identity.deliveryStreamArn}2` }),
      documentId('FIREHOSE_DEFAULT', { ...identity, arrivalMs: identity.arrivalMs + 1 }),
    ]);
    expect(ids.size).toBe(4);
  });

  it('NO_DOCUMENT_ID: none', () => {
    expect(documentId('NO_DOCUMENT_ID', identity)).toBeUndefined();
  });

  it('rejects an unknown format', () => {
    expect(() => documentId('UUID' as DocumentIdFormat, identity)).toThrow(
      new RangeError("DefaultDocumentIdFormat 'UUID' is not one of FIREHOSE_DEFAULT, NO_DOCUMENT_ID"),
    );
  });
});

// ---------------------------------------------------------------------------------------------
describe('buildBulkBody', () => {
  it('writes an index action line and the source line per document, each ending in a newline', () => {
    const docs: BulkDocument[] = [
      { index: 'myindex-2016-02-25', id: 'a1', source: text('{"user":"ü","n":1}') },
      { index: 'legacy', type: 'clicks', id: 'a2', source: text('{"n":2}') },
      { index: 'noid', source: text('{"n":3}') },
      { index: 'emptytype', type: '', source: text(' {"n":4} ') },
    ];
    const { body, sent, rejected } = buildBulkBody(docs);
    expect(body.toString('utf8')).toBe(
      '{"index":{"_index":"myindex-2016-02-25","_id":"a1"}}\n{"user":"ü","n":1}\n' +
        '{"index":{"_index":"legacy","_type":"clicks","_id":"a2"}}\n{"n":2}\n' +
        '{"index":{"_index":"noid"}}\n{"n":3}\n' +
        '{"index":{"_index":"emptytype"}}\n {"n":4} \n',
    );
    expect(sent).toEqual(docs);
    expect(rejected).toEqual([]);
  });

  it('copies the source bytes unchanged (no re-serialisation: big numbers and key order survive)', () => {
    const source = text('{"b":12345678901234567890,"a":1.50}');
    const { body } = buildBulkBody([{ index: 'x', source }]);
    expect(body.subarray(body.indexOf('\n') + 1)).toEqual(Buffer.concat([Buffer.from(source), Buffer.from('\n')]));
  });

  it('escapes index, type and id as JSON strings', () => {
    const { body } = buildBulkBody([{ index: 'a"b', type: 't\\', id: 'x\ny', source: text('{}') }]);
    expect(body.toString('utf8')).toBe('{"index":{"_index":"a\\"b","_type":"t\\\\","_id":"x\\ny"}}\n{}\n');
  });

  it('returns documents that cannot be one NDJSON line as failures, and leaves them out of the body', () => {
    const msg = (reason: string) => ({
      errorCode: 'OpenSearch.InvalidDocument',
      errorMessage: `The record is not a single-line UTF-8 JSON object: ${reason}`,
    });
    const good: BulkDocument = { index: 'x', id: 'ok', source: text('{"ok":true}') };
    const bad: Array<[BulkDocument, ReturnType<typeof msg>]> = [
      [{ index: 'x', source: text('{"a":1}\n') }, msg('it contains a newline')],
      [{ index: 'x', source: text('{\n"a":1}') }, msg('it contains a newline')],
      [{ index: 'x', source: Uint8Array.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]) }, msg('it is not valid UTF-8')],
      [{ index: 'x', source: text('\uFEFF{"a":1}') }, msg('it is not valid JSON')],
      [{ index: 'x', source: text('a=1,b=2') }, msg('it is not valid JSON')],
      [{ index: 'x', source: text('') }, msg('it is not valid JSON')],
      [{ index: 'x', source: text('[1,2]') }, msg('it is JSON but not an object')],
      [{ index: 'x', source: text('null') }, msg('it is JSON but not an object')],
      [{ index: 'x', source: text('"s"') }, msg('it is JSON but not an object')],
    ];
    const result = buildBulkBody([bad[0]![0], good, ...bad.slice(1).map(([d]) => d)]);
    expect(result.body.toString('utf8')).toBe('{"index":{"_index":"x","_id":"ok"}}\n{"ok":true}\n');
    expect(result.sent).toEqual([good]);
    expect(result.rejected).toEqual(bad.map(([doc, failure]) => ({ doc, ...failure })));
  });

  it('an empty batch is an empty body', () => {
    expect(buildBulkBody([])).toEqual({ body: Buffer.alloc(0), sent: [], rejected: [] });
  });
});

// ---------------------------------------------------------------------------------------------
describe('parseBulkResponse', () => {
  const mapping = { type: 'mapper_parsing_exception', reason: 'failed to parse field [n] of type [long]' };
  const rejectedExec = { type: 'es_rejected_execution_exception', reason: 'rejected execution' };

  it('reads each item: 2xx ok, 429 and 5xx retryable, other 4xx not', () => {
    const body = {
      took: 3,
      errors: true,
      items: [
        { index: { _index: 'x', _id: '1', status: 201, result: 'created' } },
        { index: { _index: 'x', _id: '2', status: 200, result: 'updated' } },
        { index: { _index: 'x', _id: '3', status: 429, error: rejectedExec } },
        { index: { _index: 'x', _id: '4', status: 400, error: mapping } },
        { index: { _index: 'x', _id: '5', status: 503, error: 'UnavailableShardsException[...]' } },
        { create: { _index: 'x', _id: '6', status: 409 } },
        { index: { _index: 'x', _id: '7' } },
      ],
    };
    expect(parseBulkResponse(200, body, 7)).toEqual([
      { ok: true },
      { ok: true },
      { ok: false, retryable: true, errorCode: '429', errorMessage: JSON.stringify(rejectedExec) },
      { ok: false, retryable: false, errorCode: '400', errorMessage: JSON.stringify(mapping) },
      { ok: false, retryable: true, errorCode: '503', errorMessage: 'UnavailableShardsException[...]' },
      { ok: false, retryable: false, errorCode: '409', errorMessage: 'HTTP 409' },
      {
        ok: false,
        retryable: true,
        errorCode: 'OpenSearch.MalformedResponse',
        errorMessage: 'Bulk response item without a status: {"index":{"_index":"x","_id":"7"}}',
      },
    ]);
  });

  it('a non-2xx response fails every document, retryably, with the status as the error code', () => {
    const auth = { type: 'security_exception', reason: 'no permissions for [indices:data/write/bulk]' };
    expect(parseBulkResponse(403, { error: auth, status: 403 }, 2)).toEqual([
      { ok: false, retryable: true, errorCode: '403', errorMessage: JSON.stringify(auth) },
      { ok: false, retryable: true, errorCode: '403', errorMessage: JSON.stringify(auth) },
    ]);
    expect(parseBulkResponse(502, '<html>Bad Gateway</html>', 1)).toEqual([
      { ok: false, retryable: true, errorCode: '502', errorMessage: '<html>Bad Gateway</html>' },
    ]);
    expect(parseBulkResponse(500, undefined, 1)).toEqual([{ ok: false, retryable: true, errorCode: '500', errorMessage: 'HTTP 500' }]);
  });

  it('cuts long error texts at 2048 characters', () => {
    const [result] = parseBulkResponse(502, 'x'.repeat(5000), 1);
    expect(result).toEqual({ ok: false, retryable: true, errorCode: '502', errorMessage: `${'x'.repeat(2048)}…` });
  });

  it('a 2xx response that is not a bulk response for this request fails every document, retryably', () => {
    const malformed = (errorMessage: string) => ({ ok: false, retryable: true, errorCode: 'OpenSearch.MalformedResponse', errorMessage });
    expect(parseBulkResponse(200, 'not json', 1)).toEqual([malformed('Expected a bulk response with 1 items, got no items: not json')]);
    expect(parseBulkResponse(200, undefined, 1)).toEqual([malformed('Expected a bulk response with 1 items, got no items: ')]);
    expect(parseBulkResponse(200, { items: [{ index: { status: 201 } }] }, 2)).toEqual([
      malformed('Expected a bulk response with 2 items, got 1 items: {"items":[{"index":{"status":201}}]}'),
      malformed('Expected a bulk response with 2 items, got 1 items: {"items":[{"index":{"status":201}}]}'),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
describe('failedDocumentRecord', () => {
  it("has AWS's keys in AWS's order, rawData in base64, and serialises as one line", () => {
    const failure: FailedDocument = {
      doc: { index: 'myindex-2016-02-25', type: 'clicks', id: 'e5c57ec09fe847d8d8a55acc64014580', source: text('{"a":"line\\nbreak"}') },
      errorCode: '400',
      errorMessage: '{"type":"mapper_parsing_exception","reason":"failed to parse"}',
      attemptsMade: 1,
      attemptEndingMs: 1456405260000,
    };
    const record = failedDocumentRecord(failure, 1456405200000);
    expect(Object.keys(record)).toEqual([
      'attemptsMade',
      'arrivalTimestamp',
      'errorCode',
      'errorMessage',
      'attemptEndingTimestamp',
      'esDocumentId',
      'esIndexName',
      'esTypeName',
      'rawData',
    ]);
    expect(failedDocumentLine(record)).toBe(
      '{"attemptsMade":1,"arrivalTimestamp":1456405200000,"errorCode":"400",' +
        '"errorMessage":"{\\"type\\":\\"mapper_parsing_exception\\",\\"reason\\":\\"failed to parse\\"}",' +
        '"attemptEndingTimestamp":1456405260000,"esDocumentId":"e5c57ec09fe847d8d8a55acc64014580",' +
        '"esIndexName":"myindex-2016-02-25","esTypeName":"clicks","rawData":"eyJhIjoibGluZVxuYnJlYWsifQ=="}\n',
    );
  });

  it('writes null for a missing document id and type name', () => {
    const record = failedDocumentRecord(
      { doc: { index: 'i', type: '', source: text('x') }, errorCode: 'OpenSearch.InvalidDocument', errorMessage: 'm', attemptsMade: 0, attemptEndingMs: 5 },
      4,
    );
    expect(record).toEqual({
      attemptsMade: 0,
      arrivalTimestamp: 4,
      errorCode: 'OpenSearch.InvalidDocument',
      errorMessage: 'm',
      attemptEndingTimestamp: 5,
      esDocumentId: null,
      esIndexName: 'i',
      esTypeName: null,
      rawData: 'eA==',
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Delivery

/** Simulated time: sleep advances the clock instantly and records what was asked. */
function fakeTime(startMs = 1_000_000): RetryTime & { sleeps: number[]; current: () => number } {
  let now = startMs;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    current: () => now,
  };
}

/** The `_id`s of the documents in a bulk body, in order. */
function idsIn(body: Buffer): string[] {
  const lines = body.toString('utf8').split('\n');
  const ids: string[] = [];
  for (let i = 0; i < lines.length - 1; i += 2) ids.push((JSON.parse(lines[i]!) as { index: { _id: string } }).index._id);
  return ids;
}

function item(status: number, error?: unknown): Record<string, unknown> {
  return { index: error === undefined ? { status } : { status, error } };
}

/** A port answering from a script; records every body it receives. */
function scriptedPort(script: Array<(ids: string[]) => BulkResponse | Error>): OpenSearchBulkPort & { bodies: Buffer[] } {
  const bodies: Buffer[] = [];
  return {
    bodies,
    bulk: async (body) => {
      bodies.push(body);
      const step = script[bodies.length - 1];
      if (step === undefined) throw new Error(`unexpected request #${bodies.length}`);
      const answer = step(idsIn(body));
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

const docs = (n: number): BulkDocument[] => Array.from({ length: n }, (_, i) => ({ index: 'idx', id: `d${i + 1}`, source: text(`{"n":${i + 1}}`) }));
const mapping = { type: 'mapper_parsing_exception', reason: 'failed to parse' };
const throttled = { type: 'es_rejected_execution_exception', reason: 'rejected execution' };

describe('deliverToOpenSearch', () => {
  it('retries only the retryable documents, with backoff, until they are delivered', async () => {
    const batch = docs(3);
    const time = fakeTime();
    const port = scriptedPort([
      () => ({ status: 200, body: { errors: true, items: [item(201), item(429, throttled), item(400, mapping)] } }),
      () => ({ status: 503, body: { error: 'busy' } }),
      () => ({ status: 200, body: { errors: false, items: [item(201)] } }),
    ]);
    const result = await deliverToOpenSearch(batch, port, time, 300);
    expect(port.bodies.map(idsIn)).toEqual([['d1', 'd2', 'd3'], ['d2'], ['d2']]);
    expect(port.bodies[1]!.toString('utf8')).toBe('{"index":{"_index":"idx","_id":"d2"}}\n{"n":2}\n');
    expect(time.sleeps).toEqual([1000, 2000]);
    expect(result.delivered).toEqual([batch[0], batch[1]]);
    expect(result.failed).toEqual([
      { doc: batch[2], errorCode: '400', errorMessage: JSON.stringify(mapping), attemptsMade: 1, attemptEndingMs: 1_000_000 },
    ]);
  });

  it('gives up when the retry duration is used up: the last wait is cut to the deadline', async () => {
    const time = fakeTime(0);
    const always429 = () => ({ status: 200, body: { items: [item(429, throttled)] } });
    const port = scriptedPort(Array.from({ length: 20 }, () => always429));
    const result = await deliverToOpenSearch(docs(1), port, time, 10);
    // Attempts at 0, 1, 3, 7 and 10 s (the 8 s backoff is cut to the 3 s left).
    expect(time.sleeps).toEqual([1000, 2000, 4000, 3000]);
    expect(port.bodies).toHaveLength(5);
    expect(result.delivered).toEqual([]);
    expect(result.failed).toEqual([
      { doc: docs(1)[0], errorCode: '429', errorMessage: JSON.stringify(throttled), attemptsMade: 5, attemptEndingMs: 10_000 },
    ]);
  });

  it('backs off by doubling up to 60 s', async () => {
    const time = fakeTime(0);
    const port = scriptedPort(Array.from({ length: 20 }, () => () => ({ status: 500, body: undefined })));
    await deliverToOpenSearch(docs(1), port, time, 300);
    expect(OPENSEARCH_BACKOFF).toEqual({ initialMs: 1000, maxMs: 60000 });
    expect(time.sleeps).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000, 57000]);
  });

  it('a retry duration of 0 makes a single attempt', async () => {
    const time = fakeTime(0);
    const port = scriptedPort([() => ({ status: 200, body: { items: [item(201), item(503)] } })]);
    const batch = docs(2);
    const result = await deliverToOpenSearch(batch, port, time, 0);
    expect(port.bodies).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
    expect(result).toEqual({
      delivered: [batch[0]],
      failed: [{ doc: batch[1], errorCode: '503', errorMessage: 'HTTP 503', attemptsMade: 1, attemptEndingMs: 0 }],
    });
  });

  it('retries a whole-request 4xx (cluster configuration) and a transport error', async () => {
    const time = fakeTime(0);
    const port = scriptedPort([
      () => ({ status: 403, body: { message: 'User is not authorized' } }),
      () => new BulkTransportError('OpenSearch.ConnectionFailed', 'connect ECONNREFUSED 127.0.0.1:9'),
      (ids) => ({ status: 200, body: { items: ids.map(() => item(201)) } }),
    ]);
    const batch = docs(2);
    const result = await deliverToOpenSearch(batch, port, time, 60);
    expect(port.bodies.map(idsIn)).toEqual([['d1', 'd2'], ['d1', 'd2'], ['d1', 'd2']]);
    expect(result).toEqual({ delivered: batch, failed: [] });
  });

  it('reports the last error of each document when retries run out', async () => {
    const time = fakeTime(0);
    const port = scriptedPort([
      () => ({ status: 200, body: { items: [item(429, throttled), item(500)] } }),
      () => new BulkTransportError('OpenSearch.Timeout', 'no response within 30000 ms'),
    ]);
    const batch = docs(2);
    const result = await deliverToOpenSearch(batch, port, time, 1);
    expect(result.failed).toEqual([
      { doc: batch[0], errorCode: 'OpenSearch.Timeout', errorMessage: 'no response within 30000 ms', attemptsMade: 2, attemptEndingMs: 1000 },
      { doc: batch[1], errorCode: 'OpenSearch.Timeout', errorMessage: 'no response within 30000 ms', attemptsMade: 2, attemptEndingMs: 1000 },
    ]);
  });

  it('an unexpected port error fails the documents (InternalError) instead of losing them', async () => {
    const port = scriptedPort([() => new TypeError('boom')]);
    const batch = docs(1);
    const result = await deliverToOpenSearch(batch, port, fakeTime(7), 0);
    expect(result).toEqual({
      delivered: [],
      failed: [{ doc: batch[0], errorCode: 'InternalError', errorMessage: 'boom', attemptsMade: 1, attemptEndingMs: 7 }],
    });
  });

  it('never sends invalid documents; they fail with 0 attempts', async () => {
    const batch: BulkDocument[] = [{ index: 'idx', id: 'bad', source: text('not json') }, ...docs(1)];
    const port = scriptedPort([() => ({ status: 200, body: { items: [item(201)] } })]);
    const result = await deliverToOpenSearch(batch, port, fakeTime(3), 300);
    expect(port.bodies.map(idsIn)).toEqual([['d1']]);
    expect(result).toEqual({
      delivered: [batch[1]],
      failed: [
        {
          doc: batch[0],
          errorCode: OPENSEARCH_ERROR_CODES.invalidDocument,
          errorMessage: 'The record is not a single-line UTF-8 JSON object: it is not valid JSON',
          attemptsMade: 0,
          attemptEndingMs: 3,
        },
      ],
    });
  });

  it('sends nothing for an empty batch', async () => {
    const port = scriptedPort([]);
    expect(await deliverToOpenSearch([], port, fakeTime(), 300)).toEqual({ delivered: [], failed: [] });
    expect(port.bodies).toEqual([]);
  });

  it('ends even if the time source never advances', async () => {
    const frozen: RetryTime = { now: () => 0, sleep: async () => undefined };
    const port: OpenSearchBulkPort = { bulk: async () => ({ status: 503, body: undefined }) };
    const result = await deliverToOpenSearch(docs(1), port, frozen, 10);
    // Requested waits 1+2+4 s, then the 3 s left of the budget: 5 attempts, as with a working clock.
    expect(result.failed.map((f) => f.attemptsMade)).toEqual([5]);
  });

  it.each([-1, 7201, 1.5, Number.NaN])('rejects a retry duration of %p', async (seconds) => {
    await expect(deliverToOpenSearch(docs(1), scriptedPort([]), fakeTime(), seconds)).rejects.toThrow(
      new RangeError(`RetryOptions.DurationInSeconds must be an integer from 0 to 7200, got ${seconds}`),
    );
  });

  it('property: every document ends delivered or failed exactly once, as the port decided', async () => {
    type Fate = 'ok' | 'retryable' | 'fatal';
    // Mostly per-item answers; sometimes a whole-request failure of each kind.
    const outcome = fc.constantFrom('items', 'items', 'items', 'http503', 'http400', 'transport', 'garbage');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 120 }),
        fc.array(outcome, { minLength: 1, maxLength: 40 }),
        fc.infiniteStream(fc.constantFrom<Fate>('ok', 'ok', 'retryable', 'fatal')),
        async (n, retrySeconds, outcomes, fates) => {
          const batch = docs(n);
          const time = fakeTime(0);
          const fateIter = fates[Symbol.iterator]();
          const okByPort = new Map<string, number>();
          const fatalByPort = new Set<string>();
          let requests = 0;
          let lastIds: string[] = [];
          const port: OpenSearchBulkPort = {
            bulk: async (body) => {
              const ids = idsIn(body);
              // Only documents the previous answer made retryable may come back.
              if (requests > 0) for (const id of ids) expect(lastIds).toContain(id);
              const kind = outcomes[requests++ % outcomes.length]!;
              if (kind === 'transport') {
                lastIds = ids;
                throw new BulkTransportError('OpenSearch.ConnectionFailed', 'refused');
              }
              if (kind === 'http503' || kind === 'http400') {
                lastIds = ids;
                return { status: kind === 'http503' ? 503 : 400, body: { error: 'nope' } };
              }
              if (kind === 'garbage') {
                lastIds = ids;
                return { status: 200, body: '<html>' };
              }
              const items = ids.map((id) => {
                const fate = fateIter.next().value as Fate;
                if (fate === 'ok') okByPort.set(id, (okByPort.get(id) ?? 0) + 1);
                if (fate === 'fatal') fatalByPort.add(id);
                return fate === 'ok' ? item(201) : fate === 'retryable' ? item(429) : item(400, mapping);
              });
              lastIds = ids.filter((_, i) => (items[i]!.index as { status: number }).status === 429);
              return { status: 200, body: { items } };
            },
          };
          const result = await deliverToOpenSearch(batch, port, time, retrySeconds);
          const all = [...result.delivered, ...result.failed.map((f) => f.doc)];
          expect(all).toHaveLength(batch.length);
          expect(new Set(all).size).toBe(batch.length);
          for (const doc of batch) expect(all).toContain(doc);
          // Delivered = what the port accepted, once each; failed = the rest.
          expect(result.delivered.map((d) => d.id).sort()).toEqual([...okByPort.keys()].sort());
          for (const count of okByPort.values()) expect(count).toBe(1);
          for (const f of result.failed) {
            expect(f.attemptsMade).toBeGreaterThanOrEqual(1);
            if (fatalByPort.has(f.doc.id!)) expect(f.errorCode).toBe('400');
          }
          // The retry budget is respected: no request starts after the deadline.
          expect(time.current()).toBeLessThanOrEqual(retrySeconds * 1000);
          expect(requests).toBeLessThanOrEqual(batch.length === 0 ? 0 : Math.max(1, 2 + Math.ceil(Math.log2(retrySeconds + 1)) + Math.ceil(retrySeconds / 60)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
