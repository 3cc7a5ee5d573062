/**
 * `plan`'s output: a text report for people (workload, shards, hot shards, on-demand, monthly cost,
 * prices, assumptions) and the same plan as JSON for tools (hash keys as decimal strings, as the
 * Kinesis API writes them).
 */
import { PER_SHARD } from '../kinesis/limits';
import { HOURS_PER_MONTH, type CostLine, type ModeCost } from './cost';
import type { Load, PeakKey, SplitAdvice } from './hot-shards';
import type { Plan } from './plan';

const MIB = 1024 * 1024;

/** 1234567.8 → `1,234,568` (digits grouped by hand: no locale data involved). */
export function formatInt(n: number): string {
  return formatFixed(n, 0);
}

/** `n` with `digits` decimals and grouped thousands. */
export function formatFixed(n: number, digits: number): string {
  const [int, frac] = n.toFixed(digits).split('.');
  return `${(int as string).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${frac !== undefined ? `.${frac}` : ''}`;
}

/** A byte rate in MiB/s; KiB/s below 0.01 MiB/s, where two decimals of MiB would show 0.00. */
const mib = (bytes: number): string => (bytes > 0 && bytes < MIB / 100 ? `${formatFixed(bytes / 1024, 2)} KiB/s` : `${formatFixed(bytes / MIB, 2)} MiB/s`);
/** A count per second: whole above 100 or when whole, else two decimals (a small recording's average). */
const rate = (n: number): string => (n >= 100 || Number.isInteger(n) ? formatInt(n) : formatFixed(n, 2));
const load = (l: Load): string => `${mib(l.bytesPerSecond)}, ${rate(l.recordsPerSecond)} records/s`;
const pct = (l: Load): string =>
  `${Math.round((100 * l.bytesPerSecond) / PER_SHARD.writeBytesPerSecond)}% of bytes, ${Math.round((100 * l.recordsPerSecond) / PER_SHARD.writeRecordsPerSecond)}% of records`;
const plural = (n: number, one: string, many = `${one}s`): string => `${formatInt(n)} ${n === 1 ? one : many}`;
const money = (n: number): string => formatFixed(n, 2);

function workloadSection(plan: Plan): string[] {
  const w = plan.workload;
  const meanRecord = w.sizes.reduce((n, s) => n + s.count * s.recordBytes, 0) / w.sizes.reduce((n, s) => n + s.count, 0);
  const out = ['Workload'];
  if (w.kind === 'uniform') {
    out.push(`  uniform: ${rate(w.peakRecordsPerSecond)} records/s of ${formatInt(meanRecord)} B, random partition keys`);
  } else {
    const r = w.recorded;
    const span = r && r.seconds > 0 ? ` over ${plural(r.seconds, 'second')} (${r.firstSecond} to ${r.lastSecond})` : ' (no times)';
    out.push(`  recorded: ${plural(r?.records ?? 0, 'record')}, ${formatInt(r?.bytes ?? 0)} B${span}, ${plural(w.keys?.length ?? 0, 'partition key')}`);
    if (r?.scaledBy !== undefined) out.push(`  scaled by ${formatFixed(r.scaledBy, 4)} so that the peak is --peak-rps`);
    out.push(`  mean record: ${formatInt(meanRecord)} B (partition key + data)`);
  }
  const at = (s?: string): string => (s === undefined ? '' : ` (at ${s})`);
  const sameSecond = w.peakRecordsSecond === w.peakBytesSecond;
  out.push(`  peak: ${rate(w.peakRecordsPerSecond)} records/s${sameSecond ? '' : at(w.peakRecordsSecond)}, ${formatInt(w.peakBytesPerSecond)} B/s = ${mib(w.peakBytesPerSecond)}${at(w.peakBytesSecond)}`);
  out.push(`  average (the cost basis): ${rate(w.averageRecordsPerSecond)} records/s, ${mib(w.averageBytesPerSecond)}`);
  const top = w.keys?.slice(0, 3) ?? [];
  if (top.length > 0) {
    const bytes = w.keys?.reduce((n, k) => n + k.bytes, 0) ?? 1;
    out.push(`  heaviest keys: ${top.map((k) => `${JSON.stringify(k.partitionKey)} ${formatFixed((100 * k.bytes) / bytes, (100 * k.bytes) / bytes < 1 ? 2 : 1)}%`).join(', ')} of bytes`);
  }
  return out;
}

function shardSection(plan: Plan): string[] {
  const r = plan.recommendation;
  const w = plan.workload;
  const h = formatFixed(r.headroom, 2);
  const busiest = plan.layout.shards.reduce((a, b) => (b.load.bytesPerSecond > a.load.bytesPerSecond ? b : a));
  const out = [
    'Shards (provisioned)',
    `  by bytes:   ${mib(w.peakBytesPerSecond)} / 1 MiB/s per shard = ${formatFixed(w.peakBytesPerSecond / PER_SHARD.writeBytesPerSecond, 2)} -> ${r.byBytes}; x ${h} headroom = ${formatFixed((w.peakBytesPerSecond * r.headroom) / PER_SHARD.writeBytesPerSecond, 2)} -> ${r.byBytesWithHeadroom}`,
    `  by records: ${rate(w.peakRecordsPerSecond)} / 1,000 per shard = ${formatFixed(w.peakRecordsPerSecond / PER_SHARD.writeRecordsPerSecond, 2)} -> ${r.byRecords}; x ${h} headroom = ${formatFixed((w.peakRecordsPerSecond * r.headroom) / PER_SHARD.writeRecordsPerSecond, 2)} -> ${r.byRecordsWithHeadroom}`,
    `  recommended: ${plural(plan.provisionedShards, 'shard')}${plan.provisionedShards > r.shards ? ` (${r.shards} evenly split, then ${plural(plan.provisionedShards - r.shards, 'split')})` : ` (bound by ${r.boundBy}; evenly split, the busiest takes ${load(busiest.load)} at the peak)`}`,
    `  configuration (${plan.pipeline.source}): ${plan.configCheck.message}`,
  ];
  return out;
}

const splitLine = (s: SplitAdvice): string =>
  `    SplitShard of [${s.range.start}, ${s.range.end}] at NewStartingHashKey ${s.newStartingHashKey}: ${load(s.left)} | ${load(s.right)}`;
const keyName = (k: PeakKey): string => `${JSON.stringify(k.partitionKey)} (hash key ${k.hashKey})`;

function hotSection(plan: Plan): string[] {
  const { layout } = plan;
  const out = ['Hot shards'];
  if (layout.hot.length === 0) {
    out.push(`  none: with ${plural(layout.shardCount, 'evenly split shard')}, no shard's share of the peak exceeds 1 MiB/s or 1,000 records/s`);
  }
  for (const hot of layout.hot) {
    out.push(`  ${hot.shardId} [${hot.range.start}, ${hot.range.end}]: ${load(hot.load)} at the peak (${pct(hot.load)})`);
    if (hot.heaviestKey !== undefined) out.push(`    heaviest key ${keyName(hot.heaviestKey)}: ${load(hot.heaviestKey.load)}`);
    for (const s of hot.splits) out.push(splitLine(s));
    for (const k of hot.unsplittableKeys) {
      out.push(`    key ${JSON.stringify(k.partitionKey)} alone writes ${load(k.load)}, over one shard's limit: splitting cannot fix it (the splits above only keep its neighbours from being throttled with it); spread it over more partition keys (e.g. add a suffix)`);
    }
  }
  return out;
}

function onDemandSection(plan: Plan): string[] {
  const o = plan.onDemand;
  return [
    'On-demand',
    `  a new on-demand stream writes ${mib(o.initialBytesPerSecond)} / ${formatInt(o.initialRecordsPerSecond)} records/s at first and scales to double its previous peak: ${o.peakFitsInitial ? 'the peak fits from the start' : 'the peak exceeds it, so writes are throttled until the stream has scaled'}`,
    '  per-shard limits still apply to each partition key (1 MiB/s, 1,000 records/s)',
  ];
}

function costRows(title: string, cost: ModeCost): string[][] {
  return [
    [`  ${title}`, '', '', ''],
    ...cost.lines.map((l: CostLine) => [`    ${l.item}`, `${formatFixed(l.quantity, l.quantity >= 100 ? 0 : 2)} ${l.unit}`, `${l.unitPrice}`, money(l.cost)]),
    ['    total', '', '', money(cost.total)],
  ];
}

function costSection(plan: Plan): string[] {
  const { costs } = plan;
  const rows = [['', 'quantity', 'unit price', 'cost'], ...costRows('Provisioned', costs.provisioned), ...costRows('On-demand', costs.onDemand)];
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => (r[c] as string).length)));
  const table = rows.map((r) => [
    (r[0] as string).padEnd(widths[0] as number),
    ...[1, 2, 3].map((c) => (r[c] as string).padStart(widths[c] as number)),
  ].join('  ').trimEnd());
  const diff = Math.abs(costs.provisioned.total - costs.onDemand.total);
  const cheaper = plan.recommendedMode === 'PROVISIONED' ? 'provisioned' : 'on-demand';
  return [
    `Monthly cost (${plan.prices.currency}, ${HOURS_PER_MONTH} h at the average rate)`,
    ...table,
    `  recommended mode: ${plan.recommendedMode} (${cheaper} costs ${money(diff)} less a month)`,
  ];
}

function assumptions(plan: Plan): string[] {
  const w = plan.workload;
  const p = plan.prices;
  const list = [
    w.kind === 'uniform'
      ? 'uniform input: partition keys are random, so load spreads evenly over the hash-key space; the record size counts the partition key and is taken as the data size for Firehose'
      : w.keys?.every((k) => k.perSecond !== undefined)
        ? "recorded input: a shard's or a key's load is its own busiest second (records and bytes each), so bursts away from the stream's peak count"
        : "recorded input without times: each key's load at the peak is its share of the whole input times --peak-rps",
    w.kind === 'uniform' && w.averageRecordsPerSecond === w.peakRecordsPerSecond
      ? 'the peak is sustained all month (give --average-rps for a lower average)'
      : 'a month is the average rate over 730 hours',
    `GB = 2^30 bytes; a PUT payload unit is ${formatInt(p.kinesis.provisioned.putPayloadUnitBytes)} B; on-demand data counts records rounded up to ${formatInt(p.kinesis.onDemand.recordRoundingBytes)} B, Firehose ingestion records rounded up to ${formatInt(p.firehose.recordRoundingBytes)} B`,
    'each destination is one Firehose delivery stream reading the whole stream; an analytics application is one more reader (its output streams are not costed)',
    'not included: on-demand retention and fan-out, Firehose tiers past the first, data transfer, S3/Redshift/OpenSearch, Lambda, CloudWatch',
  ];
  return ['Assumptions', ...list.map((a) => `  - ${a}`), ...(p.notes ?? []).map((n) => `  - price table: ${n}`)];
}

/** The text report; `pricesSource` names the table's file. */
export function formatPlan(plan: Plan, pricesSource: string): string {
  const p = plan.prices;
  const sections = [
    workloadSection(plan),
    shardSection(plan),
    hotSection(plan),
    onDemandSection(plan),
    costSection(plan),
    [`Prices: ${pricesSource}, dated ${p.date}, ${p.region}, from ${p.source}`],
    assumptions(plan),
  ];
  return `${sections.map((s) => s.join('\n')).join('\n\n')}\n`;
}

const loadJson = (l: Load) => ({ recordsPerSecond: l.recordsPerSecond, bytesPerSecond: l.bytesPerSecond });
const rangeJson = (r: { start: bigint; end: bigint }) => ({ startingHashKey: r.start.toString(), endingHashKey: r.end.toString() });
const keyJson = (k: PeakKey) => ({ partitionKey: k.partitionKey, hashKey: k.hashKey.toString(), load: loadJson(k.load) });

/** The plan as plain JSON (bigints as decimal strings). */
export function planToJson(plan: Plan, pricesSource: string): unknown {
  const w = plan.workload;
  return {
    prices: { file: pricesSource, date: plan.prices.date, region: plan.prices.region, currency: plan.prices.currency, source: plan.prices.source },
    workload: {
      kind: w.kind,
      peakRecordsPerSecond: w.peakRecordsPerSecond,
      peakBytesPerSecond: w.peakBytesPerSecond,
      ...(w.peakRecordsSecond !== undefined ? { peakRecordsSecond: w.peakRecordsSecond, peakBytesSecond: w.peakBytesSecond } : {}),
      averageRecordsPerSecond: w.averageRecordsPerSecond,
      averageBytesPerSecond: w.averageBytesPerSecond,
      ...(w.recorded !== undefined ? { recorded: w.recorded } : {}),
      ...(w.keys !== undefined ? { partitionKeys: w.keys.length, heaviestKeys: w.keys.slice(0, 10).map((k) => ({ partitionKey: k.partitionKey, hashKey: k.hashKey.toString(), records: k.records, bytes: k.bytes })) } : {}),
    },
    shards: { ...plan.recommendation, recommended: plan.provisionedShards },
    layout: {
      shardCount: plan.layout.shardCount,
      shards: plan.layout.shards.map((s) => ({ shardId: s.shardId, ...rangeJson(s.range), load: loadJson(s.load), hot: s.hot })),
      hot: plan.layout.hot.map((h) => ({
        shardId: h.shardId,
        ...rangeJson(h.range),
        load: loadJson(h.load),
        splits: h.splits.map((s) => ({ ...rangeJson(s.range), newStartingHashKey: s.newStartingHashKey.toString(), left: loadJson(s.left), right: loadJson(s.right) })),
        unsplittableKeys: h.unsplittableKeys.map(keyJson),
      })),
      keysOverLimit: plan.layout.keysOverLimit.map(keyJson),
    },
    onDemand: plan.onDemand,
    costs: { monthlyVolume: plan.costs.volume, provisioned: plan.costs.provisioned, onDemand: plan.costs.onDemand },
    recommendedMode: plan.recommendedMode,
    configuration: { ...plan.pipeline, check: plan.configCheck },
  };
}
