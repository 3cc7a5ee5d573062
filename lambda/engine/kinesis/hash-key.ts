/**
 * Hash keys: which shard a record goes to.
 *
 * AWS hashes the partition key with MD5 and reads the 16-byte digest as an unsigned 128-bit big-endian
 * integer; `ExplicitHashKey` (a decimal string) replaces that value. The shard whose HashKeyRange
 * contains the hash key receives the record (API reference, PutRecord).
 */
import { hash } from 'node:crypto';

import { invalidExplicitHashKey } from './errors';
import { HASH_KEY_MAX } from './limits';

/** MD5 of the UTF-8 partition key, as an unsigned 128-bit big-endian integer. */
export function hashKeyOf(partitionKey: string): bigint {
  // The one-shot crypto.hash is about twice as fast as createHash() for keys this short.
  return BigInt(`0x${hash('md5', partitionKey, 'hex')}`);
}

/**
 * The hash key of a record: the explicit one if given (validated against [0, 2^128-1], AWS's
 * InvalidArgumentException otherwise), else the partition key's MD5.
 */
export function recordHashKey(partitionKey: string, explicitHashKey: string | undefined): bigint {
  if (explicitHashKey === undefined) return hashKeyOf(partitionKey);
  if (!/^\d+$/.test(explicitHashKey)) throw invalidExplicitHashKey(explicitHashKey);
  const value = BigInt(explicitHashKey);
  if (value > HASH_KEY_MAX) throw invalidExplicitHashKey(explicitHashKey);
  return value;
}
