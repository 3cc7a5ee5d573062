import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { ManualClock } from '../../../../lambda/engine/clock';
import { DeliveryStream, type DeliveryStreamConfig, type ObjectStorePort } from '../../../../lambda/engine/firehose/delivery-stream';
import { extendedS3Config } from '../../../../lambda/engine/firehose/delivery-config';
import type { TransformPort } from '../../../../lambda/engine/firehose/transform-invoker';
import { aggregate } from '../../../../lambda/engine/kinesis/kpl';
import { handler as projectTransform } from '../../../../lambda/handlers/firehose-transform';

const T0 = Date.UTC(2026, 10, 26, 10, 0, 0);
const LAMBDA = 'arn:aws:lambda:us-east-1:000000000000:function:transform';

class MemoryObjects implements ObjectStorePort {
  readonly objects = new Map<string, Buffer>();
  failNext = 0;
  async putObject(bucket: string, key: string, body: Buffer): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('S3 is down');
    }
    this.objects.set(`${bucket}/${key}`, body);
  }
  keys(): string[] {
    return [...this.objects.keys()].sort();
  }
  text(key: string): string {
    return (this.objects.get(key) as Buffer).toString();
  }
}

function setup(destination: Record<string, unknown>, transform?: TransformPort) {
  const clock = new ManualClock(T0);
  const objects = new MemoryObjects();
  let uuids = 0;
  const config: DeliveryStreamConfig = extendedS3Config(
    { name: 'clicks', arn: 'arn:aws:firehose:us-east-1:000000000000:deliverystream/clicks', region: 'us-east-1', version: 1 },
    { RoleARN: 'arn:aws:iam::000000000000:role/r', BucketARN: 'arn:aws:s3:::bucket', ...destination },
  );
  const stream = new DeliveryStream(config, {
    clock,
    objects,
    random: { uuid: () => `uuid-${++uuids}`, randomString: () => 'RANDOMSTRIN' },
    ...(transform ? { transform } : {}),
  });
  return { clock, objects, stream };
}

const put = (stream: DeliveryStream, clock: ManualClock, ...texts: string[]) => stream.put(texts.map((t) => ({ data: Buffer.from(t), arrivalMs: clock.now() })));

describe('DeliveryStream buffering and objects', () => {
  it('delivers when the interval passes, not before, under the oldest record hour, with the AWS key', async () => {
    const { clock, objects, stream } = setup({ BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } });
    put(stream, clock, 'a', 'b');
    clock.advance(59_999);
    await stream.tick();
    expect(objects.keys()).toEqual([]);
    clock.advance(1);
    await stream.tick();
    expect(objects.keys()).toEqual(['bucket/2026/11/26/10/clicks-1-2026-11-26-10-00-00-uuid-1']);
    expect(objects.text('bucket/2026/11/26/10/clicks-1-2026-11-26-10-00-00-uuid-1')).toBe('ab');
    expect(stream.counts()).toEqual({ accepted: 2, delivered: 2, dropped: 0, failed: 0, pending: 0, objectsWritten: 1, rejectedRows: 0 });
  });

  it('delivers as soon as the size hint is reached (measured before compression), GZIP-compressed', async () => {
    const { clock, objects, stream } = setup({ BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 900 }, CompressionFormat: 'GZIP', ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'AppendDelimiterToRecord' }] } });
    const record = 'x'.repeat(1023);
    for (let i = 0; i < 1023; i++) put(stream, clock, record);
    await stream.tick();
    expect(objects.keys()).toEqual([]);
    put(stream, clock, record);
    await stream.tick();
    const [key] = objects.keys();
    expect(key).toMatch(/\.gz$/);
    expect(gunzipSync(objects.objects.get(key as string) as Buffer).toString()).toBe(`${record}\n`.repeat(1024));
  });

  it('one object can hold hundreds of thousands of records (no argument-spreading limits)', async () => {
    const { clock, objects, stream } = setup({ BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 900 } });
    stream.put(Array.from({ length: 300_000 }, (_, i) => ({ data: Buffer.from(i % 2 ? 'b' : 'a'), arrivalMs: clock.now() - (i === 123_456 ? 5_000 : 0) })));
    await stream.flush();
    const [key] = objects.keys();
    expect(key).toBe('bucket/2026/11/26/09/clicks-1-2026-11-26-09-59-55-uuid-1');
    expect(objects.objects.get(key as string)?.length).toBe(300_000);
  });

  it('an interval of 0 delivers on every tick; flush delivers what is not yet due', async () => {
    const zero = setup({ BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 0 } });
    put(zero.stream, zero.clock, 'now');
    await zero.stream.tick();
    expect(zero.objects.keys()).toHaveLength(1);
    const later = setup({});
    put(later.stream, later.clock, 'soon');
    await later.stream.tick();
    expect(later.objects.keys()).toHaveLength(0);
    await later.stream.flush();
    expect(later.objects.keys()).toHaveLength(1);
  });

  it('keeps the records when S3 fails and delivers them on the next tick', async () => {
    const { clock, objects, stream } = setup({ BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 } });
    put(stream, clock, 'one');
    objects.failNext = 1;
    await expect(stream.tick()).rejects.toThrow('S3 is down');
    expect(stream.counts()).toMatchObject({ delivered: 0, pending: 1 });
    put(stream, clock, 'two');
    await stream.tick();
    expect([...objects.objects.values()].map(String)).toEqual(['onetwo']);
    expect(stream.counts()).toMatchObject({ delivered: 2, pending: 0 });
  });
});

describe('DeliveryStream with the Lambda transform', () => {
  const processing = (extra: object[] = []) => ({
    ProcessingConfiguration: {
      Enabled: true,
      Processors: [{ Type: 'Lambda', Parameters: [{ ParameterName: 'LambdaArn', ParameterValue: LAMBDA }, { ParameterName: 'BufferIntervalInSeconds', ParameterValue: '0' }] }, ...extra],
    },
    BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 },
    ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/',
  });

  it("runs the project's handler: valid clicks delivered as JSON lines, invalid ones in processing-failed with raw data", async () => {
    const invoke: TransformPort = async (_arn, event) => projectTransform(event as never);
    const { clock, objects, stream } = setup(processing(), invoke);
    const good = JSON.stringify({ eventId: 'e1', eventType: 'page_view', timestamp: '2026-11-26T10:00:00Z', url: 'https://example.com/', userId: 'u1', sessionId: 's1' });
    put(stream, clock, good, '{not json');
    await stream.tick();
    const keys = objects.keys();
    const errorKey = keys.find((k) => k.startsWith('bucket/errors/processing-failed/')) as string;
    const dataKey = keys.find((k) => k.startsWith('bucket/2026/')) as string;
    expect(keys).toHaveLength(2);
    const line = JSON.parse(objects.text(errorKey).trim());
    expect(line).toEqual({
      attemptsMade: 1,
      arrivalTimestamp: T0,
      errorCode: 'Lambda.ProcessingFailedStatus',
      errorMessage: 'ProcessingFailed status set for record',
      attemptEndingTimestamp: T0,
      rawData: Buffer.from('{not json').toString('base64'),
      lambdaArn: LAMBDA,
    });
    expect(JSON.parse(objects.text(dataKey))).toMatchObject({ event_id: 'e1', event_type: 'page_view', user_id: 'u1' });
    expect(stream.counts()).toEqual({ accepted: 2, delivered: 1, dropped: 0, failed: 1, pending: 0, objectsWritten: 2, rejectedRows: 0 });
  });

  it('routes by the partition keys the function returns (dynamic partitioning)', async () => {
    const invoke: TransformPort = async (_arn, event) => ({
      records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: r.data, metadata: { partitionKeys: { tenant: Buffer.from(r.data, 'base64').toString().slice(0, 1) } } })),
    });
    const { clock, objects, stream } = setup(
      {
        ...processing(),
        Prefix: 'tenant=!{partitionKeyFromLambda:tenant}/',
        DynamicPartitioningConfiguration: { Enabled: true },
        BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
      },
      invoke,
    );
    put(stream, clock, 'a1', 'b1', 'a2');
    await stream.flush();
    expect(objects.keys().map((k) => [k.split('/').slice(0, 2).join('/'), objects.text(k)])).toEqual([
      ['bucket/tenant=a', 'a1a2'],
      ['bucket/tenant=b', 'b1'],
    ]);
  });

  it('partitions by a JQ MetadataExtractionQuery; a record the query cannot read goes to the error output', async () => {
    const { clock, objects, stream } = setup({
      Prefix: 'type=!{partitionKeyFromQuery:type}/',
      ErrorOutputPrefix: 'errors/!{firehose:error-output-type}/',
      DynamicPartitioning: undefined,
      DynamicPartitioningConfiguration: { Enabled: true },
      BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 },
      ProcessingConfiguration: {
        Enabled: true,
        Processors: [{ Type: 'MetadataExtraction', Parameters: [{ ParameterName: 'MetadataExtractionQuery', ParameterValue: '{type: .type}' }, { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' }] }],
      },
    });
    put(stream, clock, '{"type":"click"}', '{"type":"view"}', 'oops');
    await stream.flush();
    expect(objects.keys().map((k) => k.split('/').slice(0, 3).join('/'))).toEqual(['bucket/errors/processing-failed', 'bucket/type=click/clicks-1-2026-11-26-10-00-00-uuid-1', 'bucket/type=view/clicks-1-2026-11-26-10-00-00-uuid-2'].map((k) => k.split('/').slice(0, 3).join('/')).sort());
    expect(stream.counts()).toMatchObject({ delivered: 2, failed: 1, pending: 0 });
  });

  it('de-aggregates KPL records from a Kinesis source and JSON sub-records before the transform', async () => {
    const seen: string[] = [];
    const invoke: TransformPort = async (_arn, event) => {
      for (const r of event.records) seen.push(`${Buffer.from(r.data, 'base64')}@${r.kinesisRecordMetadata?.subsequenceNumber}`);
      return { records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: r.data })) };
    };
    const { clock, objects, stream } = setup(processing([{ Type: 'RecordDeAggregation', Parameters: [{ ParameterName: 'SubRecordType', ParameterValue: 'JSON' }] }]), invoke);
    const kpl = aggregate([
      { partitionKey: 'p1', data: Buffer.from('{"a":1}{"a":2}') },
      { partitionKey: 'p2', data: Buffer.from('{"a":3}') },
    ]);
    stream.put([{ data: kpl, arrivalMs: clock.now(), kinesis: { shardId: 'shardId-000000000000', partitionKey: 'p1', approximateArrivalTimestamp: clock.now(), sequenceNumber: '1' } }]);
    await stream.tick();
    expect(seen).toEqual(['{"a":1}@0', '{"a":2}@0', '{"a":3}@1']);
    expect([...objects.objects.values()].map(String)).toEqual(['{"a":1}{"a":2}{"a":3}']);
    expect(stream.counts()).toMatchObject({ accepted: 3, delivered: 3 });
  });

  it('accounting: every accepted record ends delivered, dropped or in the error output', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom('ok', 'drop', 'fail', 'bad-json'), { minLength: 1, maxLength: 40 }),
        fc.array(fc.constantFrom('fine', 'throw', 'garbage'), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(120_000), { minLength: 1, maxLength: 5 }),
        async (records, invocations, steps) => {
          let call = 0;
          const invoke: TransformPort = async (_arn, event) => {
            const mode = invocations[call++ % invocations.length];
            if (mode === 'throw') throw new Error('function crashed');
            if (mode === 'garbage') return { records: 'nope' };
            return {
              records: event.records.map((r) => {
                const text = Buffer.from(r.data, 'base64').toString();
                return { recordId: r.recordId, result: text === 'drop' ? 'Dropped' : text === 'fail' ? 'ProcessingFailed' : 'Ok', data: r.data };
              }),
            };
          };
          const { clock, objects, stream } = setup({ ...processing([{ Type: 'RecordDeAggregation', Parameters: [{ ParameterName: 'SubRecordType', ParameterValue: 'JSON' }] }]), BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } }, invoke);
          const texts = records.map((r) => (r === 'bad-json' ? '{"x":' : JSON.stringify(r)));
          for (const [i, text] of texts.entries()) {
            put(stream, clock, text);
            clock.advance(steps[i % steps.length] as number);
            await stream.tick();
          }
          await stream.flush();
          const c = stream.counts();
          expect(c.pending).toBe(0);
          expect(c.accepted).toBe(records.length);
          expect(c.delivered + c.dropped + c.failed).toBe(c.accepted);
          const errorLines = objects.keys().filter((k) => k.includes('/errors/')).flatMap((k) => objects.text(k).trim().split('\n'));
          expect(errorLines).toHaveLength(c.failed);
        },
      ),
      { numRuns: 60 },
    );
  });
});
