/**
 * The producer and consumer libraries through the real @aws-sdk/client-kinesis against our local endpoint
 * (real clock, AWS-style throttling), across a live SplitShard, then a consumer crash and restart.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { CreateStreamCommand, KinesisClient, SplitShardCommand } from '@aws-sdk/client-kinesis';

import { systemClock } from '../../lambda/engine/clock';
import { Consumer, type ProcessRecords } from '../../lambda/engine/kinesis/consumer';
import { KinesisEngine } from '../../lambda/engine/kinesis/engine';
import { Producer, realSleep } from '../../lambda/engine/kinesis/producer';
import { mulberry32 } from '../../lambda/engine/seeded-random';
import { startServer, type RunningServer } from '../../lambda/local/http/server';
import { FileCheckpointStore, sdkConsumerPort, sdkProducerTransport, sdkShardMap } from '../../lambda/local/kinesis-clients';

jest.setTimeout(60_000);

let server: RunningServer;
let client: KinesisClient;
let dir: string;

beforeAll(async () => {
  server = await startServer({ port: 0, kinesis: new KinesisEngine({ clock: systemClock, throttle: 'aws' }) });
  // One attempt: retries are the producer's and the consumer's job here.
  client = new KinesisClient({
    endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' }, maxAttempts: 1,
  });
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'producer-consumer-'));
});

afterAll(async () => {
  client.destroy();
  await server.close();
  await fs.rm(dir, { recursive: true, force: true });
});

interface Delivery { shardId: string; key: string; id: string }

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await realSleep(20);
  }
}

function newConsumer(streamName: string, store: FileCheckpointStore, processRecords: ProcessRecords, maxRecordsPerCall = 25): Consumer {
  return new Consumer({
    streamName, port: sdkConsumerPort(client), store, processRecords, clock: systemClock, sleep: realSleep,
    maxRecordsPerCall, idleTimeBetweenReadsMs: 50, shardSyncIntervalMs: 500, failureBackoffMs: 100,
  });
}

const KEYS = Array.from({ length: 16 }, (_, i) => `user-${i}`);

test.each([false, true])('aggregation %s: exactly once in per-key order across a live split; a crash redelivers only unacknowledged records', async (aggregation) => {
  const stream = `clicks-${aggregation ? 'agg' : 'plain'}`;
  await client.send(new CreateStreamCommand({ StreamName: stream, ShardCount: 1 }));
  const producer = new Producer({
    streamName: stream, transport: sdkProducerTransport(client), clock: systemClock, sleep: realSleep, random: mulberry32(42),
    aggregation, maxBufferedTimeMs: 20, ...(aggregation ? { shardMap: sdkShardMap(client, stream) } : {}),
  });
  const sent: Delivery[] = [];
  const produce = async (phase: string, perKey: number) => {
    const done: Promise<unknown>[] = [];
    for (let n = 0; n < perKey; n++) {
      for (const key of KEYS) {
        const id = `${phase}-${key}-${n}`;
        sent.push({ shardId: '', key, id });
        done.push(producer.add(key, Buffer.from(JSON.stringify({ key, id }))));
      }
    }
    await producer.flush();
    await Promise.all(done);
  };
  const file = path.join(dir, `${stream}.json`);
  const deliveries: Delivery[] = [];
  const record = (batch: Parameters<ProcessRecords>[0]) => batch.records.map((r) => {
    const { key, id } = JSON.parse(Buffer.from(r.data).toString()) as { key: string; id: string };
    expect(r.partitionKey).toBe(key);
    return { shardId: r.shardId, key, id };
  });

  // Phase 1: one shard, consumer running; split live; phase 2 lands on the children.
  await produce('p1', 10);
  const first = newConsumer(stream, new FileCheckpointStore(file), async (batch, cp) => {
    deliveries.push(...record(batch));
    await cp.checkpoint();
  });
  first.start();
  await waitFor(() => deliveries.length > 0);
  await client.send(new SplitShardCommand({ StreamName: stream, ShardToSplit: 'shardId-000000000000', NewStartingHashKey: (2n ** 127n).toString() }));
  await produce('p2', 10);
  await waitFor(() => deliveries.length >= sent.length);
  await first.stop();

  expect(deliveries.map((d) => d.id).sort()).toEqual(sent.map((d) => d.id).sort());
  for (const key of KEYS) {
    expect(deliveries.filter((d) => d.key === key).map((d) => d.id)).toEqual(sent.filter((d) => d.key === key).map((d) => d.id));
  }
  const shardOrder = deliveries.map((d) => d.shardId);
  const lastOfParent = shardOrder.lastIndexOf('shardId-000000000000');
  const firstOfChild = shardOrder.findIndex((s) => s !== 'shardId-000000000000');
  expect(lastOfParent).toBeLessThan(firstOfChild);
  // With aggregation, the first request after the split may still follow the old shard map (one shard):
  // its answer proves the map stale, and phase 3 uses the fresh one (checked below).
  expect(shardOrder).toContain('shardId-000000000000');
  expect(shardOrder.some((s) => s !== 'shardId-000000000000')).toBe(true);
  const checkpoints = JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, unknown>;
  expect(checkpoints['shardId-000000000000']).toBe('SHARD_END');

  // Phase 3: a consumer that crashes (stops without acknowledging) mid-way, then a restart.
  const before = sent.length;
  // Several flushes and small reads: enough batches to crash in the middle, aggregated or not.
  for (let round = 0; round < 6; round++) await produce(`p3r${round}`, 2);
  const phase3 = new Set(sent.slice(before).map((d) => d.id));
  const acked: string[] = [];
  const unacked: string[] = [];
  let batches = 0;
  let crashed = false;
  const phase3Shards = new Set<string>();
  const crashing = newConsumer(stream, new FileCheckpointStore(file), async (batch, cp) => {
    phase3Shards.add(batch.shardId);
    const ids = record(batch).map((d) => d.id);
    if (crashed || ++batches === 3) {
      crashed = true;
      unacked.push(...ids);
      return;
    }
    await cp.checkpoint();
    acked.push(...ids);
  }, aggregation ? 2 : 10);
  crashing.start();
  await waitFor(() => crashed);
  await crashing.stop();
  expect(acked.length).toBeGreaterThan(0);
  expect(unacked.length).toBeGreaterThan(0);
  // Nothing from before phase 3 comes back: it was all acknowledged.
  expect([...acked, ...unacked].every((id) => phase3.has(id))).toBe(true);

  const redelivered: Delivery[] = [];
  const restarted = newConsumer(stream, new FileCheckpointStore(file), async (batch, cp) => {
    phase3Shards.add(batch.shardId);
    redelivered.push(...record(batch));
    await cp.checkpoint();
  }, aggregation ? 2 : 10);
  restarted.start();
  await waitFor(() => acked.length + redelivered.length >= phase3.size);
  await realSleep(300);
  await restarted.stop();
  const again = redelivered.map((d) => d.id);
  expect(again.filter((id) => acked.includes(id))).toEqual([]);
  expect(new Set(again).size).toBe(again.length);
  expect([...acked, ...again].sort()).toEqual([...phase3].sort());
  expect(unacked.every((id) => again.includes(id))).toBe(true);
  // Per key, acknowledged then redelivered is the order produced.
  for (const key of KEYS) {
    const ids = [...acked, ...again].filter((id) => id.includes(`-${key}-`));
    const ackedOfKey = acked.filter((id) => id.includes(`-${key}-`));
    const sentOfKey = sent.slice(before).filter((d) => d.key === key).map((d) => d.id);
    expect(ackedOfKey).toEqual(sentOfKey.slice(0, ackedOfKey.length));
    expect(ids.sort()).toEqual([...sentOfKey].sort());
    expect(redelivered.filter((d) => d.key === key).map((d) => d.id)).toEqual(sentOfKey.slice(ackedOfKey.length));
  }
  expect(phase3Shards).toEqual(new Set(['shardId-000000000001', 'shardId-000000000002']));
  await producer.close();
  const stats = producer.stats();
  expect(stats.userRecordsPut).toBe(sent.length);
  expect(stats.userRecordsFailed).toBe(0);
});

test('FileCheckpointStore: atomic rewrites (no temp file left), readable by a fresh instance after a "crash"', async () => {
  const file = path.join(dir, 'nested', 'checkpoints.json');
  const store = new FileCheckpointStore(file);
  expect(await store.get('shardId-000000000000')).toBeUndefined();
  await Promise.all([
    store.put('shardId-000000000000', { sequenceNumber: '1' }),
    store.put('shardId-000000000000', { sequenceNumber: '2', subSequenceNumber: 3 }),
    store.put('shardId-000000000001', 'SHARD_END'),
  ]);
  expect(await fs.readdir(path.dirname(file))).toEqual(['checkpoints.json']);
  const reopened = new FileCheckpointStore(file);
  expect(await reopened.get('shardId-000000000000')).toEqual({ sequenceNumber: '2', subSequenceNumber: 3 });
  expect(await reopened.get('shardId-000000000001')).toBe('SHARD_END');
});
