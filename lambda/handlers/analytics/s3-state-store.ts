/**
 * The SQL runtime's shard states in S3: one gzipped JSON object per shard under a prefix, saved with
 * S3 conditional writes (If-Match on the ETag read, If-None-Match for a new object) so that two
 * invocations never overwrite each other's state.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { StateConflictError, type Loaded, type StateStore } from '../../engine/analytics/invocation';
import type { ShardState } from '../../engine/analytics/shard-processor';

const SUFFIX = '.json.gz';

export class S3StateStore implements StateStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix: string,
  ) {}

  private key(shardId: string): string {
    return `${this.prefix}${shardId}${SUFFIX}`;
  }

  async load(shardId: string): Promise<Loaded> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(shardId) }));
      const bytes = await (out.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray();
      return { state: JSON.parse(gunzipSync(bytes).toString('utf8')) as ShardState, version: out.ETag };
    } catch (e) {
      if (e instanceof S3ServiceException && (e.name === 'NoSuchKey' || e.$metadata.httpStatusCode === 404)) return { state: undefined, version: undefined };
      throw e;
    }
  }

  async save(shardId: string, state: ShardState, version: string | undefined): Promise<string> {
    try {
      const out = await this.s3.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: this.key(shardId),
          Body: gzipSync(JSON.stringify(state)),
          ContentType: 'application/json',
          ContentEncoding: 'gzip',
          ...(version === undefined ? { IfNoneMatch: '*' } : { IfMatch: version }),
        }),
      );
      return out.ETag ?? '';
    } catch (e) {
      // 412 Precondition Failed: changed since read; 409 ConditionalRequestConflict: a concurrent write.
      if (e instanceof S3ServiceException && (e.$metadata.httpStatusCode === 412 || e.$metadata.httpStatusCode === 409)) throw new StateConflictError(shardId);
      throw e;
    }
  }

  async shards(): Promise<string[]> {
    const ids: string[] = [];
    let token: string | undefined;
    do {
      const out = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix, ...(token !== undefined && { ContinuationToken: token }) }));
      for (const o of out.Contents ?? []) {
        const key = o.Key ?? '';
        if (key.endsWith(SUFFIX)) ids.push(key.slice(this.prefix.length, -SUFFIX.length));
      }
      token = out.IsTruncated === true ? out.NextContinuationToken : undefined;
    } while (token !== undefined);
    return ids.sort();
  }
}
