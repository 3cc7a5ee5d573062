/**
 * The engine's state and the helpers every operation shares: finding streams and shards, status
 * transitions (CREATING/UPDATING/DELETING → ACTIVE after statusDelayMs), resharding, sequence numbers,
 * retention trimming and throttles. Operations live in ./operations/*.ts.
 */
import type { Clock } from '../clock';
import * as E from './errors';
import { optString, type Input } from './input';
import { encodeSequenceNumber, endingSequenceNumber, startingSequenceNumber, decodeSequenceNumber } from './sequence-number';
import { ShardIteratorCodec } from './shard-iterator';
import {
  findRange,
  mergeRanges,
  planUniformScaling,
  shardIdOf,
  shardIndexOf,
  splitRange,
  type HashRange,
} from './shard-map';
import type { ConsumerMeta, KinesisStore, PendingChange, ShardMeta, StreamMeta } from './store';
import { ShardThrottle } from './throttle';

export interface ContextOptions {
  readonly clock: Clock;
  readonly store: KinesisStore;
  readonly throttle: boolean;
  readonly statusDelayMs: number;
  readonly account: string;
  readonly region: string;
  readonly iteratorSecret: string | Uint8Array;
  readonly shardLimit: number;
  readonly onDemandStreamLimit: number;
}

/** Stream ARN: `arn:aws:kinesis:<region>:<account>:stream/<name>` (any partition). */
const STREAM_ARN = /^arn:aws[^:]*:kinesis:([^:]*):(\d{12}):stream\/([^/]+)$/;

export class EngineContext {
  readonly clock: Clock;
  readonly store: KinesisStore;
  readonly account: string;
  readonly region: string;
  readonly throttleOn: boolean;
  readonly statusDelayMs: number;
  readonly shardLimit: number;
  readonly onDemandStreamLimit: number;
  readonly iterators: ShardIteratorCodec;

  /** Stream metadata by name (the store holds the durable copy). */
  readonly streams = new Map<string, StreamMeta>();
  private readonly openShardCache = new Map<string, { shards: ShardMeta[]; ranges: HashRange[] }>();
  private readonly throttles = new Map<string, ShardThrottle>();
  private readonly lastTrimCutoff = new Map<string, number>();

  constructor(options: ContextOptions) {
    this.clock = options.clock;
    this.store = options.store;
    this.account = options.account;
    this.region = options.region;
    this.throttleOn = options.throttle;
    this.statusDelayMs = options.statusDelayMs;
    this.shardLimit = options.shardLimit;
    this.onDemandStreamLimit = options.onDemandStreamLimit;
    this.iterators = new ShardIteratorCodec(options.iteratorSecret);
    for (const meta of this.store.loadStreams()) {
      for (const shard of meta.shards) {
        const last = this.store.lastRecord(meta.name, shard.shardId);
        const parts = last === undefined ? undefined : decodeSequenceNumber(last.sequenceNumber);
        if (parts !== undefined) shard.nextSequenceIndex = Math.max(shard.nextSequenceIndex, Number(parts.sequenceIndex) + 1);
      }
      this.streams.set(meta.name, meta);
    }
  }

  now(): number {
    return this.clock.now();
  }

  streamArn(name: string): string {
    return `arn:aws:kinesis:${this.region}:${this.account}:stream/${name}`;
  }

  // -------------------------------------------------------------------------------------------
  // Streams

  /** Complete every status change that is due (called before each operation). */
  refreshAll(): void {
    const now = this.now();
    for (const meta of [...this.streams.values()]) this.refresh(meta, now);
  }

  /** Complete the stream's pending change and its consumers' transitions if they are due. */
  refresh(meta: StreamMeta, now = this.now()): void {
    let changed = false;
    for (const c of [...meta.consumers]) {
      if (c.statusUntilMs !== undefined && c.statusUntilMs <= now) {
        if (c.status === 'DELETING') meta.consumers = meta.consumers.filter((x) => x !== c);
        else c.status = 'ACTIVE';
        delete c.statusUntilMs;
        changed = true;
      }
    }
    const pending = meta.pending;
    if (pending !== undefined && pending.untilMs <= now) {
      delete meta.pending;
      if (pending.change.kind === 'delete') {
        this.removeStream(meta.name);
        return;
      }
      this.apply(meta, pending.change, pending.untilMs);
      meta.status = 'ACTIVE';
      changed = true;
    }
    if (changed) this.save(meta);
  }

  /** Start a status change: the stream shows `status` until statusDelayMs has passed. */
  schedule(meta: StreamMeta, status: 'CREATING' | 'UPDATING' | 'DELETING', change: PendingChange): void {
    const now = this.now();
    meta.status = status;
    meta.pending = { untilMs: now + this.statusDelayMs, change };
    if (this.statusDelayMs > 0) this.save(meta);
    else this.refresh(meta, now);
  }

  save(meta: StreamMeta): void {
    if (this.streams.get(meta.name) === meta) this.store.saveStream(meta);
  }

  /** A new stream (CREATING): saved with its pending 'create' change, completed after statusDelayMs. */
  addStream(meta: StreamMeta): void {
    this.streams.set(meta.name, meta);
    this.schedule(meta, 'CREATING', { kind: 'create' });
  }

  private removeStream(name: string): void {
    const meta = this.streams.get(name);
    this.streams.delete(name);
    this.openShardCache.delete(name);
    for (const shard of meta?.shards ?? []) {
      this.throttles.delete(`${name}\u0000${shard.shardId}`);
      this.lastTrimCutoff.delete(`${name}\u0000${shard.shardId}`);
    }
    this.store.deleteStream(name);
  }

  /** The stream named by StreamName and/or StreamARN (AWS's not-found message otherwise). */
  resolveStream(input: Input): StreamMeta {
    const name = this.streamNameOf(input);
    const meta = this.streams.get(name);
    if (meta === undefined) throw E.streamNotFound(name, this.account);
    return meta;
  }

  /** The stream name a request names; a foreign account or region in the ARN cannot match. */
  streamNameOf(input: Input, nameMember = 'StreamName', arnMember = 'StreamARN'): string {
    const name = optString(input, nameMember);
    const arn = optString(input, arnMember);
    if (arn === undefined) {
      if (name === undefined) throw E.streamNotSpecified();
      return name;
    }
    const m = STREAM_ARN.exec(arn);
    if (m === null) throw E.streamNotFound(arn, this.account);
    const [, region, account, arnName] = m as unknown as [string, string, string, string];
    if (name !== undefined && name !== arnName) throw E.streamNameArnMismatch(name, arn);
    if (region !== this.region || account !== this.account) throw E.streamNotFound(arnName, account);
    return arnName;
  }

  requireActive(meta: StreamMeta): void {
    if (meta.status !== 'ACTIVE') throw E.streamNotActive(meta.name, this.account, meta.status);
  }

  /** Records can be written to and read from ACTIVE and UPDATING streams only. */
  requireWritable(meta: StreamMeta): void {
    if (meta.status !== 'ACTIVE' && meta.status !== 'UPDATING') throw E.streamNotFound(meta.name, this.account);
  }

  // -------------------------------------------------------------------------------------------
  // Shards

  retentionCutoff(meta: StreamMeta, now = this.now()): number {
    return now - meta.retentionHours * 3_600_000;
  }

  /** The shards AWS lists: none while CREATING; closed shards disappear once their data has expired. */
  visibleShards(meta: StreamMeta, now = this.now()): ShardMeta[] {
    return meta.shards.filter((s) => this.isVisible(meta, s, now));
  }

  private isVisible(meta: StreamMeta, shard: ShardMeta, now: number): boolean {
    if (meta.status === 'CREATING') return false;
    return shard.closedAtMs === undefined || shard.closedAtMs >= this.retentionCutoff(meta, now);
  }

  /** A shard by the ID a request gives (AWS resolves IDs by number), if it is visible. */
  findShard(meta: StreamMeta, shardId: string): ShardMeta | undefined {
    const index = shardIndexOf(shardId);
    const shard = index === undefined ? undefined : meta.shards[index];
    return shard !== undefined && this.isVisible(meta, shard, this.now()) ? shard : undefined;
  }

  /** Open shards sorted by starting hash key (cached until the metadata changes). */
  openShards(meta: StreamMeta): ShardMeta[] {
    return this.openIndex(meta).shards;
  }

  private openIndex(meta: StreamMeta): { shards: ShardMeta[]; ranges: HashRange[] } {
    let open = this.openShardCache.get(meta.name);
    if (open === undefined) {
      const shards = meta.shards.filter((s) => s.closedAtMs === undefined).sort((a, b) => cmp(BigInt(a.startingHashKey), BigInt(b.startingHashKey)));
      open = { shards, ranges: shards.map(rangeOf) };
      this.openShardCache.set(meta.name, open);
    }
    return open;
  }

  /** The open shard whose range holds `hashKey` (exactly one: the open shards tile the key space). */
  route(meta: StreamMeta, hashKey: bigint): ShardMeta {
    const open = this.openIndex(meta);
    const shard = open.shards[findRange(open.ranges, hashKey)];
    if (shard === undefined) throw new Error(`no open shard of ${meta.name} holds hash key ${hashKey}`);
    return shard;
  }

  childrenOf(meta: StreamMeta, shardId: string): ShardMeta[] {
    return meta.shards.filter((s) => s.parentShardId === shardId || s.adjacentParentShardId === shardId);
  }

  createShard(meta: StreamMeta, range: HashRange, atMs: number, parents: readonly ShardMeta[] = []): ShardMeta {
    const index = meta.shards.length;
    const createdSeconds = Math.max(Math.floor(atMs / 1000), ...parents.map((p) => p.createdSeconds + 1));
    const shard: ShardMeta = {
      shardId: shardIdOf(index),
      index,
      ...(parents[0] !== undefined ? { parentShardId: parents[0].shardId } : {}),
      ...(parents[1] !== undefined ? { adjacentParentShardId: parents[1].shardId } : {}),
      startingHashKey: range.start.toString(),
      endingHashKey: range.end.toString(),
      createdAtMs: atMs,
      createdSeconds,
      startingSequenceNumber: startingSequenceNumber(createdSeconds, index),
      nextSequenceIndex: 1,
    };
    meta.shards.push(shard);
    this.openShardCache.delete(meta.name);
    return shard;
  }

  private closeShard(meta: StreamMeta, shard: ShardMeta, atMs: number): void {
    shard.closedAtMs = atMs;
    shard.endingSequenceNumber = endingSequenceNumber(shard.createdSeconds, shard.index, Math.floor(atMs / 1000));
    this.openShardCache.delete(meta.name);
  }

  split(meta: StreamMeta, parent: ShardMeta, newStart: bigint, atMs: number): void {
    const [left, right] = splitRange(rangeOf(parent), newStart);
    this.closeShard(meta, parent, atMs);
    this.createShard(meta, left, atMs, [parent]);
    this.createShard(meta, right, atMs, [parent]);
  }

  merge(meta: StreamMeta, shard: ShardMeta, adjacent: ShardMeta, atMs: number): void {
    const range = mergeRanges(rangeOf(shard), rangeOf(adjacent));
    this.closeShard(meta, shard, atMs);
    this.closeShard(meta, adjacent, atMs);
    this.createShard(meta, range, atMs, [shard, adjacent]);
  }

  private apply(meta: StreamMeta, change: PendingChange, atMs: number): void {
    switch (change.kind) {
      case 'create':
      case 'delete':
        return;
      case 'split': {
        const parent = meta.shards.find((s) => s.shardId === change.shardId);
        if (parent !== undefined) this.split(meta, parent, BigInt(change.newStartingHashKey), atMs);
        return;
      }
      case 'merge': {
        const a = meta.shards.find((s) => s.shardId === change.shardId);
        const b = meta.shards.find((s) => s.shardId === change.adjacentShardId);
        if (a !== undefined && b !== undefined) this.merge(meta, a, b, atMs);
        return;
      }
      case 'updateShardCount': {
        const steps = planUniformScaling(this.openShards(meta).map(rangeOf), change.target);
        for (const step of steps) {
          const byStart = (start: bigint): ShardMeta => {
            const s = this.openShards(meta).find((o) => BigInt(o.startingHashKey) === start);
            if (s === undefined) throw new Error(`no open shard starts at ${start}`);
            return s;
          };
          if (step.kind === 'split') this.split(meta, byStart(step.shardStart), step.at, atMs);
          else this.merge(meta, byStart(step.leftStart), byStart(step.rightStart), atMs);
        }
        return;
      }
      case 'mode':
        meta.mode = change.mode;
        return;
      case 'encryption':
        meta.encryptionType = change.encryptionType;
        if (change.keyId !== undefined) meta.keyId = change.keyId;
        else delete meta.keyId;
        return;
    }
  }

  /** Open shards across the account (the shard quota counts these). */
  accountOpenShards(): number {
    let n = 0;
    for (const meta of this.streams.values()) n += meta.shards.filter((s) => s.closedAtMs === undefined).length;
    return n;
  }

  // -------------------------------------------------------------------------------------------
  // Records

  /** The next sequence number of a shard (1, 2, 3... in the sequence-index field). */
  nextSequenceNumber(shard: ShardMeta, now: number): string {
    const sequenceIndex = BigInt(shard.nextSequenceIndex);
    shard.nextSequenceIndex++;
    return encodeSequenceNumber({ shardCreatedSeconds: shard.createdSeconds, shardIndex: shard.index, sequenceIndex, arrivalSeconds: Math.floor(now / 1000) });
  }

  /** The position of the next record a shard will receive (LATEST). */
  latestPosition(shard: ShardMeta): string {
    return encodeSequenceNumber({
      shardCreatedSeconds: shard.createdSeconds,
      shardIndex: shard.index,
      sequenceIndex: BigInt(shard.nextSequenceIndex),
      arrivalSeconds: 0,
    });
  }

  /**
   * Delete records older than the retention period, lazily: at most once per second of clock per
   * shard. When the trim empties the shard, the metadata (with the shard's sequence counter) is saved
   * first, so that a rebuild continues after the trimmed records' numbers. Reads filter expired
   * records regardless.
   */
  trim(meta: StreamMeta, shard: ShardMeta, now = this.now()): void {
    const key = `${meta.name}\u0000${shard.shardId}`;
    const cutoff = this.retentionCutoff(meta, now);
    const previous = this.lastTrimCutoff.get(key);
    if (previous !== undefined && cutoff - previous < 1000) return;
    this.lastTrimCutoff.set(key, cutoff);
    const last = this.store.lastRecord(meta.name, shard.shardId);
    if (last === undefined) return;
    if (last.arrivalMs < cutoff) this.save(meta);
    this.store.trimRecords(meta.name, shard.shardId, cutoff);
  }

  throttleOf(meta: StreamMeta, shard: ShardMeta): ShardThrottle | undefined {
    if (!this.throttleOn) return undefined;
    const key = `${meta.name}\u0000${shard.shardId}`;
    let t = this.throttles.get(key);
    if (t === undefined) {
      t = new ShardThrottle();
      this.throttles.set(key, t);
    }
    return t;
  }

  // -------------------------------------------------------------------------------------------
  // Output shapes

  shardOutput(shard: ShardMeta): Record<string, unknown> {
    return {
      ShardId: shard.shardId,
      ...(shard.parentShardId !== undefined ? { ParentShardId: shard.parentShardId } : {}),
      ...(shard.adjacentParentShardId !== undefined ? { AdjacentParentShardId: shard.adjacentParentShardId } : {}),
      HashKeyRange: { StartingHashKey: shard.startingHashKey, EndingHashKey: shard.endingHashKey },
      SequenceNumberRange: {
        StartingSequenceNumber: shard.startingSequenceNumber,
        ...(shard.endingSequenceNumber !== undefined ? { EndingSequenceNumber: shard.endingSequenceNumber } : {}),
      },
    };
  }

  consumerOutput(c: ConsumerMeta): Record<string, unknown> {
    return {
      ConsumerName: c.name,
      ConsumerARN: c.arn,
      ConsumerStatus: c.status,
      ConsumerCreationTimestamp: new Date(c.createdAtMs),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Paging tokens: opaque base64 JSON, valid for NEXT_TOKEN_TTL_MS.

  encodeToken(payload: Record<string, unknown>): string {
    return Buffer.from(JSON.stringify({ ...payload, t: this.now() }), 'utf8').toString('base64');
  }

  decodeToken(token: string, ttlMs: number): Record<string, unknown> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    } catch {
      throw E.invalidNextToken();
    }
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { t?: unknown }).t !== 'number') throw E.invalidNextToken();
    const payload = parsed as Record<string, unknown> & { t: number };
    if (this.now() - payload.t > ttlMs) throw E.expiredNextToken();
    return payload;
  }
}

export function rangeOf(shard: ShardMeta): HashRange {
  return { start: BigInt(shard.startingHashKey), end: BigInt(shard.endingHashKey) };
}

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
