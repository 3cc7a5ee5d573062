/**
 * The producer's transport and the consumer's port over the in-process engine (KinesisOperations), for
 * simulations and tests: no HTTP, same semantics. Engine errors surface as rejected promises carrying
 * AWS's exception name (KinesisError.type), as SDK errors do (`name`).
 */
import type { ConsumerPort, GetRecordsOutput, ShardDescription } from './consumer-ports';
import type { KinesisOperations } from './contract';
import type { ProducerTransport, PutRecordsResult, ShardMapProvider } from './producer-ports';

export function engineProducerTransport(engine: KinesisOperations): ProducerTransport {
  return async (streamName, entries) =>
    engine.call('PutRecords', { StreamName: streamName, Records: entries.map((e) => ({ ...e })) }) as unknown as PutRecordsResult;
}

export function engineConsumerPort(engine: KinesisOperations): ConsumerPort {
  return {
    listShards: async (streamName) => {
      const shards: ShardDescription[] = [];
      let out = engine.call('ListShards', { StreamName: streamName });
      shards.push(...(out['Shards'] as ShardDescription[]));
      while (typeof out['NextToken'] === 'string') {
        out = engine.call('ListShards', { NextToken: out['NextToken'] });
        shards.push(...(out['Shards'] as ShardDescription[]));
      }
      return shards;
    },
    getShardIterator: async (input) => engine.call('GetShardIterator', { ...input })['ShardIterator'] as string,
    getRecords: async (input) => engine.call('GetRecords', { ...input }) as unknown as GetRecordsOutput,
  };
}

/** Open shards' hash ranges, for the producer's aggregation by predicted shard. */
export function shardMapFromPort(port: ConsumerPort, streamName: string): ShardMapProvider {
  return async () => (await port.listShards(streamName))
    .filter((s) => s.SequenceNumberRange.EndingSequenceNumber === undefined)
    .map((s) => ({ shardId: s.ShardId, startingHashKey: BigInt(s.HashKeyRange.StartingHashKey), endingHashKey: BigInt(s.HashKeyRange.EndingHashKey) }));
}
