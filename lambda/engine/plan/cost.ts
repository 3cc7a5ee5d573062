/**
 * Monthly cost of a workload in each capacity mode, from a price table. A month is 730 hours at the
 * workload's average rate; a GB is 2^30 bytes. Billing units round each record up: provisioned PUT
 * payload units count 25 KB chunks, on-demand data counts whole KiB, Firehose ingestion whole 5 KB
 * (a Kinesis-source delivery stream too: the Firehose pricing page says "Direct PUT and KDS as a
 * source"). Each configured destination is a delivery stream reading the whole stream.
 */
import type { PriceTable } from './prices';
import type { SizeCount, Workload } from './workload';

export const HOURS_PER_MONTH = 730;
export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
export const GB = 1024 ** 3;

/** What the pipeline configuration adds to the bill. */
export interface PipelineUsage {
  /** Firehose delivery streams reading the stream (one per destination). */
  readonly deliveryStreams: number;
  /** Other shared-throughput readers (the analytics application). */
  readonly consumers: number;
  readonly enhancedFanOutConsumers: number;
  readonly retentionHours: number;
  /** S3 dynamic partitioning and Parquet conversion, billed per GB on the S3 delivery stream. */
  readonly dynamicPartitioning: boolean;
  readonly formatConversion: boolean;
}

export interface CostLine {
  readonly item: string;
  readonly quantity: number;
  readonly unit: string;
  readonly unitPrice: number;
  readonly cost: number;
}

export interface ModeCost {
  readonly lines: readonly CostLine[];
  readonly total: number;
}

/** The month's volume, in the units each price uses. */
export interface MonthlyVolume {
  readonly records: number;
  /** Key + data, as written to the stream. */
  readonly recordGB: number;
  readonly dataGB: number;
  readonly putPayloadUnits: number;
  /** Records rounded up to whole KiB (on-demand). */
  readonly onDemandGB: number;
  /** Data rounded up to 5 KB per record, per delivery stream (Firehose). */
  readonly firehoseGB: number;
}

export interface MonthlyCosts {
  readonly volume: MonthlyVolume;
  readonly provisioned: ModeCost;
  readonly onDemand: ModeCost;
}

/** The mean over the recorded sizes of f(size), per record. */
function perRecord(sizes: readonly SizeCount[], f: (s: SizeCount) => number): number {
  const count = sizes.reduce((n, s) => n + s.count, 0);
  return sizes.reduce((n, s) => n + s.count * f(s), 0) / count;
}

const roundUp = (bytes: number, unit: number): number => Math.max(1, Math.ceil(bytes / unit)) * unit;

export function monthlyVolume(workload: Workload, prices: PriceTable): MonthlyVolume {
  const records = workload.averageRecordsPerSecond * SECONDS_PER_MONTH;
  const { sizes } = workload;
  const unitBytes = prices.kinesis.provisioned.putPayloadUnitBytes;
  return {
    records,
    recordGB: (records * perRecord(sizes, (s) => s.recordBytes)) / GB,
    dataGB: (records * perRecord(sizes, (s) => s.dataBytes)) / GB,
    putPayloadUnits: records * perRecord(sizes, (s) => roundUp(s.recordBytes, unitBytes) / unitBytes),
    onDemandGB: (records * perRecord(sizes, (s) => roundUp(s.recordBytes, prices.kinesis.onDemand.recordRoundingBytes))) / GB,
    firehoseGB: (records * perRecord(sizes, (s) => roundUp(s.dataBytes, prices.firehose.recordRoundingBytes))) / GB,
  };
}

const line = (item: string, quantity: number, unit: string, unitPrice: number): CostLine => ({ item, quantity, unit, unitPrice, cost: quantity * unitPrice });
const total = (lines: CostLine[]): ModeCost => ({ lines, total: lines.reduce((n, l) => n + l.cost, 0) });

function firehoseLines(volume: MonthlyVolume, usage: PipelineUsage, prices: PriceTable): CostLine[] {
  const f = prices.firehose;
  const lines: CostLine[] = [];
  if (usage.deliveryStreams > 0) {
    lines.push(line(`Firehose ingestion (${usage.deliveryStreams} delivery stream${usage.deliveryStreams === 1 ? '' : 's'})`, volume.firehoseGB * usage.deliveryStreams, 'GB', f.ingestedPerGB));
  }
  if (usage.dynamicPartitioning) lines.push(line('Firehose dynamic partitioning (S3)', volume.dataGB, 'GB', f.dynamicPartitioningPerGB));
  if (usage.formatConversion) lines.push(line('Firehose format conversion (S3)', volume.firehoseGB, 'GB', f.formatConversionPerGB));
  return lines;
}

export function monthlyCosts(workload: Workload, provisionedShards: number, usage: PipelineUsage, prices: PriceTable): MonthlyCosts {
  const volume = monthlyVolume(workload, prices);
  const p = prices.kinesis.provisioned;
  const shardHours = provisionedShards * HOURS_PER_MONTH;
  const provisioned = [
    line(`Shard hours (${provisionedShards} shard${provisionedShards === 1 ? '' : 's'})`, shardHours, 'shard-hour', p.shardHour),
    line('PUT payload units', volume.putPayloadUnits / 1e6, 'million', p.putPayloadUnitPerMillion),
  ];
  if (usage.retentionHours > 24) provisioned.push(line(`Extended retention (${usage.retentionHours} h)`, shardHours, 'shard-hour', p.extendedRetentionShardHour));
  if (usage.enhancedFanOutConsumers > 0) {
    provisioned.push(line(`Enhanced fan-out consumer hours (${usage.enhancedFanOutConsumers})`, shardHours * usage.enhancedFanOutConsumers, 'consumer-shard-hour', p.enhancedFanOutConsumerShardHour));
    provisioned.push(line('Enhanced fan-out data', volume.recordGB * usage.enhancedFanOutConsumers, 'GB', p.enhancedFanOutDataPerGB));
  }
  const o = prices.kinesis.onDemand;
  const readers = usage.deliveryStreams + usage.consumers + usage.enhancedFanOutConsumers;
  const onDemand = [
    line('Stream hours', HOURS_PER_MONTH, 'stream-hour', o.streamHour),
    line('Data in', volume.onDemandGB, 'GB', o.dataInPerGB),
  ];
  if (readers > 0) onDemand.push(line(`Data out (${readers} reader${readers === 1 ? '' : 's'})`, volume.onDemandGB * readers, 'GB', o.dataOutPerGB));
  const firehose = firehoseLines(volume, usage, prices);
  return { volume, provisioned: total([...provisioned, ...firehose]), onDemand: total([...onDemand, ...firehose]) };
}
