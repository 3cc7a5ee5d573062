/** Thin @aws-sdk/client-kinesis wrappers for the producer and consumer libraries, and the checkpoint stores (a file, a DynamoDB table). */
export { sdkProducerTransport } from './sdk-producer-transport';
export { sdkConsumerPort, sdkShardMap } from './sdk-consumer-port';
export { FileCheckpointStore } from './file-checkpoint-store';
export { DynamoDbCheckpointStore, CheckpointConflictError, checkpointTableProps, checkpointSortKey } from './dynamodb-checkpoint-store';
