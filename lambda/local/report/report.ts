/**
 * report.html for `clickstream simulate`: one self-contained page (inline <style>, inline SVG, no
 * script, no network, no external fonts) with the run's charts and tables.
 */
import type { DestinationResult } from '../../engine/simulate/firehose-stage';
import type { SimulationResult } from '../../engine/simulate/simulation';
import { formatBytes, formatDuration, percentile } from '../../engine/simulate/summary';
import { PER_SHARD } from '../../engine/kinesis/limits';
import { barChart, escapeHtml, heatMap, lineChart } from './svg';

const MAX_POINTS = 360;
const HISTOGRAM_BINS = 12;

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:820px;color:#1f2937;background:#fff}
h1{font-size:22px}h2{font-size:17px;margin-top:32px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}h3{font-size:14px}
table{border-collapse:collapse;font-size:12px;margin:8px 0;display:block;overflow-x:auto}
th,td{border:1px solid #e5e7eb;padding:3px 6px;text-align:left;white-space:nowrap}th{background:#f3f4f6}
td.num{text-align:right}
svg{display:block;margin:8px 0;font-size:11px;fill:#374151;max-width:100%;height:auto}
svg .grid{stroke:#e5e7eb}svg .axis{stroke:#9ca3af}svg .limit{stroke:#dc2626;stroke-dasharray:6 4;stroke-width:1.5}
svg .limit-label{fill:#dc2626}svg .boundary{stroke:#111827;stroke-width:2}
.legend span{display:inline-block;margin-right:14px;font-size:12px}.legend i{display:inline-block;width:12px;height:3px;margin-right:4px;vertical-align:middle}
.note{color:#6b7280;font-size:12px}
`;

/** Per-second values grouped into buckets: the peak second (rates vs. limits) or the sum (counts). */
function bucketize(values: readonly number[], size: number, how: 'max' | 'sum'): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i += size) {
    let acc = 0;
    for (let j = i; j < Math.min(values.length, i + size); j++) acc = how === 'max' ? Math.max(acc, values[j] as number) : acc + (values[j] as number);
    out.push(acc);
  }
  return out;
}

function histogram(values: readonly number[]): { counts: number[]; width: number } {
  const max = Math.max(1, ...values);
  const width = max / HISTOGRAM_BINS;
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const v of values) counts[Math.min(HISTOGRAM_BINS - 1, Math.floor(v / width))]! += 1;
  return { counts, width };
}

const clock = (ms: number): string => new Date(ms).toISOString().slice(11, 19);
const count = (n: number): string => (Math.abs(n) >= 10 ? Math.round(n).toLocaleString('en-US') : String(Math.round(n * 10) / 10));

function legend(names: readonly string[]): string {
  const colors = ['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2', '#be185d', '#4d7c0f'];
  return `<div class="legend">${names.map((n, i) => `<span><i style="background:${colors[i % colors.length]}"></i>${escapeHtml(n)}</span>`).join('')}</div>`;
}

function streamSection(r: SimulationResult): string {
  const { series } = r;
  const size = Math.max(1, Math.ceil(series.seconds / MAX_POINTS));
  const xLabel = (i: number): string => clock(series.startMs + i * size * 1000);
  const names = series.shards.map((s) => s.shardId);
  const per = size === 1 ? 'per second' : `peak second in each ${size}-second bucket`;
  const boundaries = series.shards.map((s) => ({ at: Number((BigInt(s.startingHashKey) * 10000n) >> 128n) / 10000, label: s.shardId.replace('shardId-', '#').replace(/#0+(\d)/, '#$1') }));
  return [
    `<h2>Kinesis stream ${escapeHtml(r.streamName)}</h2>`,
    `<h3>Write rate: records/s per shard (${escapeHtml(per)})</h3>`,
    legend(names),
    lineChart({ id: 'shard-records', title: 'records per second per shard', series: series.shards.map((s) => ({ name: s.shardId, values: bucketize(s.records, size, 'max') })), xLabel, yFormat: count, limit: { value: PER_SHARD.writeRecordsPerSecond, label: '1,000 records/s per shard' } }),
    `<h3>Write rate: bytes/s per shard (${escapeHtml(per)})</h3>`,
    lineChart({ id: 'shard-bytes', title: 'bytes per second per shard', series: series.shards.map((s) => ({ name: s.shardId, values: bucketize(s.bytes, size, 'max') })), xLabel, yFormat: (v) => formatBytes(Math.round(v)), limit: { value: PER_SHARD.writeBytesPerSecond, label: '1 MiB/s per shard' } }),
    `<h3>Throttled records (${size === 1 ? 'per second' : `per ${size}-second bucket`}, all shards)</h3>`,
    barChart({ id: 'throttled', title: 'throttled records over time', values: bucketize(series.shards.reduce<number[]>((acc, s) => s.throttled.map((v, i) => v + (acc[i] ?? 0)), []), size, 'sum'), xLabel, yFormat: count, color: '#dc2626' }),
    `<p class="note">${count(r.producer.throttled)} throttled entry attempts, ${count(r.producer.retries)} retries, ${count(r.producer.failed)} given up.</p>`,
    `<h3>Hash-key heat map (${series.heat.bins} bins over the 128-bit hash space; lines: shard starts)</h3>`,
    heatMap({ id: 'hash-heatmap', title: 'records per hash-key bin', counts: series.heat.counts, boundaries }),
  ].join('\n');
}

function destinationSection(d: DestinationResult): string {
  const data = d.files.filter((f) => !f.error);
  const sizes = histogram(data.map((f) => f.bytes));
  const latencies = histogram(data.map((f) => f.latencyMs));
  const id = d.destination;
  const total = d.files.reduce((s, f) => s + f.bytes, 0);
  const rows: [string, string][] = [
    ['delivery stream', d.deliveryStream],
    ['buffering', `${d.bufferSizeMiB} MiB or ${d.bufferIntervalSeconds} s, ${d.compression}`],
    ['files (data / error output)', `${data.length} / ${d.files.length - data.length}`],
    ['bytes written', formatBytes(total)],
    ['records delivered / dropped / failed', `${d.counts.delivered} / ${d.counts.dropped} / ${d.counts.failed}`],
    ['latency p50 / p95 (oldest record to file)', `${formatDuration(percentile(data.map((f) => f.latencyMs), 50))} / ${formatDuration(percentile(data.map((f) => f.latencyMs), 95))}`],
  ];
  return [
    `<h2>Firehose → ${escapeHtml(d.destination)}</h2>`,
    d.note !== undefined ? `<p class="note">${escapeHtml(d.note)}</p>` : '',
    `<table data-table="destination-${escapeHtml(id)}"><tbody>${rows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</tbody></table>`,
    `<h3>File sizes (data files)</h3>`,
    barChart({ id: `file-sizes-${id}`, title: `file sizes, ${id}`, values: sizes.counts, xLabel: (i) => formatBytes(Math.round(i * sizes.width)), yFormat: count }),
    `<h3>Delivery latency (data files)</h3>`,
    barChart({ id: `latency-${id}`, title: `delivery latency, ${id}`, values: latencies.counts, xLabel: (i) => formatDuration(Math.round(i * latencies.width)), yFormat: count, color: '#059669' }),
  ].join('\n');
}

function sqlSection(r: SimulationResult): string {
  const a = r.analytics;
  if (a === undefined) return '<h2>Analytics</h2><p class="note">No analytics application was run.</p>';
  const parts = [`<h2>Analytics: ${escapeHtml(a.source)}</h2>`, `<p class="note">${a.invocations} Lambda invocations (batches and minute ticks).</p>`];
  for (const s of a.streams) {
    const rows = s.first.map((line) => JSON.parse(line) as { rowtime: string; row: Record<string, unknown> });
    const columns = ['ROWTIME', ...new Set(rows.flatMap((x) => Object.keys(x.row)))];
    const cell = (v: unknown): string => {
      const text = v === null || v === undefined ? 'null' : typeof v === 'string' ? v : JSON.stringify(v);
      return `<td${typeof v === 'number' ? ' class="num"' : ''}>${escapeHtml(text)}</td>`;
    };
    parts.push(`<h3>${escapeHtml(s.stream)}: ${s.rows} rows (first ${rows.length})</h3>`);
    parts.push(
      `<table data-table="sql-${escapeHtml(s.stream)}"><thead><tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>` +
        rows.map((x) => `<tr>${cell(x.rowtime)}${columns.slice(1).map((c) => cell(x.row[c])).join('')}</tr>`).join('') +
        '</tbody></table>',
    );
  }
  return parts.join('\n');
}

export interface ReportMeta {
  /** What the traffic was: "generator, seed 1" or the input file. */
  readonly traffic: string;
  readonly config: string;
}

export function renderReport(r: SimulationResult, meta: ReportMeta): string {
  const head = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>clickstream simulate: ${escapeHtml(r.streamName)}</title><style>${STYLE}</style></head><body>`;
  const intro = [
    `<h1>Pipeline simulation: ${escapeHtml(r.streamName)}</h1>`,
    `<p>${r.records.toLocaleString('en-US')} records (${escapeHtml(meta.traffic)}), configuration ${escapeHtml(meta.config)}; ${r.shardCount} shard${r.shardCount === 1 ? '' : 's'}; simulated ${escapeHtml(new Date(r.startMs).toISOString())} to ${escapeHtml(new Date(r.endMs).toISOString())}.</p>`,
    ...r.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`),
  ].join('\n');
  return `${head}\n${intro}\n${streamSection(r)}\n${r.destinations.map(destinationSection).join('\n')}\n${sqlSection(r)}\n</body></html>\n`;
}
