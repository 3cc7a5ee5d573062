/** Thin @aws-sdk/client-kinesis wrappers for the producer and consumer libraries, and the file checkpoint store. */
export { sdkProducerTransport } from './sdk-producer-transport';
export { sdkConsumerPort, sdkShardMap } from './sdk-consumer-port';
export { FileCheckpointStore } from './file-checkpoint-store';
