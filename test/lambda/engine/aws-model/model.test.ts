import fc from 'fast-check';
import { firehoseModel } from '../../../../lambda/engine/aws-model/generated/firehose';
import { kinesisModel } from '../../../../lambda/engine/aws-model/generated/kinesis';
import { kinesisAnalyticsModel } from '../../../../lambda/engine/aws-model/generated/kinesisanalytics';
import {
  compilePattern,
  enumOf,
  explainShape,
  formatValidationErrors,
  integerRange,
  lengthRange,
  patternOf,
  ShapeTypeError,
  validateShape,
} from '../../../../lambda/engine/aws-model/model';

const base64 = (bytes: number): string => Buffer.alloc(bytes, 1).toString('base64');

describe('generated models: facts from botocore', () => {
  it('carries the service metadata the endpoint routes on', () => {
    expect(kinesisModel.metadata).toEqual({
      apiVersion: '2013-12-02',
      targetPrefix: 'Kinesis_20131202',
      jsonVersion: '1.1',
      protocol: 'json',
      serviceId: 'Kinesis',
    });
    expect(firehoseModel.metadata.targetPrefix).toBe('Firehose_20150804');
    expect(kinesisAnalyticsModel.metadata.targetPrefix).toBe('KinesisAnalytics_20150814');
  });

  it('has Firehose buffering and retry ranges', () => {
    expect(integerRange(firehoseModel, 'SizeInMBs')).toEqual({ min: 1, max: 128 });
    expect(integerRange(firehoseModel, 'ElasticsearchBufferingSizeInMBs')).toEqual({ min: 1, max: 100 });
    expect(integerRange(firehoseModel, 'IntervalInSeconds')).toEqual({ min: 0, max: 900 });
    expect(integerRange(firehoseModel, 'RedshiftRetryDurationInSeconds')).toEqual({ min: 0, max: 7200 });
    expect(lengthRange(firehoseModel, 'ElasticsearchIndexName')).toEqual({ min: 1, max: 80 });
  });

  it('has the Kinesis stream name pattern (anchored) and stream modes', () => {
    const pattern = patternOf(kinesisModel, 'StreamName');
    expect(pattern?.test('click-stream_1.v2')).toBe(true);
    expect(pattern?.test('abc!')).toBe(false);
    expect(pattern?.test('ok!ok')).toBe(false); // a partial match is not enough
    expect(pattern?.test('')).toBe(false);
    expect(lengthRange(kinesisModel, 'StreamName')).toEqual({ min: 1, max: 128 });
    expect(enumOf(kinesisModel, 'StreamMode')).toEqual(['PROVISIONED', 'ON_DEMAND']);
    expect(patternOf(kinesisModel, 'PartitionKey')).toBeUndefined();
  });

  it('has the operations with their shapes and errors', () => {
    expect(kinesisModel.operations['CreateStream']).toEqual({
      name: 'CreateStream',
      input: 'CreateStreamInput',
      errors: ['ResourceInUseException', 'LimitExceededException', 'InvalidArgumentException', 'ValidationException'],
    });
    const putRecords = kinesisModel.operations['PutRecords'];
    expect(putRecords?.input).toBe('PutRecordsInput');
    expect(putRecords?.output).toBe('PutRecordsOutput');
    expect(putRecords?.errors).toEqual([
      'ResourceNotFoundException',
      'InvalidArgumentException',
      'ProvisionedThroughputExceededException',
      'KMSDisabledException',
      'KMSInvalidStateException',
      'KMSAccessDeniedException',
      'KMSNotFoundException',
      'KMSOptInRequired',
      'KMSThrottlingException',
      'AccessDeniedException',
      'InternalFailureException',
    ]);
    expect(firehoseModel.operations['PutRecordBatch']).toEqual({
      name: 'PutRecordBatch',
      input: 'PutRecordBatchInput',
      output: 'PutRecordBatchOutput',
      errors: [
        'ResourceNotFoundException',
        'InvalidArgumentException',
        'InvalidKMSResourceException',
        'InvalidSourceException',
        'ServiceUnavailableException',
      ],
    });
  });

  it('keeps member order, required members and error-shape facts', () => {
    expect(kinesisModel.shapes['PutRecordsRequestEntry']).toEqual({
      type: 'structure',
      required: ['Data', 'PartitionKey'],
      members: { Data: { shape: 'Data' }, ExplicitHashKey: { shape: 'HashKey' }, PartitionKey: { shape: 'PartitionKey' } },
    });
    expect(Object.keys((kinesisModel.shapes['PutRecordsInput'] as { members: object }).members)).toEqual([
      'Records',
      'StreamName',
      'StreamARN',
      'StreamId',
    ]);
    expect(kinesisModel.shapes['PutRecordsRequestEntryList']).toEqual({
      type: 'list',
      min: 1,
      max: 500,
      member: { shape: 'PutRecordsRequestEntry' },
    });
    expect(kinesisModel.shapes['InternalFailureException']).toMatchObject({ type: 'structure', exception: true, fault: true });
    expect(kinesisModel.shapes['ResourceNotFoundException']).toMatchObject({ type: 'structure', exception: true });
    expect(kinesisModel.shapes['ResourceNotFoundException']).not.toHaveProperty('fault');
  });

  it('every operation refers to shapes that exist', () => {
    for (const model of [kinesisModel, firehoseModel, kinesisAnalyticsModel]) {
      for (const op of Object.values(model.operations)) {
        for (const name of [op.input, op.output, ...op.errors]) {
          if (name !== undefined) expect(model.shapes).toHaveProperty([name]);
        }
      }
    }
  });
});

describe('accessors', () => {
  it('integerRange throws without both bounds or on a non-integer shape', () => {
    expect(() => integerRange(kinesisModel, 'PositiveIntegerObject')).toThrow(/both a min and a max/); // min 1 only
    expect(() => integerRange(kinesisModel, 'StreamName')).toThrow(/not an integer shape/);
    expect(() => integerRange(kinesisModel, 'NoSuchShape')).toThrow("Unknown shape 'NoSuchShape' in the Kinesis model");
  });

  it('lengthRange leaves out absent bounds; enumOf throws on a non-enum', () => {
    expect(lengthRange(kinesisModel, 'PutRecordsRequestEntryList')).toEqual({ min: 1, max: 500 });
    expect(() => lengthRange(kinesisModel, 'PositiveIntegerObject')).toThrow(/has no length/);
    expect(() => enumOf(kinesisModel, 'StreamName')).toThrow(/not an enum/);
  });

  it('translates Java-only pattern syntax from the models', () => {
    // Possessive quantifiers (`\d{1}+`) in Kinesis Analytics' application ARN.
    expect(patternOf(kinesisAnalyticsModel, 'KinesisAnalyticsARN')?.test('arn:aws:kinesisanalytics:us-east-1:123456789012:application/app')).toBe(true);
    // Unicode classes need the `u` flag; `(?!aws:)` still applies.
    const tagKey = patternOf(firehoseModel, 'TagKey');
    expect(tagKey?.test('Équipe 1')).toBe(true);
    expect(tagKey?.test('aws:reserved')).toBe(false);
    // `\_` is a Java identity escape that the `u` flag rejects.
    expect(patternOf(firehoseModel, 'StringWithLettersDigitsUnderscoresDots')?.test('db_1.schema')).toBe(true);
    expect(compilePattern('a\\Q.*\\E').test('a.*')).toBe(true);
    expect(compilePattern('a\\Q.*\\E').test('abc')).toBe(false);
  });
});

describe('validateShape: AWS coral messages', () => {
  it('accepts valid inputs', () => {
    expect(validateShape(kinesisModel, 'CreateStreamInput', { StreamName: 'clicks', ShardCount: 2, StreamModeDetails: { StreamMode: 'PROVISIONED' } })).toEqual([]);
    expect(
      validateShape(kinesisModel, 'PutRecordsInput', {
        StreamName: 'clicks',
        Records: [{ Data: base64(10), PartitionKey: 'user-1', ExplicitHashKey: '0' }],
      }),
    ).toEqual([]);
    expect(validateShape(firehoseModel, 'PutRecordBatchInput', { DeliveryStreamName: 'clicks', Records: [{ Data: '' }] })).toEqual([]);
    // Unknown members are ignored, as AWS does.
    expect(validateShape(kinesisModel, 'DescribeStreamSummaryInput', { StreamName: 's', Extra: 1 })).toEqual([]);
  });

  it('reports a null required member', () => {
    expect(validateShape(kinesisModel, 'PutRecordInput', { StreamName: 'clicks', Data: base64(3) })).toEqual([
      "Value null at 'partitionKey' failed to satisfy constraint: Member must not be null",
    ]);
    expect(validateShape(kinesisModel, 'PutRecordInput', { StreamName: 'clicks', Data: base64(3), PartitionKey: null })).toEqual([
      "Value null at 'partitionKey' failed to satisfy constraint: Member must not be null",
    ]);
  });

  it('reports a bad pattern', () => {
    expect(validateShape(kinesisModel, 'DescribeStreamSummaryInput', { StreamName: 'abc!' })).toEqual([
      "Value 'abc!' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+",
    ]);
  });

  it('reports a string that is too long', () => {
    expect(validateShape(kinesisModel, 'DescribeStreamSummaryInput', { StreamName: 'a'.repeat(129) })).toEqual([
      `Value '${'a'.repeat(129)}' at 'streamName' failed to satisfy constraint: Member must have length less than or equal to 128`,
    ]);
  });

  it('reports a value below the minimum', () => {
    expect(validateShape(kinesisModel, 'CreateStreamInput', { StreamName: 'clicks', ShardCount: 0 })).toEqual([
      "Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ]);
    expect(validateShape(kinesisModel, 'CreateStreamInput', { StreamName: 'clicks', MaxRecordSizeInKiB: 20000 })).toEqual([
      "Value '20000' at 'maxRecordSizeInKiB' failed to satisfy constraint: Member must have value less than or equal to 10240",
    ]);
  });

  it('reports a value outside the enum, with a nested path', () => {
    expect(validateShape(kinesisModel, 'CreateStreamInput', { StreamName: 'clicks', StreamModeDetails: { StreamMode: 'SERVERLESS' } })).toEqual([
      "Value 'SERVERLESS' at 'streamModeDetails.streamMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]",
    ]);
  });

  it('names list members by 1-based index and measures blobs in decoded bytes', () => {
    expect(
      validateShape(kinesisModel, 'PutRecordsInput', {
        StreamName: 'clicks',
        Records: [{ Data: base64(1), PartitionKey: 'a' }, { Data: base64(1) }],
      }),
    ).toEqual(["Value null at 'records.2.member.partitionKey' failed to satisfy constraint: Member must not be null"]);

    const over = 1024000 + 1;
    expect(validateShape(firehoseModel, 'PutRecordBatchInput', { DeliveryStreamName: 'clicks', Records: [{ Data: base64(over) }] })).toEqual([
      "Value at 'records.1.member.data' failed to satisfy constraint: Member must have length less than or equal to 1024000",
    ]);
    // 1 024 000 decoded bytes is the limit itself (its base64 is ~1.37 MB of text).
    expect(validateShape(firehoseModel, 'PutRecordBatchInput', { DeliveryStreamName: 'clicks', Records: [{ Data: base64(1024000) }] })).toEqual([]);
    // CBOR bodies carry blobs as bytes.
    expect(validateShape(firehoseModel, 'PutRecordBatchInput', { DeliveryStreamName: 'clicks', Records: [{ Data: new Uint8Array(over) }] })).toHaveLength(1);
  });

  it('reports list length with the list rendered', () => {
    expect(validateShape(kinesisModel, 'PutRecordsInput', { StreamName: 'clicks', Records: [] })).toEqual([
      "Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ]);
  });

  it('formats several errors with the plural header, in member order', () => {
    const messages = validateShape(kinesisModel, 'CreateStreamInput', { StreamName: '', ShardCount: 0, StreamModeDetails: { StreamMode: 'X' } });
    expect(formatValidationErrors(messages)).toBe(
      '4 validation errors detected: ' +
        "Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value 'X' at 'streamModeDetails.streamMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]",
    );
    expect(formatValidationErrors(["Value null at 'partitionKey' failed to satisfy constraint: Member must not be null"])).toBe(
      "1 validation error detected: Value null at 'partitionKey' failed to satisfy constraint: Member must not be null",
    );
    expect(() => formatValidationErrors([])).toThrow();
  });

  it('reports required members of an empty or missing body', () => {
    expect(validateShape(firehoseModel, 'PutRecordBatchInput', undefined)).toEqual([
      "Value null at 'deliveryStreamName' failed to satisfy constraint: Member must not be null",
      "Value null at 'records' failed to satisfy constraint: Member must not be null",
    ]);
  });

  it('reports map sizes and keys at the map', () => {
    const tags = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`k${i}`, 'v']));
    const [tooMany] = validateShape(kinesisModel, 'CreateStreamInput', { StreamName: 's', Tags: tags });
    expect(tooMany).toMatch(/^Value '\{k0=v, k1=v, .*k200=v\}' at 'tags' failed to satisfy constraint: Member must have length less than or equal to 200$/);
    expect(validateShape(kinesisModel, 'CreateStreamInput', { StreamName: 's', Tags: { '': 'v' } })).toEqual([
      "Value '{=v}' at 'tags' failed to satisfy constraint: Map keys must satisfy constraint: " +
        '[Member must have length less than or equal to 128, Member must have length greater than or equal to 1]',
    ]);
  });

  it('prefixes paths when validating a nested shape on its own', () => {
    expect(validateShape(firehoseModel, 'BufferingHints', { SizeInMBs: 129, IntervalInSeconds: 901 }, 'extendedS3DestinationConfiguration.bufferingHints')).toEqual([
      "Value '129' at 'extendedS3DestinationConfiguration.bufferingHints.sizeInMBs' failed to satisfy constraint: Member must have value less than or equal to 128",
      "Value '901' at 'extendedS3DestinationConfiguration.bufferingHints.intervalInSeconds' failed to satisfy constraint: Member must have value less than or equal to 900",
    ]);
  });

  it('throws ShapeTypeError (a SerializationException, not a validation error) on a wrong JSON type', () => {
    expect(() => validateShape(kinesisModel, 'CreateStreamInput', { StreamName: 's', ShardCount: '2' })).toThrow(ShapeTypeError);
    expect(() => validateShape(kinesisModel, 'PutRecordInput', { StreamName: 's', PartitionKey: 'p', Data: 'not base64!' })).toThrow(
      "Expected blob at 'data' but found a string",
    );
    expect(() => validateShape(kinesisModel, 'PutRecordsInput', { StreamName: 's', Records: {} })).toThrow(ShapeTypeError);
  });
});

describe('validateShape fast path', () => {
  // Inputs around PutRecords/CreateStream: valid, and broken in every way the model constrains.
  const text = fc.oneof(fc.string({ maxLength: 300 }), fc.constant(''), fc.constant('bad name!'), fc.constant('x'.repeat(129)));
  const data = fc.oneof(fc.uint8Array({ maxLength: 64 }), fc.constant('aGk='), fc.constant('not base64'), fc.constant(7));
  const entry = fc.record({ PartitionKey: fc.option(text), Data: fc.option(data), ExplicitHashKey: fc.option(fc.oneof(fc.constant('12'), fc.constant('-1'), text)) }, { requiredKeys: [] });
  const putRecords = fc.record({ StreamName: fc.option(text), Records: fc.option(fc.array(fc.option(entry), { maxLength: 4 })) }, { requiredKeys: [] });
  const createStream = fc.record({ StreamName: text, ShardCount: fc.option(fc.oneof(fc.integer({ min: -2, max: 3 }), fc.double())) }, { requiredKeys: [] });

  const outcome = (f: () => string[]) => {
    try {
      return f();
    } catch (e) {
      return `throws ${(e as Error).name}`;
    }
  };

  test.each([['PutRecordsInput', putRecords], ['CreateStreamInput', createStream]] as const)('%s: same answer as the full walk for any input', (shape, arb) => {
    fc.assert(fc.property(arb as fc.Arbitrary<unknown>, (value) => {
      expect(outcome(() => validateShape(kinesisModel, shape, value))).toEqual(outcome(() => explainShape(kinesisModel, shape, value)));
    }), { numRuns: 500 });
  });
});
