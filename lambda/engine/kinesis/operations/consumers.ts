/**
 * Enhanced fan-out consumers: RegisterStreamConsumer, DescribeStreamConsumer, ListStreamConsumers,
 * DeregisterStreamConsumer. A consumer is CREATING (or DELETING) for statusDelayMs, then ACTIVE (or
 * gone). Its ARN is AWS's: `<stream ARN>/consumer/<name>:<creation time in epoch seconds>`.
 * SubscribeToShard (HTTP/2 event streams) is not modelled.
 */
import type { EngineContext } from '../context';
import * as E from '../errors';
import { optNumber, optString, reqString, stringMap, type Input } from '../input';
import { MAX_CONSUMERS_PER_STREAM, NEXT_TOKEN_TTL_MS, PAGE_DEFAULTS } from '../limits';
import type { ConsumerMeta, StreamMeta } from '../store';
import { validateNewTags } from './tags';
import type { Handler } from './types';

const CONSUMER_ARN = /^(arn:aws[^:]*:kinesis:[^:]*:\d{12}:stream\/[^/]+)\/consumer\/([^/:]+):(\d+)$/;

export function findConsumerByArn(ctx: EngineContext, arn: string): { meta: StreamMeta; consumer: ConsumerMeta } {
  const m = CONSUMER_ARN.exec(arn);
  if (m === null) throw E.consumerNotFound(arn, ctx.account);
  let meta: StreamMeta;
  try {
    meta = ctx.resolveStream({ StreamARN: m[1] });
  } catch {
    throw E.consumerNotFound(arn, ctx.account);
  }
  const consumer = meta.consumers.find((c) => c.arn === arn);
  if (consumer === undefined) throw E.consumerNotFound(arn, ctx.account);
  return { meta, consumer };
}

/** ConsumerARN, or StreamARN + ConsumerName. */
function resolveConsumer(ctx: EngineContext, input: Input): { meta: StreamMeta; consumer: ConsumerMeta } {
  const arn = optString(input, 'ConsumerARN');
  if (arn !== undefined) return findConsumerByArn(ctx, arn);
  const streamArn = optString(input, 'StreamARN');
  const name = optString(input, 'ConsumerName');
  if (streamArn === undefined || name === undefined) throw E.consumerNotSpecified();
  const meta = ctx.resolveStream({ StreamARN: streamArn });
  const consumer = meta.consumers.find((c) => c.name === name);
  if (consumer === undefined) throw E.consumerNotFound(name, ctx.account);
  return { meta, consumer };
}

const registerStreamConsumer: Handler = (ctx, input) => {
  const meta = ctx.resolveStream({ StreamARN: reqString(input, 'StreamARN') });
  ctx.requireWritable(meta);
  const name = reqString(input, 'ConsumerName');
  if (meta.consumers.some((c) => c.name === name)) throw E.consumerAlreadyExists(name, meta.arn);
  if (meta.consumers.length >= MAX_CONSUMERS_PER_STREAM) throw E.tooManyConsumers(meta.arn, MAX_CONSUMERS_PER_STREAM);
  const tags = stringMap(input, 'Tags');
  validateNewTags(ctx, name, {}, tags);
  const now = ctx.now();
  const consumer: ConsumerMeta = {
    name,
    arn: `${meta.arn}/consumer/${name}:${Math.floor(now / 1000)}`,
    createdAtMs: now,
    status: 'CREATING',
    statusUntilMs: now + ctx.statusDelayMs,
    tags,
  };
  meta.consumers.push(consumer);
  ctx.save(meta);
  ctx.refresh(meta);
  return { Consumer: ctx.consumerOutput(consumer) };
};

const describeStreamConsumer: Handler = (ctx, input) => {
  const { meta, consumer } = resolveConsumer(ctx, input);
  return { ConsumerDescription: { ...ctx.consumerOutput(consumer), StreamARN: meta.arn } };
};

const deregisterStreamConsumer: Handler = (ctx, input) => {
  const { meta, consumer } = resolveConsumer(ctx, input);
  if (consumer.status !== 'DELETING') {
    consumer.status = 'DELETING';
    consumer.statusUntilMs = ctx.now() + ctx.statusDelayMs;
    ctx.save(meta);
    ctx.refresh(meta);
  }
  return {};
};

const listStreamConsumers: Handler = (ctx, input) => {
  const meta = ctx.resolveStream({ StreamARN: reqString(input, 'StreamARN') });
  const limit = Math.min(optNumber(input, 'MaxResults') ?? PAGE_DEFAULTS.listStreamConsumers, PAGE_DEFAULTS.listStreamConsumers);
  const token = optString(input, 'NextToken');
  const after = token === undefined ? undefined : String(ctx.decodeToken(token, NEXT_TOKEN_TTL_MS)['a'] ?? '');
  const all = [...meta.consumers].sort((a, b) => (a.name < b.name ? -1 : 1)).filter((c) => after === undefined || c.name > after);
  const page = all.slice(0, limit);
  return {
    Consumers: page.map((c) => ctx.consumerOutput(c)),
    ...(all.length > limit ? { NextToken: ctx.encodeToken({ a: page[page.length - 1]?.name }) } : {}),
  };
};

export const consumerHandlers: Record<string, Handler> = {
  RegisterStreamConsumer: registerStreamConsumer,
  DescribeStreamConsumer: describeStreamConsumer,
  DeregisterStreamConsumer: deregisterStreamConsumer,
  ListStreamConsumers: listStreamConsumers,
};
