/**
 * The producer's PutRecords transport over @aws-sdk/client-kinesis (AWS, or the local endpoint).
 * SDK errors keep their exception `name`, which the producer uses as the entries' error code.
 */
import { PutRecordsCommand, type KinesisClient } from '@aws-sdk/client-kinesis';

import type { ProducerTransport, PutRecordsResultEntry } from '../../engine/kinesis/producer-ports';

export function sdkProducerTransport(client: KinesisClient): ProducerTransport {
  return async (streamName, entries) => {
    const out = await client.send(new PutRecordsCommand({ StreamName: streamName, Records: entries.map((e) => ({ ...e })) }));
    const records: PutRecordsResultEntry[] = (out.Records ?? []).map((r) =>
      r.SequenceNumber !== undefined && r.ShardId !== undefined
        ? { SequenceNumber: r.SequenceNumber, ShardId: r.ShardId }
        : { ErrorCode: r.ErrorCode ?? 'InternalFailure', ErrorMessage: r.ErrorMessage ?? '' });
    return { FailedRecordCount: out.FailedRecordCount ?? 0, Records: records };
  };
}
