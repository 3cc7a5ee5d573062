/**
 * S3 on disk: object `key` of `bucket` is the file `<root>/<bucket>/<key>` (DESIGN.md, `--s3-dir`).
 * Written to a temporary file and renamed, so a reader never sees half an object. Keys that would
 * escape the bucket's folder (`..` segments, absolute paths, NUL) are refused with a typed error.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { ObjectStorePort } from '../../engine/firehose/delivery-stream';

export class ObjectKeyError extends Error {
  constructor(
    readonly bucket: string,
    readonly key: string,
    rule: string,
  ) {
    super(`object key ${JSON.stringify(key)} in bucket ${JSON.stringify(bucket)} ${rule}`);
    this.name = 'ObjectKeyError';
  }
}

export class FolderObjectStore implements ObjectStorePort {
  constructor(readonly root: string) {}

  /** The file an object is stored in. */
  fileOf(bucket: string, key: string): string {
    if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ObjectKeyError(bucket, key, 'has an invalid bucket name');
    if (key === '' || key.includes('\0')) throw new ObjectKeyError(bucket, key, 'must be non-empty and free of NUL characters');
    if (key.startsWith('/') || key.split('/').some((segment) => segment === '..' || segment === '.')) {
      throw new ObjectKeyError(bucket, key, 'cannot be stored as a file: it has an absolute path or a "." or ".." segment');
    }
    return path.join(this.root, bucket, ...key.split('/'));
  }

  async putObject(bucket: string, key: string, body: Buffer): Promise<void> {
    const file = this.fileOf(bucket, key);
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${randomBytes(6).toString('hex')}.partial`;
    await writeFile(temporary, body);
    await rename(temporary, file);
  }
}
