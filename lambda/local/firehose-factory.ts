/** How `clickstream serve` builds the Firehose engine: real time, S3 as a folder, local Lambda handlers. */
import { randomBytes, randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { systemClock } from '../engine/clock';
import { FirehoseEngine } from '../engine/firehose/engine';
import type { RandomPort } from '../engine/firehose/delivery-stream';
import type { TransformPort } from '../engine/firehose/transform-invoker';
import type { KinesisOperations } from '../engine/kinesis/contract';
import type { RetryTime } from '../engine/firehose/redshift';
import { HttpBulkClient } from './opensearch/bulk-client';
import { PostgresCopyLoader } from './postgres/copy-loader';
import { FolderObjectStore } from './s3/folder-object-store';
import { S3ClientObjectStore } from './s3/s3-client-object-store';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export const cryptoRandom: RandomPort = {
  uuid: () => randomUUID(),
  randomString: () => [...randomBytes(11)].map((b) => ALPHANUMERIC[b % ALPHANUMERIC.length]).join(''),
};

/** Real waiting between Redshift/OpenSearch retries. */
export const realRetryTime: RetryTime = {
  now: () => systemClock.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()),
};

export interface FirehoseFactoryOptions {
  readonly s3Dir: string;
  /** Write objects to this S3-compatible endpoint (path-style) instead of `s3Dir`. */
  readonly s3Endpoint?: string;
  /** Redshift destinations load into this PostgreSQL database (any ClusterJDBCURL maps to it). */
  readonly postgresUrl?: string;
  /** OpenSearch destinations send `_bulk` here; without it, a ClusterEndpoint that is an http(s) URL is used as is. */
  readonly opensearchUrl?: string;
  readonly kinesis: KinesisOperations;
  readonly transform: TransformPort;
  readonly onDeliveryError?: (streamName: string, err: unknown) => void;
}

export function createFirehose(options: FirehoseFactoryOptions): FirehoseEngine {
  // allowExitOnIdle: idle connections never keep the process alive after shutdown.
  const loader = options.postgresUrl !== undefined ? new PostgresCopyLoader(new Pool({ connectionString: options.postgresUrl, allowExitOnIdle: true })) : undefined;
  const bulkClients = new Map<string, HttpBulkClient>();
  const opensearch = (endpoint: string): HttpBulkClient => {
    const url = options.opensearchUrl ?? (/^https?:\/\//.test(endpoint) ? endpoint : undefined);
    if (url === undefined) throw new Error(`OpenSearch destination ${endpoint} has no local endpoint: start serve with --opensearch URL`);
    let client = bulkClients.get(url);
    if (client === undefined) {
      client = new HttpBulkClient(url);
      bulkClients.set(url, client);
    }
    return client;
  };
  return new FirehoseEngine({
    ...(loader !== undefined ? { redshift: () => loader } : {}),
    opensearch,
    retryTime: realRetryTime,
    clock: systemClock,
    random: cryptoRandom,
    objects: options.s3Endpoint !== undefined ? new S3ClientObjectStore({ endpoint: options.s3Endpoint, region: process.env.AWS_REGION ?? 'us-east-1' }) : new FolderObjectStore(options.s3Dir),
    transform: options.transform,
    kinesis: options.kinesis,
    ...(options.onDeliveryError !== undefined ? { onDeliveryError: options.onDeliveryError } : {}),
  });
}
