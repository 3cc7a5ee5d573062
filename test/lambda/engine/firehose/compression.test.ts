import { spawnSync } from 'child_process';
import path from 'path';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { compressSync as rawSnappyCompress, Compressor as FramedCompressor, Decompressor as FramedDecompressor, uncompressSync as rawSnappyUncompress } from 'snappy';
import { compress, CompressionError, decompress, fileExtension } from '../../../../lambda/engine/firehose/compression';
import type { CompressionFormat } from '../../../../lambda/engine/firehose/compression';
import { crc32c } from '../../../../lambda/engine/firehose/crc32c';
import { COMPRESSION_FORMATS } from '../../../../lambda/engine/firehose/limits';
import { mulberry32 } from '../../../../lambda/engine/seeded-random';

const FORMATS: CompressionFormat[] = ['UNCOMPRESSED', 'GZIP', 'ZIP', 'Snappy', 'HADOOP_SNAPPY'];

// Sizes from the specs, written out here rather than imported so the tests check the implementation.
const FRAME_CHUNK = 65536; // Snappy framing: max uncompressed bytes per chunk
const HADOOP_BLOCK = 262144 - (Math.floor(262144 / 6) + 32); // 218,422: BlockCompressorStream MAX_INPUT_SIZE
const STREAM_IDENTIFIER = [0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59];

// ---------------------------------------------------------------------------------------------------
// Inputs: mixes of incompressible noise, runs and JSON-ish text, so that chunks of both Snappy chunk
// types occur and lengths straddle the 64 KiB / 218,422 / 256 KiB boundaries.

type SegmentKind = 'noise' | 'run' | 'text';
interface Segment {
  kind: SegmentKind;
  length: number;
  seed: number;
}

function segmentBytes({ kind, length, seed }: Segment): Uint8Array {
  const out = new Uint8Array(length);
  if (kind === 'noise') {
    const random = mulberry32(seed);
    for (let i = 0; i < length; i++) out[i] = Math.floor(random() * 256);
  } else if (kind === 'run') {
    out.fill(seed & 0xff);
  } else {
    let text = '';
    for (let n = seed & 0xffff; text.length < length; n++) text += `{"id":${n},"page":"/p/${n % 7}","ok":${n % 3 === 0}}\n`;
    out.set(Buffer.from(text.slice(0, length), 'latin1'));
  }
  return out;
}

function build(segments: Segment[]): Uint8Array {
  return Buffer.concat(segments.map(segmentBytes));
}

const BOUNDARY_LENGTHS = [1, 65535, 65536, 65537, 131072, 218421, 218422, 218423, 262144, 262145];
const segmentArb: fc.Arbitrary<Segment> = fc.record({
  kind: fc.constantFrom<SegmentKind>('noise', 'run', 'text'),
  length: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 0, max: 300_000 }), fc.constantFrom(...BOUNDARY_LENGTHS)),
  seed: fc.integer(),
});

/** Byte arrays, sometimes a view at an odd offset into a larger buffer. */
const payloadArb: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.oneof(fc.uint8Array({ maxLength: 600 }), fc.array(segmentArb, { maxLength: 4 }).map(build)), fc.nat(7))
  .map(([bytes, offset]) => {
    const backing = new Uint8Array(offset + bytes.length + 3).fill(0xee);
    backing.set(bytes, offset);
    return backing.subarray(offset, offset + bytes.length);
  });

// Always-run examples: over 256 KiB mixed, exactly one frame chunk, and just over one Hadoop block.
const BIG_MIXED = build([
  { kind: 'text', length: 100_000, seed: 1 },
  { kind: 'noise', length: 120_000, seed: 2 },
  { kind: 'run', length: 70_000, seed: 3 },
  { kind: 'noise', length: 10_000, seed: 4 },
]);
const EXAMPLES: [Uint8Array][] = [[new Uint8Array(0)], [BIG_MIXED], [segmentBytes({ kind: 'noise', length: FRAME_CHUNK, seed: 5 })], [segmentBytes({ kind: 'text', length: HADOOP_BLOCK + 1, seed: 6 })]];

function bytes(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

function compressionError(fn: () => unknown): CompressionError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CompressionError) return e;
    throw e;
  }
  throw new Error('expected a CompressionError');
}

// Bit-at-a-time CRC-32C straight from the definition, to check the table-driven one.
function referenceCrc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function mask(crc: number): number {
  return ((((crc >>> 15) | (crc << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

interface FrameChunk {
  type: number;
  body: Buffer;
}

function parseFrames(stream: Buffer): FrameChunk[] {
  const chunks: FrameChunk[] = [];
  for (let pos = 0; pos < stream.length; ) {
    const length = stream.readUIntLE(pos + 1, 3);
    chunks.push({ type: stream[pos], body: stream.subarray(pos + 4, pos + 4 + length) });
    pos += 4 + length;
  }
  return chunks;
}

async function framedDecompressWithLibrary(stream: Uint8Array): Promise<Buffer> {
  const d = new FramedDecompressor();
  const head = d.update(stream);
  return Buffer.concat([head, await d.finish()]);
}

async function framedCompressWithLibrary(data: Uint8Array): Promise<Buffer> {
  const c = new FramedCompressor();
  const head = c.update(data);
  return Buffer.concat([head, await c.finish()]);
}

// ---------------------------------------------------------------------------------------------------

describe('crc32c', () => {
  it('gives the standard check value and the RFC 3720 §B.4 vectors', () => {
    expect(crc32c(bytes('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
    expect(crc32c(new Uint8Array(32))).toBe(0x8a9136aa);
    expect(crc32c(new Uint8Array(32).fill(0xff))).toBe(0x62a8ab43);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i))).toBe(0x46dd794e);
    expect(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i))).toBe(0x113fdb5c);
  });

  it('matches the bitwise definition and continues a running checksum', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.uint8Array({ maxLength: 100 }), (a, b) => {
        const joined = Buffer.concat([a, b]);
        expect(crc32c(joined)).toBe(referenceCrc32c(joined));
        expect(crc32c(b, crc32c(a))).toBe(crc32c(joined));
      }),
      { numRuns: 200 },
    );
  });
});

describe('fileExtension', () => {
  it('appends the documented default extension per format (s3-object-name.html)', () => {
    expect(FORMATS.map((f) => [f, fileExtension(f)])).toEqual([
      ['UNCOMPRESSED', ''],
      ['GZIP', '.gz'],
      ['ZIP', '.zip'],
      ['Snappy', '.snappy'],
      ['HADOOP_SNAPPY', '.hsnappy'],
    ]);
  });

  it('covers exactly the formats of the API model', () => {
    expect([...COMPRESSION_FORMATS].sort()).toEqual([...FORMATS].sort());
  });

  it('rejects a format outside the model', () => {
    const err = compressionError(() => fileExtension('LZ4' as CompressionFormat));
    expect(err.message).toBe('LZ4: unknown compression format');
    expect(compressionError(() => compress('LZ4' as CompressionFormat, bytes('x'))).format).toBe('LZ4');
    expect(compressionError(() => decompress('LZ4' as CompressionFormat, bytes('x'))).format).toBe('LZ4');
  });
});

describe('compress / decompress round trip', () => {
  it.each(FORMATS)('%s: decompress(compress(x)) === x, including inputs over 64 KiB and 256 KiB', (format) => {
    fc.assert(
      fc.property(payloadArb, (data) => {
        const copy = Buffer.from(data);
        const packed = compress(format, data);
        expect(decompress(format, packed).equals(copy)).toBe(true);
        expect(Buffer.from(data).equals(copy)).toBe(true); // input untouched
      }),
      { numRuns: 25, examples: EXAMPLES },
    );
  });

  it.each(FORMATS)('%s: is deterministic', (format) => {
    expect(compress(format, BIG_MIXED).equals(compress(format, BIG_MIXED))).toBe(true);
  });

  it('handles empty input in every format, with the expected bytes where the format fixes them', () => {
    for (const format of FORMATS) expect(decompress(format, compress(format, new Uint8Array(0)))).toHaveLength(0);
    expect(compress('UNCOMPRESSED', new Uint8Array(0))).toHaveLength(0);
    expect([...compress('Snappy', new Uint8Array(0))]).toEqual(STREAM_IDENTIFIER);
    expect([...compress('HADOOP_SNAPPY', new Uint8Array(0))]).toEqual([0, 0, 0, 0]);
    expect(decompress('HADOOP_SNAPPY', new Uint8Array(0))).toHaveLength(0);
  });

  it('UNCOMPRESSED returns a copy', () => {
    const input = bytes('abc');
    const output = compress('UNCOMPRESSED', input);
    output[0] = 0x7a;
    expect(input.toString()).toBe('abc');
    expect(output.toString()).toBe('zbc');
  });
});

describe('GZIP', () => {
  it.each([
    ['empty', new Uint8Array(0)],
    ['text', bytes('{"a":1}\n{"a":2}\n')],
    ['over 256 KiB, mixed', BIG_MIXED],
  ])('is read byte for byte by `gzip -dc` (%s)', (_name, data) => {
    const packed = compress('GZIP', data);
    expect([...packed.subarray(0, 3)]).toEqual([0x1f, 0x8b, 0x08]);
    const run = spawnSync('gzip', ['-dc'], { input: packed, maxBuffer: 64 * 1024 * 1024 });
    expect(run.stderr.toString()).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.equals(Buffer.from(data))).toBe(true);
  });

  it('rejects corrupt and truncated streams', () => {
    const packed = compress('GZIP', bytes('hello hello hello'));
    const flipped = Buffer.from(packed);
    flipped[flipped.length - 6] ^= 0xff; // inside the CRC-32 trailer
    expect(compressionError(() => decompress('GZIP', flipped)).message).toMatch(/^GZIP: not a valid gzip stream/);
    expect(compressionError(() => decompress('GZIP', packed.subarray(0, packed.length - 1))).format).toBe('GZIP');
    expect(compressionError(() => decompress('GZIP', new Uint8Array(0))).format).toBe('GZIP');
    expect(compressionError(() => decompress('GZIP', bytes('plain text'))).format).toBe('GZIP');
  });
});

describe('ZIP', () => {
  const PYTHON_READ = [
    'import base64, io, json, sys, zipfile',
    'z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))',
    'i = z.infolist()',
    'print(json.dumps({"names": [x.filename for x in i], "date_time": list(i[0].date_time), "method": i[0].compress_type,',
    '  "bad": z.testzip(), "data": base64.b64encode(z.read(i[0])).decode()}))',
  ].join('\n');

  function readWithPython(archive: Buffer): { names: string[]; date_time: number[]; method: number; bad: string | null; data: Buffer } {
    const run = spawnSync('python3', ['-c', PYTHON_READ], { input: archive, maxBuffer: 64 * 1024 * 1024 });
    expect(run.stderr.toString()).toBe('');
    expect(run.status).toBe(0);
    const parsed = JSON.parse(run.stdout.toString()) as { names: string[]; date_time: number[]; method: number; bad: string | null; data: string };
    return { ...parsed, data: Buffer.from(parsed.data, 'base64') };
  }

  it.each([
    ['data', undefined, bytes('{"a":1}\n')],
    ['events.json', 'events.json', BIG_MIXED],
    ['données-ü.json', 'données-ü.json', new Uint8Array(0)],
  ])('is read by Python zipfile: one deflated entry %j with the same bytes', (expectedName, entryName, data) => {
    const read = readWithPython(compress('ZIP', data, entryName));
    expect(read.names).toEqual([expectedName]);
    expect(read.data.equals(Buffer.from(data))).toBe(true);
    expect(read.method).toBe(8); // ZIP_DEFLATED
    expect(read.bad).toBeNull(); // every CRC checks out
    expect(read.date_time).toEqual([1980, 1, 1, 0, 0, 0]);
  });

  it('stamps the entry 1980-01-01 00:00:00 whatever the time zone (checked in child processes)', () => {
    // Jest gives each test file its own process.env, so TZ can only be changed in a fresh process.
    const script = [
      "const { compress } = require('./lambda/engine/firehose/compression');",
      "process.stdout.write(compress('ZIP', Buffer.from(process.argv[1], 'base64'), 'x').toString('base64'));",
    ].join('\n');
    const sample = BIG_MIXED.subarray(0, 5000);
    const here = compress('ZIP', sample, 'x');
    // Local file header: DOS time (0 = 00:00:00) then DOS date (0x0021 = 1980-01-01), little-endian.
    expect([...here.subarray(10, 14)]).toEqual([0x00, 0x00, 0x21, 0x00]);
    for (const tz of ['Pacific/Kiritimati', 'America/Adak']) {
      const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script, Buffer.from(sample).toString('base64')], {
        cwd: path.resolve(__dirname, '../../../..'),
        env: { ...process.env, TZ: tz },
      });
      expect(run.stderr.toString()).toBe('');
      expect(Buffer.from(run.stdout.toString(), 'base64').equals(here)).toBe(true);
    }
  });

  it('rejects entry names that cannot name a file', () => {
    expect(compressionError(() => compress('ZIP', bytes('x'), '')).message).toBe('ZIP: entry name "" does not name a file');
    expect(compressionError(() => compress('ZIP', bytes('x'), 'dir/')).message).toBe('ZIP: entry name "dir/" does not name a file');
    expect(compressionError(() => compress('ZIP', bytes('x'), 'é'.repeat(40000))).message).toBe('ZIP: entry name is longer than 65535 UTF-8 bytes');
    expect(compressionError(() => compress('ZIP', bytes('x'), '__proto__')).message).toBe('ZIP: entry name "__proto__" is not supported');
  });

  it('decompress checks the entry count, the CRC-32 and the structure', () => {
    const packed = compress('ZIP', bytes('hello hello hello'), 'h.txt');
    // The central directory header's CRC-32 sits 16 bytes after its signature.
    const central = packed.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    const badCrc = Buffer.from(packed);
    badCrc[central + 16] ^= 0x01;
    expect(compressionError(() => decompress('ZIP', badCrc)).message).toMatch(/^ZIP: entry CRC-32 mismatch \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\)$/);

    const two = Buffer.from(zipSync({ a: bytes('1'), b: bytes('2') }));
    expect(compressionError(() => decompress('ZIP', two)).message).toBe('ZIP: expected exactly one entry, found 2');

    expect(compressionError(() => decompress('ZIP', bytes('not a zip at all, just some text'))).message).toMatch(/^ZIP: no end-of-central-directory record/);
    expect(compressionError(() => decompress('ZIP', packed.subarray(20))).format).toBe('ZIP');
  });

  it('decompress reads a stored (uncompressed) entry written by another tool', () => {
    const stored = Buffer.from(zipSync({ 'a.txt': [bytes('stored bytes'), { level: 0 }] }));
    expect(decompress('ZIP', stored).toString()).toBe('stored bytes');
  });
});

describe('Snappy (framing format)', () => {
  const HELLO_FRAMED = Buffer.from([
    ...STREAM_IDENTIFIER,
    0x01, 0x09, 0x00, 0x00, // uncompressed chunk, 9 bytes: 4 of checksum + 5 of data
    0xbb, 0x1f, 0x1c, 0x19, // masked CRC-32C of "hello" (crc 0x9a71bb4c, masked 0x191c1fbb), little-endian
    0x68, 0x65, 0x6c, 0x6c, 0x6f, // "hello"
  ]);
  // 20 × "a": raw Snappy = length 20, literal "a", copy (2-byte offset) of 19 bytes from offset 1.
  const A20_FRAMED = Buffer.from([
    ...STREAM_IDENTIFIER,
    0x00, 0x0a, 0x00, 0x00, // compressed chunk, 10 bytes
    0xf1, 0xea, 0x4d, 0xca, // masked CRC-32C of the 20 uncompressed bytes
    0x14, 0x00, 0x61, 0x4a, 0x01, 0x00,
  ]);

  it('writes a hand-built stream for an input that does not compress: identifier + one uncompressed chunk', () => {
    expect(mask(crc32c(bytes('hello')))).toBe(0x191c1fbb);
    expect(compress('Snappy', bytes('hello')).equals(HELLO_FRAMED)).toBe(true);
    expect(decompress('Snappy', HELLO_FRAMED).toString()).toBe('hello');
  });

  it('reads a hand-built compressed chunk', () => {
    expect(mask(crc32c(bytes('a'.repeat(20))))).toBe(0xca4deaf1);
    expect(decompress('Snappy', A20_FRAMED).toString()).toBe('a'.repeat(20));
  });

  it('splits input into chunks of at most 64 KiB, compressed only when that shrinks them, each with its masked CRC', () => {
    const data = build([
      { kind: 'text', length: FRAME_CHUNK, seed: 1 },
      { kind: 'noise', length: FRAME_CHUNK, seed: 2 },
      { kind: 'run', length: 1000, seed: 3 },
    ]);
    const [identifier, ...chunks] = parseFrames(compress('Snappy', data));
    expect(identifier).toEqual({ type: 0xff, body: bytes('sNaPpY') });
    expect(chunks.map((c) => c.type)).toEqual([0x00, 0x01, 0x00]);
    const pieces = chunks.map((c) => (c.type === 0x00 ? (rawSnappyUncompress(c.body.subarray(4), { asBuffer: true }) as Buffer) : c.body.subarray(4)));
    expect(pieces.map((p) => p.length)).toEqual([FRAME_CHUNK, FRAME_CHUNK, 1000]);
    expect(Buffer.concat(pieces).equals(Buffer.from(data))).toBe(true);
    chunks.forEach((c, i) => expect(c.body.readUInt32LE(0)).toBe(mask(crc32c(pieces[i]))));
    expect(chunks[1].body.length).toBe(4 + FRAME_CHUNK);
    expect(chunks[0].body.length).toBeLessThan(FRAME_CHUNK / 4);
  });

  it('interoperates with an independent framing implementation (the snappy package, Rust snap crate)', async () => {
    for (const data of [new Uint8Array(0), bytes('hello'), BIG_MIXED]) {
      expect((await framedDecompressWithLibrary(compress('Snappy', data))).equals(Buffer.from(data))).toBe(true);
      expect(decompress('Snappy', await framedCompressWithLibrary(data)).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('rejects a flipped checksum byte', () => {
    const flipped = Buffer.from(HELLO_FRAMED);
    flipped[14] ^= 0x01;
    const err = compressionError(() => decompress('Snappy', flipped));
    expect(err.format).toBe('Snappy');
    expect(err.message).toBe('Snappy: chunk at offset 10: checksum mismatch (stored 0x191c1fba, computed 0x191c1fbb)');
    const flippedCompressed = Buffer.from(A20_FRAMED);
    flippedCompressed[17] ^= 0x80;
    expect(compressionError(() => decompress('Snappy', flippedCompressed)).message).toMatch(/checksum mismatch/);
  });

  it('reads zero bytes as an empty stream (how snap frames empty input) and its own identifier-only stream', () => {
    expect(decompress('Snappy', new Uint8Array(0))).toHaveLength(0);
    expect(decompress('Snappy', Buffer.from(STREAM_IDENTIFIER))).toHaveLength(0);
  });

  it('rejects a stream without the stream identifier', () => {
    const message = 'Snappy: missing stream identifier (ff 06 00 00 "sNaPpY") at offset 0';
    expect(compressionError(() => decompress('Snappy', HELLO_FRAMED.subarray(10))).message).toBe(message);
    expect(compressionError(() => decompress('Snappy', HELLO_FRAMED.subarray(0, 9))).message).toBe(message);
    expect(compressionError(() => decompress('Snappy', rawSnappyCompress(bytes('hello')))).message).toBe(message);
  });

  it('skips padding and reserved skippable chunks, rejects reserved unskippable ones', () => {
    const identifier = HELLO_FRAMED.subarray(0, 10);
    const chunk = HELLO_FRAMED.subarray(10);
    const padding = Buffer.from([0xfe, 0x03, 0x00, 0x00, 0, 0, 0]);
    const skippable = Buffer.from([0x80, 0x02, 0x00, 0x00, 0xaa, 0xbb]);
    const skippableFd = Buffer.from([0xfd, 0x00, 0x00, 0x00]);
    expect(decompress('Snappy', Buffer.concat([identifier, padding, chunk, skippable, skippableFd])).toString()).toBe('hello');
    for (const type of [0x02, 0x7f]) {
      const reserved = Buffer.from([type, 0x01, 0x00, 0x00, 0x00]);
      expect(compressionError(() => decompress('Snappy', Buffer.concat([identifier, reserved, chunk]))).message).toBe(
        `Snappy: chunk at offset 10: reserved unskippable chunk type 0x${type.toString(16).padStart(2, '0')}`,
      );
    }
  });

  it('reads concatenated streams (a repeated identifier) and rejects a corrupt one', () => {
    expect(decompress('Snappy', Buffer.concat([HELLO_FRAMED, A20_FRAMED])).toString()).toBe(`hello${'a'.repeat(20)}`);
    const corrupt = Buffer.concat([HELLO_FRAMED, A20_FRAMED]);
    corrupt[HELLO_FRAMED.length + 4] = 0x53; // "SNaPpY"
    expect(compressionError(() => decompress('Snappy', corrupt)).message).toBe(`Snappy: chunk at offset ${HELLO_FRAMED.length}: corrupt stream identifier`);
  });

  it('rejects truncated chunks, chunks too short for a checksum and chunks over 64 KiB', () => {
    expect(compressionError(() => decompress('Snappy', HELLO_FRAMED.subarray(0, HELLO_FRAMED.length - 1))).message).toBe(
      'Snappy: chunk at offset 10 declares 9 bytes but only 8 remain',
    );
    expect(compressionError(() => decompress('Snappy', HELLO_FRAMED.subarray(0, 12))).message).toBe('Snappy: truncated chunk header at offset 10');
    const short = Buffer.from([...STREAM_IDENTIFIER, 0x01, 0x03, 0x00, 0x00, 1, 2, 3]);
    expect(compressionError(() => decompress('Snappy', short)).message).toBe('Snappy: chunk at offset 10: 3 bytes is too short to hold its checksum');

    const big = new Uint8Array(FRAME_CHUNK + 1);
    const header = Buffer.alloc(8);
    header[0] = 0x01;
    header.writeUIntLE(4 + big.length, 1, 3);
    header.writeUInt32LE(mask(crc32c(big)), 4);
    expect(compressionError(() => decompress('Snappy', Buffer.concat([Buffer.from(STREAM_IDENTIFIER), header, big]))).message).toBe(
      'Snappy: chunk at offset 10: uncompressed chunk of 65537 bytes exceeds 65536',
    );
    const packed = rawSnappyCompress(big);
    header[0] = 0x00;
    header.writeUIntLE(4 + packed.length, 1, 3);
    expect(compressionError(() => decompress('Snappy', Buffer.concat([Buffer.from(STREAM_IDENTIFIER), header, packed]))).message).toBe(
      'Snappy: chunk at offset 10: Snappy data declares 65537 bytes, more than the 65536 allowed',
    );
  });

  it('rejects corrupt compressed data', () => {
    const corrupt = Buffer.from(A20_FRAMED);
    corrupt[corrupt.length - 2] = 0x40; // copy offset 64, before the start of the output
    expect(compressionError(() => decompress('Snappy', corrupt)).message).toMatch(/^Snappy: chunk at offset 10: invalid Snappy data/);
  });
});

describe('HADOOP_SNAPPY (BlockCompressorStream layout)', () => {
  interface Block {
    size: number;
    chunks: Buffer[];
  }

  function parseBlocks(stream: Buffer): Block[] {
    const blocks: Block[] = [];
    let pos = 0;
    while (pos < stream.length) {
      const size = stream.readUInt32BE(pos);
      pos += 4;
      const chunks: Buffer[] = [];
      for (let produced = 0; produced < size; ) {
        const length = stream.readUInt32BE(pos);
        const chunk = rawSnappyUncompress(stream.subarray(pos + 4, pos + 4 + length), { asBuffer: true }) as Buffer;
        chunks.push(chunk);
        produced += chunk.length;
        pos += 4 + length;
      }
      blocks.push({ size, chunks });
    }
    expect(pos).toBe(stream.length);
    return blocks;
  }

  it('writes a hand-built stream for a small input', () => {
    // block of 5 bytes, one chunk of 7 bytes: raw Snappy = length 5, literal tag (5-1)<<2, "hello"
    const expected = Buffer.from([0, 0, 0, 5, 0, 0, 0, 7, 0x05, 0x10, 0x68, 0x65, 0x6c, 0x6c, 0x6f]);
    expect(compress('HADOOP_SNAPPY', bytes('hello')).equals(expected)).toBe(true);
    expect(decompress('HADOOP_SNAPPY', expected).toString()).toBe('hello');
  });

  it('cuts input into blocks of 218,422 bytes, one chunk each, every block holding its slice of the input', () => {
    const data = Buffer.from(BIG_MIXED); // 300,000 bytes
    const blocks = parseBlocks(compress('HADOOP_SNAPPY', data));
    expect(blocks.map((b) => b.size)).toEqual([HADOOP_BLOCK, data.length - HADOOP_BLOCK]);
    let offset = 0;
    for (const block of blocks) {
      expect(block.chunks).toHaveLength(1);
      expect(block.chunks[0].equals(data.subarray(offset, offset + block.size))).toBe(true);
      offset += block.size;
    }
    expect(offset).toBe(data.length);
  });

  it('keeps every chunk within a Hadoop reader’s 256 KiB buffer, even for incompressible input', () => {
    const noise = segmentBytes({ kind: 'noise', length: 3 * HADOOP_BLOCK, seed: 9 });
    const stream = compress('HADOOP_SNAPPY', noise);
    const blocks = parseBlocks(stream);
    expect(blocks.map((b) => b.size)).toEqual([HADOOP_BLOCK, HADOOP_BLOCK, HADOOP_BLOCK]);
    for (let pos = 0, i = 0; i < blocks.length; i++) {
      const compressedLength = stream.readUInt32BE(pos + 4);
      expect(compressedLength).toBeLessThanOrEqual(262144);
      pos += 8 + compressedLength;
    }
  });

  it('reads blocks of several chunks (what Hadoop writes for one large write)', () => {
    const hello = rawSnappyCompress(bytes('hello'));
    const world = rawSnappyCompress(bytes(' world'));
    const bang = rawSnappyCompress(bytes('!'));
    const header = (n: number): Buffer => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(n);
      return b;
    };
    const stream = Buffer.concat([header(11), header(hello.length), hello, header(world.length), world, header(0), header(1), header(bang.length), bang]);
    expect(decompress('HADOOP_SNAPPY', stream).toString()).toBe('hello world!');
  });

  it('rejects truncated streams, chunks that overflow their block and corrupt data', () => {
    const stream = compress('HADOOP_SNAPPY', bytes('hello'));
    expect(compressionError(() => decompress('HADOOP_SNAPPY', stream.subarray(0, 2))).message).toBe('HADOOP_SNAPPY: truncated block header at offset 0');
    expect(compressionError(() => decompress('HADOOP_SNAPPY', stream.subarray(0, 4))).message).toBe(
      'HADOOP_SNAPPY: block at offset 0 is truncated after 0 of 5 bytes',
    );
    expect(compressionError(() => decompress('HADOOP_SNAPPY', stream.subarray(0, stream.length - 1))).message).toBe(
      'HADOOP_SNAPPY: chunk at offset 4 (block at offset 0) declares 7 bytes but only 6 remain',
    );
    const overflow = Buffer.from(stream);
    overflow.writeUInt32BE(4, 0);
    expect(compressionError(() => decompress('HADOOP_SNAPPY', overflow)).message).toBe(
      'HADOOP_SNAPPY: chunk at offset 4 (block at offset 0): Snappy data declares 5 bytes, more than the 4 allowed',
    );
    const negative = Buffer.from(stream);
    negative.writeUInt32BE(0x80000000, 0);
    expect(compressionError(() => decompress('HADOOP_SNAPPY', negative)).message).toBe('HADOOP_SNAPPY: block at offset 0 declares a negative length');
    const corrupt = Buffer.from(stream);
    corrupt[9] = 0x7c; // literal tag claiming 32 bytes where 5 remain
    expect(compressionError(() => decompress('HADOOP_SNAPPY', corrupt)).message).toMatch(/^HADOOP_SNAPPY: chunk at offset 4 \(block at offset 0\): invalid Snappy data/);
  });
});
