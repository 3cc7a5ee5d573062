/**
 * Recorded traffic: JSON Lines in the SQL runner's input format (DESIGN.md, "SQL runner"), so the same
 * file replays through `sql run` and `simulate`:
 *   {"rowtime": T, "data": RECORD}               T: ISO-8601 / `YYYY-MM-DD HH:MM:SS[.fff]` UTC or epoch ms
 *   {"rowtime": T, "data": RECORD, "partitionKey": "k"}   an explicit partition key
 *   {"rowtime": T, "bound": true}                skipped (no record)
 * A bare JSON object is a record too, produced at its own `timestamp`. RECORD may be a JSON object or
 * a string (sent as is). Records are replayed in time order (stable for equal times).
 */
import { parseRowtime } from '../sql/runtime';
import { partitionKeyOf, type TrafficRecord } from './traffic';

export class TrafficFileError extends Error {
  constructor(readonly line: number, message: string) {
    super(`line ${line}: ${message}`);
    this.name = 'TrafficFileError';
  }
}

export function parseTrafficFile(text: string): TrafficRecord[] {
  const out: TrafficRecord[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new TrafficFileError(i + 1, 'not valid JSON');
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TrafficFileError(i + 1, 'must be a JSON object');
    const entry = value as Record<string, unknown>;
    if (entry['bound'] === true) continue;
    const wrapped = 'data' in entry && 'rowtime' in entry;
    const record = wrapped ? entry['data'] : entry;
    const at = parseRowtime(wrapped ? entry['rowtime'] : entry['timestamp']);
    if (at === undefined) throw new TrafficFileError(i + 1, wrapped ? 'rowtime must be ISO-8601, "YYYY-MM-DD HH:MM:SS[.fff]" or epoch ms' : 'a bare record needs a timestamp (ISO-8601 or epoch ms)');
    const explicit = entry['partitionKey'];
    let partitionKey: string;
    let data: Buffer;
    if (typeof record === 'string') {
      data = Buffer.from(record);
      partitionKey = typeof explicit === 'string' && explicit !== '' ? explicit : 'unknown';
    } else if (typeof record === 'object' && record !== null && !Array.isArray(record)) {
      data = Buffer.from(JSON.stringify(record));
      partitionKey = typeof explicit === 'string' && explicit !== '' ? explicit : partitionKeyOf(record as Record<string, unknown>);
    } else {
      throw new TrafficFileError(i + 1, 'data must be a JSON object or a string');
    }
    out.push({ atMs: at, partitionKey, data });
  }
  return out.map((r, i) => ({ r, i })).sort((a, b) => a.r.atMs - b.r.atMs || a.i - b.i).map((x) => x.r);
}
