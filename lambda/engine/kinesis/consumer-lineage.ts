/**
 * Lineage order (pure): a shard may be read only after every parent it has (one after a split, two
 * after a merge) has been read to its end and checkpointed SHARD_END. Otherwise a key's records in a child
 * could be delivered before its older records still unread in the parent.
 */
import type { ShardDescription } from './consumer-ports';

/**
 * Shards that may be read now: not finished, not already running, and whose parents are finished.
 * A parent missing from the listing has aged out of retention: nothing left to wait for.
 */
export function readyShards(
  shards: readonly ShardDescription[],
  finished: ReadonlySet<string>,
  running: ReadonlySet<string>,
): ShardDescription[] {
  const listed = new Set(shards.map((s) => s.ShardId));
  const done = (id: string | undefined) => id === undefined || !listed.has(id) || finished.has(id);
  return shards.filter((s) => !finished.has(s.ShardId) && !running.has(s.ShardId) && done(s.ParentShardId) && done(s.AdjacentParentShardId));
}
