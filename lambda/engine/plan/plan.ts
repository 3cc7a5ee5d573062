/**
 * `plan`: a workload, a pipeline configuration and a price table in; the shard recommendation, the hot
 * shards of the default layout with the splits that fix them, the on-demand comparison and the monthly
 * cost of each mode out. Pure: the CLI reads the files.
 */
import type { DestinationName, PipelineConfig } from '../config/pipeline-config';
import { ON_DEMAND_INITIAL_SHARDS, PER_SHARD } from '../kinesis/limits';
import { monthlyCosts, type MonthlyCosts, type PipelineUsage } from './cost';
import { analyzeShards, type ShardAnalysis } from './hot-shards';
import type { PriceTable } from './prices';
import { DEFAULT_HEADROOM, recommendShards, type ShardRecommendation } from './shards';
import type { Workload } from './workload';

/** The configured pipeline, as far as sizing and cost go. */
export interface PipelineSummary extends PipelineUsage {
  /** Where the configuration came from (a file, cdk.json, or built-in defaults). */
  readonly source: string;
  readonly mode: 'PROVISIONED' | 'ON_DEMAND';
  /** Provisioned only; the construct's default is 1. */
  readonly shardCount?: number;
  readonly destinations: readonly string[];
}

export function summarizeConfig(config: PipelineConfig & { destinations: DestinationName[] }, source: string): PipelineSummary {
  const mode = config.stream?.mode === 'ON_DEMAND' ? 'ON_DEMAND' : 'PROVISIONED';
  const parquet = config.s3?.parquet;
  const s3 = config.destinations.includes('s3');
  return {
    source,
    mode,
    ...(mode === 'PROVISIONED' ? { shardCount: config.stream?.shardCount ?? 1 } : {}),
    destinations: config.destinations,
    deliveryStreams: config.destinations.length,
    consumers: config.analytics === undefined ? 0 : 1,
    enhancedFanOutConsumers: config.stream?.enhancedFanOutConsumers?.length ?? 0,
    retentionHours: config.stream?.retentionHours ?? 24,
    dynamicPartitioning: s3 && config.s3?.dynamicPartitioning === true,
    formatConversion: s3 && parquet !== undefined && parquet !== false,
  };
}

export interface OnDemandCapacity {
  readonly initialBytesPerSecond: number;
  readonly initialRecordsPerSecond: number;
  /** The peak fits a new on-demand stream's initial write capacity. */
  readonly peakFitsInitial: boolean;
}

export type ConfigStatus = 'ok' | 'under-provisioned' | 'below-headroom' | 'over-provisioned' | 'on-demand-ok' | 'on-demand-ramp';

export interface Plan {
  readonly workload: Workload;
  readonly prices: PriceTable;
  readonly recommendation: ShardRecommendation;
  readonly layout: ShardAnalysis;
  /** Shards to provision: the recommendation plus one per advised split. */
  readonly provisionedShards: number;
  readonly onDemand: OnDemandCapacity;
  readonly costs: MonthlyCosts;
  readonly recommendedMode: 'PROVISIONED' | 'ON_DEMAND';
  readonly pipeline: PipelineSummary;
  readonly configCheck: { readonly status: ConfigStatus; readonly message: string };
}

export interface PlanOptions {
  readonly headroom?: number;
}

export function buildPlan(workload: Workload, pipeline: PipelineSummary, prices: PriceTable, options: PlanOptions = {}): Plan {
  const recommendation = recommendShards(workload.peakBytesPerSecond, workload.peakRecordsPerSecond, options.headroom ?? DEFAULT_HEADROOM);
  const layout = analyzeShards(workload, recommendation.shards);
  const provisionedShards = layout.shardsAfterSplits;
  const onDemand: OnDemandCapacity = {
    initialBytesPerSecond: ON_DEMAND_INITIAL_SHARDS * PER_SHARD.writeBytesPerSecond,
    initialRecordsPerSecond: ON_DEMAND_INITIAL_SHARDS * PER_SHARD.writeRecordsPerSecond,
    peakFitsInitial: workload.peakBytesPerSecond <= ON_DEMAND_INITIAL_SHARDS * PER_SHARD.writeBytesPerSecond
      && workload.peakRecordsPerSecond <= ON_DEMAND_INITIAL_SHARDS * PER_SHARD.writeRecordsPerSecond,
  };
  const costs = monthlyCosts(workload, provisionedShards, pipeline, prices);
  return {
    workload,
    prices,
    recommendation,
    layout,
    provisionedShards,
    onDemand,
    costs,
    // Ties go to provisioned: its capacity is the one the plan has checked shard by shard.
    recommendedMode: costs.onDemand.total < costs.provisioned.total ? 'ON_DEMAND' : 'PROVISIONED',
    pipeline,
    configCheck: checkConfig(pipeline, recommendation, provisionedShards, onDemand),
  };
}

function checkConfig(pipeline: PipelineSummary, r: ShardRecommendation, provisionedShards: number, onDemand: OnDemandCapacity): Plan['configCheck'] {
  if (pipeline.mode === 'ON_DEMAND') {
    return onDemand.peakFitsInitial
      ? { status: 'on-demand-ok', message: 'configured ON_DEMAND: the peak fits a new on-demand stream\'s initial write capacity' }
      : { status: 'on-demand-ramp', message: 'configured ON_DEMAND: the peak exceeds a new on-demand stream\'s initial 4 MiB/s / 4,000 records/s; writes are throttled until the stream has scaled (to double its previous peak): ramp traffic up or start provisioned and switch' };
  }
  const configured = pipeline.shardCount ?? 1;
  const needed = Math.max(r.byBytes, r.byRecords);
  const shards = (n: number): string => `${n} shard${n === 1 ? '' : 's'}`;
  if (configured < needed) {
    return { status: 'under-provisioned', message: `WARNING: configured ${shards(configured)}, under-provisioned: the peak alone needs ${shards(needed)}; writes will be throttled (ProvisionedThroughputExceededException)` };
  }
  if (configured < provisionedShards) {
    return { status: 'below-headroom', message: `configured ${shards(configured)}: enough for the peak but below the recommended ${shards(provisionedShards)} (headroom ${r.headroom}${provisionedShards > r.shards ? ', hot-shard splits' : ''})` };
  }
  if (configured > 2 * provisionedShards) {
    return { status: 'over-provisioned', message: `configured ${shards(configured)}: more than twice the recommended ${shards(provisionedShards)}` };
  }
  return { status: 'ok', message: `configured ${shards(configured)}: meets the recommendation` };
}
