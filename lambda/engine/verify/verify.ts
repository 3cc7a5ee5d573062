/**
 * verifySample: the live verifier's checks over one sample of a stream. Pure: the host reads the stream
 * (ListShards, GetShardIterator AT_TIMESTAMP, GetRecords) and passes what it read.
 */
import { compareAnalytics } from './analytics';
import { checkOrdering } from './ordering';
import { coveredUntil } from './output-rows';
import { expandSample, type SampleRecord } from './records';
import { checkRouting } from './routing';
import { replayThrottling } from './throttling';
import type { VerifierReport, VerifyInput } from './types';

export function verifySample(input: VerifyInput): VerifierReport {
  const byShard = new Map<string, SampleRecord[]>();
  for (const sample of input.samples) byShard.set(sample.ShardId, [...(byShard.get(sample.ShardId) ?? []), ...expandSample(sample)]);
  const all = [...byShard.values()].flat();
  const coverage = { from: input.sampleFrom, to: coveredUntil(input.samples, input.sampleFrom, input.checkedAt) };

  const routing = checkRouting(input.shards, all);
  const ordering = checkOrdering(input.shards, byShard);
  const throttling = replayThrottling(input.shards, byShard, input.provisionedShards);
  const analytics = input.analytics === undefined ? undefined : compareAnalytics(input.analytics, all, coverage.from, coverage.to);

  const problems: string[] = [];
  const notes: string[] = [];
  if (routing.misplacedCount > 0) problems.push(`${routing.misplacedCount} of ${routing.checked} records sit on a shard whose hash-key range does not hold their hash key`);
  if (routing.unknownShards.length > 0) problems.push(`records were read from shards ListShards did not return: ${routing.unknownShards.join(', ')}`);
  if (ordering.violationCount > 0) problems.push(`${ordering.violationCount} sequence-number ordering violations`);
  if (throttling.throttledRecords > 0) {
    problems.push(`${throttling.throttledRecords} sampled records would be throttled on ${throttling.provisionedShards} shards (${throttling.throttleSeconds} shard-seconds over 1,000 records/s or 1 MiB/s)`);
  }
  if (analytics?.error !== undefined) problems.push(`analytics: ${analytics.error}`);
  if (analytics !== undefined && analytics.windows.mismatched > 0) problems.push(`analytics: ${analytics.windows.mismatched} of ${analytics.windows.compared} comparable windows differ from the recomputation`);

  if (ordering.arrivalRegressions > 0) notes.push(`${ordering.arrivalRegressions} arrival timestamps go backwards within a shard (AWS documents them as approximate)`);
  if (routing.kplSubRecordsOutsideShard > 0) notes.push(`${routing.kplSubRecordsOutsideShard} KPL user records hash outside their aggregate's shard (the producer's shard map was stale)`);
  if (routing.misplacedCount > 0) notes.push('GetRecords does not return ExplicitHashKey: a producer that sets one on plain records shows up as misplaced');
  if (input.provisionedShards !== undefined && throttling.openShards !== input.provisionedShards) {
    notes.push(`the stream has ${throttling.openShards} open shards; the pipeline provisions ${input.provisionedShards}`);
  }
  const sampled = new Set(input.samples.map((s) => s.ShardId));
  const unsampled = input.shards.filter((s) => !sampled.has(s.ShardId)).map((s) => s.ShardId);
  if (unsampled.length > 0) notes.push(`shards not sampled: ${unsampled.join(', ')}`);
  if (analytics !== undefined && analytics.windows.compared === 0 && analytics.error === undefined) {
    notes.push('analytics: no output window lies entirely inside the sample; sample a longer span (sampleSeconds) to compare');
  }

  return {
    ok: problems.length === 0,
    checkedAt: new Date(input.checkedAt).toISOString(),
    stream: input.stream,
    shards: input.shards.length,
    records: all.length,
    coverage: { from: new Date(coverage.from).toISOString(), to: new Date(coverage.to).toISOString() },
    routing,
    ordering,
    throttling,
    ...(analytics !== undefined && { analytics }),
    problems,
    notes,
  };
}
