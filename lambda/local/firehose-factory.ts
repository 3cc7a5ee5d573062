/** How `clickstream serve` builds the Firehose engine: real time, S3 as a folder, local Lambda handlers. */
import { randomBytes, randomUUID } from 'node:crypto';
import { systemClock } from '../engine/clock';
import { FirehoseEngine } from '../engine/firehose/engine';
import type { RandomPort } from '../engine/firehose/delivery-stream';
import type { TransformPort } from '../engine/firehose/transform-invoker';
import type { KinesisOperations } from '../engine/kinesis/contract';
import { FolderObjectStore } from './s3/folder-object-store';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const cryptoRandom: RandomPort = {
  uuid: () => randomUUID(),
  randomString: () => [...randomBytes(11)].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join(''),
};

export interface FirehoseFactoryOptions {
  readonly s3Dir: string;
  readonly kinesis: KinesisOperations;
  readonly transform: TransformPort;
  readonly onDeliveryError?: (streamName: string, err: unknown) => void;
}

export function createFirehose(options: FirehoseFactoryOptions): FirehoseEngine {
  return new FirehoseEngine({
    clock: systemClock,
    random: cryptoRandom,
    objects: new FolderObjectStore(options.s3Dir),
    transform: options.transform,
    kinesis: options.kinesis,
    ...(options.onDeliveryError !== undefined ? { onDeliveryError: options.onDeliveryError } : {}),
  });
}
