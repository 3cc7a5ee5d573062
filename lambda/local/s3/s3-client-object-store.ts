/** Objects to any S3-compatible endpoint (AWS S3, MinIO...) through the AWS SDK. */
import { PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import type { ObjectStorePort } from '../../engine/firehose/delivery-stream';

export class S3ClientObjectStore implements ObjectStorePort {
  private readonly client: S3Client;

  constructor(config: S3ClientConfig | S3Client) {
    this.client = config instanceof S3Client ? config : new S3Client({ forcePathStyle: true, ...config });
  }

  async putObject(bucket: string, key: string, body: Buffer): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  }
}
