/**
 * Firehose `CompressionFormat`: the bytes of one delivered S3 object, and the inverse.
 *
 * Pure: no clock, no I/O (the ZIP entry's timestamp is fixed so that output depends on input only).
 *
 * Sources:
 * - [S9]  API model: CompressionFormat = UNCOMPRESSED | GZIP | ZIP | Snappy | HADOOP_SNAPPY.
 * - [S14] https://docs.aws.amazon.com/firehose/latest/dev/s3-object-name.html, table "default file
 *         extension appended by Firehose": Gzip .gz, Zip .zip, Snappy .snappy, Hadoop-Snappy .hsnappy.
 * - Snappy framing format: https://github.com/google/snappy/blob/main/framing_format.txt
 * - Hadoop: org.apache.hadoop.io.compress.SnappyCodec (buffer io.compression.codec.snappy.buffersize,
 *   default 256 KiB; overhead bufferSize/6 + 32), BlockCompressorStream, BlockDecompressorStream.
 * AWS does not document the byte layout behind `Snappy` and `HADOOP_SNAPPY`; see the notes on each.
 */
import { crc32 as zlibCrc32, gunzipSync, gzipSync, inflateRawSync } from 'zlib';
import { zipSync } from 'fflate';
import { compressSync as snappyCompress, uncompressSync as snappyUncompress } from 'snappy';
import { crc32c } from './crc32c';

export type CompressionFormat = 'UNCOMPRESSED' | 'GZIP' | 'ZIP' | 'Snappy' | 'HADOOP_SNAPPY';

/** Corrupt or unreadable compressed input (or an impossible request); the message names the format. */
export class CompressionError extends Error {
  constructor(
    readonly format: string,
    readonly detail: string,
  ) {
    super(`${format}: ${detail}`);
    this.name = 'CompressionError';
  }
}

/** The file extension Firehose appends to object keys for this format ('' for UNCOMPRESSED) [S14]. */
export function fileExtension(format: CompressionFormat): string {
  switch (format) {
    case 'UNCOMPRESSED':
      return '';
    case 'GZIP':
      return '.gz';
    case 'ZIP':
      return '.zip';
    case 'Snappy':
      return '.snappy';
    case 'HADOOP_SNAPPY':
      return '.hsnappy';
    default:
      throw unknownFormat(format);
  }
}

/** Compress one S3 object's bytes as Firehose does. `entryName` is the file name inside a ZIP archive (ignored otherwise). */
export function compress(format: CompressionFormat, data: Uint8Array, entryName = DEFAULT_ZIP_ENTRY_NAME): Buffer {
  switch (format) {
    case 'UNCOMPRESSED':
      return Buffer.from(data);
    case 'GZIP':
      return gzipSync(data);
    case 'ZIP':
      return zipSingleEntry(entryName, data);
    case 'Snappy':
      return snappyFrame(data);
    case 'HADOOP_SNAPPY':
      return hadoopSnappyCompress(data);
    default:
      throw unknownFormat(format);
  }
}

/** The inverse of `compress` (ZIP: the bytes of the archive's only entry). Throws CompressionError on corrupt input. */
export function decompress(format: CompressionFormat, data: Uint8Array): Buffer {
  switch (format) {
    case 'UNCOMPRESSED':
      return Buffer.from(data);
    case 'GZIP':
      return gunzip(data);
    case 'ZIP':
      return unzipSingleEntry(data);
    case 'Snappy':
      return snappyUnframe(data);
    case 'HADOOP_SNAPPY':
      return hadoopSnappyDecompress(data);
    default:
      throw unknownFormat(format);
  }
}

function unknownFormat(format: never): CompressionError {
  return new CompressionError(String(format), 'unknown compression format');
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function hex32(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

// ---------------------------------------------------------------------------------------------------
// GZIP: one gzip member from zlib (header MTIME 0, so output depends on input only).

function gunzip(data: Uint8Array): Buffer {
  try {
    return gunzipSync(data);
  } catch (e) {
    throw new CompressionError('GZIP', `not a valid gzip stream (${errorText(e)})`);
  }
}

// ---------------------------------------------------------------------------------------------------
// ZIP: one deflated entry. Which name Firehose gives the entry is not documented; callers choose.

export const DEFAULT_ZIP_ENTRY_NAME = 'data';

function zipSingleEntry(entryName: string, data: Uint8Array): Buffer {
  if (entryName === '' || entryName.endsWith('/')) {
    throw new CompressionError('ZIP', `entry name ${JSON.stringify(entryName)} does not name a file`);
  }
  if (Buffer.byteLength(entryName, 'utf8') > 0xffff) {
    throw new CompressionError('ZIP', 'entry name is longer than 65535 UTF-8 bytes');
  }
  // fflate collects entries in a plain object, where this key would replace its prototype.
  if (entryName === '__proto__') throw new CompressionError('ZIP', 'entry name "__proto__" is not supported');
  // Fixed timestamp 1980-01-01 00:00:00, the DOS epoch. DOS times are local wall-clock time and fflate
  // reads them with local getters, so the Date is built in local time now, whatever TZ is in force.
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const archive = zipSync({ [entryName]: [data, { level: 6, mtime }] });
  return asBuffer(archive);
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;

// A reader for single-entry archives that checks what fflate's unzip does not: entry count, sizes, CRC-32.
function unzipSingleEntry(data: Uint8Array): Buffer {
  const zip = asBuffer(data);
  const fail = (detail: string): CompressionError => new CompressionError('ZIP', detail);
  let eocd = -1;
  for (let p = zip.length - 22; p >= 0 && p >= zip.length - 22 - 0xffff; p--) {
    if (zip.readUInt32LE(p) === EOCD_SIGNATURE) {
      eocd = p;
      break;
    }
  }
  if (eocd < 0) throw fail('no end-of-central-directory record (not a ZIP archive, or truncated)');
  const entriesOnDisk = zip.readUInt16LE(eocd + 8);
  const entries = zip.readUInt16LE(eocd + 10);
  const centralOffset = zip.readUInt32LE(eocd + 16);
  if (entries === 0xffff || centralOffset === 0xffffffff) throw fail('ZIP64 archives are not supported');
  if (entries !== 1 || entriesOnDisk !== 1) throw fail(`expected exactly one entry, found ${entries}`);
  if (centralOffset + 46 > eocd || zip.readUInt32LE(centralOffset) !== CENTRAL_SIGNATURE) {
    throw fail('central directory is missing or corrupt');
  }
  const flags = zip.readUInt16LE(centralOffset + 8);
  const method = zip.readUInt16LE(centralOffset + 10);
  const expectedCrc = zip.readUInt32LE(centralOffset + 16);
  const compressedSize = zip.readUInt32LE(centralOffset + 20);
  const size = zip.readUInt32LE(centralOffset + 24);
  const localOffset = zip.readUInt32LE(centralOffset + 42);
  if (flags & 1) throw fail('encrypted entries are not supported');
  if (compressedSize === 0xffffffff || size === 0xffffffff || localOffset === 0xffffffff) {
    throw fail('ZIP64 archives are not supported');
  }
  if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) {
    throw fail('local file header is missing or corrupt');
  }
  const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
  if (start + compressedSize > zip.length) throw fail('entry data is truncated');
  const stored = zip.subarray(start, start + compressedSize);
  let content: Buffer;
  if (method === 0) {
    content = Buffer.from(stored);
  } else if (method === 8) {
    try {
      content = inflateRawSync(stored, { maxOutputLength: Math.max(1, size) });
    } catch (e) {
      throw fail(`entry data is not valid deflate data of ${size} bytes (${errorText(e)})`);
    }
  } else {
    throw fail(`unsupported compression method ${method}`);
  }
  if (content.length !== size) throw fail(`entry inflates to ${content.length} bytes, header says ${size}`);
  const actualCrc = zlibCrc32(content) >>> 0;
  if (actualCrc !== expectedCrc) throw fail(`entry CRC-32 mismatch (stored ${hex32(expectedCrc)}, computed ${hex32(actualCrc)})`);
  return content;
}

// ---------------------------------------------------------------------------------------------------
// Raw Snappy blocks (the napi-rs `snappy` package), bounded before they are expanded.

/** The uncompressed length a raw Snappy block declares in its varint preamble. */
function declaredLength(format: string, block: Uint8Array, where: string): number {
  let value = 0;
  for (let i = 0; i < 5 && i < block.length; i++) {
    value += (block[i] & 0x7f) * 2 ** (7 * i);
    if ((block[i] & 0x80) === 0) return value;
  }
  throw new CompressionError(format, `${where}: Snappy data has no valid length preamble`);
}

function rawUncompress(format: string, block: Uint8Array, maxLength: number, where: string): Buffer {
  const length = declaredLength(format, block, where);
  // Checked first so that a corrupt preamble cannot make the decoder allocate up to 4 GiB.
  if (length > maxLength) {
    throw new CompressionError(format, `${where}: Snappy data declares ${length} bytes, more than the ${maxLength} allowed`);
  }
  let out: Buffer;
  try {
    out = snappyUncompress(block, { asBuffer: true }) as Buffer;
  } catch (e) {
    throw new CompressionError(format, `${where}: invalid Snappy data (${errorText(e)})`);
  }
  if (out.length !== length) {
    throw new CompressionError(format, `${where}: Snappy data expands to ${out.length} bytes, preamble says ${length}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// Snappy: the Snappy framing format (a stream identifier chunk, then checksummed chunks of at most
// 64 KiB of input). Third-party reports disagree on whether Firehose writes this or snappy-java's own
// stream format; the engine follows the framing format, the one the Snappy project defines.

const STREAM_IDENTIFIER = Buffer.from([0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59]);
const IDENTIFIER_BODY = STREAM_IDENTIFIER.subarray(4);
/** Most uncompressed bytes one compressed (0x00) or uncompressed (0x01) chunk may carry. */
export const SNAPPY_FRAME_CHUNK_SIZE = 65536;
const CHUNK_COMPRESSED = 0x00;
const CHUNK_UNCOMPRESSED = 0x01;
const CHUNK_IDENTIFIER = 0xff;

/** The framing format stores CRC-32C masked, so that checksumming data that holds CRCs stays robust. */
function maskedCrc32c(data: Uint8Array): number {
  const crc = crc32c(data);
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

function snappyFrame(data: Uint8Array): Buffer {
  const parts: Uint8Array[] = [STREAM_IDENTIFIER];
  for (let offset = 0; offset < data.length; offset += SNAPPY_FRAME_CHUNK_SIZE) {
    const chunk = data.subarray(offset, offset + SNAPPY_FRAME_CHUNK_SIZE);
    const packed = snappyCompress(chunk);
    const compressed = packed.length < chunk.length;
    const body = compressed ? packed : chunk;
    const header = Buffer.alloc(8);
    header[0] = compressed ? CHUNK_COMPRESSED : CHUNK_UNCOMPRESSED;
    header.writeUIntLE(4 + body.length, 1, 3);
    header.writeUInt32LE(maskedCrc32c(chunk), 4);
    parts.push(header, body);
  }
  return Buffer.concat(parts);
}

function snappyUnframe(data: Uint8Array): Buffer {
  const fail = (detail: string): CompressionError => new CompressionError('Snappy', detail);
  const input = asBuffer(data);
  // Zero bytes is how the reference Rust encoder (snap) frames empty input, so it reads as empty.
  if (input.length === 0) return Buffer.alloc(0);
  if (input.length < STREAM_IDENTIFIER.length || !input.subarray(0, STREAM_IDENTIFIER.length).equals(STREAM_IDENTIFIER)) {
    throw fail('missing stream identifier (ff 06 00 00 "sNaPpY") at offset 0');
  }
  const out: Buffer[] = [];
  let pos = 0;
  while (pos < input.length) {
    if (pos + 4 > input.length) throw fail(`truncated chunk header at offset ${pos}`);
    const type = input[pos];
    const length = input.readUIntLE(pos + 1, 3);
    const start = pos + 4;
    if (start + length > input.length) {
      throw fail(`chunk at offset ${pos} declares ${length} bytes but only ${input.length - start} remain`);
    }
    const body = input.subarray(start, start + length);
    const where = `chunk at offset ${pos}`;
    if (type === CHUNK_IDENTIFIER) {
      // Concatenated streams repeat the identifier; each must be intact.
      if (!body.equals(IDENTIFIER_BODY)) throw fail(`${where}: corrupt stream identifier`);
    } else if (type === CHUNK_COMPRESSED || type === CHUNK_UNCOMPRESSED) {
      if (length < 4) throw fail(`${where}: ${length} bytes is too short to hold its checksum`);
      const payload = body.subarray(4);
      let chunk: Buffer;
      if (type === CHUNK_COMPRESSED) {
        chunk = rawUncompress('Snappy', payload, SNAPPY_FRAME_CHUNK_SIZE, where);
      } else {
        if (payload.length > SNAPPY_FRAME_CHUNK_SIZE) {
          throw fail(`${where}: uncompressed chunk of ${payload.length} bytes exceeds ${SNAPPY_FRAME_CHUNK_SIZE}`);
        }
        chunk = payload;
      }
      const stored = body.readUInt32LE(0);
      const computed = maskedCrc32c(chunk);
      if (stored !== computed) throw fail(`${where}: checksum mismatch (stored ${hex32(stored)}, computed ${hex32(computed)})`);
      out.push(chunk);
    } else if (type <= 0x7f) {
      throw fail(`${where}: reserved unskippable chunk type 0x${type.toString(16).padStart(2, '0')}`);
    }
    // 0x80–0xfd (reserved skippable) and 0xfe (padding) are skipped.
    pos = start + length;
  }
  return Buffer.concat(out);
}

// ---------------------------------------------------------------------------------------------------
// HADOOP_SNAPPY: Hadoop SnappyCodec's BlockCompressorStream layout, all integers 4-byte big-endian:
//   block := uncompressed length, then chunks (compressed length, raw Snappy bytes) until that length
// Choices, since AWS does not document Firehose's writer:
// - Each block holds at most 218,422 input bytes in one chunk. That is BlockCompressorStream's
//   MAX_INPUT_SIZE for the default 256 KiB buffer (262,144 − (262,144/6 + 32)), what Hadoop itself
//   writes for a stream of small writes, and small enough that the worst-case compressed chunk fits
//   a Hadoop reader's 256 KiB buffer. One chunk per block also suits readers that handle only one.
// - Empty input is one block of length 0 (Hadoop writes that; BlockDecompressorStream reads it as EOF).
// The reader accepts any number of chunks per block and any block size up to 2^31 − 1.

const HADOOP_SNAPPY_BUFFER_SIZE = 256 * 1024;
/** Most input bytes per HADOOP_SNAPPY block (and chunk). */
export const HADOOP_SNAPPY_BLOCK_SIZE = HADOOP_SNAPPY_BUFFER_SIZE - (Math.floor(HADOOP_SNAPPY_BUFFER_SIZE / 6) + 32);

function hadoopSnappyCompress(data: Uint8Array): Buffer {
  if (data.length === 0) return Buffer.alloc(4);
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < data.length; offset += HADOOP_SNAPPY_BLOCK_SIZE) {
    const block = data.subarray(offset, offset + HADOOP_SNAPPY_BLOCK_SIZE);
    const packed = snappyCompress(block);
    const header = Buffer.alloc(8);
    header.writeUInt32BE(block.length, 0);
    header.writeUInt32BE(packed.length, 4);
    parts.push(header, packed);
  }
  return Buffer.concat(parts);
}

function hadoopSnappyDecompress(data: Uint8Array): Buffer {
  const fail = (detail: string): CompressionError => new CompressionError('HADOOP_SNAPPY', detail);
  const input = asBuffer(data);
  const out: Buffer[] = [];
  let pos = 0;
  while (pos < input.length) {
    const blockOffset = pos;
    if (pos + 4 > input.length) throw fail(`truncated block header at offset ${pos}`);
    const blockSize = input.readUInt32BE(pos);
    pos += 4;
    // Java reads the length as a signed int.
    if (blockSize > 0x7fffffff) throw fail(`block at offset ${blockOffset} declares a negative length`);
    let produced = 0;
    while (produced < blockSize) {
      const where = `chunk at offset ${pos} (block at offset ${blockOffset})`;
      if (pos + 4 > input.length) {
        throw fail(`block at offset ${blockOffset} is truncated after ${produced} of ${blockSize} bytes`);
      }
      const chunkLength = input.readUInt32BE(pos);
      if (pos + 4 + chunkLength > input.length) {
        throw fail(`${where} declares ${chunkLength} bytes but only ${input.length - pos - 4} remain`);
      }
      const chunk = rawUncompress('HADOOP_SNAPPY', input.subarray(pos + 4, pos + 4 + chunkLength), blockSize - produced, where);
      out.push(chunk);
      produced += chunk.length;
      pos += 4 + chunkLength;
    }
  }
  return Buffer.concat(out);
}
