import { Duration, Size } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { CLICK_EVENT_COLUMNS } from '../../../lambda/engine/clickstream/click-event';
import { DEFAULT_ERROR_PREFIX, DEFAULT_PARTITIONED_PREFIX, DEFAULT_S3_PREFIX, S3Delivery, S3DeliveryProps } from '../../../lib/delivery/s3-delivery';
import { actionsOf, deliveryWiring, onlyResource, policyStatements, template, testStack } from '../helpers';

function build(props: Partial<S3DeliveryProps> = {}) {
  const stack = testStack();
  const delivery = new S3Delivery(stack, 'S3', { ...deliveryWiring(stack), ...props });
  return { stack, delivery, t: template(stack) };
}

function destination(props: Partial<S3DeliveryProps> = {}) {
  return onlyResource(build(props).t, 'AWS::KinesisFirehose::DeliveryStream').Properties.ExtendedS3DestinationConfiguration;
}

describe('S3Delivery', () => {
  test('reads the Kinesis stream and runs the transform as its Lambda processor', () => {
    const { t } = build();
    t.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: {
        KinesisStreamARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Source'), 'Arn'] },
        RoleARN: { 'Fn::GetAtt': [Match.stringLikeRegexp('^S3Role'), 'Arn'] },
      },
      ExtendedS3DestinationConfiguration: {
        ProcessingConfiguration: {
          Enabled: true,
          Processors: [{
            Type: 'Lambda',
            Parameters: Match.arrayWith([{ ParameterName: 'LambdaArn', ParameterValue: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Transform'), 'Arn'] } }]),
          }],
        },
      },
    });
  });

  test('defaults: 5 MiB / 300 s, GZIP, time-based prefix, error prefix by error-output-type, no backup', () => {
    expect(destination()).toMatchObject({
      BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
      CompressionFormat: 'GZIP',
      Prefix: DEFAULT_S3_PREFIX,
      ErrorOutputPrefix: DEFAULT_ERROR_PREFIX,
      S3BackupMode: 'Disabled',
      CloudWatchLoggingOptions: { Enabled: true, LogStreamName: 'DestinationDelivery' },
    });
    expect(DEFAULT_S3_PREFIX).toBe('events/!{timestamp:yyyy/MM/dd/HH}/');
    expect(DEFAULT_ERROR_PREFIX).toBe('errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd/HH}/');
  });

  test('buffering, compression and prefixes are passed through', () => {
    expect(destination({
      bufferingSize: Size.mebibytes(128), bufferingInterval: Duration.seconds(0), compression: 'HADOOP_SNAPPY',
      prefix: 'clicks/!{timestamp:yyyy}/', errorOutputPrefix: 'failed/!{firehose:error-output-type}/',
    })).toMatchObject({
      BufferingHints: { SizeInMBs: 128, IntervalInSeconds: 0 },
      CompressionFormat: 'HADOOP_SNAPPY',
      Prefix: 'clicks/!{timestamp:yyyy}/',
      ErrorOutputPrefix: 'failed/!{firehose:error-output-type}/',
    });
  });

  test('the new bucket is encrypted, TLS-only, private, versioned and access-logged', () => {
    const { t } = build();
    const buckets = Object.entries(t.findResources('AWS::S3::Bucket'));
    const [dataId, data] = buckets.find(([id]) => id.startsWith('S3Bucket'))!;
    expect((data as any).Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: { Ref: expect.stringMatching(/^S3AccessLogs/) } },
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: dataId },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      })]) },
    });
  });

  test('the role may read the stream, invoke the transform, write the bucket and its error log, and nothing broader', () => {
    const { t } = build();
    const statements = policyStatements(t);
    const actions = statements.flatMap(actionsOf);
    expect(actions).toEqual(expect.arrayContaining([
      'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:DescribeStream',
      'lambda:InvokeFunction', 'lambda:GetFunctionConfiguration',
      's3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject',
      'logs:PutLogEvents',
    ]));
    expect(actions.filter((a) => a.endsWith('*'))).toEqual([]);
    const s3Statement = statements.find((s) => actionsOf(s).includes('s3:PutObject'))!;
    expect(s3Statement.Resource).toEqual([
      { 'Fn::GetAtt': [expect.stringMatching(/^S3Bucket/), 'Arn'] },
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^S3Bucket/), 'Arn'] }, '/*']] },
    ]);
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({
        Principal: { Service: 'firehose.amazonaws.com' },
        Condition: { StringEquals: { 'sts:ExternalId': '123456789012' } },
      })] },
    });
  });

  test('the delivery stream is created after its role policy (Firehose checks the role at creation)', () => {
    const { t } = build();
    const [stream] = Object.values(t.findResources('AWS::KinesisFirehose::DeliveryStream')) as any[];
    expect(stream.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^S3RoleDefaultPolicy/)]));
  });

  test('dynamic partitioning: Lambda partition keys in a Hive-style prefix, 128 MiB default buffer', () => {
    const d = destination({ dynamicPartitioning: true });
    expect(d).toMatchObject({
      DynamicPartitioningConfiguration: { Enabled: true, RetryOptions: { DurationInSeconds: 300 } },
      BufferingHints: { SizeInMBs: 128, IntervalInSeconds: 300 },
      Prefix: DEFAULT_PARTITIONED_PREFIX,
    });
    expect(d.Prefix).toBe('events/event_type=!{partitionKeyFromLambda:event_type}/year=!{partitionKeyFromLambda:year}/'
      + 'month=!{partitionKeyFromLambda:month}/day=!{partitionKeyFromLambda:day}/hour=!{partitionKeyFromLambda:hour}/');
  });

  test('Parquet conversion through a new Glue table with the transform\'s columns', () => {
    const { t } = build({ parquet: {} });
    const d = onlyResource(t, 'AWS::KinesisFirehose::DeliveryStream').Properties.ExtendedS3DestinationConfiguration;
    expect(d.CompressionFormat).toBe('UNCOMPRESSED');
    expect(d.BufferingHints).toEqual({ SizeInMBs: 128, IntervalInSeconds: 300 });
    expect(d.DataFormatConversionConfiguration).toMatchObject({
      Enabled: true,
      InputFormatConfiguration: { Deserializer: { OpenXJsonSerDe: {} } },
      OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: 'SNAPPY' } } },
      SchemaConfiguration: { DatabaseName: 'clickstream', TableName: 'events', VersionId: 'LATEST', Region: 'eu-west-1', CatalogId: '123456789012' },
    });
    const table = onlyResource(t, 'AWS::Glue::Table').Properties.TableInput;
    expect(table.StorageDescriptor.Columns).toEqual(CLICK_EVENT_COLUMNS.map((c) => ({ Name: c.name, Type: c.glueType })));
    onlyResource(t, 'AWS::Glue::Database');
    expect(actionsOf(policyStatements(t).find((s) => actionsOf(s).includes('glue:GetTable'))!))
      .toEqual(['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions']);
  });

  test('Parquet with an existing Glue table creates no table', () => {
    const { t } = build({ parquet: { databaseName: 'lake', tableName: 'clicks', compression: 'GZIP' } });
    expect(t.findResources('AWS::Glue::Table')).toEqual({});
    expect(t.findResources('AWS::Glue::Database')).toEqual({});
    const d = onlyResource(t, 'AWS::KinesisFirehose::DeliveryStream').Properties.ExtendedS3DestinationConfiguration;
    expect(d.DataFormatConversionConfiguration.SchemaConfiguration).toMatchObject({ DatabaseName: 'lake', TableName: 'clicks' });
    expect(d.DataFormatConversionConfiguration.OutputFormatConfiguration.Serializer.ParquetSerDe.Compression).toBe('GZIP');
  });

  test('source backup keeps untransformed records under source-backup/', () => {
    expect(destination({ sourceBackup: true })).toMatchObject({
      S3BackupMode: 'Enabled',
      S3BackupConfiguration: { Prefix: 'source-backup/', CompressionFormat: 'GZIP' },
    });
  });

  describe('validation names the prop and the allowed range', () => {
    const cases: Array<[string, Partial<S3DeliveryProps>, RegExp]> = [
      ['buffer 0 MiB', { bufferingSize: Size.mebibytes(0) }, /S3Delivery: bufferingSize must be a whole number of MiB from 1 to 128 MiB \(got 0 MiB\)/],
      ['buffer 129 MiB', { bufferingSize: Size.mebibytes(129) }, /bufferingSize must be a whole number of MiB from 1 to 128 MiB \(got 129 MiB\)/],
      ['buffer 1.5 MiB', { bufferingSize: Size.kibibytes(1536) }, /bufferingSize must be a whole number of MiB from 1 to 128 MiB \(got 1.5 MiB\)/],
      ['interval 901 s', { bufferingInterval: Duration.seconds(901) }, /bufferingInterval must be a whole number of seconds from 0 to 900 seconds/],
      ['unknown compression', { compression: 'BZIP2' as never }, /compression must be one of UNCOMPRESSED, GZIP, ZIP, Snappy, HADOOP_SNAPPY \(got "BZIP2"\)/],
      ['dynamic partitioning with 32 MiB', { dynamicPartitioning: true, bufferingSize: Size.mebibytes(32) }, /bufferingSize must be at least 64 MiB when dynamicPartitioning is on/],
      ['dynamic partitioning with 30 s', { dynamicPartitioning: true, bufferingSize: Size.mebibytes(64), bufferingInterval: Duration.seconds(30) }, /bufferingInterval must be at least 60 seconds when dynamicPartitioning is on/],
      ['parquet with 16 MiB', { parquet: {}, bufferingSize: Size.mebibytes(16) }, /bufferingSize must be at least 64 MiB when parquet conversion is on/],
      ['parquet with GZIP objects', { parquet: {}, compression: 'GZIP' }, /compression must be UNCOMPRESSED when parquet is set/],
      ['source backup with zero buffering', { sourceBackup: true, bufferingInterval: Duration.seconds(0) }, /bufferingInterval must be more than 0 seconds when sourceBackup is on/],
      ['error prefix without error-output-type', { errorOutputPrefix: 'errors/' }, /S3Delivery: errorOutputPrefix .*error-output-type/],
      ['partition keys without dynamic partitioning', { prefix: 'events/!{partitionKeyFromLambda:event_type}/' }, /S3Delivery: prefix .*partitionKeyFrom/],
      ['error-output-type in the data prefix', { prefix: 'events/!{firehose:error-output-type}/' }, /S3Delivery: prefix .*error-output-type/],
      ['invalid timestamp pattern', { prefix: 'events/!{timestamp:yyyy/bb}/' }, /S3Delivery: prefix/],
      ['unknown namespace', { prefix: 'events/!{hostname:x}/' }, /S3Delivery: prefix/],
      ['bad delivery stream name', { deliveryStreamName: 'clicks to s3' }, /S3Delivery: deliveryStreamName must match \[a-zA-Z0-9_.-\]\+/],
    ];
    test.each(cases)('%s', (_name, props, message) => {
      expect(() => build(props)).toThrow(message);
    });

    test('boundaries are accepted: 1 and 128 MiB, 0 and 900 s, 64 MiB/60 s with dynamic partitioning', () => {
      expect(() => build({ bufferingSize: Size.mebibytes(1), bufferingInterval: Duration.seconds(900) })).not.toThrow();
      expect(() => build({ bufferingSize: Size.mebibytes(128), bufferingInterval: Duration.seconds(0) })).not.toThrow();
      expect(() => build({ dynamicPartitioning: true, bufferingSize: Size.mebibytes(64), bufferingInterval: Duration.seconds(60) })).not.toThrow();
    });
  });
});
