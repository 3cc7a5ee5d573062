/**
 * The Kinesis Data Streams reference engine: `KinesisOperations` (./contract.ts) over a `KinesisStore`
 * (./store.ts), pure and deterministic: time comes from the injected `Clock`, iterators are signed
 * with `iteratorSecret` (a constant by default), and nothing reads the file system or the network.
 *
 *   const engine = new KinesisEngine({ clock: systemClock, throttle: 'aws' });
 *   engine.call('CreateStream', { StreamName: 'clicks', ShardCount: 2 });
 *   engine.call('PutRecord', { StreamName: 'clicks', PartitionKey: 'u1', Data: Buffer.from('{}') });
 *
 * Inputs must already be valid against AWS's API model (types, required members, lengths, patterns,
 * enums): hosts run `validateShape` from ../aws-model/model.ts first. The engine implements the
 * semantic rules and raises AWS's exceptions with AWS's messages (./errors.ts).
 */
import type { Clock } from '../clock';
import { EngineContext } from './context';
import type { KinesisOperations } from './contract';
import { unknownOperation } from './errors';
import { defaultShardLimit, ON_DEMAND_STREAM_LIMIT } from './limits';
import { consumerHandlers } from './operations/consumers';
import { recordHandlers } from './operations/records';
import { shardHandlers } from './operations/shards';
import { streamHandlers } from './operations/streams';
import { tagHandlers } from './operations/tags';
import type { Handler } from './operations/types';
import { MemoryKinesisStore } from './memory-store';
import type { KinesisStore } from './store';

export interface KinesisEngineOptions {
  readonly clock: Clock;
  /** Where state lives; the engine rebuilds itself from it on construction. Default: a new MemoryKinesisStore. */
  readonly store?: KinesisStore;
  /** 'aws': per-shard read/write limits as AWS enforces them; 'off': no throttling. */
  readonly throttle: 'aws' | 'off';
  /** How long CREATING/UPDATING/DELETING last before the change completes. Default 0 (immediately). */
  readonly statusDelayMs?: number;
  /** Default '000000000000'. */
  readonly account?: string;
  /** Default 'us-east-1'. */
  readonly region?: string;
  /** Key for shard iterators' MAC. Default: a constant, so iterators stay valid across restarts. */
  readonly iteratorSecret?: string | Uint8Array;
  /** The account's open-shard quota. Default: AWS's (500 in us-east-1, us-west-2, eu-west-1; 200 elsewhere). */
  readonly shardLimit?: number;
  /** On-demand streams per account. Default 50 (AWS's). */
  readonly onDemandStreamLimit?: number;
}

const HANDLERS: Readonly<Record<string, Handler>> = {
  ...streamHandlers,
  ...shardHandlers,
  ...recordHandlers,
  ...tagHandlers,
  ...consumerHandlers,
};

/** The operations the engine implements (AWS operation names). */
export const SUPPORTED_OPERATIONS: readonly string[] = Object.keys(HANDLERS).sort();

export class KinesisEngine implements KinesisOperations {
  private readonly ctx: EngineContext;

  constructor(options: KinesisEngineOptions) {
    const region = options.region ?? 'us-east-1';
    this.ctx = new EngineContext({
      clock: options.clock,
      store: options.store ?? new MemoryKinesisStore(),
      throttle: options.throttle === 'aws',
      statusDelayMs: options.statusDelayMs ?? 0,
      account: options.account ?? '000000000000',
      region,
      iteratorSecret: options.iteratorSecret ?? 'clickstream-pipeline/kinesis-engine/shard-iterator',
      shardLimit: options.shardLimit ?? defaultShardLimit(region),
      onDemandStreamLimit: options.onDemandStreamLimit ?? ON_DEMAND_STREAM_LIMIT,
    });
  }

  call(operation: string, input: Record<string, unknown>): Record<string, unknown> {
    const handler = Object.prototype.hasOwnProperty.call(HANDLERS, operation) ? HANDLERS[operation] : undefined;
    if (handler === undefined) throw unknownOperation();
    this.ctx.refreshAll();
    return handler(this.ctx, input ?? {});
  }
}
