/**
 * The engine's KinesisStore on SQLite (better-sqlite3, synchronous), for `serve --data-dir`.
 * Durability: WAL journal with synchronous=FULL, so a transaction is on disk (fsync'd) when
 * `appendRecords` returns, and the engine acknowledges a put only after that: an acknowledged record
 * survives kill -9. Sequence numbers are fixed-width decimal strings, so TEXT order is numeric order.
 */
import * as fs from 'fs';
import * as path from 'path';
import Database from 'better-sqlite3';
import type { KinesisStore, StoredRecord, StreamMeta } from '../../engine/kinesis/store';

interface RecordRow {
  shard_id: string;
  sequence_number: string;
  partition_key: string;
  data: Buffer;
  arrival_ms: number;
  encrypted: number;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS streams (name TEXT PRIMARY KEY, meta TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS records (
    stream TEXT NOT NULL, shard_id TEXT NOT NULL, sequence_number TEXT NOT NULL,
    partition_key TEXT NOT NULL, data BLOB NOT NULL, arrival_ms INTEGER NOT NULL, encrypted INTEGER NOT NULL,
    PRIMARY KEY (stream, shard_id, sequence_number)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS records_by_arrival ON records (stream, shard_id, arrival_ms);
`;

export class SqliteKinesisStore implements KinesisStore {
  private readonly db: Database.Database;
  private readonly statements;

  /** Opens (or creates) `<dataDir>/kinesis.sqlite`. */
  constructor(dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, 'kinesis.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
    const db = this.db;
    this.statements = {
      loadStreams: db.prepare('SELECT meta FROM streams ORDER BY name'),
      saveStream: db.prepare('INSERT INTO streams (name, meta) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET meta = excluded.meta'),
      deleteStream: db.prepare('DELETE FROM streams WHERE name = ?'),
      deleteRecords: db.prepare('DELETE FROM records WHERE stream = ?'),
      insert: db.prepare('INSERT INTO records VALUES (?, ?, ?, ?, ?, ?, ?)'),
      read: db.prepare(`SELECT shard_id, sequence_number, partition_key, data, arrival_ms, encrypted FROM records
        WHERE stream = ? AND shard_id = ? AND sequence_number >= ? ORDER BY sequence_number LIMIT ?`),
      atOrAfter: db.prepare(`SELECT shard_id, sequence_number, partition_key, data, arrival_ms, encrypted FROM records
        WHERE stream = ? AND shard_id = ? AND arrival_ms >= ? ORDER BY sequence_number LIMIT 1`),
      last: db.prepare(`SELECT shard_id, sequence_number, partition_key, data, arrival_ms, encrypted FROM records
        WHERE stream = ? AND shard_id = ? ORDER BY sequence_number DESC LIMIT 1`),
      trim: db.prepare('DELETE FROM records WHERE stream = ? AND shard_id = ? AND arrival_ms < ?'),
    };
  }

  loadStreams(): StreamMeta[] {
    return (this.statements.loadStreams.all() as { meta: string }[]).map((row) => JSON.parse(row.meta) as StreamMeta);
  }

  saveStream(meta: StreamMeta): void {
    this.statements.saveStream.run(meta.name, JSON.stringify(meta));
  }

  deleteStream(streamName: string): void {
    this.db.transaction(() => {
      this.statements.deleteStream.run(streamName);
      this.statements.deleteRecords.run(streamName);
    })();
  }

  appendRecords(streamName: string, records: readonly StoredRecord[]): void {
    this.db.transaction(() => {
      for (const r of records) {
        this.statements.insert.run(streamName, r.shardId, r.sequenceNumber, r.partitionKey, Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength), r.arrivalMs, r.encryptionType ? 1 : 0);
      }
    })();
  }

  readRecords(streamName: string, shardId: string, fromSequenceNumber: string, limit: number, maxBytes: number): StoredRecord[] {
    const out: StoredRecord[] = [];
    let bytes = 0;
    // Iterate lazily: the byte limit usually stops long before `limit` rows.
    for (const row of this.statements.read.iterate(streamName, shardId, fromSequenceNumber, limit) as Iterable<RecordRow>) {
      const size = Buffer.byteLength(row.partition_key, 'utf8') + row.data.byteLength;
      if (out.length > 0 && bytes + size > maxBytes) break;
      bytes += size;
      out.push(toRecord(row));
    }
    return out;
  }

  firstRecordAtOrAfter(streamName: string, shardId: string, arrivalMs: number): StoredRecord | undefined {
    const row = this.statements.atOrAfter.get(streamName, shardId, arrivalMs) as RecordRow | undefined;
    return row && toRecord(row);
  }

  lastRecord(streamName: string, shardId: string): StoredRecord | undefined {
    const row = this.statements.last.get(streamName, shardId) as RecordRow | undefined;
    return row && toRecord(row);
  }

  trimRecords(streamName: string, shardId: string, arrivedBeforeMs: number): void {
    this.statements.trim.run(streamName, shardId, arrivedBeforeMs);
  }

  close(): void {
    this.db.close();
  }
}

function toRecord(row: RecordRow): StoredRecord {
  return {
    shardId: row.shard_id,
    sequenceNumber: row.sequence_number,
    partitionKey: row.partition_key,
    data: new Uint8Array(row.data),
    arrivalMs: row.arrival_ms,
    ...(row.encrypted ? { encryptionType: 'KMS' as const } : {}),
  };
}
