import type {
  FirehoseTransformationEvent as AwsLambdaEvent,
  FirehoseTransformationResult as AwsLambdaResult,
} from 'aws-lambda';
import {
  INVALID_BASE64,
  INVALID_OUTCOME,
  TRANSFORMATION_RESULTS,
  checkTransformResponse,
  decodeBase64Strict,
  summariseTransform,
  transformRecords,
  transformRecordsDetailed,
  type FirehoseTransformationEvent,
  type FirehoseTransformationEventRecord,
  type RecordOutcome,
  type RecordTransform,
} from '../../../../lambda/engine/firehose/transform-contract';
import { mulberry32 } from '../../../../lambda/engine/seeded-random';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

// Shaped as in the fact sheet (§1): a Kinesis-stream source, so the event carries the stream ARN and
// each record carries kinesisRecordMetadata.
const KINESIS_EVENT: FirehoseTransformationEvent = {
  invocationId: 'invocationIdExample',
  deliveryStreamArn: 'arn:aws:firehose:us-east-2:123456789012:deliverystream/clickstream',
  sourceKinesisStreamArn: 'arn:aws:kinesis:us-east-2:123456789012:stream/clickstream',
  region: 'us-east-2',
  records: [
    {
      recordId: '49546986683135544286507457936321625675700192471156785154000000',
      approximateArrivalTimestamp: 1507217624302,
      data: b64('hello'),
      kinesisRecordMetadata: {
        shardId: 'shardId-000000000000',
        partitionKey: '4d1ad2b9-24f8-4b9d-a088-76e9947c317a',
        approximateArrivalTimestamp: 1507217624302,
        sequenceNumber: '49546986683135544286507457936321625675700192471156785154',
        subsequenceNumber: 0,
      },
    },
    {
      recordId: '49546986683135544286507457936321625675700192471156785154000001',
      approximateArrivalTimestamp: 1507217624303,
      data: b64('world'),
      kinesisRecordMetadata: {
        shardId: 'shardId-000000000001',
        partitionKey: '8b2d4e8c-0b8a-4c9e-9f3a-2a6f0e7d1c55',
        approximateArrivalTimestamp: 1507217624303,
        sequenceNumber: '49546986683135544286507457936321625675700192471156785155',
        // @types/aws-lambda types it as a string.
        subsequenceNumber: '1',
      },
    },
  ],
};

// Direct PUT: no sourceKinesisStreamArn, no kinesisRecordMetadata.
const DIRECT_PUT_EVENT: FirehoseTransformationEvent = {
  invocationId: '00540a87-5050-496a-84e4-e7d92bbaf5e2',
  deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/clickstream-direct',
  region: 'us-east-1',
  records: [{ recordId: 'rec-a', approximateArrivalTimestamp: 1764064800000, data: b64('abc') }],
};

const upper: RecordTransform = (data) => ({ result: 'Ok', data: data.toString('utf8').toUpperCase() });

function eventOf(...data: string[]): FirehoseTransformationEvent {
  return {
    ...DIRECT_PUT_EVENT,
    records: data.map((d, i) => ({ recordId: `r${i}`, approximateArrivalTimestamp: 1764064800000 + i, data: d })),
  };
}

describe('transformRecords', () => {
  it('transforms a Kinesis-source event: every recordId once, in order, Ok data base64', () => {
    const response = transformRecords(KINESIS_EVENT, upper);
    expect(response).toEqual({
      records: [
        { recordId: '49546986683135544286507457936321625675700192471156785154000000', result: 'Ok', data: b64('HELLO') },
        { recordId: '49546986683135544286507457936321625675700192471156785154000001', result: 'Ok', data: b64('WORLD') },
      ],
    });
    expect(Object.keys(response.records[0]!)).toEqual(['recordId', 'result', 'data']);
    expect(checkTransformResponse(KINESIS_EVENT, response)).toBeNull();
  });

  it('transforms a direct PUT event (no Kinesis metadata)', () => {
    expect(transformRecords(DIRECT_PUT_EVENT, upper)).toEqual({ records: [{ recordId: 'rec-a', result: 'Ok', data: b64('ABC') }] });
  });

  it('passes the decoded bytes and the record itself to the function', () => {
    const seen: [string, FirehoseTransformationEventRecord][] = [];
    transformRecords(KINESIS_EVENT, (data, record) => {
      seen.push([data.toString('utf8'), record]);
      return { result: 'Dropped' };
    });
    expect(seen).toEqual([
      ['hello', KINESIS_EVENT.records[0]],
      ['world', KINESIS_EVENT.records[1]],
    ]);
  });

  it('returns an empty response for an empty batch', () => {
    const fn = jest.fn(upper);
    expect(transformRecordsDetailed({ ...DIRECT_PUT_EVENT, records: [] }, fn)).toEqual({ response: { records: [] }, reports: [] });
    expect(fn).not.toHaveBeenCalled();
  });

  it('adds metadata.partitionKeys only when the function returns partition keys', () => {
    const keys = { event_type: 'click', year: '2026' };
    const response = transformRecords(eventOf(b64('a'), b64('b')), (data) =>
      data.toString() === 'a' ? { result: 'Ok', data: 'A', partitionKeys: keys } : { result: 'Ok', data: 'B' },
    );
    expect(response.records).toEqual([
      { recordId: 'r0', result: 'Ok', data: b64('A'), metadata: { partitionKeys: { event_type: 'click', year: '2026' } } },
      { recordId: 'r1', result: 'Ok', data: b64('B') },
    ]);
    expect('metadata' in response.records[1]!).toBe(false);
  });

  it('encodes Ok bytes, honouring a Uint8Array view offset', () => {
    const backing = Buffer.from('xxPAYLOADxx');
    const view = new Uint8Array(backing.buffer, backing.byteOffset + 2, 7);
    expect(transformRecords(eventOf(b64('a')), () => ({ result: 'Ok', data: view })).records[0]!.data).toBe(b64('PAYLOAD'));
    expect(transformRecords(eventOf(b64('a')), () => ({ result: 'Ok', data: 'é\n' })).records[0]!.data).toBe('w6kK');
  });

  it('Dropped and ProcessingFailed return the original data unchanged', () => {
    const run = transformRecordsDetailed(eventOf(b64('keep me'), b64('fail me')), (data) =>
      data.toString() === 'keep me'
        ? { result: 'Dropped', reason: 'bot' }
        : { result: 'ProcessingFailed', reason: { field: 'url', rule: 'must be a URL' } },
    );
    expect(run).toEqual({
      response: {
        records: [
          { recordId: 'r0', result: 'Dropped', data: b64('keep me') },
          { recordId: 'r1', result: 'ProcessingFailed', data: b64('fail me') },
        ],
      },
      reports: [
        { recordId: 'r0', result: 'Dropped', reason: 'bot' },
        { recordId: 'r1', result: 'ProcessingFailed', reason: { field: 'url', rule: 'must be a URL' } },
      ],
    });
  });

  it.each([
    ['not base64 at all', 'not base64!'],
    ['missing padding', 'eyJ9'.slice(0, 3)],
    ['base64url alphabet', '-_8='],
    ['trailing whitespace', `${b64('{}')}\n`],
    ['embedded whitespace', 'e30 ='],
    ['non-zero padding bits', 'e31='],
    ['padding in the middle', 'e3=0'],
  ])('invalid base64 (%s) → ProcessingFailed for that record only, function not called', (_label, data) => {
    const fn = jest.fn(upper);
    const run = transformRecordsDetailed(eventOf(b64('ok'), data, b64('ok2')), fn);
    expect(run.response.records).toEqual([
      { recordId: 'r0', result: 'Ok', data: b64('OK') },
      { recordId: 'r1', result: 'ProcessingFailed', data },
      { recordId: 'r2', result: 'Ok', data: b64('OK2') },
    ]);
    expect(run.reports[1]).toEqual({ recordId: 'r1', result: 'ProcessingFailed', reason: INVALID_BASE64 });
    expect(fn).toHaveBeenCalledTimes(2);
  });

  it('empty data is valid base64 for zero bytes', () => {
    const fn = jest.fn((data: Buffer): RecordOutcome => ({ result: 'Ok', data: `${data.length}` }));
    expect(transformRecords(eventOf(''), fn).records).toEqual([{ recordId: 'r0', result: 'Ok', data: b64('0') }]);
  });

  it('a record whose data is not a string fails with empty data, keeping the response well-formed', () => {
    const event = { ...DIRECT_PUT_EVENT, records: [{ recordId: 'r0', approximateArrivalTimestamp: 1, data: 42 }] } as unknown as FirehoseTransformationEvent;
    const response = transformRecords(event, upper);
    expect(response).toEqual({ records: [{ recordId: 'r0', result: 'ProcessingFailed', data: '' }] });
    expect(checkTransformResponse(event, response)).toBeNull();
  });

  it('an exception in the function fails that record only, reporting the error class, not its message', () => {
    const run = transformRecordsDetailed(eventOf(b64('a'), b64('secret payload'), b64('c'), b64('d')), (data) => {
      const text = data.toString();
      if (text === 'secret payload') JSON.parse(text);
      if (text === 'c') throw 'a string';
      return { result: 'Ok', data: text };
    });
    expect(run.response.records.map((r) => r.result)).toEqual(['Ok', 'ProcessingFailed', 'ProcessingFailed', 'Ok']);
    expect(run.response.records[1]!.data).toBe(b64('secret payload'));
    expect(run.reports.slice(1, 3)).toEqual([
      { recordId: 'r1', result: 'ProcessingFailed', reason: { field: 'record', rule: 'transform threw SyntaxError' } },
      { recordId: 'r2', result: 'ProcessingFailed', reason: { field: 'record', rule: 'transform threw string' } },
    ]);
  });

  it.each<[string, unknown]>([
    ['undefined', undefined],
    ['null', null],
    ['an unknown result', { result: 'ok', data: 'x' }],
    ['Ok without data', { result: 'Ok' }],
    ['Ok with numeric data', { result: 'Ok', data: 5 }],
    ['Ok with a non-string partition key', { result: 'Ok', data: 'x', partitionKeys: { year: 2026 } }],
    ['Ok with partition keys that are not an object', { result: 'Ok', data: 'x', partitionKeys: 'year=2026' }],
  ])('an invalid outcome (%s) → ProcessingFailed, never a malformed response', (_label, outcome) => {
    const event = eventOf(b64('orig'));
    const run = transformRecordsDetailed(event, () => outcome as RecordOutcome);
    expect(run.response).toEqual({ records: [{ recordId: 'r0', result: 'ProcessingFailed', data: b64('orig') }] });
    expect(run.reports).toEqual([{ recordId: 'r0', result: 'ProcessingFailed', reason: INVALID_OUTCOME }]);
    expect(checkTransformResponse(event, run.response)).toBeNull();
  });

  it('is compatible with the @types/aws-lambda event and result types', () => {
    const awsEvent: AwsLambdaEvent = {
      invocationId: 'i',
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/s',
      region: 'us-east-1',
      records: [{ recordId: 'r', approximateArrivalTimestamp: 1, data: b64('x') }],
    };
    const result: AwsLambdaResult = transformRecords(awsEvent, upper) as { records: AwsLambdaResult['records'] };
    expect(result.records[0]).toEqual({ recordId: 'r', result: 'Ok', data: b64('X') });
  });
});

describe('decodeBase64Strict', () => {
  it('round-trips canonical base64 only', () => {
    expect(decodeBase64Strict(b64('{"a":1}'))?.toString()).toBe('{"a":1}');
    expect(decodeBase64Strict('')?.length).toBe(0);
    expect(decodeBase64Strict('e30')).toBeUndefined();
    expect(decodeBase64Strict(null)).toBeUndefined();
  });
});

describe('summariseTransform', () => {
  it('counts results and lists failures with field and rule', () => {
    const { reports } = transformRecordsDetailed(eventOf(b64('ok'), '!!', b64('drop'), b64('fail'), b64('bare')), (data) => {
      const text = data.toString();
      if (text === 'drop') return { result: 'Dropped', reason: 'bot' };
      if (text === 'fail') return { result: 'ProcessingFailed', reason: { field: 'url', rule: 'must be a URL' } };
      if (text === 'bare') return { result: 'ProcessingFailed' };
      return { result: 'Ok', data: text };
    });
    expect(summariseTransform(reports)).toEqual({
      records: 5,
      ok: 1,
      dropped: 1,
      processingFailed: 3,
      failures: [
        { recordId: 'r1', field: 'data', rule: 'must be valid base64' },
        { recordId: 'r3', field: 'url', rule: 'must be a URL' },
        { recordId: 'r4', field: 'record', rule: 'unspecified' },
      ],
      failuresOmitted: 0,
    });
  });

  it('caps the listed failures and counts the rest', () => {
    const { reports } = transformRecordsDetailed(eventOf('!', '!', '!'), upper);
    const summary = summariseTransform(reports, 2);
    expect(summary.failures.map((f) => f.recordId)).toEqual(['r0', 'r1']);
    expect(summary).toMatchObject({ records: 3, processingFailed: 3, failuresOmitted: 1 });
  });

  it('summarises an empty batch', () => {
    expect(summariseTransform([])).toEqual({ records: 0, ok: 0, dropped: 0, processingFailed: 0, failures: [], failuresOmitted: 0 });
  });
});

describe('checkTransformResponse', () => {
  const event = eventOf(b64('a'), b64('b'));
  const ok = (recordId: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ recordId, result: 'Ok', data: b64('x'), ...extra });

  it('accepts a well-formed response in any order, with or without metadata', () => {
    expect(checkTransformResponse(event, { records: [ok('r1'), ok('r0', { metadata: { partitionKeys: { k: 'v' } } })] })).toBeNull();
    expect(checkTransformResponse(event, { records: [ok('r0', { result: 'Dropped' }), ok('r1', { result: 'ProcessingFailed' })] })).toBeNull();
    expect(checkTransformResponse(eventOf(), { records: [] })).toBeNull();
  });

  it.each<[string, unknown]>([
    ['not an object', 'records'],
    ['null', null],
    ['records missing', {}],
    ['records not an array', { records: { r0: ok('r0') } }],
    ['a record that is not an object', { records: [ok('r0'), 'r1'] }],
    ['result with the wrong case', { records: [ok('r0'), ok('r1', { result: 'ok' })] }],
    ['result unknown', { records: [ok('r0'), ok('r1', { result: 'Failed' })] }],
    ['result missing', { records: [ok('r0'), { recordId: 'r1', data: b64('x') }] }],
    ['data missing', { records: [ok('r0'), { recordId: 'r1', result: 'Ok' }] }],
    ['data missing on a Dropped record', { records: [ok('r0'), { recordId: 'r1', result: 'Dropped' }] }],
    ['data not a string', { records: [ok('r0'), ok('r1', { data: 1 })] }],
    ['recordId not a string', { records: [ok('r0'), ok('r1', { recordId: 1 })] }],
    ['partition key not a string', { records: [ok('r0'), ok('r1', { metadata: { partitionKeys: { k: 1 } } })] }],
    ['metadata without partitionKeys', { records: [ok('r0'), ok('r1', { metadata: {} })] }],
  ])('%s → Lambda.JsonProcessingException', (_label, response) => {
    expect(checkTransformResponse(event, response)).toBe('Lambda.JsonProcessingException');
  });

  it.each<[string, unknown[]]>([
    ['the same id twice', [ok('r0'), ok('r1'), ok('r1')]],
    ['one id twice, another missing (duplicate wins)', [ok('r0'), ok('r0')]],
  ])('%s → Lambda.DuplicatedRecordId', (_label, records) => {
    expect(checkTransformResponse(event, { records })).toBe('Lambda.DuplicatedRecordId');
  });

  it.each<[string, unknown[]]>([
    ['an input id not returned', [ok('r0')]],
    ['an id replaced by an unknown one', [ok('r0'), ok('r9')]],
    ['an extra unknown id', [ok('r0'), ok('r1'), ok('r9')]],
    ['nothing returned', []],
  ])('%s → Lambda.MissingRecordId', (_label, records) => {
    expect(checkTransformResponse(event, { records })).toBe('Lambda.MissingRecordId');
  });
});

// --- property test ---------------------------------------------------------------------------------

function randomData(rand: () => number): string {
  const kind = Math.floor(rand() * 4);
  const bytes = Buffer.from(Array.from({ length: Math.floor(rand() * 40) }, () => Math.floor(rand() * 256)));
  if (kind === 0) return bytes.toString('base64').slice(0, Math.max(0, Math.floor(rand() * 20))); // often truncated
  if (kind === 1) return `${bytes.toString('base64')}*`;
  return bytes.toString('base64');
}

/** Behaviour chosen from the first byte, so that it is a deterministic function of the record. */
const chaoticTransform: RecordTransform = (data) => {
  switch ((data[0] ?? 0) % 6) {
    case 0:
      return { result: 'Ok', data, partitionKeys: { b: String(data.length) } };
    case 1:
      return { result: 'Dropped' };
    case 2:
      return { result: 'ProcessingFailed', reason: { field: 'x', rule: 'y' } };
    case 3:
      throw new RangeError('boom');
    case 4:
      return { result: 'Nope' } as unknown as RecordOutcome;
    default:
      return { result: 'Ok', data: 'text' };
  }
};

describe('transformRecords property: every recordId exactly once, in order, only allowed results', () => {
  it('holds for 300 random batches', () => {
    const rand = mulberry32(0xc11c5);
    const seen = new Set<string>();
    for (let batch = 0; batch < 300; batch += 1) {
      const size = Math.floor(rand() * 30);
      const records = Array.from({ length: size }, (_, i) => ({
        recordId: `b${batch}-r${i}-${Math.floor(rand() * 1e9)}`,
        approximateArrivalTimestamp: 1764064800000 + i,
        data: randomData(rand),
      }));
      const event: FirehoseTransformationEvent = { ...DIRECT_PUT_EVENT, records };
      const { response, reports } = transformRecordsDetailed(event, chaoticTransform);
      reports.forEach((r) => seen.add(r.reason === INVALID_BASE64 ? 'base64' : r.result));
      expect(response.records.map((r) => r.recordId)).toEqual(records.map((r) => r.recordId));
      for (const [i, out] of response.records.entries()) {
        expect(TRANSFORMATION_RESULTS).toContain(out.result);
        if (out.result !== 'Ok') expect(out.data).toBe(records[i]!.data);
        else expect(decodeBase64Strict(out.data)).toBeDefined();
      }
      expect(checkTransformResponse(event, response)).toBeNull();
    }
    // The generator really exercised all three results and decode failures.
    expect([...seen].sort()).toEqual(['Dropped', 'Ok', 'ProcessingFailed', 'base64']);
  });
});
