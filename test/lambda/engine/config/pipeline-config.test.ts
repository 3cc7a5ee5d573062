import { ConfigError, parsePipelineConfig } from '../../../../lambda/engine/config/pipeline-config';

function problems(raw: unknown): string[] {
  try {
    parsePipelineConfig(raw, 'test');
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems.map((p) => `${p.path}: ${p.rule}`);
  }
  throw new Error('expected a ConfigError');
}

describe('parsePipelineConfig', () => {
  test('an absent configuration means the defaults: S3 only', () => {
    expect(parsePipelineConfig(undefined, 'test')).toEqual({ destinations: ['s3'] });
  });

  test('a full configuration passes through unchanged', () => {
    const raw = {
      stream: { mode: 'PROVISIONED', shardCount: 4, retentionHours: 8760 },
      destinations: ['s3', 'opensearch'],
      s3: { bufferSizeMiB: 128, bufferIntervalSeconds: 0, compression: 'ZIP', parquet: { compression: 'GZIP' } },
      opensearch: { indexRotation: 'OneWeek', bufferSizeMiB: 100 },
      monitoring: { alarmEmail: 'a@example.com', dataFreshnessMinutes: 15 },
    };
    expect(parsePipelineConfig(raw, 'test')).toEqual(raw);
  });

  test('ranges come from the same limits the constructs use', () => {
    expect(problems({ stream: { retentionHours: 23 } })).toEqual(['clickstream.stream.retentionHours: must be an integer from 24 to 8760']);
    expect(problems({ stream: { retentionHours: 8761 } })).toEqual(['clickstream.stream.retentionHours: must be an integer from 24 to 8760']);
    expect(problems({ s3: { bufferSizeMiB: 129 } })).toEqual(['clickstream.s3.bufferSizeMiB: must be an integer from 1 to 128']);
    expect(problems({ opensearch: { bufferSizeMiB: 101 } })).toEqual(['clickstream.opensearch.bufferSizeMiB: must be an integer from 1 to 100']);
    expect(problems({ s3: { bufferIntervalSeconds: 901 } })).toEqual(['clickstream.s3.bufferIntervalSeconds: must be an integer from 0 to 900']);
    expect(problems({ redshift: { clusterEndpoint: 'c', database: 'd', secretArn: 'arn:x', retrySeconds: 7201 } }))
      .toEqual(['clickstream.redshift.retrySeconds: must be an integer from 0 to 7200']);
    expect(problems({ stream: { shardCount: '2' } })).toEqual(['clickstream.stream.shardCount: must be an integer ≥ 1']);
  });

  test('every problem is reported, each with its key', () => {
    expect(problems({ stream: { mode: 'BURST', shardCount: 1.5 }, destinations: [], extra: 1 })).toEqual([
      'clickstream.stream.mode: Invalid option: expected one of "PROVISIONED"|"ON_DEMAND"',
      'clickstream.stream.shardCount: must be an integer ≥ 1',
      'clickstream.destinations: Too small: expected array to have >=1 items',
      'clickstream: unknown key(s) "extra"',
    ]);
  });

  test('cross-field rules', () => {
    expect(problems({ destinations: ['s3', 'redshift'] })).toEqual([
      'clickstream.redshift: is required when destinations includes "redshift" (clusterEndpoint, database and secretArn)',
    ]);
    expect(problems({ destinations: ['s3', 's3'] })).toEqual(['clickstream.destinations: must not repeat a destination']);
    expect(problems({ stream: { mode: 'ON_DEMAND', shardCount: 2 } })).toEqual(['clickstream.stream.shardCount: must not be set when mode is ON_DEMAND']);
    expect(problems({ opensearch: { domainArn: 'arn:aws:es:eu-west-1:1:domain/x' } })).toEqual([
      'clickstream.opensearch.domainEndpoint: domainArn and domainEndpoint go together (both name the existing domain)',
    ]);
  });

  test('the error message lists the source and every problem', () => {
    expect(() => parsePipelineConfig({ redshift: { database: 'x' } }, 'cdk.json context "clickstream"'))
      .toThrow(/^Invalid clickstream configuration \(cdk.json context "clickstream"\):\n {2}- clickstream.redshift.clusterEndpoint: /);
  });

  describe('analytics', () => {
    const app = { application: 'examples/analytics/clickstream.sql', inputSchema: 'examples/analytics/clickstream.schema.json' };

    test('every output kind and both runtimes pass through unchanged', () => {
      const lambdaStage = {
        ...app,
        runtime: 'lambda',
        outputs: {
          A: { kind: 'kinesis' },
          B: { kind: 'kinesis', streamName: 'existing', kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc' },
          C: { kind: 'firehose', deliveryStreamName: 'top-pages' },
          D: { kind: 'lambda', functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:f' },
        },
        lambda: { batchSize: 100, retryAttempts: 3, maxRecordAgeSeconds: 3600, boundLagSeconds: 30, iteratorAgeAlarmMinutes: 2, memorySize: 2048 },
      };
      expect(parsePipelineConfig({ analytics: lambdaStage }, 'test').analytics).toEqual(lambdaStage);
      const flinkStage = {
        ...app,
        runtime: 'flink',
        outputs: { A: { kind: 'kinesis' } },
        flink: { jarS3: { bucketArn: 'arn:aws:s3:::jars', key: 'runner.jar' }, parallelism: 4, parallelismPerKpu: 2, autoScaling: false, checkpointIntervalSeconds: 30 },
      };
      expect(parsePipelineConfig({ analytics: flinkStage }, 'test').analytics).toEqual(flinkStage);
    });

    test('the files and at least one output are required', () => {
      expect(problems({ analytics: { outputs: { A: { kind: 'kinesis' } } } })).toEqual([
        'clickstream.analytics.application: Invalid input: expected string, received undefined',
        'clickstream.analytics.inputSchema: Invalid input: expected string, received undefined',
      ]);
      expect(problems({ analytics: { ...app, outputs: {} } })).toEqual(['clickstream.analytics.outputs: must send at least one in-application stream somewhere']);
    });

    test('outputs: the kind, the names (AWS model patterns) and ARNs', () => {
      expect(problems({ analytics: { ...app, outputs: { A: { kind: 'sns' } } } })).toEqual([
        'clickstream.analytics.outputs.A.kind: must be "kinesis", "firehose" or "lambda"',
      ]);
      expect(problems({ analytics: { ...app, outputs: { A: { kind: 'firehose', deliveryStreamName: 'top pages' } } } })).toEqual([
        'clickstream.analytics.outputs.A.deliveryStreamName: must be 1 to 64 characters matching [a-zA-Z0-9_.-]+',
      ]);
      expect(problems({ analytics: { ...app, outputs: { A: { kind: 'kinesis', streamName: 'x'.repeat(129) } } } })).toEqual([
        'clickstream.analytics.outputs.A.streamName: must be 1 to 128 characters matching [a-zA-Z0-9_.-]+',
      ]);
      expect(problems({ analytics: { ...app, outputs: { A: { kind: 'lambda', functionArn: 'my-function' } } } })).toEqual([
        'clickstream.analytics.outputs.A.functionArn: must be a lambda ARN (arn:<partition>:lambda:...)',
      ]);
      expect(problems({ analytics: { ...app, outputs: { A: { kind: 'kinesis', stream: 'x' } } } })).toEqual([
        'clickstream.analytics.outputs.A: unknown key(s) "stream"',
      ]);
    });

    test('runtime rules: flink needs exactly one jar and no Lambda outputs; settings of the other runtime are refused', () => {
      expect(problems({ analytics: { ...app, runtime: 'spark', outputs: { A: { kind: 'kinesis' } } } })).toEqual([
        'clickstream.analytics.runtime: Invalid option: expected one of "lambda"|"flink"',
      ]);
      expect(problems({
        analytics: { ...app, runtime: 'flink', outputs: { A: { kind: 'lambda', functionArn: 'arn:aws:lambda:eu-west-1:1:function:f' } }, lambda: {} },
      })).toEqual([
        'clickstream.analytics.flink: must set exactly one of jarPath (a local SQL-runner jar) or jarS3 ({bucketArn, key}) when runtime is "flink"',
        'clickstream.analytics.lambda: applies to runtime "lambda" only',
        'clickstream.analytics.outputs.A.kind: cannot be "lambda" when runtime is "flink" (Flink sinks: kinesis, firehose)',
      ]);
      expect(problems({
        analytics: { ...app, runtime: 'flink', outputs: { A: { kind: 'kinesis' } }, flink: { jarPath: 'r.jar', jarS3: { bucketArn: 'arn:aws:s3:::b', key: 'k' } } },
      })).toEqual(['clickstream.analytics.flink: must set exactly one of jarPath (a local SQL-runner jar) or jarS3 ({bucketArn, key}) when runtime is "flink"']);
      expect(problems({ analytics: { ...app, outputs: { A: { kind: 'kinesis' } }, flink: { jarPath: 'r.jar' } } })).toEqual([
        'clickstream.analytics.flink: applies to runtime "flink" only',
      ]);
      expect(problems({ analytics: { ...app, outputs: { A: { kind: 'kinesis' } }, lambda: { batchSize: 0 } } })).toEqual([
        'clickstream.analytics.lambda.batchSize: must be an integer from 1 to 10000',
      ]);
    });

    test('cdk.json and the examples are valid configurations', () => {
      const cdkJson = require('../../../../cdk.json');
      expect(parsePipelineConfig(cdkJson.context.clickstream, 'cdk.json').analytics).toMatchObject({ runtime: 'lambda', application: 'examples/analytics/clickstream.sql' });
      for (const file of ['all-destinations.json', 'new-opensearch-domain.json', 'flink-analytics.json']) {
        expect(() => parsePipelineConfig(require(`../../../../examples/${file}`), file)).not.toThrow();
      }
    });
  });
});
