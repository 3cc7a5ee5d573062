import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { FolderObjectStore, ObjectKeyError } from '../../../../lambda/local/s3/folder-object-store';
import { S3ClientObjectStore } from '../../../../lambda/local/s3/s3-client-object-store';

describe('FolderObjectStore', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(path.join(tmpdir(), 's3-folder-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes <root>/<bucket>/<key>, creating folders, replacing an object of the same key, leaving no partial files', async () => {
    const store = new FolderObjectStore(root);
    await store.putObject('lake', 'a/b/c.gz', Buffer.from('one'));
    await store.putObject('lake', 'a/b/c.gz', Buffer.from('two'));
    expect(readFileSync(path.join(root, 'lake', 'a', 'b', 'c.gz'), 'utf8')).toBe('two');
    expect(readdirSync(path.join(root, 'lake', 'a', 'b'))).toEqual(['c.gz']);
  });

  it.each([
    ['lake', '../escape', 'has an absolute path or a "." or ".." segment'],
    ['lake', 'a/../../escape', 'has an absolute path or a "." or ".." segment'],
    ['lake', '/abs', 'has an absolute path or a "." or ".." segment'],
    ['lake', '', 'must be non-empty'],
    ['lake', 'nul\0key', 'must be non-empty and free of NUL characters'],
    ['../up', 'k', 'has an invalid bucket name'],
  ])('refuses bucket %j key %j: %s', async (bucket, key, rule) => {
    const store = new FolderObjectStore(root);
    await expect(store.putObject(bucket, key, Buffer.from('x'))).rejects.toThrow(ObjectKeyError);
    await expect(store.putObject(bucket, key, Buffer.from('x'))).rejects.toThrow(rule);
    expect(existsSync(path.join(root, '..', 'escape'))).toBe(false);
  });
});

describe('S3ClientObjectStore', () => {
  it('puts each object with the bucket, key and exact bytes', async () => {
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).resolves({});
    const store = new S3ClientObjectStore(new S3Client({ region: 'us-east-1' }));
    await store.putObject('lake', 'clicks/2026/x.gz', Buffer.from([1, 2, 3]));
    const calls = s3.commandCalls(PutObjectCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({ Bucket: 'lake', Key: 'clicks/2026/x.gz', Body: Buffer.from([1, 2, 3]) });
    s3.restore();
  });

  it('a failed put rejects, so the delivery stream keeps the records', async () => {
    const s3 = mockClient(S3Client);
    s3.on(PutObjectCommand).rejects(new Error('SlowDown'));
    await expect(new S3ClientObjectStore(new S3Client({ region: 'us-east-1' })).putObject('lake', 'k', Buffer.from('x'))).rejects.toThrow('SlowDown');
    s3.restore();
  });
});
