/**
 * CRC-32C (Castagnoli): reflected polynomial 0x82F63B78, initial value and final XOR 0xFFFFFFFF.
 * The Snappy framing format checksums every chunk with it, and Node has none (zlib.crc32 is the IEEE
 * polynomial). Check value: crc32c("123456789") = 0xE3069283; RFC 3720 §B.4 lists more vectors.
 */

const POLYNOMIAL = 0x82f63b78;

// Slice-by-8: TABLES[k][b] is the CRC of byte b followed by k zero bytes, so the main loop folds eight
// input bytes per step (delivered objects reach 128 MiB, and a byte-at-a-time loop is ~4x slower).
const TABLES = buildTables();
const [T0, T1, T2, T3, T4, T5, T6, T7] = TABLES;

function buildTables(): Uint32Array[] {
  const first = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
    first[n] = c >>> 0;
  }
  const tables = [first];
  for (let k = 1; k < 8; k++) {
    const prev = tables[k - 1];
    const next = new Uint32Array(256);
    for (let n = 0; n < 256; n++) next[n] = (prev[n] >>> 8) ^ first[prev[n] & 0xff];
    tables.push(next);
  }
  return tables;
}

/**
 * CRC-32C of `data` as an unsigned 32-bit integer. Pass the CRC of the preceding bytes as `previous`
 * to continue a running checksum: crc32c(b, crc32c(a)) === crc32c(a ++ b).
 */
export function crc32c(data: Uint8Array, previous = 0): number {
  let crc = ~previous >>> 0;
  const n = data.length;
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const low = (crc ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24))) >>> 0;
    crc =
      T7[low & 0xff] ^
      T6[(low >>> 8) & 0xff] ^
      T5[(low >>> 16) & 0xff] ^
      T4[low >>> 24] ^
      T3[data[i + 4]] ^
      T2[data[i + 5]] ^
      T1[data[i + 6]] ^
      T0[data[i + 7]];
  }
  for (; i < n; i++) crc = T0[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}
