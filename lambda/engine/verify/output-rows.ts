/**
 * The analytics application's output as sampled from its destination stream: each record (or KPL user
 * record) holds one or more JSON lines `{"stream": NAME, "rowtime": T, "row": {...}}`.
 */
import { arrivalMs, userRecordsOf, expandSample } from './records';
import type { AnalyticsOutputRow, ShardSample } from './types';

export interface ParsedOutput {
  readonly rows: AnalyticsOutputRow[];
  /** Lines that are not output rows. */
  readonly invalid: number;
}

function asOutputRow(value: unknown): AnalyticsOutputRow | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const o = value as Record<string, unknown>;
  if (typeof o['stream'] !== 'string' || (typeof o['rowtime'] !== 'string' && typeof o['rowtime'] !== 'number')) return undefined;
  if (typeof o['row'] !== 'object' || o['row'] === null || Array.isArray(o['row'])) return undefined;
  return { stream: o['stream'], rowtime: o['rowtime'], row: o['row'] as Record<string, unknown> };
}

export function parseOutputRows(samples: readonly ShardSample[]): ParsedOutput {
  const rows: AnalyticsOutputRow[] = [];
  let invalid = 0;
  for (const sample of samples) {
    for (const record of expandSample(sample)) {
      for (const user of userRecordsOf(record)) {
        for (const line of Buffer.from(user.data).toString('utf8').split('\n')) {
          if (line.trim() === '') continue;
          let row: AnalyticsOutputRow | undefined;
          try {
            row = asOutputRow(JSON.parse(line));
          } catch {
            row = undefined;
          }
          if (row === undefined) invalid++;
          else rows.push(row);
        }
      }
    }
  }
  return { rows, invalid };
}

/**
 * Until when a set of shard samples is complete: `until` if every read reached its shard's tip, else
 * just before the last record of the earliest-stopping truncated shard (that millisecond may have more).
 */
export function coveredUntil(samples: readonly ShardSample[], from: number, until: number): number {
  let to = until;
  for (const sample of samples) {
    if (sample.complete) continue;
    const last = sample.Records.reduce((m, r) => Math.max(m, arrivalMs(r.ApproximateArrivalTimestamp)), -Infinity);
    to = Math.min(to, last === -Infinity ? from : last - 1);
  }
  return Math.max(from, to);
}
