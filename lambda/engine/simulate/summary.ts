/** The end-of-run summary: plain-text tables for the terminal. */
import type { SimulationResult } from './simulation';

/** The p-th percentile (nearest rank) of the values; undefined when there are none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(2)} MiB`;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined) return '-';
  if (ms < 1000) return `${ms} ms`;
  const s = ms / 1000;
  return s < 120 ? `${s.toFixed(s < 10 ? 1 : 0)} s` : `${(s / 60).toFixed(1)} min`;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function formatSummary(r: SimulationResult): string {
  const p = r.producer;
  const n = (x: number): string => x.toLocaleString('en-US');
  const out: string[] = [];
  out.push(`simulated ${formatDuration(r.producedUntilMs - r.startMs)} of traffic (+${formatDuration(r.endMs - r.producedUntilMs)} drain) on ${r.streamName}, ${r.shardCount} shard${r.shardCount === 1 ? '' : 's'}`);
  out.push('');
  out.push(table(['stream', 'records'], [
    ['records in', n(r.records)],
    ['stored', n(p.stored)],
    ['throttled (entry attempts)', n(p.throttled)],
    ['retries', n(p.retries)],
    ['failed after retries', n(p.failed)],
    ['PutRecords calls', n(p.calls)],
  ]));
  out.push('');
  out.push(table(
    ['destination', 'files', 'bytes', 'delivered', 'dropped', 'failed', 'latency p50', 'latency p95'],
    r.destinations.map((d) => {
      const data = d.files.filter((f) => !f.error);
      const latencies = data.map((f) => f.latencyMs);
      return [
        `${d.destination} (${d.deliveryStream})`,
        n(d.files.length),
        formatBytes(d.files.reduce((s, f) => s + f.bytes, 0)),
        n(d.counts.delivered),
        n(d.counts.dropped),
        n(d.counts.failed),
        formatDuration(percentile(latencies, 50)),
        formatDuration(percentile(latencies, 95)),
      ];
    }),
  ));
  if (r.analytics !== undefined) {
    out.push('');
    out.push(table([`analytics stream (${r.analytics.source})`, 'rows'], r.analytics.streams.map((s) => [s.stream, n(s.rows)])));
  }
  const notes = [...r.notes, ...r.destinations.flatMap((d) => (d.note !== undefined ? [`${d.destination}: ${d.note}`] : []))];
  if (notes.length > 0) out.push('', ...notes.map((x) => `note: ${x}`));
  return `${out.join('\n')}\n`;
}
