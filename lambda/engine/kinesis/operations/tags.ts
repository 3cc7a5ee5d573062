/**
 * Tags: AddTagsToStream, RemoveTagsFromStream, ListTagsForStream (stream by name or ARN) and
 * TagResource, UntagResource, ListTagsForResource (a stream or consumer ARN).
 */
import type { EngineContext } from '../context';
import * as E from '../errors';
import { optArray, optNumber, optString, reqString, stringMap, type Input } from '../input';
import { MAX_TAGS_PER_STREAM, PAGE_DEFAULTS } from '../limits';
import type { ConsumerMeta, StreamMeta } from '../store';
import { findConsumerByArn } from './consumers';
import type { Handler } from './types';

/** Unicode letters, digits and white space, and _ . : / = + - @ % (AWS's tag character set). */
const TAG_CHARACTERS = /^[\p{L}\p{N}\p{Z}\s_.:/=+\-@%]*$/u;

/** AWS's checks on tags being added to a stream (or consumer) that already has `existing`. */
export function validateNewTags(ctx: EngineContext, owner: string, existing: Record<string, string>, adding: Record<string, string>): void {
  for (const [k, v] of Object.entries(adding)) {
    if (!TAG_CHARACTERS.test(k) || !TAG_CHARACTERS.test(v)) throw E.invalidTagCharacters();
  }
  const keys = new Set([...Object.keys(existing), ...Object.keys(adding)]);
  if (keys.size > MAX_TAGS_PER_STREAM) throw E.tooManyTags(owner, ctx.account, MAX_TAGS_PER_STREAM);
}

function tagKeys(input: Input, member: string): string[] {
  return (optArray(input, member) ?? []).filter((k): k is string => typeof k === 'string');
}

function sortedTagList(tags: Record<string, string>): { Key: string; Value: string }[] {
  return Object.keys(tags)
    .sort()
    .map((Key) => ({ Key, Value: tags[Key] as string }));
}

function addTags(ctx: EngineContext, meta: StreamMeta, owner: { tags: Record<string, string> }, ownerName: string, adding: Record<string, string>): void {
  validateNewTags(ctx, ownerName, owner.tags, adding);
  owner.tags = { ...owner.tags, ...adding };
  ctx.save(meta);
}

function removeTags(ctx: EngineContext, meta: StreamMeta, owner: { tags: Record<string, string> }, keys: readonly string[]): void {
  const tags = { ...owner.tags };
  for (const k of keys) delete tags[k];
  owner.tags = tags;
  ctx.save(meta);
}

/** A ResourceARN: a stream, or a consumer of a stream. */
function resolveResource(ctx: EngineContext, input: Input): { meta: StreamMeta; owner: StreamMeta | ConsumerMeta; name: string } {
  const arn = reqString(input, 'ResourceARN');
  if (arn.includes('/consumer/')) {
    const found = findConsumerByArn(ctx, arn);
    return { meta: found.meta, owner: found.consumer, name: found.consumer.name };
  }
  if (!/:stream\/[^/]+$/.test(arn)) throw E.invalidResourceArn(arn);
  const meta = ctx.resolveStream({ StreamARN: arn });
  return { meta, owner: meta, name: meta.name };
}

const addTagsToStream: Handler = (ctx, input) => {
  const meta = ctx.resolveStream(input);
  addTags(ctx, meta, meta, meta.name, stringMap(input, 'Tags'));
  return {};
};

const removeTagsFromStream: Handler = (ctx, input) => {
  const meta = ctx.resolveStream(input);
  removeTags(ctx, meta, meta, tagKeys(input, 'TagKeys'));
  return {};
};

const listTagsForStream: Handler = (ctx, input) => {
  const meta = ctx.resolveStream(input);
  const limit = optNumber(input, 'Limit') ?? PAGE_DEFAULTS.listTagsForStream;
  const start = optString(input, 'ExclusiveStartTagKey');
  const all = sortedTagList(meta.tags).filter((t) => start === undefined || t.Key > start);
  return { Tags: all.slice(0, limit), HasMoreTags: all.length > limit };
};

const tagResource: Handler = (ctx, input) => {
  const { meta, owner, name } = resolveResource(ctx, input);
  addTags(ctx, meta, owner, name, stringMap(input, 'Tags'));
  return {};
};

const untagResource: Handler = (ctx, input) => {
  const { meta, owner } = resolveResource(ctx, input);
  removeTags(ctx, meta, owner, tagKeys(input, 'TagKeys'));
  return {};
};

const listTagsForResource: Handler = (ctx, input) => {
  const { owner } = resolveResource(ctx, input);
  return { Tags: sortedTagList(owner.tags) };
};

export const tagHandlers: Record<string, Handler> = {
  AddTagsToStream: addTagsToStream,
  RemoveTagsFromStream: removeTagsFromStream,
  ListTagsForStream: listTagsForStream,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};
