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
});
