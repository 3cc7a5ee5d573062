/**
 * The consumer's port (ListShards, GetShardIterator, GetRecords) over @aws-sdk/client-kinesis, and the
 * producer's shard map from ListShards.
 */
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand, type KinesisClient, type Shard } from '@aws-sdk/client-kinesis';

import type { ConsumerPort, ShardDescription, StreamRecord } from '../../engine/kinesis/consumer-ports';
import { shardMapFromPort } from '../../engine/kinesis/engine-ports';
import type { ShardMapProvider } from '../../engine/kinesis/producer-ports';

function shardOf(s: Shard): ShardDescription {
  return {
    ShardId: s.ShardId ?? '',
    ...(s.ParentShardId !== undefined ? { ParentShardId: s.ParentShardId } : {}),
    ...(s.AdjacentParentShardId !== undefined ? { AdjacentParentShardId: s.AdjacentParentShardId } : {}),
    HashKeyRange: { StartingHashKey: s.HashKeyRange?.StartingHashKey ?? '0', EndingHashKey: s.HashKeyRange?.EndingHashKey ?? '0' },
    SequenceNumberRange: {
      StartingSequenceNumber: s.SequenceNumberRange?.StartingSequenceNumber ?? '0',
      ...(s.SequenceNumberRange?.EndingSequenceNumber !== undefined ? { EndingSequenceNumber: s.SequenceNumberRange.EndingSequenceNumber } : {}),
    },
  };
}

export function sdkConsumerPort(client: KinesisClient): ConsumerPort {
  return {
    listShards: async (streamName) => {
      const shards: ShardDescription[] = [];
      let token: string | undefined;
      do {
        // ListShards takes either StreamName or NextToken, never both.
        const out = await client.send(new ListShardsCommand(token === undefined ? { StreamName: streamName } : { NextToken: token }));
        shards.push(...(out.Shards ?? []).map(shardOf));
        token = out.NextToken;
      } while (token !== undefined);
      return shards;
    },
    getShardIterator: async (input) => {
      const out = await client.send(new GetShardIteratorCommand({ ...input }));
      if (out.ShardIterator === undefined) throw new Error(`GetShardIterator returned no iterator for ${input.ShardId}`);
      return out.ShardIterator;
    },
    getRecords: async (input) => {
      const out = await client.send(new GetRecordsCommand({ ...input }));
      const records: StreamRecord[] = (out.Records ?? []).map((r) => ({
        SequenceNumber: r.SequenceNumber ?? '',
        PartitionKey: r.PartitionKey ?? '',
        Data: r.Data ?? new Uint8Array(),
        ...(r.ApproximateArrivalTimestamp !== undefined ? { ApproximateArrivalTimestamp: r.ApproximateArrivalTimestamp } : {}),
      }));
      return {
        Records: records,
        ...(out.NextShardIterator !== undefined ? { NextShardIterator: out.NextShardIterator } : {}),
        ...(out.MillisBehindLatest !== undefined ? { MillisBehindLatest: out.MillisBehindLatest } : {}),
        ...(out.ChildShards !== undefined ? { ChildShards: out.ChildShards.map((c) => ({ ShardId: c.ShardId ?? '', ParentShards: c.ParentShards ?? [] })) } : {}),
      };
    },
  };
}

export function sdkShardMap(client: KinesisClient, streamName: string): ShardMapProvider {
  return shardMapFromPort(sdkConsumerPort(client), streamName);
}
