/**
 * Shard iterators: opaque strings that remember where a reader is. Ours are the base64 of
 *
 *   version (1) | created at, ms (8) | stream created at, ms (8) | shard index (4) | position (24) |
 *   stream name length (1) | stream name (UTF-8) | HMAC-SHA256 of all that, first 16 bytes
 *
 * The position is the 56-digit sequence number the next read starts at (records with a sequence
 * number greater than or equal to it). The MAC makes iterators tamper-proof, so any string that does
 * not decode and verify is AWS's `Invalid ShardIterator.`; expiry (5 minutes) is checked by the caller
 * against its clock. At most 46 + 128 + 16 bytes: 256 base64 characters (the model allows 512).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const VERSION = 1;
const MAC_BYTES = 16;
const POSITION_BYTES = 24;
const HEADER_BYTES = 1 + 8 + 8 + 4 + POSITION_BYTES + 1;

export interface ShardIteratorPayload {
  readonly createdAtMs: number;
  readonly streamName: string;
  readonly streamCreatedAtMs: number;
  readonly shardIndex: number;
  /** Decimal: read records whose sequence number is >= this. */
  readonly position: string;
}

export class ShardIteratorCodec {
  private readonly secret: Buffer;

  constructor(secret: string | Uint8Array) {
    this.secret = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  }

  encode(p: ShardIteratorPayload): string {
    const name = Buffer.from(p.streamName, 'utf8');
    if (name.length > 255) throw new Error('stream name too long for an iterator');
    const body = Buffer.alloc(HEADER_BYTES + name.length);
    let o = 0;
    body.writeUInt8(VERSION, o);
    o += 1;
    body.writeBigUInt64BE(BigInt(p.createdAtMs), o);
    o += 8;
    body.writeBigUInt64BE(BigInt(p.streamCreatedAtMs), o);
    o += 8;
    body.writeUInt32BE(p.shardIndex, o);
    o += 4;
    Buffer.from(BigInt(p.position).toString(16).padStart(POSITION_BYTES * 2, '0'), 'hex').copy(body, o);
    o += POSITION_BYTES;
    body.writeUInt8(name.length, o);
    o += 1;
    name.copy(body, o);
    return Buffer.concat([body, this.mac(body)]).toString('base64');
  }

  /** The payload, or undefined if `iterator` is not one of ours (bad encoding, bad MAC, bad layout). */
  decode(iterator: string): ShardIteratorPayload | undefined {
    const raw = Buffer.from(iterator, 'base64');
    if (raw.length < HEADER_BYTES + MAC_BYTES || raw.toString('base64') !== iterator) return undefined;
    const body = raw.subarray(0, raw.length - MAC_BYTES);
    const mac = raw.subarray(raw.length - MAC_BYTES);
    if (!timingSafeEqual(mac, this.mac(body))) return undefined;
    if (body.readUInt8(0) !== VERSION) return undefined;
    const nameLength = body.readUInt8(HEADER_BYTES - 1);
    if (body.length !== HEADER_BYTES + nameLength) return undefined;
    const position = BigInt(`0x${body.subarray(21, 21 + POSITION_BYTES).toString('hex')}`).toString(10);
    return {
      createdAtMs: Number(body.readBigUInt64BE(1)),
      streamCreatedAtMs: Number(body.readBigUInt64BE(9)),
      shardIndex: body.readUInt32BE(17),
      position,
      streamName: body.subarray(HEADER_BYTES).toString('utf8'),
    };
  }

  private mac(body: Buffer): Buffer {
    return createHmac('sha256', this.secret).update(body).digest().subarray(0, MAC_BYTES);
  }
}
