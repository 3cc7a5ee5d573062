// GENERATED FILE, DO NOT EDIT. Regenerate with `npm run gen:aws-models` (scripts/generate-aws-models.ts).
// Source: AWS API model kinesisanalytics-2015-08-14.json (botocore 1.43.11, model format 2.0, sha256 831bae3b4cbdd181).
// Only request-validation facts are kept: names, types, constraints, members and error names.
import type { ServiceModel } from '../model';

export const kinesisAnalyticsModel: ServiceModel = {
  metadata: { apiVersion: "2015-08-14", targetPrefix: "KinesisAnalytics_20150814", jsonVersion: "1.1", protocol: "json", serviceId: "Kinesis Analytics" },
  operations: {
    AddApplicationCloudWatchLoggingOption: { name: "AddApplicationCloudWatchLoggingOption", input: "AddApplicationCloudWatchLoggingOptionRequest", output: "AddApplicationCloudWatchLoggingOptionResponse", errors: ["ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException", "ConcurrentModificationException", "UnsupportedOperationException"] },
    AddApplicationInput: { name: "AddApplicationInput", input: "AddApplicationInputRequest", output: "AddApplicationInputResponse", errors: ["ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException", "ConcurrentModificationException", "CodeValidationException", "UnsupportedOperationException"] },
    AddApplicationInputProcessingConfiguration: { name: "AddApplicationInputProcessingConfiguration", input: "AddApplicationInputProcessingConfigurationRequest", output: "AddApplicationInputProcessingConfigurationResponse", errors: ["ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException", "ConcurrentModificationException", "UnsupportedOperationException"] },
    AddApplicationOutput: { name: "AddApplicationOutput", input: "AddApplicationOutputRequest", output: "AddApplicationOutputResponse", errors: ["ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException", "ConcurrentModificationException", "UnsupportedOperationException"] },
    AddApplicationReferenceDataSource: { name: "AddApplicationReferenceDataSource", input: "AddApplicationReferenceDataSourceRequest", output: "AddApplicationReferenceDataSourceResponse", errors: ["ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException", "ConcurrentModificationException", "UnsupportedOperationException"] },
    CreateApplication: { name: "CreateApplication", input: "CreateApplicationRequest", output: "CreateApplicationResponse", errors: ["CodeValidationException", "ResourceInUseException", "LimitExceededException", "InvalidArgumentException", "TooManyTagsException", "ConcurrentModificationException"] },
    DeleteApplication: { name: "DeleteApplication", input: "DeleteApplicationRequest", output: "DeleteApplicationResponse", errors: ["ConcurrentModificationException", "ResourceNotFoundException", "ResourceInUseException", "UnsupportedOperationException"] },
    DeleteApplicationCloudWatchLoggingOption: { name: "DeleteApplicationCloudWatchLoggingOption", input: "DeleteApplicationCloudWatchLoggingOptionRequest", output: "DeleteApplicationCloudWatchLoggingOptionResponse", errors: ["ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException", "ConcurrentModificationException", "UnsupportedOperationException"] },
    DeleteApplicationInputProcessingConfiguration: { name: "DeleteApplicationInputProcessingConfiguration", input: "DeleteApplicationInputProcessingConfigurationRequest", output: "DeleteApplicationInputProcessingConfigurationResponse", errors: ["ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException", "ConcurrentModificationException", "UnsupportedOperationException"] },
    DeleteApplicationOutput: { name: "DeleteApplicationOutput", input: "DeleteApplicationOutputRequest", output: "DeleteApplicationOutputResponse", errors: ["ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException", "ConcurrentModificationException", "UnsupportedOperationException"] },
    DeleteApplicationReferenceDataSource: { name: "DeleteApplicationReferenceDataSource", input: "DeleteApplicationReferenceDataSourceRequest", output: "DeleteApplicationReferenceDataSourceResponse", errors: ["ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException", "ConcurrentModificationException", "UnsupportedOperationException"] },
    DescribeApplication: { name: "DescribeApplication", input: "DescribeApplicationRequest", output: "DescribeApplicationResponse", errors: ["ResourceNotFoundException", "UnsupportedOperationException"] },
    DiscoverInputSchema: { name: "DiscoverInputSchema", input: "DiscoverInputSchemaRequest", output: "DiscoverInputSchemaResponse", errors: ["InvalidArgumentException", "UnableToDetectSchemaException", "ResourceProvisionedThroughputExceededException", "ServiceUnavailableException"] },
    ListApplications: { name: "ListApplications", input: "ListApplicationsRequest", output: "ListApplicationsResponse", errors: [] },
    ListTagsForResource: { name: "ListTagsForResource", input: "ListTagsForResourceRequest", output: "ListTagsForResourceResponse", errors: ["ResourceNotFoundException", "InvalidArgumentException", "ConcurrentModificationException"] },
    StartApplication: { name: "StartApplication", input: "StartApplicationRequest", output: "StartApplicationResponse", errors: ["ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException", "InvalidApplicationConfigurationException", "UnsupportedOperationException"] },
    StopApplication: { name: "StopApplication", input: "StopApplicationRequest", output: "StopApplicationResponse", errors: ["ResourceNotFoundException", "ResourceInUseException", "UnsupportedOperationException"] },
    TagResource: { name: "TagResource", input: "TagResourceRequest", output: "TagResourceResponse", errors: ["ResourceNotFoundException", "ResourceInUseException", "TooManyTagsException", "InvalidArgumentException", "ConcurrentModificationException"] },
    UntagResource: { name: "UntagResource", input: "UntagResourceRequest", output: "UntagResourceResponse", errors: ["ResourceNotFoundException", "ResourceInUseException", "TooManyTagsException", "InvalidArgumentException", "ConcurrentModificationException"] },
    UpdateApplication: { name: "UpdateApplication", input: "UpdateApplicationRequest", output: "UpdateApplicationResponse", errors: ["CodeValidationException", "ResourceNotFoundException", "ResourceInUseException", "InvalidArgumentException", "ConcurrentModificationException", "UnsupportedOperationException"] },
  },
  shapes: {
    AddApplicationCloudWatchLoggingOptionRequest: {
      type: "structure",
      required: ["ApplicationName", "CurrentApplicationVersionId", "CloudWatchLoggingOption"],
      members: {
        ApplicationName: { shape: "ApplicationName" },
        CurrentApplicationVersionId: { shape: "ApplicationVersionId" },
        CloudWatchLoggingOption: { shape: "CloudWatchLoggingOption" },
      },
    },
    AddApplicationCloudWatchLoggingOptionResponse: {
      type: "structure",
      members: {},
    },
    AddApplicationInputProcessingConfigurationRequest: {
      type: "structure",
      required: ["ApplicationName", "CurrentApplicationVersionId", "InputId", "InputProcessingConfiguration"],
      members: {
        ApplicationName: { shape: "ApplicationName" },
        CurrentApplicationVersionId: { shape: "ApplicationVersionId" },
        InputId: { shape: "Id" },
        InputProcessingConfiguration: { shape: "InputProcessingConfiguration" },
      },
    },
    AddApplicationInputProcessingConfigurationResponse: {
      type: "structure",
      members: {},
    },
    AddApplicationInputRequest: {
      type: "structure",
      required: ["ApplicationName", "CurrentApplicationVersionId", "Input"],
      members: {
        ApplicationName: { shape: "ApplicationName" },
        CurrentApplicationVersionId: { shape: "ApplicationVersionId" },
        Input: { shape: "Input" },
      },
    },
    AddApplicationInputResponse: {
      type: "structure",
      members: {},
    },
    AddApplicationOutputRequest: {
      type: "structure",
      required: ["ApplicationName", "CurrentApplicationVersionId", "Output"],
      members: {
        ApplicationName: { shape: "ApplicationName" },
        CurrentApplicationVersionId: { shape: "ApplicationVersionId" },
        Output: { shape: "Output" },
      },
    },
    AddApplicationOutputResponse: {
      type: "structure",
      members: {},
    },
    AddApplicationReferenceDataSourceRequest: {
      type: "structure",
      required: ["ApplicationName", "CurrentApplicationVersionId", "ReferenceDataSource"],
      members: {
        ApplicationName: { shape: "ApplicationName" },
        CurrentApplicationVersionId: { shape: "ApplicationVersionId" },
        ReferenceDataSource: { shape: "ReferenceDataSource" },
      },
    },
    AddApplicationReferenceDataSourceResponse: {
      type: "structure",
      members: {},
    },
    ApplicationCode: { type: "string", min: 0, max: 102400 },
    ApplicationDescription: { type: "string", min: 0, max: 1024 },
    ApplicationDetail: {
      type: "structure",
      required: ["ApplicationName", "ApplicationARN", "ApplicationStatus", "ApplicationVersionId"],
      members: {
        ApplicationName: { shape: "ApplicationName" },
        ApplicationDescription: { shape: "ApplicationDescription" },
        ApplicationARN: { shape: "ResourceARN" },
        ApplicationStatus: { shape: "ApplicationStatus" },
        CreateTimestamp: { shape: "Timestamp" },
        LastUpdateTimestamp: { shape: "Timestamp" },
        InputDescriptions: { shape: "InputDescriptions" },
        OutputDescriptions: { shape: "OutputDescriptions" },
        ReferenceDataSourceDescriptions: { shape: "ReferenceDataSourceDescriptions" },
        CloudWatchLoggingOptionDescriptions: { shape: "CloudWatchLoggingOptionDescriptions" },
        ApplicationCode: { shape: "ApplicationCode" },
        ApplicationVersionId: { shape: "ApplicationVersionId" },
      },
    },
    ApplicationName: { type: "string", min: 1, max: 128, pattern: "[a-zA-Z0-9_.-]+" },
    ApplicationStatus: { type: "string", enum: ["DELETING", "STARTING", "STOPPING", "READY", "RUNNING", "UPDATING"] },
    ApplicationSummaries: { type: "list", member: { shape: "ApplicationSummary" } },
    ApplicationSummary: {
      type: "structure",
      required: ["ApplicationName", "ApplicationARN", "ApplicationStatus"],
      members: {
        ApplicationName: { shape: "ApplicationName" },
        ApplicationARN: { shape: "ResourceARN" },
        ApplicationStatus: { shape: "ApplicationStatus" },
      },
    },
    ApplicationUpdate: {
      type: "structure",
      members: {
        InputUpdates: { shape: "InputUpdates" },
        ApplicationCodeUpdate: { shape: "ApplicationCode" },
        OutputUpdates: { shape: "OutputUpdates" },
        ReferenceDataSourceUpdates: { shape: "ReferenceDataSourceUpdates" },
        CloudWatchLoggingOptionUpdates: { shape: "CloudWatchLoggingOptionUpdates" },
      },
    },
    ApplicationVersionId: { type: "long", min: 1, max: 999999999 },
    BooleanObject: { type: "boolean" },
    BucketARN: { type: "string", min: 1, max: 2048, pattern: "arn:.*" },
    CSVMappingParameters: {
      type: "structure",
      required: ["RecordRowDelimiter", "RecordColumnDelimiter"],
      members: {
        RecordRowDelimiter: { shape: "RecordRowDelimiter" },
        RecordColumnDelimiter: { shape: "RecordColumnDelimiter" },
      },
    },
    CloudWatchLoggingOption: {
      type: "structure",
      required: ["LogStreamARN", "RoleARN"],
      members: {
        LogStreamARN: { shape: "LogStreamARN" },
        RoleARN: { shape: "RoleARN" },
      },
    },
    CloudWatchLoggingOptionDescription: {
      type: "structure",
      required: ["LogStreamARN", "RoleARN"],
      members: {
        CloudWatchLoggingOptionId: { shape: "Id" },
        LogStreamARN: { shape: "LogStreamARN" },
        RoleARN: { shape: "RoleARN" },
      },
    },
    CloudWatchLoggingOptionDescriptions: { type: "list", member: { shape: "CloudWatchLoggingOptionDescription" } },
    CloudWatchLoggingOptionUpdate: {
      type: "structure",
      required: ["CloudWatchLoggingOptionId"],
      members: {
        CloudWatchLoggingOptionId: { shape: "Id" },
        LogStreamARNUpdate: { shape: "LogStreamARN" },
        RoleARNUpdate: { shape: "RoleARN" },
      },
    },
    CloudWatchLoggingOptionUpdates: { type: "list", member: { shape: "CloudWatchLoggingOptionUpdate" } },
    CloudWatchLoggingOptions: { type: "list", member: { shape: "CloudWatchLoggingOption" } },
    CodeValidationException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    ConcurrentModificationException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    CreateApplicationRequest: {
      type: "structure",
      required: ["ApplicationName"],
      members: {
        ApplicationName: { shape: "ApplicationName" },
        ApplicationDescription: { shape: "ApplicationDescription" },
        Inputs: { shape: "Inputs" },
        Outputs: { shape: "Outputs" },
        CloudWatchLoggingOptions: { shape: "CloudWatchLoggingOptions" },
        ApplicationCode: { shape: "ApplicationCode" },
        Tags: { shape: "Tags" },
      },
    },
    CreateApplicationResponse: {
      type: "structure",
      required: ["ApplicationSummary"],
      members: {
        ApplicationSummary: { shape: "ApplicationSummary" },
      },
    },
    DeleteApplicationCloudWatchLoggingOptionRequest: {
      type: "structure",
      required: ["ApplicationName", "CurrentApplicationVersionId", "CloudWatchLoggingOptionId"],
      members: {
        ApplicationName: { shape: "ApplicationName" },
        CurrentApplicationVersionId: { shape: "ApplicationVersionId" },
        CloudWatchLoggingOptionId: { shape: "Id" },
      },
    },
    DeleteApplicationCloudWatchLoggingOptionResponse: {
      type: "structure",
      members: {},
    },
    DeleteApplicationInputProcessingConfigurationRequest: {
      type: "structure",
      required: ["ApplicationName", "CurrentApplicationVersionId", "InputId"],
      members: {
        ApplicationName: { shape: "ApplicationName" },
        CurrentApplicationVersionId: { shape: "ApplicationVersionId" },
        InputId: { shape: "Id" },
      },
    },
    DeleteApplicationInputProcessingConfigurationResponse: {
      type: "structure",
      members: {},
    },
    DeleteApplicationOutputRequest: {
      type: "structure",
      required: ["ApplicationName", "CurrentApplicationVersionId", "OutputId"],
      members: {
        ApplicationName: { shape: "ApplicationName" },
        CurrentApplicationVersionId: { shape: "ApplicationVersionId" },
        OutputId: { shape: "Id" },
      },
    },
    DeleteApplicationOutputResponse: {
      type: "structure",
      members: {},
    },
    DeleteApplicationReferenceDataSourceRequest: {
      type: "structure",
      required: ["ApplicationName", "CurrentApplicationVersionId", "ReferenceId"],
      members: {
        ApplicationName: { shape: "ApplicationName" },
        CurrentApplicationVersionId: { shape: "ApplicationVersionId" },
        ReferenceId: { shape: "Id" },
      },
    },
    DeleteApplicationReferenceDataSourceResponse: {
      type: "structure",
      members: {},
    },
    DeleteApplicationRequest: {
      type: "structure",
      required: ["ApplicationName", "CreateTimestamp"],
      members: {
        ApplicationName: { shape: "ApplicationName" },
        CreateTimestamp: { shape: "Timestamp" },
      },
    },
    DeleteApplicationResponse: {
      type: "structure",
      members: {},
    },
    DescribeApplicationRequest: {
      type: "structure",
      required: ["ApplicationName"],
      members: {
        ApplicationName: { shape: "ApplicationName" },
      },
    },
    DescribeApplicationResponse: {
      type: "structure",
      required: ["ApplicationDetail"],
      members: {
        ApplicationDetail: { shape: "ApplicationDetail" },
      },
    },
    DestinationSchema: {
      type: "structure",
      required: ["RecordFormatType"],
      members: {
        RecordFormatType: { shape: "RecordFormatType" },
      },
    },
    DiscoverInputSchemaRequest: {
      type: "structure",
      members: {
        ResourceARN: { shape: "ResourceARN" },
        RoleARN: { shape: "RoleARN" },
        InputStartingPositionConfiguration: { shape: "InputStartingPositionConfiguration" },
        S3Configuration: { shape: "S3Configuration" },
        InputProcessingConfiguration: { shape: "InputProcessingConfiguration" },
      },
    },
    DiscoverInputSchemaResponse: {
      type: "structure",
      members: {
        InputSchema: { shape: "SourceSchema" },
        ParsedInputRecords: { shape: "ParsedInputRecords" },
        ProcessedInputRecords: { shape: "ProcessedInputRecords" },
        RawInputRecords: { shape: "RawInputRecords" },
      },
    },
    ErrorMessage: { type: "string" },
    FileKey: { type: "string", min: 1, max: 1024 },
    Id: { type: "string", min: 1, max: 50, pattern: "[a-zA-Z0-9_.-]+" },
    InAppStreamName: { type: "string", min: 1, max: 32 },
    InAppStreamNames: { type: "list", member: { shape: "InAppStreamName" } },
    InAppTableName: { type: "string", min: 1, max: 32 },
    Input: {
      type: "structure",
      required: ["NamePrefix", "InputSchema"],
      members: {
        NamePrefix: { shape: "InAppStreamName" },
        InputProcessingConfiguration: { shape: "InputProcessingConfiguration" },
        KinesisStreamsInput: { shape: "KinesisStreamsInput" },
        KinesisFirehoseInput: { shape: "KinesisFirehoseInput" },
        InputParallelism: { shape: "InputParallelism" },
        InputSchema: { shape: "SourceSchema" },
      },
    },
    InputConfiguration: {
      type: "structure",
      required: ["Id", "InputStartingPositionConfiguration"],
      members: {
        Id: { shape: "Id" },
        InputStartingPositionConfiguration: { shape: "InputStartingPositionConfiguration" },
      },
    },
    InputConfigurations: { type: "list", member: { shape: "InputConfiguration" } },
    InputDescription: {
      type: "structure",
      members: {
        InputId: { shape: "Id" },
        NamePrefix: { shape: "InAppStreamName" },
        InAppStreamNames: { shape: "InAppStreamNames" },
        InputProcessingConfigurationDescription: { shape: "InputProcessingConfigurationDescription" },
        KinesisStreamsInputDescription: { shape: "KinesisStreamsInputDescription" },
        KinesisFirehoseInputDescription: { shape: "KinesisFirehoseInputDescription" },
        InputSchema: { shape: "SourceSchema" },
        InputParallelism: { shape: "InputParallelism" },
        InputStartingPositionConfiguration: { shape: "InputStartingPositionConfiguration" },
      },
    },
    InputDescriptions: { type: "list", member: { shape: "InputDescription" } },
    InputLambdaProcessor: {
      type: "structure",
      required: ["ResourceARN", "RoleARN"],
      members: {
        ResourceARN: { shape: "ResourceARN" },
        RoleARN: { shape: "RoleARN" },
      },
    },
    InputLambdaProcessorDescription: {
      type: "structure",
      members: {
        ResourceARN: { shape: "ResourceARN" },
        RoleARN: { shape: "RoleARN" },
      },
    },
    InputLambdaProcessorUpdate: {
      type: "structure",
      members: {
        ResourceARNUpdate: { shape: "ResourceARN" },
        RoleARNUpdate: { shape: "RoleARN" },
      },
    },
    InputParallelism: {
      type: "structure",
      members: {
        Count: { shape: "InputParallelismCount" },
      },
    },
    InputParallelismCount: { type: "integer", min: 1, max: 64 },
    InputParallelismUpdate: {
      type: "structure",
      members: {
        CountUpdate: { shape: "InputParallelismCount" },
      },
    },
    InputProcessingConfiguration: {
      type: "structure",
      required: ["InputLambdaProcessor"],
      members: {
        InputLambdaProcessor: { shape: "InputLambdaProcessor" },
      },
    },
    InputProcessingConfigurationDescription: {
      type: "structure",
      members: {
        InputLambdaProcessorDescription: { shape: "InputLambdaProcessorDescription" },
      },
    },
    InputProcessingConfigurationUpdate: {
      type: "structure",
      required: ["InputLambdaProcessorUpdate"],
      members: {
        InputLambdaProcessorUpdate: { shape: "InputLambdaProcessorUpdate" },
      },
    },
    InputSchemaUpdate: {
      type: "structure",
      members: {
        RecordFormatUpdate: { shape: "RecordFormat" },
        RecordEncodingUpdate: { shape: "RecordEncoding" },
        RecordColumnUpdates: { shape: "RecordColumns" },
      },
    },
    InputStartingPosition: { type: "string", enum: ["NOW", "TRIM_HORIZON", "LAST_STOPPED_POINT"] },
    InputStartingPositionConfiguration: {
      type: "structure",
      members: {
        InputStartingPosition: { shape: "InputStartingPosition" },
      },
    },
    InputUpdate: {
      type: "structure",
      required: ["InputId"],
      members: {
        InputId: { shape: "Id" },
        NamePrefixUpdate: { shape: "InAppStreamName" },
        InputProcessingConfigurationUpdate: { shape: "InputProcessingConfigurationUpdate" },
        KinesisStreamsInputUpdate: { shape: "KinesisStreamsInputUpdate" },
        KinesisFirehoseInputUpdate: { shape: "KinesisFirehoseInputUpdate" },
        InputSchemaUpdate: { shape: "InputSchemaUpdate" },
        InputParallelismUpdate: { shape: "InputParallelismUpdate" },
      },
    },
    InputUpdates: { type: "list", member: { shape: "InputUpdate" } },
    Inputs: { type: "list", member: { shape: "Input" } },
    InvalidApplicationConfigurationException: {
      type: "structure",
      exception: true,
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
    JSONMappingParameters: {
      type: "structure",
      required: ["RecordRowPath"],
      members: {
        RecordRowPath: { shape: "RecordRowPath" },
      },
    },
    KinesisAnalyticsARN: { type: "string", min: 1, max: 2048, pattern: "arn:aws:kinesisanalytics:[a-z]{2}-[a-z]+-\\d{1}+:\\d{12}+:application/[a-zA-Z0-9_.-]{1,128}" },
    KinesisFirehoseInput: {
      type: "structure",
      required: ["ResourceARN", "RoleARN"],
      members: {
        ResourceARN: { shape: "ResourceARN" },
        RoleARN: { shape: "RoleARN" },
      },
    },
    KinesisFirehoseInputDescription: {
      type: "structure",
      members: {
        ResourceARN: { shape: "ResourceARN" },
        RoleARN: { shape: "RoleARN" },
      },
    },
    KinesisFirehoseInputUpdate: {
      type: "structure",
      members: {
        ResourceARNUpdate: { shape: "ResourceARN" },
        RoleARNUpdate: { shape: "RoleARN" },
      },
    },
    KinesisFirehoseOutput: {
      type: "structure",
      required: ["ResourceARN", "RoleARN"],
      members: {
        ResourceARN: { shape: "ResourceARN" },
        RoleARN: { shape: "RoleARN" },
      },
    },
    KinesisFirehoseOutputDescription: {
      type: "structure",
      members: {
        ResourceARN: { shape: "ResourceARN" },
        RoleARN: { shape: "RoleARN" },
      },
    },
    KinesisFirehoseOutputUpdate: {
      type: "structure",
      members: {
        ResourceARNUpdate: { shape: "ResourceARN" },
        RoleARNUpdate: { shape: "RoleARN" },
      },
    },
    KinesisStreamsInput: {
      type: "structure",
      required: ["ResourceARN", "RoleARN"],
      members: {
        ResourceARN: { shape: "ResourceARN" },
        RoleARN: { shape: "RoleARN" },
      },
    },
    KinesisStreamsInputDescription: {
      type: "structure",
      members: {
        ResourceARN: { shape: "ResourceARN" },
        RoleARN: { shape: "RoleARN" },
      },
    },
    KinesisStreamsInputUpdate: {
      type: "structure",
      members: {
        ResourceARNUpdate: { shape: "ResourceARN" },
        RoleARNUpdate: { shape: "RoleARN" },
      },
    },
    KinesisStreamsOutput: {
      type: "structure",
      required: ["ResourceARN", "RoleARN"],
      members: {
        ResourceARN: { shape: "ResourceARN" },
        RoleARN: { shape: "RoleARN" },
      },
    },
    KinesisStreamsOutputDescription: {
      type: "structure",
      members: {
        ResourceARN: { shape: "ResourceARN" },
        RoleARN: { shape: "RoleARN" },
      },
    },
    KinesisStreamsOutputUpdate: {
      type: "structure",
      members: {
        ResourceARNUpdate: { shape: "ResourceARN" },
        RoleARNUpdate: { shape: "RoleARN" },
      },
    },
    LambdaOutput: {
      type: "structure",
      required: ["ResourceARN", "RoleARN"],
      members: {
        ResourceARN: { shape: "ResourceARN" },
        RoleARN: { shape: "RoleARN" },
      },
    },
    LambdaOutputDescription: {
      type: "structure",
      members: {
        ResourceARN: { shape: "ResourceARN" },
        RoleARN: { shape: "RoleARN" },
      },
    },
    LambdaOutputUpdate: {
      type: "structure",
      members: {
        ResourceARNUpdate: { shape: "ResourceARN" },
        RoleARNUpdate: { shape: "RoleARN" },
      },
    },
    LimitExceededException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    ListApplicationsInputLimit: { type: "integer", min: 1, max: 50 },
    ListApplicationsRequest: {
      type: "structure",
      members: {
        Limit: { shape: "ListApplicationsInputLimit" },
        ExclusiveStartApplicationName: { shape: "ApplicationName" },
      },
    },
    ListApplicationsResponse: {
      type: "structure",
      required: ["ApplicationSummaries", "HasMoreApplications"],
      members: {
        ApplicationSummaries: { shape: "ApplicationSummaries" },
        HasMoreApplications: { shape: "BooleanObject" },
      },
    },
    ListTagsForResourceRequest: {
      type: "structure",
      required: ["ResourceARN"],
      members: {
        ResourceARN: { shape: "KinesisAnalyticsARN" },
      },
    },
    ListTagsForResourceResponse: {
      type: "structure",
      members: {
        Tags: { shape: "Tags" },
      },
    },
    LogStreamARN: { type: "string", min: 1, max: 2048, pattern: "arn:.*" },
    MappingParameters: {
      type: "structure",
      members: {
        JSONMappingParameters: { shape: "JSONMappingParameters" },
        CSVMappingParameters: { shape: "CSVMappingParameters" },
      },
    },
    Output: {
      type: "structure",
      required: ["Name", "DestinationSchema"],
      members: {
        Name: { shape: "InAppStreamName" },
        KinesisStreamsOutput: { shape: "KinesisStreamsOutput" },
        KinesisFirehoseOutput: { shape: "KinesisFirehoseOutput" },
        LambdaOutput: { shape: "LambdaOutput" },
        DestinationSchema: { shape: "DestinationSchema" },
      },
    },
    OutputDescription: {
      type: "structure",
      members: {
        OutputId: { shape: "Id" },
        Name: { shape: "InAppStreamName" },
        KinesisStreamsOutputDescription: { shape: "KinesisStreamsOutputDescription" },
        KinesisFirehoseOutputDescription: { shape: "KinesisFirehoseOutputDescription" },
        LambdaOutputDescription: { shape: "LambdaOutputDescription" },
        DestinationSchema: { shape: "DestinationSchema" },
      },
    },
    OutputDescriptions: { type: "list", member: { shape: "OutputDescription" } },
    OutputUpdate: {
      type: "structure",
      required: ["OutputId"],
      members: {
        OutputId: { shape: "Id" },
        NameUpdate: { shape: "InAppStreamName" },
        KinesisStreamsOutputUpdate: { shape: "KinesisStreamsOutputUpdate" },
        KinesisFirehoseOutputUpdate: { shape: "KinesisFirehoseOutputUpdate" },
        LambdaOutputUpdate: { shape: "LambdaOutputUpdate" },
        DestinationSchemaUpdate: { shape: "DestinationSchema" },
      },
    },
    OutputUpdates: { type: "list", member: { shape: "OutputUpdate" } },
    Outputs: { type: "list", member: { shape: "Output" } },
    ParsedInputRecord: { type: "list", member: { shape: "ParsedInputRecordField" } },
    ParsedInputRecordField: { type: "string" },
    ParsedInputRecords: { type: "list", member: { shape: "ParsedInputRecord" } },
    ProcessedInputRecord: { type: "string" },
    ProcessedInputRecords: { type: "list", member: { shape: "ProcessedInputRecord" } },
    RawInputRecord: { type: "string" },
    RawInputRecords: { type: "list", member: { shape: "RawInputRecord" } },
    RecordColumn: {
      type: "structure",
      required: ["Name", "SqlType"],
      members: {
        Name: { shape: "RecordColumnName" },
        Mapping: { shape: "RecordColumnMapping" },
        SqlType: { shape: "RecordColumnSqlType" },
      },
    },
    RecordColumnDelimiter: { type: "string", min: 1 },
    RecordColumnMapping: { type: "string" },
    RecordColumnName: { type: "string" },
    RecordColumnSqlType: { type: "string", min: 1 },
    RecordColumns: { type: "list", min: 1, max: 1000, member: { shape: "RecordColumn" } },
    RecordEncoding: { type: "string", pattern: "UTF-8" },
    RecordFormat: {
      type: "structure",
      required: ["RecordFormatType"],
      members: {
        RecordFormatType: { shape: "RecordFormatType" },
        MappingParameters: { shape: "MappingParameters" },
      },
    },
    RecordFormatType: { type: "string", enum: ["JSON", "CSV"] },
    RecordRowDelimiter: { type: "string", min: 1 },
    RecordRowPath: { type: "string", min: 1 },
    ReferenceDataSource: {
      type: "structure",
      required: ["TableName", "ReferenceSchema"],
      members: {
        TableName: { shape: "InAppTableName" },
        S3ReferenceDataSource: { shape: "S3ReferenceDataSource" },
        ReferenceSchema: { shape: "SourceSchema" },
      },
    },
    ReferenceDataSourceDescription: {
      type: "structure",
      required: ["ReferenceId", "TableName", "S3ReferenceDataSourceDescription"],
      members: {
        ReferenceId: { shape: "Id" },
        TableName: { shape: "InAppTableName" },
        S3ReferenceDataSourceDescription: { shape: "S3ReferenceDataSourceDescription" },
        ReferenceSchema: { shape: "SourceSchema" },
      },
    },
    ReferenceDataSourceDescriptions: { type: "list", member: { shape: "ReferenceDataSourceDescription" } },
    ReferenceDataSourceUpdate: {
      type: "structure",
      required: ["ReferenceId"],
      members: {
        ReferenceId: { shape: "Id" },
        TableNameUpdate: { shape: "InAppTableName" },
        S3ReferenceDataSourceUpdate: { shape: "S3ReferenceDataSourceUpdate" },
        ReferenceSchemaUpdate: { shape: "SourceSchema" },
      },
    },
    ReferenceDataSourceUpdates: { type: "list", member: { shape: "ReferenceDataSourceUpdate" } },
    ResourceARN: { type: "string", min: 1, max: 2048, pattern: "arn:.*" },
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
    ResourceProvisionedThroughputExceededException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    RoleARN: { type: "string", min: 1, max: 2048, pattern: "arn:aws:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+" },
    S3Configuration: {
      type: "structure",
      required: ["RoleARN", "BucketARN", "FileKey"],
      members: {
        RoleARN: { shape: "RoleARN" },
        BucketARN: { shape: "BucketARN" },
        FileKey: { shape: "FileKey" },
      },
    },
    S3ReferenceDataSource: {
      type: "structure",
      required: ["BucketARN", "FileKey", "ReferenceRoleARN"],
      members: {
        BucketARN: { shape: "BucketARN" },
        FileKey: { shape: "FileKey" },
        ReferenceRoleARN: { shape: "RoleARN" },
      },
    },
    S3ReferenceDataSourceDescription: {
      type: "structure",
      required: ["BucketARN", "FileKey", "ReferenceRoleARN"],
      members: {
        BucketARN: { shape: "BucketARN" },
        FileKey: { shape: "FileKey" },
        ReferenceRoleARN: { shape: "RoleARN" },
      },
    },
    S3ReferenceDataSourceUpdate: {
      type: "structure",
      members: {
        BucketARNUpdate: { shape: "BucketARN" },
        FileKeyUpdate: { shape: "FileKey" },
        ReferenceRoleARNUpdate: { shape: "RoleARN" },
      },
    },
    ServiceUnavailableException: {
      type: "structure",
      exception: true,
      fault: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    SourceSchema: {
      type: "structure",
      required: ["RecordFormat", "RecordColumns"],
      members: {
        RecordFormat: { shape: "RecordFormat" },
        RecordEncoding: { shape: "RecordEncoding" },
        RecordColumns: { shape: "RecordColumns" },
      },
    },
    StartApplicationRequest: {
      type: "structure",
      required: ["ApplicationName", "InputConfigurations"],
      members: {
        ApplicationName: { shape: "ApplicationName" },
        InputConfigurations: { shape: "InputConfigurations" },
      },
    },
    StartApplicationResponse: {
      type: "structure",
      members: {},
    },
    StopApplicationRequest: {
      type: "structure",
      required: ["ApplicationName"],
      members: {
        ApplicationName: { shape: "ApplicationName" },
      },
    },
    StopApplicationResponse: {
      type: "structure",
      members: {},
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
    TagKeys: { type: "list", min: 1, max: 200, member: { shape: "TagKey" } },
    TagResourceRequest: {
      type: "structure",
      required: ["ResourceARN", "Tags"],
      members: {
        ResourceARN: { shape: "KinesisAnalyticsARN" },
        Tags: { shape: "Tags" },
      },
    },
    TagResourceResponse: {
      type: "structure",
      members: {},
    },
    TagValue: { type: "string", min: 0, max: 256 },
    Tags: { type: "list", min: 1, max: 200, member: { shape: "Tag" } },
    Timestamp: { type: "timestamp" },
    TooManyTagsException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    UnableToDetectSchemaException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
        RawInputRecords: { shape: "RawInputRecords" },
        ProcessedInputRecords: { shape: "ProcessedInputRecords" },
      },
    },
    UnsupportedOperationException: {
      type: "structure",
      exception: true,
      members: {
        message: { shape: "ErrorMessage" },
      },
    },
    UntagResourceRequest: {
      type: "structure",
      required: ["ResourceARN", "TagKeys"],
      members: {
        ResourceARN: { shape: "KinesisAnalyticsARN" },
        TagKeys: { shape: "TagKeys" },
      },
    },
    UntagResourceResponse: {
      type: "structure",
      members: {},
    },
    UpdateApplicationRequest: {
      type: "structure",
      required: ["ApplicationName", "CurrentApplicationVersionId", "ApplicationUpdate"],
      members: {
        ApplicationName: { shape: "ApplicationName" },
        CurrentApplicationVersionId: { shape: "ApplicationVersionId" },
        ApplicationUpdate: { shape: "ApplicationUpdate" },
      },
    },
    UpdateApplicationResponse: {
      type: "structure",
      members: {},
    },
  },
};
