/**
 * Checkpoints: how far each shard has been processed and acknowledged. A position is the sequence number
 * of the last acknowledged Kinesis record; `subSequenceNumber` marks a user record inside an aggregated
 * record when only part of it was acknowledged. 'SHARD_END' means the closed shard is finished, which is
 * what lets its children start.
 */
export interface CheckpointPosition {
  readonly sequenceNumber: string;
  /** Set only when the aggregated record at sequenceNumber was acknowledged up to (and including) this user record. */
  readonly subSequenceNumber?: number;
}

export type Checkpoint = CheckpointPosition | 'SHARD_END';

/** Pluggable: a file on a laptop (lambda/local/kinesis-clients/file-checkpoint-store.ts), a table in AWS. */
export interface CheckpointStore {
  get(shardId: string): Promise<Checkpoint | undefined>;
  put(shardId: string, checkpoint: Checkpoint): Promise<void>;
}

export class MemoryCheckpointStore implements CheckpointStore {
  readonly checkpoints = new Map<string, Checkpoint>();

  get(shardId: string): Promise<Checkpoint | undefined> {
    return Promise.resolve(this.checkpoints.get(shardId));
  }

  put(shardId: string, checkpoint: Checkpoint): Promise<void> {
    this.checkpoints.set(shardId, checkpoint);
    return Promise.resolve();
  }
}
