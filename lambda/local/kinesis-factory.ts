/** How `clickstream serve` builds the Kinesis engine: real time, AWS throttling or none, memory or SQLite. */
import { systemClock } from '../engine/clock';
import type { KinesisOperations } from '../engine/kinesis/contract';
import { KinesisEngine } from '../engine/kinesis/engine';
import { SqliteKinesisStore } from './storage/sqlite-kinesis-store';

export interface KinesisFactoryOptions {
  /** With a directory, every acknowledged record survives a crash and restart (DESIGN.md, Local endpoint). */
  readonly dataDir?: string;
  /** `aws` reproduces AWS's per-shard limits and throttling; `off` disables them. */
  readonly throttle: 'aws' | 'off';
}

export function createKinesis(options: KinesisFactoryOptions): KinesisOperations {
  return new KinesisEngine({
    clock: systemClock,
    throttle: options.throttle,
    store: options.dataDir ? new SqliteKinesisStore(options.dataDir) : undefined,
  });
}
