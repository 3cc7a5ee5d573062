/**
 * Ordering: within a shard, sequence numbers strictly increase (compared as 128-bit integers, not as
 * strings) and stay inside the shard's SequenceNumberRange. Arrival timestamps should not go backwards,
 * but AWS calls them approximate, so a regression is counted, not failed.
 */
import type { SampleRecord } from './records';
import type { OrderingReport, OrderingViolation, SampledShard } from './types';

const EXAMPLES = 10;

type Violation = OrderingViolation & { kind: 'not-increasing' | 'outside-range' };

function toBigInt(text: string | undefined): bigint | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  return BigInt(text);
}

export function checkOrdering(shards: readonly SampledShard[], byShard: ReadonlyMap<string, readonly SampleRecord[]>): OrderingReport {
  const shardById = new Map(shards.map((s) => [s.ShardId, s]));
  const violations: Violation[] = [];
  let violationCount = 0;
  let arrivalRegressions = 0;
  const report = (v: Violation) => {
    violationCount++;
    if (violations.length < EXAMPLES) violations.push(v);
  };
  for (const [shardId, records] of byShard) {
    const range = shardById.get(shardId)?.SequenceNumberRange;
    const first = toBigInt(range?.StartingSequenceNumber);
    const last = toBigInt(range?.EndingSequenceNumber);
    let previous: bigint | undefined;
    let previousText = '';
    let previousArrival = -Infinity;
    records.forEach((r, index) => {
      const text = r.record.SequenceNumber;
      const seq = toBigInt(text);
      if (seq === undefined) {
        report({ shardId, index, previous: previousText, current: text, kind: 'not-increasing' });
        return;
      }
      if ((first !== undefined && seq < first) || (last !== undefined && seq > last)) {
        report({ shardId, index, previous: `${range?.StartingSequenceNumber ?? ''}..${range?.EndingSequenceNumber ?? ''}`, current: text, kind: 'outside-range' });
      }
      if (previous !== undefined && seq <= previous) report({ shardId, index, previous: previousText, current: text, kind: 'not-increasing' });
      if (r.arrival < previousArrival) arrivalRegressions++;
      previous = seq;
      previousText = text;
      previousArrival = Math.max(previousArrival, r.arrival);
    });
  }
  return { checkedShards: byShard.size, violationCount, violations, arrivalRegressions };
}
