/**
 * S3 object keys as Firehose names them (s3-object-name.html, s3-prefixes.html):
 *
 *   <evaluated prefix><stream name>-<stream version>-<yyyy>-<MM>-<dd>-<HH>-<mm>-<ss>-<uuid><extension>
 *
 * The prefix's timestamps use the approximate arrival time of the oldest record in the object.
 * UNCONFIRMED: AWS does not say which instant the suffix's time is; we use the same oldest arrival, so
 * an object's suffix and its default `yyyy/MM/dd/HH/` folder always agree.
 */
import { evaluatePrefix, type PrefixPart, type PrefixType } from './prefix';

export interface ObjectKeyInput {
  readonly prefix: readonly PrefixPart[];
  readonly prefixType: PrefixType;
  readonly streamName: string;
  readonly version: number;
  readonly oldestArrivalMs: number;
  readonly uuid: string;
  /** e.g. '.gz'; FileExtension when configured. */
  readonly extension: string;
  readonly errorOutputType?: string;
  readonly partitionKeys?: Readonly<Record<string, string>>;
  readonly randomString: () => string;
}

export function objectKey(input: ObjectKeyInput): string {
  const arrival = new Date(input.oldestArrivalMs);
  const prefix = evaluatePrefix(input.prefix, {
    arrival,
    randomString: input.randomString,
    prefixType: input.prefixType,
    ...(input.errorOutputType !== undefined ? { errorOutputType: input.errorOutputType } : {}),
    ...(input.partitionKeys !== undefined ? { partitionKeys: input.partitionKeys } : {}),
  });
  return `${prefix}${input.streamName}-${input.version}-${suffixTime(arrival)}-${input.uuid}${input.extension}`;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** `yyyy-MM-dd-HH-mm-ss`, UTC. */
function suffixTime(t: Date): string {
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}-${pad(t.getUTCHours())}-${pad(t.getUTCMinutes())}-${pad(t.getUTCSeconds())}`;
}
