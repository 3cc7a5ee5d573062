import prices from '../../../../pricing/kinesis-firehose-us-east-1.json';
import { parsePipelineConfig } from '../../../../lambda/engine/config/pipeline-config';
import { buildPlan, summarizeConfig, type PipelineSummary } from '../../../../lambda/engine/plan/plan';
import { parsePriceTable } from '../../../../lambda/engine/plan/prices';
import { formatPlan, planToJson } from '../../../../lambda/engine/plan/report';
import { recordedWorkload, uniformWorkload } from '../../../../lambda/engine/plan/workload';

const table = parsePriceTable(prices, 'repo');
const summary = (raw: unknown): PipelineSummary => summarizeConfig(parsePipelineConfig(raw, 'test'), 'test');

describe('summarizeConfig', () => {
  test('defaults: provisioned, 1 shard, one S3 delivery stream, 24 h', () => {
    expect(summary({})).toEqual({
      source: 'test', mode: 'PROVISIONED', shardCount: 1, destinations: ['s3'], deliveryStreams: 1, consumers: 0,
      enhancedFanOutConsumers: 0, retentionHours: 24, dynamicPartitioning: false, formatConversion: false,
    });
  });

  test('destinations, analytics, fan-out, retention, partitioning and Parquet', () => {
    const s = summary({
      stream: { mode: 'ON_DEMAND', retentionHours: 48, enhancedFanOutConsumers: ['a', 'b'] },
      destinations: ['s3', 'opensearch'],
      s3: { dynamicPartitioning: true, parquet: true },
      analytics: { application: 'app.sql', inputSchema: 'schema.json', outputs: { OUT: { kind: 'kinesis' } } },
    });
    expect(s).toMatchObject({ mode: 'ON_DEMAND', deliveryStreams: 2, consumers: 1, enhancedFanOutConsumers: 2, retentionHours: 48, dynamicPartitioning: true, formatConversion: true });
    expect(s.shardCount).toBeUndefined();
  });
});

describe('buildPlan', () => {
  const w = uniformWorkload(2_500, 1_024);

  test('configured shards against the recommendation', () => {
    const check = (shardCount: number) => buildPlan(w, summary({ stream: { shardCount } }), table).configCheck;
    expect(check(1)).toEqual({ status: 'under-provisioned', message: 'WARNING: configured 1 shard, under-provisioned: the peak alone needs 3 shards; writes will be throttled (ProvisionedThroughputExceededException)' });
    expect(check(3).status).toBe('below-headroom');
    expect(check(4)).toEqual({ status: 'ok', message: 'configured 4 shards: meets the recommendation' });
    expect(check(9).status).toBe('over-provisioned');
    expect(buildPlan(w, summary({ stream: { mode: 'ON_DEMAND' } }), table).configCheck.status).toBe('on-demand-ok');
    expect(buildPlan(uniformWorkload(5_000, 1_024), summary({ stream: { mode: 'ON_DEMAND' } }), table).configCheck.status).toBe('on-demand-ramp');
  });

  test('steady load is cheaper provisioned; a low average makes on-demand cheaper', () => {
    expect(buildPlan(w, summary({}), table).recommendedMode).toBe('PROVISIONED');
    // 20 shards for the peak but an average of 10 records/s: shard hours dominate.
    const spiky = buildPlan(uniformWorkload(15_000, 1_024, 10), summary({}), table);
    expect(spiky.provisionedShards).toBe(19);
    expect(spiky.onDemand.peakFitsInitial).toBe(false);
    expect(spiky.recommendedMode).toBe('ON_DEMAND');
  });

  test('a key above the limit is reported, in text and JSON, as not fixable by splitting', () => {
    const records = [
      ...Array.from({ length: 1_500 }, () => ({ partitionKey: 'whale', dataBytes: 995, timeMs: 0 })),
      ...Array.from({ length: 500 }, (_, i) => ({ partitionKey: `k${String(i).padStart(3, '0')}`, dataBytes: 996, timeMs: 0 })),
    ];
    const plan = buildPlan(recordedWorkload(records), summary({}), table);
    const text = formatPlan(plan, 'prices.json');
    expect(text).toContain('key "whale" alone writes 1.43 MiB/s, 1,500 records/s, over one shard\'s limit: splitting cannot fix it');
    expect(text).toContain('recorded: 2,000 records, 2,000,000 B over 1 second (1970-01-01T00:00:00Z to 1970-01-01T00:00:00Z), 501 partition keys');
    const json = planToJson(plan, 'prices.json') as { layout: { keysOverLimit: { partitionKey: string; hashKey: string }[] } };
    expect(json.layout.keysOverLimit.map((k) => k.partitionKey)).toEqual(['whale']);
    expect(typeof json.layout.keysOverLimit[0]?.hashKey).toBe('string');
  });
});
