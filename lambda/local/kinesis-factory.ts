/**
 * How `clickstream serve` builds the Kinesis engine. A placeholder until the engine in
 * lambda/engine/kinesis/ is ready: the integrator replaces the body (the signature is the contract the
 * CLI relies on).
 */
import type { KinesisOperations } from '../engine/kinesis/contract';

export interface KinesisFactoryOptions {
  /** With a directory, every acknowledged record survives a crash and restart (DESIGN.md, Local endpoint). */
  readonly dataDir?: string;
  /** `aws` reproduces AWS's per-shard limits and throttling; `off` disables them. */
  readonly throttle: 'aws' | 'off';
}

export function createKinesis(options: KinesisFactoryOptions): KinesisOperations {
  void options;
  throw new Error('engine not wired yet');
}
