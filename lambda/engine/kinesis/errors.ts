/**
 * Every error the Kinesis engine raises, with AWS's exception name and message, in one place.
 *
 * Each message carries its source:
 * - [AWS] quoted from AWS responses in the fact sheet (../shared/reference/kinesis.md) or in public bug
 *   reports (named next to the message);
 * - [KL] kinesalite's wording, which was captured from AWS responses (mhart/kinesalite, actions/*.js);
 * - [MOTO] moto's wording (getmoto/moto, moto/kinesis), also written against AWS responses;
 * - [OURS] not found in any public source: our wording, shaped like AWS's neighbouring messages.
 *   Treat these as unverified.
 */
import { KinesisError } from './contract';

export type KinesisErrorType =
  | 'ResourceNotFoundException'
  | 'ResourceInUseException'
  | 'InvalidArgumentException'
  | 'LimitExceededException'
  | 'ValidationException'
  | 'ProvisionedThroughputExceededException'
  | 'ExpiredIteratorException'
  | 'ExpiredNextTokenException'
  | 'UnknownOperationException';

const err = (type: KinesisErrorType, message: string): KinesisError => new KinesisError(type, message);

// ---------------------------------------------------------------------------------------------
// Streams

/** [KL][MOTO] */
export const streamNotFound = (stream: string, account: string) =>
  err('ResourceNotFoundException', `Stream ${stream} under account ${account} not found.`);

/** [KL] */
export const streamAlreadyExists = (stream: string, account: string) =>
  err('ResourceInUseException', `Stream ${stream} under account ${account} already exists.`);

/** [KL] splitShard/mergeShards: the stream must be ACTIVE. */
export const streamNotActive = (stream: string, account: string, status: string) =>
  err('ResourceInUseException', `Stream ${stream} under account ${account} not ACTIVE, instead in state ${status}`);

/** [OURS] DeleteStream of a stream with consumers, without EnforceConsumerDeletion. */
export const streamHasConsumers = (stream: string, account: string) =>
  err(
    'ResourceInUseException',
    `Stream ${stream} under account ${account} has registered consumers. Set EnforceConsumerDeletion to delete it with its consumers.`,
  );

/** [OURS] neither StreamName nor StreamARN. */
export const streamNotSpecified = () => err('InvalidArgumentException', 'Either StreamName or StreamARN should be provided.');

/** [OURS] StreamName and StreamARN name different streams. */
export const streamNameArnMismatch = (name: string, arn: string) =>
  err('InvalidArgumentException', `StreamName ${name} does not match the stream in StreamARN ${arn}.`);

/** [KL] with the quota in AWS's wording. */
export const shardLimitExceeded = (account: string, region: string, current: number, limit: number, additional: number) =>
  err(
    'LimitExceededException',
    `This request would exceed the shard limit for the account ${account} in ${region}. ` +
      `Current shard count for the account: ${current}. Limit: ${limit}. ` +
      `Number of additional shards that would have resulted from this request: ${additional}. ` +
      'Refer to the AWS Service Limits page (http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) ' +
      'for current limits and how to request higher limits.',
  );

/** [OURS] */
export const onDemandStreamLimitExceeded = (account: string, limit: number) =>
  err('LimitExceededException', `This request would exceed the limit of ${limit} on-demand streams for the account ${account}.`);

/** [AWS] CloudFormation's resource handler relays it (aws/aws-cdk#18247). */
export const shardCountWithOnDemand = () => err('InvalidArgumentException', 'ShardCount is not expected when StreamMode=ON_DEMAND');

/** [OURS] */
export const shardCountRequired = () => err('InvalidArgumentException', 'ShardCount is required when StreamMode=PROVISIONED');

/** [MOTO] Split/Merge/UpdateShardCount on an on-demand stream. */
export const onDemandNotScalable = (stream: string, account: string) =>
  err('ValidationException', `Request is invalid. Stream ${stream} under account ${account} is in On-Demand mode.`);

/** [OURS] UpdateStreamMode to the current mode. */
export const streamModeUnchanged = (stream: string, account: string, mode: string) =>
  err('InvalidArgumentException', `Stream ${stream} under account ${account} is already in ${mode} mode.`);

// ---------------------------------------------------------------------------------------------
// Retention ([KL] for too short and the two direction errors, [MOTO] for the 8760 h maximum)

export const retentionTooShort = (hours: number, min: number) =>
  err('InvalidArgumentException', `Minimum allowed retention period is ${min} hours. Requested retention period (${hours} hours) is too short.`);

export const retentionTooLong = (hours: number, max: number) =>
  err('InvalidArgumentException', `Maximum allowed retention period is ${max} hours. Requested retention period (${hours} hours) is too long.`);

export const retentionIncreaseBelowCurrent = (stream: string, hours: number, current: number) =>
  err(
    'InvalidArgumentException',
    `Requested retention period (${hours} hours) for stream ${stream} can not be shorter than existing retention period (${current} hours). Use DecreaseRetentionPeriod API.`,
  );

export const retentionDecreaseAboveCurrent = (stream: string, hours: number, current: number) =>
  err(
    'InvalidArgumentException',
    `Requested retention period (${hours} hours) for stream ${stream} can not be longer than existing retention period (${current} hours). Use IncreaseRetentionPeriod API.`,
  );

// ---------------------------------------------------------------------------------------------
// Shards and resharding

/** [KL][MOTO] an unknown shard in SplitShard/MergeShards/ListShards' ExclusiveStartShardId. */
export const shardNotFound = (shard: string, stream: string, account: string) =>
  err('ResourceNotFoundException', `Could not find shard ${shard} in stream ${stream} under account ${account}.`);

/** [KL][MOTO] an unknown shard (or stream) in GetShardIterator/GetRecords. */
export const shardDoesNotExist = (shardId: string, stream: string, account: string) =>
  err('ResourceNotFoundException', `Shard ${shardId} in stream ${stream} under account ${account} does not exist`);

/** [MOTO] a closed shard in SplitShard/MergeShards. */
export const shardAlreadyClosed = (shardId: string, stream: string, account: string) =>
  err(
    'InvalidArgumentException',
    `Shard ${shardId} in stream ${stream} under account ${account} has already been merged or split, and thus is not eligible for merging or splitting.`,
  );

/** [KL] */
export const invalidNewStartingHashKey = (key: string, shardId: string, stream: string, account: string, start: string, end: string) =>
  err(
    'InvalidArgumentException',
    `NewStartingHashKey ${key} used in SplitShard() on shard ${shardId} in stream ${stream} under account ${account} ` +
      `is not both greater than one plus the shard's StartingHashKey ${start} and less than the shard's EndingHashKey ${end}.`,
  );

/** [KL] */
export const shardsNotAdjacent = (shardId: string, adjacentId: string, stream: string, account: string) =>
  err(
    'InvalidArgumentException',
    `Shards ${shardId} and ${adjacentId} in stream ${stream} under account ${account} are not an adjacent pair of shards eligible for merging`,
  );

/** [OURS] UpdateShardCount limits (the documented rules, in our words). */
export const scaleUpTooFar = (stream: string, account: string, current: number, target: number) =>
  err(
    'LimitExceededException',
    `UpdateShardCount on stream ${stream} under account ${account} cannot scale up to more than double the current open shard count. Current open shard count: ${current}. Target shard count: ${target}.`,
  );
export const scaleDownTooFar = (stream: string, account: string, current: number, target: number) =>
  err(
    'LimitExceededException',
    `UpdateShardCount on stream ${stream} under account ${account} cannot scale down below half the current open shard count. Current open shard count: ${current}. Target shard count: ${target}.`,
  );
export const tooManyShardsPerStream = (stream: string, account: string, target: number, max: number) =>
  err(
    'LimitExceededException',
    `UpdateShardCount on stream ${stream} under account ${account} cannot scale up to more than ${max} shards. Target shard count: ${target}.`,
  );
export const tooManyScalingOperations = (stream: string, account: string, max: number) =>
  err(
    'LimitExceededException',
    `UpdateShardCount on stream ${stream} under account ${account} cannot be called more than ${max} times in a rolling 24-hour period.`,
  );

// ---------------------------------------------------------------------------------------------
// Records

/** [AWS] fact sheet and kinesalite. */
export const invalidExplicitHashKey = (value: string) =>
  err(
    'InvalidArgumentException',
    `Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 2^128-1]. Specified value was ${value}`,
  );

/**
 * [AWS] awslabs/amazon-kinesis-producer#680: `1 validation error detected: Value at 'records.1.member.data'
 * failed to satisfy constraint: Member must have length less than or equal to 1048576.` (note the final
 * period, unlike the model's coral messages). `paths` are `data` (PutRecord) or `records.N.member.data`.
 */
export const recordTooLarge = (paths: readonly string[], maxBytes: number) => {
  const parts = paths.map((p) => `Value at '${p}' failed to satisfy constraint: Member must have length less than or equal to ${maxBytes}`);
  const noun = parts.length === 1 ? 'error' : 'errors';
  return err('ValidationException', `${parts.length} validation ${noun} detected: ${parts.join('; ')}.`);
};

/** [MOTO] "Records size exceeds 5 MB limit", with the October 2025 limit. */
export const putRecordsTooLarge = (maxMiB: number) => err('InvalidArgumentException', `Records size exceeds ${maxMiB} MB limit`);

/** [KL] SequenceNumberForOrdering that is not one of ours. */
export const invalidSequenceNumberForOrdering = (seq: string, stream: string, account: string) =>
  err('InvalidArgumentException', `ExclusiveMinimumSequenceNumber ${seq} used in PutRecord on stream ${stream} under account ${account} is invalid.`);

/** [AWS] fact sheet (PutRecords example); also PutRecords' per-entry ErrorMessage. */
export const writeThrottledMessage = (shardId: string, stream: string, account: string) =>
  `Rate exceeded for shard ${shardId} in stream ${stream} under account ${account}.`;
export const writeThrottled = (shardId: string, stream: string, account: string) =>
  err('ProvisionedThroughputExceededException', writeThrottledMessage(shardId, stream, account));

/** [AWS] GetRecords throttling as reported in risingwavelabs/risingwave#7453. */
export const readThrottled = (shardId: string, stream: string, account: string) =>
  err('ProvisionedThroughputExceededException', `Rate exceeded for Shard - ${account}/${stream}/${shardId}`);

/** [OURS] GetShardIterator throttling: the write wording. */
export const iteratorThrottled = writeThrottled;

// ---------------------------------------------------------------------------------------------
// Shard iterators

/** [AWS] fact sheet. */
export const invalidShardIterator = () => err('InvalidArgumentException', 'Invalid ShardIterator.');

/** [KL] times as Java's Date.toString() in UTC, e.g. `Thu Jan 22 01:22:02 UTC 2015`. */
export const expiredIterator = (createdMs: number, nowMs: number, ttlMs: number) =>
  err(
    'ExpiredIteratorException',
    `Iterator expired. The iterator was created at time ${javaUtcDate(createdMs)} while right now it is ${javaUtcDate(nowMs)} ` +
      `which is further in the future than the tolerated delay of ${ttlMs} milliseconds.`,
  );

/** [KL] */
export const iteratorTypeNeedsSequenceNumber = (type: string) =>
  err(
    'InvalidArgumentException',
    'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or ' +
      '(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. ' +
      `Request specified ${type} and no StartingSequenceNumber.`,
  );

/** [KL] */
export const iteratorTypeForbidsSequenceNumber = (type: string) =>
  err(
    'InvalidArgumentException',
    'Must either specify (1) AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER and StartingSequenceNumber or ' +
      '(2) TRIM_HORIZON or LATEST and no StartingSequenceNumber. ' +
      `Request specified ${type} and also a StartingSequenceNumber.`,
  );

/** [KL] */
export const iteratorNeedsTimestamp = () =>
  err(
    'InvalidArgumentException',
    'Must specify timestampInMillis parameter for iterator of type AT_TIMESTAMP. Current request has no timestamp parameter.',
  );

/** [KL] */
export const iteratorTimestampInFuture = (timestampMs: number, nowMs: number) =>
  err(
    'InvalidArgumentException',
    'The timestampInMillis parameter cannot be greater than the currentTimestampInMillis. ' +
      `timestampInMillis: ${timestampMs}, currentTimestampInMillis: ${nowMs}`,
  );

/** [KL] */
export const invalidStartingSequenceNumber = (seq: string, shardId: string, stream: string, account: string) =>
  err(
    'InvalidArgumentException',
    `StartingSequenceNumber ${seq} used in GetShardIterator on shard ${shardId} in stream ${stream} under account ${account} is invalid.`,
  );

/** [KL] */
export const sequenceNumberOfOtherShard = (encodedShardId: string, shardId: string) =>
  err(
    'InvalidArgumentException',
    `Invalid StartingSequenceNumber. It encodes ${encodedShardId}, while it was used in a call to a shard with ${shardId}`,
  );

/** [KL] */
export const sequenceNumberOfOtherStream = (seq: string, shardId: string, stream: string, account: string) =>
  err(
    'InvalidArgumentException',
    `StartingSequenceNumber ${seq} used in GetShardIterator on shard ${shardId} in stream ${stream} under account ${account} ` +
      'is invalid because it did not come from this stream.',
  );

// ---------------------------------------------------------------------------------------------
// Listing

/** [KL] */
export const listShardsNeedsStreamOrToken = () => err('InvalidArgumentException', 'Either NextToken or StreamName should be provided.');
/** [KL] */
export const listShardsTokenAndStream = () => err('InvalidArgumentException', 'NextToken and StreamName cannot be provided together.');
/** [OURS] */
export const listShardsTokenAndOther = (member: string) =>
  err('InvalidArgumentException', `NextToken and ${member} cannot be provided together.`);
/** [OURS] */
export const shardFilterNeedsShardId = (type: string) =>
  err('InvalidArgumentException', `ShardFilter of type ${type} requires a ShardId.`);
/** [OURS] */
export const shardFilterNeedsTimestamp = (type: string) =>
  err('InvalidArgumentException', `ShardFilter of type ${type} requires a Timestamp.`);
/** [OURS] */
export const shardFilterForbidsShardId = (type: string) =>
  err('InvalidArgumentException', `ShardFilter of type ${type} does not take a ShardId.`);
/** [OURS] */
export const invalidNextToken = () => err('InvalidArgumentException', 'Invalid NextToken.');
/** [OURS] */
export const expiredNextToken = () => err('ExpiredNextTokenException', 'The NextToken has expired.');

// ---------------------------------------------------------------------------------------------
// Tags ([KL] for the character rules; the count limit is kinesalite's wording with today's 50)

export const invalidTagCharacters = () =>
  err(
    'InvalidArgumentException',
    'Some tags contain invalid characters. Valid characters: Unicode letters, digits, white space, _ . / = + - % @.',
  );
export const tooManyTags = (stream: string, account: string, max: number) =>
  err(
    'InvalidArgumentException',
    `Failed to add tags to stream ${stream} under account ${account} because a given stream cannot have more than ${max} tags associated with it.`,
  );
/** [OURS] TagResource/ListTagsForResource with an ARN that is neither a stream nor a consumer. */
export const invalidResourceArn = (arn: string) => err('InvalidArgumentException', `ResourceARN ${arn} is not a stream or consumer ARN.`);

// ---------------------------------------------------------------------------------------------
// Consumers

/** [MOTO] */
export const consumerNotFound = (consumer: string, account: string) =>
  err('ResourceNotFoundException', `Consumer ${consumer}, account ${account} not found.`);
/** [OURS] */
export const consumerAlreadyExists = (consumer: string, streamArn: string) =>
  err('ResourceInUseException', `Consumer ${consumer} already exists for stream ${streamArn}.`);
/** [OURS] */
export const consumerNotSpecified = () =>
  err('InvalidArgumentException', 'Either ConsumerARN or both StreamARN and ConsumerName should be provided.');
/** [OURS] */
export const tooManyConsumers = (streamArn: string, max: number) =>
  err('LimitExceededException', `Stream ${streamArn} already has the maximum of ${max} registered consumers.`);

// ---------------------------------------------------------------------------------------------
// Encryption

/** [OURS] StartStreamEncryption with EncryptionType NONE. */
export const encryptionTypeMustBeKms = () => err('InvalidArgumentException', 'EncryptionType must be KMS.');

// ---------------------------------------------------------------------------------------------
// Operations

/** AWS answers an unknown X-Amz-Target with `{"__type": "UnknownOperationException"}` and no message [KL]. */
export const unknownOperation = () => err('UnknownOperationException', '');

// ---------------------------------------------------------------------------------------------

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Java's `Date.toString()` in UTC: `EEE MMM dd HH:mm:ss zzz yyyy`. */
export function javaUtcDate(ms: number): string {
  const d = new Date(ms);
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())} ` +
    `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
  );
}
