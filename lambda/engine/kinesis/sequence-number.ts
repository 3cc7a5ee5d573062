/**
 * Sequence numbers shaped like AWS's current ("version 2") ones: 56 decimal digits, e.g.
 * `49546986683135544286507457936321625675700192471156785154`. Read in hexadecimal (47 digits) they are
 *
 *   2 | shard creation time, s (9) | shard index & 0xf (1) | sequence index (16) | 00 | arrival time, s (9) | shard index (8) | 2
 *
 * (the layout kinesalite decoded from AWS's numbers; the example above is shard 0, created
 * 2015-01-14T23:47:10Z, sequence index 0x1d5). Every value lies in [2^185, 1.5 * 2^185), so every
 * sequence number has exactly 56 digits and decimal strings compare like the numbers they are.
 *
 * Within a shard the creation time and shard index are fixed, so order is the sequence index: the
 * engine hands out 1, 2, 3... per shard (0 is the shard's StartingSequenceNumber, 2^63-1 its
 * EndingSequenceNumber). A child shard is created at least one second after its parents, so its
 * numbers are greater than theirs.
 */

export const SEQUENCE_NUMBER_DIGITS = 56;
/** The sequence index of a closed shard's EndingSequenceNumber (greater than any record's). */
export const ENDING_SEQUENCE_INDEX = 0x7fffffffffffffffn;

const MAX_SECONDS = 0xfffffffffn; // 9 hex digits

export interface SequenceParts {
  /** The shard's creation time, in whole seconds. */
  readonly shardCreatedSeconds: number;
  readonly shardIndex: number;
  readonly sequenceIndex: bigint;
  /** The record's arrival time, in whole seconds (the shard's creation time for Starting/Ending numbers). */
  readonly arrivalSeconds: number;
}

export function encodeSequenceNumber(parts: SequenceParts): string {
  const { shardCreatedSeconds, shardIndex, sequenceIndex, arrivalSeconds } = parts;
  if (sequenceIndex < 0n || sequenceIndex > ENDING_SEQUENCE_INDEX) throw new Error(`sequence index out of range: ${sequenceIndex}`);
  if (shardIndex < 0 || shardIndex > 0x7fffffff) throw new Error(`shard index out of range: ${shardIndex}`);
  const created = BigInt(Math.max(0, shardCreatedSeconds));
  const arrival = BigInt(Math.max(0, arrivalSeconds));
  if (created > MAX_SECONDS || arrival > MAX_SECONDS) throw new Error('time out of range for a sequence number');
  // The hex layout above, assembled with shifts (4 bits a hex digit) rather than through a string.
  const value = (2n << 184n) | (created << 148n) | (BigInt(shardIndex & 0xf) << 144n) | (sequenceIndex << 80n)
    | (arrival << 36n) | (BigInt(shardIndex) << 4n) | 2n;
  return value.toString(10);
}

/** The parts of one of our sequence numbers, or undefined if it is not shaped like one. */
export function decodeSequenceNumber(value: string): SequenceParts | undefined {
  if (value.length !== SEQUENCE_NUMBER_DIGITS || !/^[1-9]\d*$/.test(value)) return undefined;
  const h = BigInt(value).toString(16);
  if (h.length !== 47 || h[0] !== '2' || h[46] !== '2') return undefined;
  const shardIndex = parseInt(h.slice(38, 46), 16);
  const sequenceIndex = BigInt(`0x${h.slice(11, 27)}`);
  if (shardIndex > 0x7fffffff || sequenceIndex > ENDING_SEQUENCE_INDEX) return undefined;
  if (parseInt(h.slice(10, 11), 16) !== (shardIndex & 0xf) || h.slice(27, 29) !== '00') return undefined;
  return {
    shardCreatedSeconds: parseInt(h.slice(1, 10), 16),
    shardIndex,
    sequenceIndex,
    arrivalSeconds: parseInt(h.slice(29, 38), 16),
  };
}

export function startingSequenceNumber(shardCreatedSeconds: number, shardIndex: number): string {
  return encodeSequenceNumber({ shardCreatedSeconds, shardIndex, sequenceIndex: 0n, arrivalSeconds: shardCreatedSeconds });
}

export function endingSequenceNumber(shardCreatedSeconds: number, shardIndex: number, closedSeconds: number): string {
  return encodeSequenceNumber({ shardCreatedSeconds, shardIndex, sequenceIndex: ENDING_SEQUENCE_INDEX, arrivalSeconds: closedSeconds });
}

/** Compare two equal-length decimal strings (sequence numbers and iterator positions). */
export function compareSequenceNumbers(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The position just after `sequenceNumber` (same width: the last hex digit of ours is always 2). */
export function nextPosition(sequenceNumber: string): string {
  return (BigInt(sequenceNumber) + 1n).toString(10);
}
