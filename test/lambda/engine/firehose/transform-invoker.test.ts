import fc from 'fast-check';
import type { FirehoseTransformationEvent } from '../../../../lambda/engine/firehose/transform-contract';
import { InvokeError, runTransform, type TransformInput, type TransformPort, type TransformStage } from '../../../../lambda/engine/firehose/transform-invoker';

const ARN = 'arn:aws:lambda:us-east-1:000000000000:function:t';
const input = (n: number, text = `r${n}`): TransformInput => ({ recordId: `id${n}`, data: Buffer.from(text), arrivalMs: 1000 + n });

function stage(invoke: TransformPort, extra: Partial<TransformStage> = {}): TransformStage {
  let ids = 0;
  return {
    lambdaArn: ARN,
    deliveryStreamArn: 'arn:aws:firehose:us-east-1:000000000000:deliverystream/d',
    region: 'us-east-1',
    invoke,
    now: () => 5000,
    newInvocationId: () => `inv-${++ids}`,
    ...extra,
  };
}

/** Answers each record with `decide(text)`; records every event it gets. */
function fn(decide: (text: string) => { result: string; data?: string; metadata?: unknown }) {
  const events: FirehoseTransformationEvent[] = [];
  const invoke: TransformPort = async (_arn, event) => {
    events.push(event);
    return {
      records: event.records.map((r) => {
        const d = decide(Buffer.from(r.data, 'base64').toString());
        return { recordId: r.recordId, result: d.result, data: d.data ?? r.data, ...(d.metadata ? { metadata: d.metadata } : {}) };
      }),
    };
  };
  return { invoke, events };
}

describe('runTransform', () => {
  it('sends the documented event and applies Ok (with partition keys), Dropped and ProcessingFailed', async () => {
    const f = fn((t) =>
      t === 'r1'
        ? { result: 'Ok', data: Buffer.from('R1').toString('base64'), metadata: { partitionKeys: { k: 'v' } } }
        : t === 'r2'
          ? { result: 'Dropped' }
          : { result: 'ProcessingFailed' },
    );
    const results = await runTransform(stage(f.invoke), [input(1), input(2), input(3)]);
    expect(f.events).toEqual([
      {
        invocationId: 'inv-1',
        deliveryStreamArn: 'arn:aws:firehose:us-east-1:000000000000:deliverystream/d',
        region: 'us-east-1',
        records: [
          { recordId: 'id1', approximateArrivalTimestamp: 1001, data: Buffer.from('r1').toString('base64') },
          { recordId: 'id2', approximateArrivalTimestamp: 1002, data: Buffer.from('r2').toString('base64') },
          { recordId: 'id3', approximateArrivalTimestamp: 1003, data: Buffer.from('r3').toString('base64') },
        ],
      },
    ]);
    expect(results).toEqual([
      { recordId: 'id1', result: 'Ok', data: Buffer.from('R1'), partitionKeys: { k: 'v' } },
      { recordId: 'id2', result: 'Dropped' },
      { recordId: 'id3', result: 'Failed', errorCode: 'Lambda.ProcessingFailedStatus', errorMessage: 'ProcessingFailed status set for record', attemptsMade: 1, attemptEndingMs: 5000 },
    ]);
  });

  it('adds sourceKinesisStreamArn and kinesisRecordMetadata for a Kinesis source', async () => {
    const f = fn(() => ({ result: 'Ok' }));
    const kinesis = { shardId: 'shardId-000000000000', partitionKey: 'p', approximateArrivalTimestamp: 1001, sequenceNumber: '4955', subsequenceNumber: 0 };
    await runTransform(stage(f.invoke, { sourceKinesisStreamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/s' }), [{ ...input(1), kinesis }]);
    expect(f.events[0]?.sourceKinesisStreamArn).toBe('arn:aws:kinesis:us-east-1:000000000000:stream/s');
    expect(f.events[0]?.records[0]?.kinesisRecordMetadata).toEqual(kinesis);
  });

  it('retries an invoke error NumberOfRetries times, then fails every record with the last error', async () => {
    let calls = 0;
    const invoke: TransformPort = async () => {
      calls++;
      throw new InvokeError('Lambda.FunctionError', `boom ${calls}`);
    };
    const results = await runTransform(stage(invoke, { numberOfRetries: 2 }), [input(1), input(2)]);
    expect(calls).toBe(3);
    expect(results).toEqual([1, 2].map((n) => ({ recordId: `id${n}`, result: 'Failed', errorCode: 'Lambda.FunctionError', errorMessage: 'boom 3', attemptsMade: 3, attemptEndingMs: 5000 })));
  });

  it('a plain exception is a Lambda.FunctionError; a later success wins and counts its attempt', async () => {
    let calls = 0;
    const ok = fn(() => ({ result: 'ProcessingFailed' }));
    const invoke: TransformPort = async (arn, event) => {
      if (++calls < 3) throw new Error('flaky');
      return ok.invoke(arn, event);
    };
    const [result] = await runTransform(stage(invoke), [input(1)]);
    expect(calls).toBe(3);
    expect(result).toMatchObject({ result: 'Failed', errorCode: 'Lambda.ProcessingFailedStatus', attemptsMade: 3 });
  });

  it.each([
    ['a malformed response', 'Lambda.JsonProcessingException', () => ({ nope: true })],
    ['an invalid result', 'Lambda.JsonProcessingException', (e: FirehoseTransformationEvent) => ({ records: e.records.map((r) => ({ recordId: r.recordId, result: 'Maybe', data: r.data })) })],
    ['a duplicated recordId', 'Lambda.DuplicatedRecordId', (e: FirehoseTransformationEvent) => ({ records: [...e.records, e.records[0]].map((r) => ({ recordId: r!.recordId, result: 'Ok', data: r!.data })) })],
    ['a missing recordId', 'Lambda.MissingRecordId', (e: FirehoseTransformationEvent) => ({ records: e.records.slice(1).map((r) => ({ recordId: r.recordId, result: 'Ok', data: r.data })) })],
    ['a foreign recordId', 'Lambda.MissingRecordId', (e: FirehoseTransformationEvent) => ({ records: e.records.map((r, i) => ({ recordId: i === 0 ? 'other' : r.recordId, result: 'Ok', data: r.data })) })],
    ['a response over 6 MB', 'Lambda.FunctionError', (e: FirehoseTransformationEvent) => ({ records: e.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: 'A'.repeat(7 * 1024 * 1024) })) })],
  ] as const)('%s fails the whole batch with %s after the retries', async (_label, code, respond) => {
    let calls = 0;
    const invoke: TransformPort = async (_arn, event) => {
      calls++;
      return respond(event);
    };
    const results = await runTransform(stage(invoke, { numberOfRetries: 1 }), [input(1), input(2)]);
    expect(calls).toBe(2);
    expect(results.map((r) => r.result === 'Failed' && r.errorCode)).toEqual([code, code]);
    expect(results.map((r) => r.recordId)).toEqual(['id1', 'id2']);
  });

  it('splits a batch whose event would pass the 6 MB synchronous payload limit', async () => {
    const f = fn(() => ({ result: 'Ok' }));
    const big = 'x'.repeat(1024 * 1024); // 1 MiB of data is ~1.33 MiB of base64
    const results = await runTransform(stage(f.invoke), [1, 2, 3, 4, 5, 6].map((n) => input(n, big)));
    expect(f.events.map((e) => e.records.length)).toEqual([4, 2]);
    for (const e of f.events) expect(Buffer.byteLength(JSON.stringify(e))).toBeLessThanOrEqual(6 * 1024 * 1024);
    expect(results.map((r) => r.recordId)).toEqual(['id1', 'id2', 'id3', 'id4', 'id5', 'id6']);
  });

  it('every record gets exactly one result, whatever the function does', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('Ok', 'Dropped', 'ProcessingFailed', 'throw', 'garbage'), { minLength: 1, maxLength: 20 }), async (behaviours) => {
        let call = 0;
        const invoke: TransformPort = async (_arn, event) => {
          const b = behaviours[call++ % behaviours.length];
          if (b === 'throw') throw new Error('x');
          if (b === 'garbage') return 42;
          return { records: event.records.map((r) => ({ recordId: r.recordId, result: b, data: r.data })) };
        };
        const inputs = behaviours.map((_, i) => input(i));
        const results = await runTransform(stage(invoke), inputs);
        expect(results.map((r) => r.recordId)).toEqual(inputs.map((r) => r.recordId));
      }),
      { numRuns: 50 },
    );
  });
});
