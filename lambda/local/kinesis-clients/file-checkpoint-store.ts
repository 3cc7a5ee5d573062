/**
 * Checkpoints in one JSON file ({"shardId-000000000000": {"sequenceNumber": "..."} | "SHARD_END"}).
 * Every put rewrites the file atomically (temp file, fsync, rename), so a crash leaves the old or the
 * new checkpoints, never a torn file. Puts are serialized so renames land in call order.
 * ./dynamodb-checkpoint-store.ts keeps them in a DynamoDB table instead.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

import type { Checkpoint, CheckpointStore } from '../../engine/kinesis/consumer-checkpoint';

export class FileCheckpointStore implements CheckpointStore {
  private cache: Map<string, Checkpoint> | undefined;
  private writes: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  async get(shardId: string): Promise<Checkpoint | undefined> {
    return (await this.load()).get(shardId);
  }

  put(shardId: string, checkpoint: Checkpoint): Promise<void> {
    const write = this.writes.then(async () => {
      const all = await this.load();
      all.set(shardId, checkpoint);
      await this.writeAtomically(JSON.stringify(Object.fromEntries(all), null, 2));
    });
    // A failed write must not wedge later ones; its caller still sees the error.
    this.writes = write.catch(() => undefined);
    return write;
  }

  private async load(): Promise<Map<string, Checkpoint>> {
    if (this.cache !== undefined) return this.cache;
    let text: string | undefined;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    this.cache = new Map(Object.entries(text === undefined ? {} : (JSON.parse(text) as Record<string, Checkpoint>)));
    return this.cache;
  }

  private async writeAtomically(text: string): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    const handle = await fs.open(temp, 'w');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, this.file);
  }
}
