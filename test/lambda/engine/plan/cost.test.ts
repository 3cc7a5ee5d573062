import prices from '../../../../pricing/kinesis-firehose-us-east-1.json';
import { GB, HOURS_PER_MONTH, monthlyCosts, type PipelineUsage } from '../../../../lambda/engine/plan/cost';
import { parsePriceTable } from '../../../../lambda/engine/plan/prices';
import { uniformWorkload } from '../../../../lambda/engine/plan/workload';

const table = parsePriceTable(prices, 'repo');
const S3_ONLY: PipelineUsage = { deliveryStreams: 1, consumers: 0, enhancedFanOutConsumers: 0, retentionHours: 24, dynamicPartitioning: false, formatConversion: false };
const cost = (lines: readonly { item: string; cost: number }[], prefix: string): number => {
  const line = lines.find((l) => l.item.startsWith(prefix));
  if (line === undefined) throw new Error(`no line ${prefix}`);
  return line.cost;
};

describe('monthlyCosts, recomputed by hand', () => {
  test('the repository table has the prices these tests use', () => {
    expect(table.kinesis.provisioned).toMatchObject({ shardHour: 0.015, putPayloadUnitPerMillion: 0.014, putPayloadUnitBytes: 25_000 });
    expect(table.kinesis.onDemand).toMatchObject({ streamHour: 0.04, dataInPerGB: 0.08, dataOutPerGB: 0.04, recordRoundingBytes: 1_024 });
    expect(table.firehose).toMatchObject({ ingestedPerGB: 0.029, recordRoundingBytes: 5_120 });
    expect(HOURS_PER_MONTH).toBe(730);
    expect(GB).toBe(1_073_741_824);
  });

  test('2,500 records/s of 1 KiB, 4 shards, one S3 delivery stream and an analytics reader', () => {
    const c = monthlyCosts(uniformWorkload(2_500, 1_024), 4, { ...S3_ONLY, consumers: 1 }, table);
    const records = 2_500 * 730 * 3_600; // 6,570,000,000 a month
    expect(c.volume.records).toBe(6_570_000_000);

    // Provisioned: 4 shards * 730 h * $0.015 = $43.80
    expect(cost(c.provisioned.lines, 'Shard hours')).toBeCloseTo(43.8, 10);
    // 1,024 B is one 25 KB payload unit: 6,570 million units * $0.014 = $91.98
    expect(cost(c.provisioned.lines, 'PUT payload units')).toBeCloseTo(91.98, 10);
    // Firehose rounds each 1,024 B record up to 5,120 B: 6.57e9 * 5,120 / 2^30 = 31,328.2 GB * $0.029 = $908.52
    const firehoseGB = (records * 5_120) / 1_073_741_824;
    expect(firehoseGB).toBeCloseTo(31_328.2, 1);
    expect(cost(c.provisioned.lines, 'Firehose ingestion')).toBeCloseTo(firehoseGB * 0.029, 10);
    expect(c.provisioned.total).toBeCloseTo(43.8 + 91.98 + firehoseGB * 0.029, 10);
    expect(c.provisioned.total.toFixed(2)).toBe('1044.30');

    // On-demand: 730 h * $0.04 = $29.20; data in 6.57e9 * 1,024 / 2^30 = 6,265.6 GB * $0.08 = $501.25;
    // data out: 2 readers (the delivery stream and the analytics application) * 6,265.6 GB * $0.04 = $501.25
    const inGB = (records * 1_024) / 1_073_741_824;
    expect(cost(c.onDemand.lines, 'Stream hours')).toBeCloseTo(29.2, 10);
    expect(cost(c.onDemand.lines, 'Data in')).toBeCloseTo(inGB * 0.08, 10);
    expect(cost(c.onDemand.lines, 'Data out (2 readers)')).toBeCloseTo(2 * inGB * 0.04, 10);
    expect(c.onDemand.total.toFixed(2)).toBe('1940.22');
  });

  test('records above a rounding unit: 30 KiB is 2 payload units, 6 Firehose units, 30 KiB on-demand', () => {
    const c = monthlyCosts(uniformWorkload(10, 30 * 1_024), 1, S3_ONLY, table);
    const records = 10 * 730 * 3_600; // 26,280,000
    // 30,720 B / 25,000 B -> 2 units
    expect(c.volume.putPayloadUnits).toBe(records * 2);
    expect(cost(c.provisioned.lines, 'PUT payload units')).toBeCloseTo((records * 2 * 0.014) / 1e6, 10);
    // 30,720 B is exactly 6 * 5,120 B and 30 * 1,024 B: no rounding
    expect(c.volume.firehoseGB).toBeCloseTo((records * 30_720) / GB, 10);
    expect(c.volume.onDemandGB).toBeCloseTo((records * 30_720) / GB, 10);
  });

  test('a 100 B record is billed as 5,120 B by Firehose and 1,024 B on-demand', () => {
    const c = monthlyCosts(uniformWorkload(1, 100), 1, S3_ONLY, table);
    const records = 730 * 3_600;
    expect(c.volume.firehoseGB).toBeCloseTo((records * 5_120) / GB, 12);
    expect(c.volume.onDemandGB).toBeCloseTo((records * 1_024) / GB, 12);
    expect(c.volume.putPayloadUnits).toBe(records);
  });

  test('each destination is a delivery stream; retention, fan-out, partitioning and Parquet add lines', () => {
    const usage: PipelineUsage = { deliveryStreams: 3, consumers: 0, enhancedFanOutConsumers: 2, retentionHours: 48, dynamicPartitioning: true, formatConversion: true };
    const c = monthlyCosts(uniformWorkload(1_000, 5_120), 2, usage, table);
    const records = 1_000 * 730 * 3_600;
    const gb = (records * 5_120) / GB;
    expect(cost(c.provisioned.lines, 'Firehose ingestion (3 delivery streams)')).toBeCloseTo(3 * gb * 0.029, 8);
    expect(cost(c.provisioned.lines, 'Extended retention (48 h)')).toBeCloseTo(2 * 730 * 0.02, 10);
    expect(cost(c.provisioned.lines, 'Enhanced fan-out consumer hours (2)')).toBeCloseTo(2 * 2 * 730 * 0.015, 10);
    expect(cost(c.provisioned.lines, 'Enhanced fan-out data')).toBeCloseTo(2 * gb * 0.013, 8);
    expect(cost(c.provisioned.lines, 'Firehose dynamic partitioning')).toBeCloseTo(gb * 0.02, 8);
    expect(cost(c.provisioned.lines, 'Firehose format conversion')).toBeCloseTo(gb * 0.018, 8);
    // On-demand readers: 3 delivery streams + 2 fan-out consumers
    expect(cost(c.onDemand.lines, 'Data out (5 readers)')).toBeCloseTo(5 * gb * 0.04, 8);
    const sum = (lines: readonly { cost: number }[]): number => lines.reduce((n, l) => n + l.cost, 0);
    expect(c.provisioned.total).toBeCloseTo(sum(c.provisioned.lines), 8);
    expect(c.onDemand.total).toBeCloseTo(sum(c.onDemand.lines), 8);
  });

  test('the average rate, not the peak, makes the month', () => {
    const c = monthlyCosts(uniformWorkload(2_000, 1_024, 500), 3, S3_ONLY, table);
    expect(c.volume.records).toBe(500 * 730 * 3_600);
    expect(cost(c.provisioned.lines, 'Shard hours')).toBeCloseTo(3 * 730 * 0.015, 10);
  });
});
