// GENERATED FILE, DO NOT EDIT. Regenerate with `npm run gen:aws-models` (scripts/generate-aws-models.ts).
// Source: AWS API model kinesis-2013-12-02.json (botocore 1.43.11, model format 2.0, sha256 59d549ef85e6e41b).
// Only request-validation facts are kept: names, types, constraints, members and error names.
import type { ServiceModel } from '../model';

export const kinesisModel: ServiceModel = {
  metadata: { apiVersion: "2013-12-02", targetPrefix: "Kinesis_20131202", jsonVersion: "1.1", protocol: "json", serviceId: "Kinesis" },
  operations: {
    AddTagsToStream: { name: "AddTagsToStream", input: "AddTagsToStreamInput", errors: ["ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException", "LimitExceededException", "AccessDeniedException"] },
    CreateStream: { name: "CreateStream", input: "CreateStreamInput", errors: ["ResourceInUseException", "LimitExceededException", "InvalidArgumentException", "ValidationException"] },
    DecreaseStreamRetentionPeriod: { name: "DecreaseStreamRetentionPeriod", input: "DecreaseStreamRetentionPeriodInput", errors: ["ResourceInUseException", "ResourceNotFoundException", "LimitExceededException", "InvalidArgumentException", "AccessDeniedException"] },
    DeleteResourcePolicy: { name: "DeleteResourcePolicy", input: "DeleteResourcePolicyInput", errors: ["AccessDeniedException", "ResourceNotFoundException", "LimitExceededException", "InvalidArgumentException", "ResourceInUseException"] },
    DeleteStream: { name: "DeleteStream", input: "DeleteStreamInput", errors: ["ResourceNotFoundException", "LimitExceededException", "ResourceInUseException", "InvalidArgumentException", "AccessDeniedException"] },
    DeregisterStreamConsumer: { name: "DeregisterStreamConsumer", input: "DeregisterStreamConsumerInput", errors: ["LimitExceededException", "ResourceNotFoundException", "InvalidArgumentException"] },
    DescribeAccountSettings: { name: "DescribeAccountSettings", input: "DescribeAccountSettingsInput", output: "DescribeAccountSettingsOutput", errors: ["LimitExceededException"] },
    DescribeLimits: { name: "DescribeLimits", input: "DescribeLimitsInput", output: "DescribeLimitsOutput", errors: ["LimitExceededException"] },
    DescribeStream: { name: "DescribeStream", input: "DescribeStreamInput", output: "DescribeStreamOutput", errors: ["ResourceNotFoundException", "LimitExceededException", "InvalidArgumentException", "AccessDeniedException"] },
    DescribeStreamConsumer: { name: "DescribeStreamConsumer", input: "DescribeStreamConsumerInput", output: "DescribeStreamConsumerOutput", errors: ["LimitExceededException", "ResourceNotFoundException", "InvalidArgumentException"] },
    DescribeStreamSummary: { name: "DescribeStreamSummary", input: "DescribeStreamSummaryInput", output: "DescribeStreamSummaryOutput", errors: ["ResourceNotFoundException", "LimitExceededException", "InvalidArgumentException", "AccessDeniedException"] },
    DisableEnhancedMonitoring: { name: "DisableEnhancedMonitoring", input: "DisableEnhancedMonitoringInput", output: "EnhancedMonitoringOutput", errors: ["InvalidArgumentException", "LimitExceededException", "ResourceInUseException", "ResourceNotFoundException", "AccessDeniedException"] },
    EnableEnhancedMonitoring: { name: "EnableEnhancedMonitoring", input: "EnableEnhancedMonitoringInput", output: "EnhancedMonitoringOutput", errors: ["InvalidArgumentException", "LimitExceededException", "ResourceInUseException", "ResourceNotFoundException", "AccessDeniedException"] },
    GetRecords: { name: "GetRecords", input: "GetRecordsInput", output: "GetRecordsOutput", errors: ["ResourceNotFoundException", "InvalidArgumentException", "ProvisionedThroughputExceededException", "ExpiredIteratorException", "KMSDisabledException", "KMSInvalidStateException", "KMSAccessDeniedException", "KMSNotFoundException", "KMSOptInRequired", "KMSThrottlingException", "AccessDeniedException", "InternalFailureException"] },
    GetResourcePolicy: { name: "GetResourcePolicy", input: "GetResourcePolicyInput", output: "GetResourcePolicyOutput", errors: ["AccessDeniedException", "ResourceNotFoundException", "LimitExceededException", "InvalidArgumentException", "ResourceInUseException"] },
    GetShardIterator: { name: "GetShardIterator", input: "GetShardIteratorInput", output: "GetShardIteratorOutput", errors: ["ResourceNotFoundException", "InvalidArgumentException", "ProvisionedThroughputExceededException", "AccessDeniedException", "InternalFailureException"] },
    IncreaseStreamRetentionPeriod: { name: "IncreaseStreamRetentionPeriod", input: "IncreaseStreamRetentionPeriodInput", errors: ["ResourceInUseException", "ResourceNotFoundException", "LimitExceededException", "InvalidArgumentException", "AccessDeniedException"] },
    ListShards: { name: "ListShards", input: "ListShardsInput", output: "ListShardsOutput", errors: ["ResourceNotFoundException", "InvalidArgumentException", "LimitExceededException", "ExpiredNextTokenException", "ResourceInUseException", "AccessDeniedException"] },
    ListStreamConsumers: { name: "ListStreamConsumers", input: "ListStreamConsumersInput", output: "ListStreamConsumersOutput", errors: ["ResourceNotFoundException", "InvalidArgumentException", "LimitExceededException", "ExpiredNextTokenException", "ResourceInUseException"] },
    ListStreams: { name: "ListStreams", input: "ListStreamsInput", output: "ListStreamsOutput", errors: ["LimitExceededException", "ExpiredNextTokenException", "InvalidArgumentException"] },
    ListTagsForResource: { name: "ListTagsForResource", input: "ListTagsForResourceInput", output: "ListTagsForResourceOutput", errors: ["ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException", "LimitExceededException", "AccessDeniedException"] },
    ListTagsForStream: { name: "ListTagsForStream", input: "ListTagsForStreamInput", output: "ListTagsForStreamOutput", errors: ["ResourceNotFoundException", "InvalidArgumentException", "LimitExceededException", "AccessDeniedException"] },
    MergeShards: { name: "MergeShards", input: "MergeShardsInput", errors: ["ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException", "LimitExceededException", "ValidationException", "AccessDeniedException"] },
    PutRecord: { name: "PutRecord", input: "PutRecordInput", output: "PutRecordOutput", errors: ["ResourceNotFoundException", "InvalidArgumentException", "ProvisionedThroughputExceededException", "KMSDisabledException", "KMSInvalidStateException", "KMSAccessDeniedException", "KMSNotFoundException", "KMSOptInRequired", "KMSThrottlingException", "AccessDeniedException", "InternalFailureException"] },
    PutRecords: { name: "PutRecords", input: "PutRecordsInput", output: "PutRecordsOutput", errors: ["ResourceNotFoundException", "InvalidArgumentException", "ProvisionedThroughputExceededException", "KMSDisabledException", "KMSInvalidStateException", "KMSAccessDeniedException", "KMSNotFoundException", "KMSOptInRequired", "KMSThrottlingException", "AccessDeniedException", "InternalFailureException"] },
    PutResourcePolicy: { name: "PutResourcePolicy", input: "PutResourcePolicyInput", errors: ["AccessDeniedException", "ResourceNotFoundException", "LimitExceededException", "InvalidArgumentException", "ResourceInUseException"] },
    RegisterStreamConsumer: { name: "RegisterStreamConsumer", input: "RegisterStreamConsumerInput", output: "RegisterStreamConsumerOutput", errors: ["InvalidArgumentException", "LimitExceededException", "ResourceInUseException", "ResourceNotFoundException"] },
    RemoveTagsFromStream: { name: "RemoveTagsFromStream", input: "RemoveTagsFromStreamInput", errors: ["ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException", "LimitExceededException", "AccessDeniedException"] },
    SplitShard: { name: "SplitShard", input: "SplitShardInput", errors: ["ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException", "LimitExceededException", "ValidationException", "AccessDeniedException"] },
    StartStreamEncryption: { name: "StartStreamEncryption", input: "StartStreamEncryptionInput", errors: ["InvalidArgumentException", "LimitExceededException", "ResourceInUseException", "ResourceNotFoundException", "KMSDisabledException", "KMSInvalidStateException", "KMSAccessDeniedException", "KMSNotFoundException", "KMSOptInRequired", "KMSThrottlingException", "AccessDeniedException"] },
    StopStreamEncryption: { name: "StopStreamEncryption", input: "StopStreamEncryptionInput", errors: ["InvalidArgumentException", "LimitExceededException", "ResourceInUseException", "ResourceNotFoundException", "AccessDeniedException"] },
    SubscribeToShard: { name: "SubscribeToShard", input: "SubscribeToShardInput", output: "SubscribeToShardOutput", errors: ["ResourceNotFoundException", "InvalidArgumentException", "ResourceInUseException", "LimitExceededException", "AccessDeniedException"] },
    TagResource: { name: "TagResource", input: "TagResourceInput", errors: ["ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException", "LimitExceededException", "AccessDeniedException"] },
    UntagResource: { name: "UntagResource", input: "UntagResourceInput", errors: ["ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException", "LimitExceededException", "AccessDeniedException"] },
    UpdateAccountSettings: { name: "UpdateAccountSettings", input: "UpdateAccountSettingsInput", output: "UpdateAccountSettingsOutput", errors: ["InvalidArgumentException", "ValidationException", "LimitExceededException"] },
    UpdateMaxRecordSize: { name: "UpdateMaxRecordSize", input: "UpdateMaxRecordSizeInput", errors: ["ResourceInUseException", "ResourceNotFoundException", "LimitExceededException", "InvalidArgumentException", "AccessDeniedException", "ValidationException"] },
    UpdateShardCount: { name: "UpdateShardCount", input: "UpdateShardCountInput", output: "UpdateShardCountOutput", errors: ["InvalidArgumentException", "LimitExceededException", "ResourceInUseException", "ResourceNotFoundException", "ValidationException", "AccessDeniedException"] },
    UpdateStreamMode: { name: "UpdateStreamMode", input: "UpdateStreamModeInput", errors: ["InvalidArgumentException", "LimitExceededException", "ResourceInUseException", "ResourceNotFoundException", "ValidationException"] },
    UpdateStreamWarmThroughput: { name: "UpdateStreamWarmThroughput", input: "UpdateStreamWarmThroughputInput", output: "UpdateStreamWarmThroughputOutput", errors: ["AccessDeniedException", "ResourceNotFoundException", "LimitExceededException", "InvalidArgumentException", "ResourceInUseException", "ValidationException"] },
  },
  shapes: {
    AccessDeniedException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    AddTagsToStreamInput: {
      type: "structure",
      required: ["Tags"],
      members: {
        StreamName: { shape: "StreamName" },
        Tags: { shape: "TagMap" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    BooleanObject: { type: "boolean" },
    ChildShard: {
      type: "structure",
      required: ["ShardId", "ParentShards", "HashKeyRange"],
      members: {
        ShardId: { shape: "ShardId" },
        ParentShards: { shape: "ShardIdList" },
        HashKeyRange: { shape: "HashKeyRange" },
      },
    },
    ChildShardList: { type: "list", member: { shape: "ChildShard" } },
    Consumer: {
      type: "structure",
      required: ["ConsumerName", "ConsumerARN", "ConsumerStatus", "ConsumerCreationTimestamp"],
      members: {
        ConsumerName: { shape: "ConsumerName" },
        ConsumerARN: { shape: "ConsumerARN" },
        ConsumerStatus: { shape: "ConsumerStatus" },
        ConsumerCreationTimestamp: { shape: "Timestamp" },
      },
    },
    ConsumerARN: { type: "string", min: 1, max: 2048, pattern: "^(arn):aws.*:kinesis:.*:\\d{12}:.*stream\\/[a-zA-Z0-9_.-]+\\/consumer\\/[a-zA-Z0-9_.-]+:[0-9]+" },
    ConsumerCountObject: { type: "integer", min: 0, max: 1000000 },
    ConsumerDescription: {
      type: "structure",
      required: ["ConsumerName", "ConsumerARN", "ConsumerStatus", "ConsumerCreationTimestamp", "StreamARN"],
      members: {
        ConsumerName: { shape: "ConsumerName" },
        ConsumerARN: { shape: "ConsumerARN" },
        ConsumerStatus: { shape: "ConsumerStatus" },
        ConsumerCreationTimestamp: { shape: "Timestamp" },
        StreamARN: { shape: "StreamARN" },
      },
    },
    ConsumerList: { type: "list", member: { shape: "Consumer" } },
    ConsumerName: { type: "string", min: 1, max: 128, pattern: "[a-zA-Z0-9_.-]+" },
    ConsumerStatus: { type: "string", enum: ["CREATING", "DELETING", "ACTIVE"] },
    CreateStreamInput: {
      type: "structure",
      required: ["StreamName"],
      members: {
        StreamName: { shape: "StreamName" },
        ShardCount: { shape: "PositiveIntegerObject" },
        StreamModeDetails: { shape: "StreamModeDetails" },
        Tags: { shape: "TagMap" },
        WarmThroughputMiBps: { shape: "NaturalIntegerObject" },
        MaxRecordSizeInKiB: { shape: "MaxRecordSizeInKiB" },
      },
    },
    Data: { type: "blob", min: 0, max: 10485760 },
    DecreaseStreamRetentionPeriodInput: {
      type: "structure",
      required: ["RetentionPeriodHours"],
      members: {
        StreamName: { shape: "StreamName" },
        RetentionPeriodHours: { shape: "RetentionPeriodHours" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    DeleteResourcePolicyInput: {
      type: "structure",
      required: ["ResourceARN"],
      members: {
        ResourceARN: { shape: "ResourceARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    DeleteStreamInput: {
      type: "structure",
      members: {
        StreamName: { shape: "StreamName" },
        EnforceConsumerDeletion: { shape: "BooleanObject" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    DeregisterStreamConsumerInput: {
      type: "structure",
      members: {
        StreamARN: { shape: "StreamARN" },
        ConsumerName: { shape: "ConsumerName" },
        ConsumerARN: { shape: "ConsumerARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    DescribeAccountSettingsInput: {
      type: "structure",
      members: {},
    },
    DescribeAccountSettingsOutput: {
      type: "structure",
      members: {
        MinimumThroughputBillingCommitment: { shape: "MinimumThroughputBillingCommitmentOutput" },
      },
    },
    DescribeLimitsInput: {
      type: "structure",
      members: {},
    },
    DescribeLimitsOutput: {
      type: "structure",
      required: ["ShardLimit", "OpenShardCount", "OnDemandStreamCount", "OnDemandStreamCountLimit"],
      members: {
        ShardLimit: { shape: "ShardCountObject" },
        OpenShardCount: { shape: "ShardCountObject" },
        OnDemandStreamCount: { shape: "OnDemandStreamCountObject" },
        OnDemandStreamCountLimit: { shape: "OnDemandStreamCountLimitObject" },
      },
    },
    DescribeStreamConsumerInput: {
      type: "structure",
      members: {
        StreamARN: { shape: "StreamARN" },
        ConsumerName: { shape: "ConsumerName" },
        ConsumerARN: { shape: "ConsumerARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    DescribeStreamConsumerOutput: {
      type: "structure",
      required: ["ConsumerDescription"],
      members: {
        ConsumerDescription: { shape: "ConsumerDescription" },
      },
    },
    DescribeStreamInput: {
      type: "structure",
      members: {
        StreamName: { shape: "StreamName" },
        Limit: { shape: "DescribeStreamInputLimit" },
        ExclusiveStartShardId: { shape: "ShardId" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    DescribeStreamInputLimit: { type: "integer", min: 1, max: 10000 },
    DescribeStreamOutput: {
      type: "structure",
      required: ["StreamDescription"],
      members: {
        StreamDescription: { shape: "StreamDescription" },
      },
    },
    DescribeStreamSummaryInput: {
      type: "structure",
      members: {
        StreamName: { shape: "StreamName" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    DescribeStreamSummaryOutput: {
      type: "structure",
      required: ["StreamDescriptionSummary"],
      members: {
        StreamDescriptionSummary: { shape: "StreamDescriptionSummary" },
      },
    },
    DisableEnhancedMonitoringInput: {
      type: "structure",
      required: ["ShardLevelMetrics"],
      members: {
        StreamName: { shape: "StreamName" },
        ShardLevelMetrics: { shape: "MetricsNameList" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    EnableEnhancedMonitoringInput: {
      type: "structure",
      required: ["ShardLevelMetrics"],
      members: {
        StreamName: { shape: "StreamName" },
        ShardLevelMetrics: { shape: "MetricsNameList" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    EncryptionType: { type: "string", enum: ["NONE", "KMS"] },
    EnhancedMetrics: {
      type: "structure",
      members: {
        ShardLevelMetrics: { shape: "MetricsNameList" },
      },
    },
    EnhancedMonitoringList: { type: "list", member: { shape: "EnhancedMetrics" } },
    EnhancedMonitoringOutput: {
      type: "structure",
      members: {
        StreamName: { shape: "StreamName" },
        CurrentShardLevelMetrics: { shape: "MetricsNameList" },
        DesiredShardLevelMetrics: { shape: "MetricsNameList" },
        StreamARN: { shape: "StreamARN" },
      },
    },
    ErrorCode: { type: "string" },
    ErrorMessage: { type: "string" },
    ExpiredIteratorException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    ExpiredNextTokenException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    GetRecordsInput: {
      type: "structure",
      required: ["ShardIterator"],
      members: {
        ShardIterator: { shape: "ShardIterator" },
        Limit: { shape: "GetRecordsInputLimit" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    GetRecordsInputLimit: { type: "integer", min: 1, max: 10000 },
    GetRecordsOutput: {
      type: "structure",
      required: ["Records"],
      members: {
        Records: { shape: "RecordList" },
        NextShardIterator: { shape: "ShardIterator" },
        MillisBehindLatest: { shape: "MillisBehindLatest" },
        ChildShards: { shape: "ChildShardList" },
      },
    },
    GetResourcePolicyInput: {
      type: "structure",
      required: ["ResourceARN"],
      members: {
        ResourceARN: { shape: "ResourceARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    GetResourcePolicyOutput: {
      type: "structure",
      required: ["Policy"],
      members: {
        Policy: { shape: "Policy" },
      },
    },
    GetShardIteratorInput: {
      type: "structure",
      required: ["ShardId", "ShardIteratorType"],
      members: {
        StreamName: { shape: "StreamName" },
        ShardId: { shape: "ShardId" },
        ShardIteratorType: { shape: "ShardIteratorType" },
        StartingSequenceNumber: { shape: "SequenceNumber" },
        Timestamp: { shape: "Timestamp" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    GetShardIteratorOutput: {
      type: "structure",
      members: {
        ShardIterator: { shape: "ShardIterator" },
      },
    },
    HashKey: { type: "string", pattern: "0|([1-9]\\d{0,38})" },
    HashKeyRange: {
      type: "structure",
      required: ["StartingHashKey", "EndingHashKey"],
      members: {
        StartingHashKey: { shape: "HashKey" },
        EndingHashKey: { shape: "HashKey" },
      },
    },
    IncreaseStreamRetentionPeriodInput: {
      type: "structure",
      required: ["RetentionPeriodHours"],
      members: {
        StreamName: { shape: "StreamName" },
        RetentionPeriodHours: { shape: "RetentionPeriodHours" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    InternalFailureException: {
      type: "structure",
      exception: true,
      fault: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    InvalidArgumentException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    KMSAccessDeniedException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    KMSDisabledException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    KMSInvalidStateException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    KMSNotFoundException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    KMSOptInRequired: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    KMSThrottlingException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    KeyId: { type: "string", min: 1, max: 2048 },
    LimitExceededException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    ListShardsInput: {
      type: "structure",
      members: {
        StreamName: { shape: "StreamName" },
        NextToken: { shape: "NextToken" },
        ExclusiveStartShardId: { shape: "ShardId" },
        MaxResults: { shape: "ListShardsInputLimit" },
        StreamCreationTimestamp: { shape: "Timestamp" },
        ShardFilter: { shape: "ShardFilter" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    ListShardsInputLimit: { type: "integer", min: 1, max: 10000 },
    ListShardsOutput: {
      type: "structure",
      members: {
        Shards: { shape: "ShardList" },
        NextToken: { shape: "NextToken" },
      },
    },
    ListStreamConsumersInput: {
      type: "structure",
      required: ["StreamARN"],
      members: {
        StreamARN: { shape: "StreamARN" },
        NextToken: { shape: "NextToken" },
        MaxResults: { shape: "ListStreamConsumersInputLimit" },
        StreamCreationTimestamp: { shape: "Timestamp" },
        StreamId: { shape: "StreamId" },
      },
    },
    ListStreamConsumersInputLimit: { type: "integer", min: 1, max: 10000 },
    ListStreamConsumersOutput: {
      type: "structure",
      members: {
        Consumers: { shape: "ConsumerList" },
        NextToken: { shape: "NextToken" },
      },
    },
    ListStreamsInput: {
      type: "structure",
      members: {
        Limit: { shape: "ListStreamsInputLimit" },
        ExclusiveStartStreamName: { shape: "StreamName" },
        NextToken: { shape: "NextToken" },
      },
    },
    ListStreamsInputLimit: { type: "integer", min: 1, max: 10000 },
    ListStreamsOutput: {
      type: "structure",
      required: ["StreamNames", "HasMoreStreams"],
      members: {
        StreamNames: { shape: "StreamNameList" },
        HasMoreStreams: { shape: "BooleanObject" },
        NextToken: { shape: "NextToken" },
        StreamSummaries: { shape: "StreamSummaryList" },
      },
    },
    ListTagsForResourceInput: {
      type: "structure",
      required: ["ResourceARN"],
      members: {
        ResourceARN: { shape: "ResourceARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    ListTagsForResourceOutput: {
      type: "structure",
      members: {
        Tags: { shape: "TagList" },
      },
    },
    ListTagsForStreamInput: {
      type: "structure",
      members: {
        StreamName: { shape: "StreamName" },
        ExclusiveStartTagKey: { shape: "TagKey" },
        Limit: { shape: "ListTagsForStreamInputLimit" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    ListTagsForStreamInputLimit: { type: "integer", min: 1, max: 50 },
    ListTagsForStreamOutput: {
      type: "structure",
      required: ["Tags", "HasMoreTags"],
      members: {
        Tags: { shape: "TagList" },
        HasMoreTags: { shape: "BooleanObject" },
      },
    },
    MaxRecordSizeInKiB: { type: "integer", min: 1024, max: 10240 },
    MergeShardsInput: {
      type: "structure",
      required: ["ShardToMerge", "AdjacentShardToMerge"],
      members: {
        StreamName: { shape: "StreamName" },
        ShardToMerge: { shape: "ShardId" },
        AdjacentShardToMerge: { shape: "ShardId" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    MetricsName: { type: "string", enum: ["IncomingBytes", "IncomingRecords", "OutgoingBytes", "OutgoingRecords", "WriteProvisionedThroughputExceeded", "ReadProvisionedThroughputExceeded", "IteratorAgeMilliseconds", "ALL"] },
    MetricsNameList: { type: "list", min: 1, max: 7, member: { shape: "MetricsName" } },
    MillisBehindLatest: { type: "long", min: 0 },
    MinimumThroughputBillingCommitmentInput: {
      type: "structure",
      required: ["Status"],
      members: {
        Status: { shape: "MinimumThroughputBillingCommitmentInputStatus" },
      },
    },
    MinimumThroughputBillingCommitmentInputStatus: { type: "string", enum: ["ENABLED", "DISABLED"] },
    MinimumThroughputBillingCommitmentOutput: {
      type: "structure",
      required: ["Status"],
      members: {
        Status: { shape: "MinimumThroughputBillingCommitmentOutputStatus" },
        StartedAt: { shape: "Timestamp" },
        EndedAt: { shape: "Timestamp" },
        EarliestAllowedEndAt: { shape: "Timestamp" },
      },
    },
    MinimumThroughputBillingCommitmentOutputStatus: { type: "string", enum: ["ENABLED", "DISABLED", "ENABLED_UNTIL_EARLIEST_ALLOWED_END"] },
    NaturalIntegerObject: { type: "integer", min: 0 },
    NextToken: { type: "string", min: 1, max: 1048576 },
    OnDemandStreamCountLimitObject: { type: "integer", min: 0, max: 1000000 },
    OnDemandStreamCountObject: { type: "integer", min: 0, max: 1000000 },
    PartitionKey: { type: "string", min: 1, max: 256 },
    Policy: { type: "string" },
    PositiveIntegerObject: { type: "integer", min: 1 },
    ProvisionedThroughputExceededException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    PutRecordInput: {
      type: "structure",
      required: ["Data", "PartitionKey"],
      members: {
        StreamName: { shape: "StreamName" },
        Data: { shape: "Data" },
        PartitionKey: { shape: "PartitionKey" },
        ExplicitHashKey: { shape: "HashKey" },
        SequenceNumberForOrdering: { shape: "SequenceNumber" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    PutRecordOutput: {
      type: "structure",
      required: ["ShardId", "SequenceNumber"],
      members: {
        ShardId: { shape: "ShardId" },
        SequenceNumber: { shape: "SequenceNumber" },
        EncryptionType: { shape: "EncryptionType" },
      },
    },
    PutRecordsInput: {
      type: "structure",
      required: ["Records"],
      members: {
        Records: { shape: "PutRecordsRequestEntryList" },
        StreamName: { shape: "StreamName" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    PutRecordsOutput: {
      type: "structure",
      required: ["Records"],
      members: {
        FailedRecordCount: { shape: "PositiveIntegerObject" },
        Records: { shape: "PutRecordsResultEntryList" },
        EncryptionType: { shape: "EncryptionType" },
      },
    },
    PutRecordsRequestEntry: {
      type: "structure",
      required: ["Data", "PartitionKey"],
      members: {
        Data: { shape: "Data" },
        ExplicitHashKey: { shape: "HashKey" },
        PartitionKey: { shape: "PartitionKey" },
      },
    },
    PutRecordsRequestEntryList: { type: "list", min: 1, max: 500, member: { shape: "PutRecordsRequestEntry" } },
    PutRecordsResultEntry: {
      type: "structure",
      members: {
        SequenceNumber: { shape: "SequenceNumber" },
        ShardId: { shape: "ShardId" },
        ErrorCode: { shape: "ErrorCode" },
        ErrorMessage: { shape: "ErrorMessage" },
      },
    },
    PutRecordsResultEntryList: { type: "list", min: 1, max: 500, member: { shape: "PutRecordsResultEntry" } },
    PutResourcePolicyInput: {
      type: "structure",
      required: ["ResourceARN", "Policy"],
      members: {
        ResourceARN: { shape: "ResourceARN" },
        StreamId: { shape: "StreamId" },
        Policy: { shape: "Policy" },
      },
    },
    Record: {
      type: "structure",
      required: ["SequenceNumber", "Data", "PartitionKey"],
      members: {
        SequenceNumber: { shape: "SequenceNumber" },
        ApproximateArrivalTimestamp: { shape: "Timestamp" },
        Data: { shape: "Data" },
        PartitionKey: { shape: "PartitionKey" },
        EncryptionType: { shape: "EncryptionType" },
      },
    },
    RecordList: { type: "list", member: { shape: "Record" } },
    RegisterStreamConsumerInput: {
      type: "structure",
      required: ["StreamARN", "ConsumerName"],
      members: {
        StreamARN: { shape: "StreamARN" },
        ConsumerName: { shape: "ConsumerName" },
        StreamId: { shape: "StreamId" },
        Tags: { shape: "TagMap" },
      },
    },
    RegisterStreamConsumerOutput: {
      type: "structure",
      required: ["Consumer"],
      members: {
        Consumer: { shape: "Consumer" },
      },
    },
    RemoveTagsFromStreamInput: {
      type: "structure",
      required: ["TagKeys"],
      members: {
        StreamName: { shape: "StreamName" },
        TagKeys: { shape: "TagKeyList" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    ResourceARN: { type: "string", min: 1, max: 2048, pattern: "arn:aws.*:kinesis:.*:\\d{12}:.*stream/\\S+" },
    ResourceInUseException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    ResourceNotFoundException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    RetentionPeriodHours: { type: "integer" },
    ScalingType: { type: "string", enum: ["UNIFORM_SCALING"] },
    SequenceNumber: { type: "string", pattern: "0|([1-9]\\d{0,128})" },
    SequenceNumberRange: {
      type: "structure",
      required: ["StartingSequenceNumber"],
      members: {
        StartingSequenceNumber: { shape: "SequenceNumber" },
        EndingSequenceNumber: { shape: "SequenceNumber" },
      },
    },
    Shard: {
      type: "structure",
      required: ["ShardId", "HashKeyRange", "SequenceNumberRange"],
      members: {
        ShardId: { shape: "ShardId" },
        ParentShardId: { shape: "ShardId" },
        AdjacentParentShardId: { shape: "ShardId" },
        HashKeyRange: { shape: "HashKeyRange" },
        SequenceNumberRange: { shape: "SequenceNumberRange" },
      },
    },
    ShardCountObject: { type: "integer", min: 0, max: 1000000 },
    ShardFilter: {
      type: "structure",
      required: ["Type"],
      members: {
        Type: { shape: "ShardFilterType" },
        ShardId: { shape: "ShardId" },
        Timestamp: { shape: "Timestamp" },
      },
    },
    ShardFilterType: { type: "string", enum: ["AFTER_SHARD_ID", "AT_TRIM_HORIZON", "FROM_TRIM_HORIZON", "AT_LATEST", "AT_TIMESTAMP", "FROM_TIMESTAMP"] },
    ShardId: { type: "string", min: 1, max: 128, pattern: "[a-zA-Z0-9_.-]+" },
    ShardIdList: { type: "list", member: { shape: "ShardId" } },
    ShardIterator: { type: "string", min: 1, max: 512 },
    ShardIteratorType: { type: "string", enum: ["AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER", "TRIM_HORIZON", "LATEST", "AT_TIMESTAMP"] },
    ShardList: { type: "list", member: { shape: "Shard" } },
    SplitShardInput: {
      type: "structure",
      required: ["ShardToSplit", "NewStartingHashKey"],
      members: {
        StreamName: { shape: "StreamName" },
        ShardToSplit: { shape: "ShardId" },
        NewStartingHashKey: { shape: "HashKey" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    StartStreamEncryptionInput: {
      type: "structure",
      required: ["EncryptionType", "KeyId"],
      members: {
        StreamName: { shape: "StreamName" },
        EncryptionType: { shape: "EncryptionType" },
        KeyId: { shape: "KeyId" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    StartingPosition: {
      type: "structure",
      required: ["Type"],
      members: {
        Type: { shape: "ShardIteratorType" },
        SequenceNumber: { shape: "SequenceNumber" },
        Timestamp: { shape: "Timestamp" },
      },
    },
    StopStreamEncryptionInput: {
      type: "structure",
      required: ["EncryptionType", "KeyId"],
      members: {
        StreamName: { shape: "StreamName" },
        EncryptionType: { shape: "EncryptionType" },
        KeyId: { shape: "KeyId" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    StreamARN: { type: "string", min: 1, max: 2048, pattern: "arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+" },
    StreamDescription: {
      type: "structure",
      required: ["StreamName", "StreamARN", "StreamStatus", "Shards", "HasMoreShards", "RetentionPeriodHours", "StreamCreationTimestamp", "EnhancedMonitoring"],
      members: {
        StreamName: { shape: "StreamName" },
        StreamARN: { shape: "StreamARN" },
        StreamStatus: { shape: "StreamStatus" },
        StreamModeDetails: { shape: "StreamModeDetails" },
        Shards: { shape: "ShardList" },
        HasMoreShards: { shape: "BooleanObject" },
        RetentionPeriodHours: { shape: "RetentionPeriodHours" },
        StreamCreationTimestamp: { shape: "Timestamp" },
        EnhancedMonitoring: { shape: "EnhancedMonitoringList" },
        EncryptionType: { shape: "EncryptionType" },
        KeyId: { shape: "KeyId" },
      },
    },
    StreamDescriptionSummary: {
      type: "structure",
      required: ["StreamName", "StreamARN", "StreamStatus", "RetentionPeriodHours", "StreamCreationTimestamp", "EnhancedMonitoring", "OpenShardCount"],
      members: {
        StreamName: { shape: "StreamName" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
        StreamStatus: { shape: "StreamStatus" },
        StreamModeDetails: { shape: "StreamModeDetails" },
        RetentionPeriodHours: { shape: "RetentionPeriodHours" },
        StreamCreationTimestamp: { shape: "Timestamp" },
        EnhancedMonitoring: { shape: "EnhancedMonitoringList" },
        EncryptionType: { shape: "EncryptionType" },
        KeyId: { shape: "KeyId" },
        OpenShardCount: { shape: "ShardCountObject" },
        ConsumerCount: { shape: "ConsumerCountObject" },
        WarmThroughput: { shape: "WarmThroughputObject" },
        MaxRecordSizeInKiB: { shape: "MaxRecordSizeInKiB" },
      },
    },
    StreamId: { type: "string", min: 1, max: 24, pattern: "[a-z0-9]{20}-[a-z0-9]{3}" },
    StreamMode: { type: "string", enum: ["PROVISIONED", "ON_DEMAND"] },
    StreamModeDetails: {
      type: "structure",
      required: ["StreamMode"],
      members: {
        StreamMode: { shape: "StreamMode" },
      },
    },
    StreamName: { type: "string", min: 1, max: 128, pattern: "[a-zA-Z0-9_.-]+" },
    StreamNameList: { type: "list", member: { shape: "StreamName" } },
    StreamStatus: { type: "string", enum: ["CREATING", "DELETING", "ACTIVE", "UPDATING"] },
    StreamSummary: {
      type: "structure",
      required: ["StreamName", "StreamARN", "StreamStatus"],
      members: {
        StreamName: { shape: "StreamName" },
        StreamARN: { shape: "StreamARN" },
        StreamStatus: { shape: "StreamStatus" },
        StreamModeDetails: { shape: "StreamModeDetails" },
        StreamCreationTimestamp: { shape: "Timestamp" },
      },
    },
    StreamSummaryList: { type: "list", member: { shape: "StreamSummary" } },
    SubscribeToShardEvent: {
      type: "structure",
      required: ["Records", "ContinuationSequenceNumber", "MillisBehindLatest"],
      members: {
        Records: { shape: "RecordList" },
        ContinuationSequenceNumber: { shape: "SequenceNumber" },
        MillisBehindLatest: { shape: "MillisBehindLatest" },
        ChildShards: { shape: "ChildShardList" },
      },
    },
    SubscribeToShardEventStream: {
      type: "structure",
      required: ["SubscribeToShardEvent"],
      members: {
        SubscribeToShardEvent: { shape: "SubscribeToShardEvent" },
        ResourceNotFoundException: { shape: "ResourceNotFoundException" },
        ResourceInUseException: { shape: "ResourceInUseException" },
        KMSDisabledException: { shape: "KMSDisabledException" },
        KMSInvalidStateException: { shape: "KMSInvalidStateException" },
        KMSAccessDeniedException: { shape: "KMSAccessDeniedException" },
        KMSNotFoundException: { shape: "KMSNotFoundException" },
        KMSOptInRequired: { shape: "KMSOptInRequired" },
        KMSThrottlingException: { shape: "KMSThrottlingException" },
        InternalFailureException: { shape: "InternalFailureException" },
      },
    },
    SubscribeToShardInput: {
      type: "structure",
      required: ["ConsumerARN", "ShardId", "StartingPosition"],
      members: {
        ConsumerARN: { shape: "ConsumerARN" },
        StreamId: { shape: "StreamId" },
        ShardId: { shape: "ShardId" },
        StartingPosition: { shape: "StartingPosition" },
      },
    },
    SubscribeToShardOutput: {
      type: "structure",
      required: ["EventStream"],
      members: {
        EventStream: { shape: "SubscribeToShardEventStream" },
      },
    },
    Tag: {
      type: "structure",
      required: ["Key"],
      members: {
        Key: { shape: "TagKey" },
        Value: { shape: "TagValue" },
      },
    },
    TagKey: { type: "string", min: 1, max: 128 },
    TagKeyList: { type: "list", min: 1, max: 50, member: { shape: "TagKey" } },
    TagList: { type: "list", min: 0, max: 200, member: { shape: "Tag" } },
    TagMap: { type: "map", min: 1, max: 200, key: { shape: "TagKey" }, value: { shape: "TagValue" } },
    TagResourceInput: {
      type: "structure",
      required: ["Tags", "ResourceARN"],
      members: {
        Tags: { shape: "TagMap" },
        ResourceARN: { shape: "ResourceARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    TagValue: { type: "string", min: 0, max: 256 },
    Timestamp: { type: "timestamp" },
    UntagResourceInput: {
      type: "structure",
      required: ["TagKeys", "ResourceARN"],
      members: {
        TagKeys: { shape: "TagKeyList" },
        ResourceARN: { shape: "ResourceARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    UpdateAccountSettingsInput: {
      type: "structure",
      required: ["MinimumThroughputBillingCommitment"],
      members: {
        MinimumThroughputBillingCommitment: { shape: "MinimumThroughputBillingCommitmentInput" },
      },
    },
    UpdateAccountSettingsOutput: {
      type: "structure",
      members: {
        MinimumThroughputBillingCommitment: { shape: "MinimumThroughputBillingCommitmentOutput" },
      },
    },
    UpdateMaxRecordSizeInput: {
      type: "structure",
      required: ["MaxRecordSizeInKiB"],
      members: {
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
        MaxRecordSizeInKiB: { shape: "MaxRecordSizeInKiB" },
      },
    },
    UpdateShardCountInput: {
      type: "structure",
      required: ["TargetShardCount", "ScalingType"],
      members: {
        StreamName: { shape: "StreamName" },
        TargetShardCount: { shape: "PositiveIntegerObject" },
        ScalingType: { shape: "ScalingType" },
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
      },
    },
    UpdateShardCountOutput: {
      type: "structure",
      members: {
        StreamName: { shape: "StreamName" },
        CurrentShardCount: { shape: "PositiveIntegerObject" },
        TargetShardCount: { shape: "PositiveIntegerObject" },
        StreamARN: { shape: "StreamARN" },
      },
    },
    UpdateStreamModeInput: {
      type: "structure",
      required: ["StreamARN", "StreamModeDetails"],
      members: {
        StreamARN: { shape: "StreamARN" },
        StreamId: { shape: "StreamId" },
        StreamModeDetails: { shape: "StreamModeDetails" },
        WarmThroughputMiBps: { shape: "NaturalIntegerObject" },
      },
    },
    UpdateStreamWarmThroughputInput: {
      type: "structure",
      required: ["WarmThroughputMiBps"],
      members: {
        StreamARN: { shape: "StreamARN" },
        StreamName: { shape: "StreamName" },
        StreamId: { shape: "StreamId" },
        WarmThroughputMiBps: { shape: "NaturalIntegerObject" },
      },
    },
    UpdateStreamWarmThroughputOutput: {
      type: "structure",
      members: {
        StreamARN: { shape: "StreamARN" },
        StreamName: { shape: "StreamName" },
        WarmThroughput: { shape: "WarmThroughputObject" },
      },
    },
    ValidationException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    WarmThroughputObject: {
      type: "structure",
      members: {
        TargetMiBps: { shape: "NaturalIntegerObject" },
        CurrentMiBps: { shape: "NaturalIntegerObject" },
      },
    },
  },
};
