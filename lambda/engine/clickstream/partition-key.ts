/**
 * The partition key the pipeline's producers use for a click event: the session, so that a session's
 * events stay in order on one shard and per-session windows of the analytics stage see whole sessions
 * (README, "Analytics on Lambda"); without a session, the visitor. Undefined when the event has none.
 * Kinesis takes at most 256 characters.
 */
export function clickPartitionKey(event: Record<string, unknown>): string | undefined {
  for (const field of ['sessionId', 'userId', 'anonymousId']) {
    const value = event[field];
    if (typeof value === 'string' && value.trim() !== '') return value.slice(0, 256);
  }
  return undefined;
}
