/**
 * What one invocation of the Lambda SQL runtime does, with storage and destinations as ports (the AWS
 * adapters are in lambda/handlers/analytics/). README "Analytics on Lambda" describes the semantics.
 *
 * A batch of one shard: load the shard's state → run the new records (./shard-processor.ts) → save
 * the state with the new rows in its outbox (a conditional write: a concurrent writer makes this one
 * fail and the batch is retried from the saved state) → deliver the outbox → save it emptied. A failed
 * delivery saves how far it got and throws, so the event source mapping retries the batch: its
 * records are skipped as processed and only the undelivered rows are sent.
 *
 * A tick (the schedule): every shard's state takes a rowtime bound at now − lag, closing the windows
 * that ended, and its rows are delivered the same way. A shard whose state another invocation saved
 * meanwhile is left for the next tick.
 */
import type { CompiledApplication } from '../sql/runtime';
import { markDelivered, pending, processBound, processRecords, usableState, type OutboxRow, type ShardRecord, type ShardState } from './shard-processor';

/** The saved state of a shard, with the version a conditional save must match. */
export interface Loaded {
  readonly state: ShardState | undefined;
  readonly version: string | undefined;
}

export interface StateStore {
  load(shardId: string): Promise<Loaded>;
  /** Saves when the stored version is still `version` (undefined: nothing stored); returns the new version. Throws StateConflictError otherwise. */
  save(shardId: string, state: ShardState, version: string | undefined): Promise<string>;
  /** Every shard with a saved state. */
  shards(): Promise<string[]>;
}

export class StateConflictError extends Error {
  override readonly name = 'StateConflictError';
  constructor(readonly shardId: string) {
    super(`the state of ${shardId} was saved by another invocation meanwhile`);
  }
}

/** Delivers rows in order; resolves with how many of them (a prefix) were delivered. */
export type OutputSink = (rows: readonly OutboxRow[]) => Promise<number>;

export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';
  constructor(
    readonly shardId: string,
    readonly delivered: number,
    readonly remaining: number,
    cause: string,
  ) {
    super(`${shardId}: ${remaining} output rows not delivered (${delivered} were): ${cause}`);
  }
}

export interface RuntimeContext {
  readonly app: CompiledApplication;
  readonly appId: string;
  readonly horizonMs: number;
  readonly store: StateStore;
  readonly deliver: OutputSink;
}

export interface ShardReport {
  readonly shardId: string;
  readonly processed: number;
  readonly skipped: number;
  readonly rows: number;
  readonly delivered: number;
}

/** Runs one shard's batch (records in shard order). */
export async function runBatch(ctx: RuntimeContext, shardId: string, records: readonly ShardRecord[]): Promise<ShardReport> {
  const loaded = await ctx.store.load(shardId);
  const state = usableState(loaded.state, ctx.appId);
  const result = processRecords(ctx.app, ctx.horizonMs, state, shardId, records);
  const version = result.state === loaded.state ? loaded.version : await ctx.store.save(shardId, result.state, loaded.version);
  const delivered = await deliverOutbox(ctx, shardId, result.state, version);
  return { shardId, processed: records.length - result.skipped, skipped: result.skipped, rows: result.added, delivered };
}

/** A tick at `bound` for every shard; a shard saved by someone else meanwhile is skipped. */
export async function runTick(ctx: RuntimeContext, bound: number): Promise<ShardReport[]> {
  const reports: ShardReport[] = [];
  for (const shardId of await ctx.store.shards()) {
    const loaded = await ctx.store.load(shardId);
    const state = usableState(loaded.state, ctx.appId);
    const result = processBound(ctx.app, ctx.horizonMs, state, shardId, bound);
    let version = loaded.version;
    try {
      if (result.state !== state) version = await ctx.store.save(shardId, result.state, loaded.version);
    } catch (e) {
      if (e instanceof StateConflictError) continue;
      throw e;
    }
    const delivered = await deliverOutbox(ctx, shardId, result.state, version);
    reports.push({ shardId, processed: 0, skipped: 0, rows: result.added, delivered });
  }
  return reports;
}

/** Sends the undelivered rows; saves the emptied outbox, or how far delivery got before failing. */
async function deliverOutbox(ctx: RuntimeContext, shardId: string, state: ShardState, version: string | undefined): Promise<number> {
  const rows = pending(state);
  if (rows.length === 0) return 0;
  let delivered = 0;
  let failure: unknown;
  try {
    delivered = await ctx.deliver(rows);
  } catch (e) {
    failure = e;
  }
  if (delivered > 0) await ctx.store.save(shardId, markDelivered(state, delivered), version);
  if (delivered < rows.length) {
    const cause = failure === undefined ? 'the destination refused them' : failure instanceof Error ? failure.message : String(failure);
    throw new DeliveryError(shardId, delivered, rows.length - delivered, cause);
  }
  return delivered;
}
