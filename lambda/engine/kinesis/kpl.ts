/**
 * KPL aggregation: many user records packed into one Kinesis record, in the format the KPL writes and
 * the KCL and Firehose read (amazon-kinesis-producer, aggregation-format.md):
 *
 *   magic 0xF3 0x89 0x9A 0xC2 | protobuf AggregatedRecord (proto2) | MD5 of the protobuf bytes (16)
 *
 * Pure: encoding, decoding and MD5 only.
 */
import { createHash } from 'node:crypto';

import { parse, util } from 'protobufjs';

export interface UserRecord {
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly data: Uint8Array;
}

export type DeaggregatedUserRecord = UserRecord & { readonly subSequenceNumber: number };

export const KPL_MAGIC: Buffer = Buffer.from([0xf3, 0x89, 0x9a, 0xc2]);
const DIGEST_SIZE = 16;

// The schema exactly as aggregation-format.md gives it; tags are decoded but, as in the KCL, ignored.
const AggregatedRecord = parse(`
  syntax = "proto2";
  message AggregatedRecord {
    repeated string partition_key_table     = 1;
    repeated string explicit_hash_key_table = 2;
    repeated Record records                 = 3;
  }
  message Tag {
    required string key   = 1;
    optional string value = 2;
  }
  message Record {
    required uint64 partition_key_index     = 1;
    optional uint64 explicit_hash_key_index = 2;
    required bytes  data                    = 3;
    repeated Tag    tags                    = 4;
  }
`).root.lookupType('AggregatedRecord');

// protobufjs yields a Long when the `long` package is present, else a number.
type Uint64 = number | { readonly low: number; readonly high: number };

interface DecodedRecord {
  readonly partitionKeyIndex: Uint64;
  readonly explicitHashKeyIndex?: Uint64;
  readonly data: Uint8Array;
}

interface DecodedAggregate {
  readonly partitionKeyTable: readonly string[];
  readonly explicitHashKeyTable: readonly string[];
  readonly records: readonly DecodedRecord[];
}

interface Tables {
  readonly partitionKeys: string[];
  readonly explicitHashKeys: string[];
  readonly entries: { pk: number; ehk: number | undefined; data: Uint8Array }[];
}

// Lone surrogates have no UTF-8 form: protobufjs would encode them lossily, breaking the round trip.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Key tables with duplicates folded (first occurrence order), as the KPL does, plus each record's indices. */
function buildTables(records: readonly UserRecord[]): Tables {
  // KCL treats a protobuf of 0 bytes as "not aggregated", so an empty aggregate would not round-trip.
  if (records.length === 0) throw new RangeError('records must hold at least one user record');
  const pkIndex = new Map<string, number>();
  const ehkIndex = new Map<string, number>();
  const tables: Tables = { partitionKeys: [], explicitHashKeys: [], entries: [] };
  records.forEach((record, i) => {
    if (LONE_SURROGATE.test(record.partitionKey)) throw new RangeError(`records[${i}].partitionKey must be well-formed Unicode (no lone surrogates)`);
    let pk = pkIndex.get(record.partitionKey);
    if (pk === undefined) {
      pk = tables.partitionKeys.push(record.partitionKey) - 1;
      pkIndex.set(record.partitionKey, pk);
    }
    let ehk: number | undefined;
    if (record.explicitHashKey !== undefined) {
      if (LONE_SURROGATE.test(record.explicitHashKey)) throw new RangeError(`records[${i}].explicitHashKey must be well-formed Unicode (no lone surrogates)`);
      ehk = ehkIndex.get(record.explicitHashKey);
      if (ehk === undefined) {
        ehk = tables.explicitHashKeys.push(record.explicitHashKey) - 1;
        ehkIndex.set(record.explicitHashKey, ehk);
      }
    }
    tables.entries.push({ pk, ehk, data: record.data });
  });
  return tables;
}

/**
 * One aggregated Kinesis record's data (magic + protobuf + MD5). The Kinesis record that carries it should
 * use the first user record's partition key (and explicit hash key, if any) as its own.
 * Throws RangeError for an empty list or keys with lone surrogates.
 */
export function aggregate(records: readonly UserRecord[]): Buffer {
  const tables = buildTables(records);
  const message = {
    partitionKeyTable: tables.partitionKeys,
    explicitHashKeyTable: tables.explicitHashKeys,
    records: tables.entries.map((e) => (e.ehk === undefined
      ? { partitionKeyIndex: e.pk, data: e.data }
      : { partitionKeyIndex: e.pk, explicitHashKeyIndex: e.ehk, data: e.data })),
  };
  const body = AggregatedRecord.encode(message).finish();
  return Buffer.concat([KPL_MAGIC, body, md5(body)]);
}

/**
 * The user records inside `data`, or undefined when `data` is not a valid aggregated record; the caller
 * then treats it as one ordinary record, as the KCL does (AggregatorUtil: no magic, nothing after the
 * magic but the digest, wrong MD5, or a protobuf that does not parse all mean "not aggregated").
 * Each user record carries its index as `subSequenceNumber`.
 */
export function deaggregate(data: Uint8Array): DeaggregatedUserRecord[] | undefined {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (bytes.length <= KPL_MAGIC.length + DIGEST_SIZE || !bytes.subarray(0, KPL_MAGIC.length).equals(KPL_MAGIC)) return undefined;
  const body = bytes.subarray(KPL_MAGIC.length, bytes.length - DIGEST_SIZE);
  if (!md5(body).equals(bytes.subarray(bytes.length - DIGEST_SIZE))) return undefined;
  let decoded: DecodedAggregate;
  try {
    decoded = AggregatedRecord.decode(body) as unknown as DecodedAggregate;
  } catch {
    return undefined;
  }
  const out: DeaggregatedUserRecord[] = [];
  for (const record of decoded.records) {
    const partitionKey = decoded.partitionKeyTable[index(record.partitionKeyIndex)];
    // The KCL logs and drops the rest of a record whose index is out of range; passing the whole record
    // through instead loses nothing.
    if (partitionKey === undefined) return undefined;
    const userRecord: { partitionKey: string; explicitHashKey?: string; data: Uint8Array; subSequenceNumber: number } = {
      partitionKey,
      // Copy: decoded bytes are views into the caller's buffer.
      data: Buffer.from(record.data),
      subSequenceNumber: out.length,
    };
    // proto2 optional: protobufjs puts the default on the prototype, so presence is an own property.
    if (Object.prototype.hasOwnProperty.call(record, 'explicitHashKeyIndex') && record.explicitHashKeyIndex !== undefined) {
      const explicitHashKey = decoded.explicitHashKeyTable[index(record.explicitHashKeyIndex)];
      if (explicitHashKey === undefined) return undefined;
      userRecord.explicitHashKey = explicitHashKey;
    }
    out.push(userRecord);
  }
  return out;
}

/**
 * Size in bytes that aggregate() would produce, so a producer can fill records up to the Kinesis record
 * limit without encoding. Same validation as aggregate().
 */
export function aggregatedSize(records: readonly UserRecord[]): number {
  const tables = buildTables(records);
  let size = KPL_MAGIC.length + DIGEST_SIZE;
  // Every field number here is < 16, so each tag is one byte.
  for (const key of tables.partitionKeys) size += lengthDelimited(Buffer.byteLength(key, 'utf8'));
  for (const key of tables.explicitHashKeys) size += lengthDelimited(Buffer.byteLength(key, 'utf8'));
  for (const e of tables.entries) {
    let inner = 1 + varintSize(e.pk) + lengthDelimited(e.data.length);
    if (e.ehk !== undefined) inner += 1 + varintSize(e.ehk);
    size += lengthDelimited(inner);
  }
  return size;
}

/** Bytes of a protobuf length-delimited field's length prefix and payload (its tag not included). */
export function lengthDelimited(length: number): number {
  return 1 + varintSize(length) + length;
}

/** Bytes of a protobuf varint. */
export function varintSize(value: number): number {
  let size = 1;
  for (let v = value; v >= 0x80; v = Math.floor(v / 0x80)) size++;
  return size;
}

/** uint64 as a JS number; values beyond 2^53 are far outside any key table anyway. */
function index(value: Uint64): number {
  return typeof value === 'number' ? value : new util.LongBits(value.low >>> 0, value.high >>> 0).toNumber(true);
}

function md5(bytes: Uint8Array): Buffer {
  return createHash('md5').update(bytes).digest();
}
