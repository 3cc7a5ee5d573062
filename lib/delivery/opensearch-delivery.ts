import { Duration, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  INDEX_NAME_LENGTH, INDEX_ROTATION_PERIODS, OPENSEARCH_BUFFERING, OPENSEARCH_RETRY_SECONDS,
  OPENSEARCH_S3_BACKUP_MODES, TYPE_NAME_LENGTH,
} from '../../lambda/engine/firehose/limits';
import { acknowledgeWildcardResource } from '../core/nag';
import { checkDurationSeconds, checkLength, checkOneOf, PropValidationError } from '../core/validation';
import { BufferingProps, DeliveryBase, DeliveryCommonProps } from './delivery-base';

export type IndexRotationPeriod = 'NoRotation' | 'OneHour' | 'OneDay' | 'OneWeek' | 'OneMonth';
export type OpenSearchBackupMode = 'FailedDocumentsOnly' | 'AllDocuments';

export interface OpenSearchDeliveryProps extends DeliveryCommonProps, BufferingProps {
  /** The OpenSearch Service (or Elasticsearch) domain: a new one or `Domain.fromDomainAttributes`. */
  readonly domain: opensearch.IDomain;
  /** Index name (1–80 characters, lower case); the rotation suffix is appended. @default 'clickstream' */
  readonly indexName?: string;
  /** Index rotation. @default 'OneDay' */
  readonly indexRotation?: IndexRotationPeriod;
  /** Document type, for Elasticsearch 6.x domains only; omit for 7.x and OpenSearch. @default - none */
  readonly typeName?: string;
  /** How long Firehose retries a failed index request, 0–7200 s. @default Duration.seconds(300) */
  readonly retryDuration?: Duration;
  /** Which documents are also written to S3 (cannot be changed after creation). @default 'FailedDocumentsOnly' */
  readonly s3BackupMode?: OpenSearchBackupMode;
  /** Bucket for the S3 backup. @default - a new secure bucket */
  readonly backupBucket?: s3.IBucket;
}

const OWNER = 'OpenSearchDelivery';
/** Characters OpenSearch refuses in index names. */
const INVALID_INDEX_CHARS = /[\\/*?"<>| ,#:A-Z]/;

/**
 * A Firehose delivery stream from the Kinesis stream, through the transform, into an OpenSearch
 * Service domain (public endpoint, IAM-authorised), with an S3 backup of failed or all documents.
 * What aws-cdk-lib's L2 lacks (aws/aws-cdk#15504).
 */
export class OpenSearchDelivery extends DeliveryBase {
  readonly destination = 'OpenSearch' as const;
  readonly freshnessMetricName = 'DeliveryToAmazonOpenSearchService.DataFreshness';
  readonly successMetricName = 'DeliveryToAmazonOpenSearchService.Success';
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly backupBucket: s3.IBucket;

  constructor(scope: Construct, id: string, props: OpenSearchDeliveryProps) {
    super(scope, id, OWNER, props);
    const indexName = props.indexName ?? 'clickstream';
    validateIndexName(indexName);
    checkOneOf(OWNER, 'indexRotation', props.indexRotation, INDEX_ROTATION_PERIODS as readonly IndexRotationPeriod[]);
    checkOneOf(OWNER, 's3BackupMode', props.s3BackupMode, OPENSEARCH_S3_BACKUP_MODES as readonly OpenSearchBackupMode[]);
    checkLength(OWNER, 'typeName', props.typeName, TYPE_NAME_LENGTH);
    const retrySeconds = checkDurationSeconds(OWNER, 'retryDuration', props.retryDuration, OPENSEARCH_RETRY_SECONDS) ?? OPENSEARCH_RETRY_SECONDS.default;
    const bufferingHints = this.bufferingHints(props, OPENSEARCH_BUFFERING);

    this.backupBucket = props.backupBucket ?? this.createBucket('BackupBucket');
    this.grantBucket(this.backupBucket);
    this.grantDomain(props.domain, indexName, props.typeName);

    this.deliveryStream = new firehose.CfnDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamName: props.deliveryStreamName,
      deliveryStreamType: 'KinesisStreamAsSource',
      kinesisStreamSourceConfiguration: this.sourceConfiguration(props.source),
      amazonopensearchserviceDestinationConfiguration: {
        domainArn: props.domain.domainArn,
        indexName,
        indexRotationPeriod: props.indexRotation ?? 'OneDay',
        typeName: props.typeName,
        roleArn: this.role.roleArn,
        bufferingHints,
        retryOptions: { durationInSeconds: retrySeconds },
        // Firehose's stable document IDs keep its retries from indexing a record twice.
        documentIdOptions: { defaultDocumentIdFormat: 'FIREHOSE_DEFAULT' },
        processingConfiguration: this.processingConfiguration(),
        cloudWatchLoggingOptions: this.loggingOptions(),
        s3BackupMode: props.s3BackupMode ?? 'FailedDocumentsOnly',
        s3Configuration: {
          bucketArn: this.backupBucket.bucketArn,
          roleArn: this.role.roleArn,
          prefix: 'opensearch-backup/',
          errorOutputPrefix: 'opensearch-backup-errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/',
          compressionFormat: 'GZIP',
          cloudWatchLoggingOptions: this.loggingOptions(),
        },
      },
    });
    this.finish();
  }

  /** The statements of the Firehose guide for a public OpenSearch Service destination. */
  private grantDomain(domain: opensearch.IDomain, indexName: string, typeName: string | undefined): void {
    const arn = domain.domainArn;
    const write = [arn, `${arn}/*`];
    const read = [
      `${arn}/_all/_settings`, `${arn}/_cluster/stats`, typeName ? `${arn}/${indexName}*/_mapping/${typeName}` : `${arn}/${indexName}*/_mapping`,
      `${arn}/_nodes`, `${arn}/_nodes/stats`, `${arn}/_nodes/*/stats`, `${arn}/_stats`, `${arn}/${indexName}*/_stats`, `${arn}/`,
    ];
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['es:DescribeDomain', 'es:DescribeDomains', 'es:DescribeDomainConfig', 'es:ESHttpPost', 'es:ESHttpPut'],
      resources: write,
    }));
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['es:ESHttpGet'], resources: read }));
    for (const resource of [...write, ...read].filter((r) => r.includes('*'))) {
      acknowledgeWildcardResource(this.role, resource,
        'Firehose\'s documented OpenSearch destination policy: _bulk writes go to any path of the domain, and it reads settings and stats of the rotated indices (index name + date suffix) and of every node.');
    }
  }
}

function validateIndexName(indexName: string): void {
  if (Token.isUnresolved(indexName)) return;
  checkLength(OWNER, 'indexName', indexName, INDEX_NAME_LENGTH);
  if (INVALID_INDEX_CHARS.test(indexName) || /^[-_+]/.test(indexName)) {
    throw new PropValidationError(OWNER, 'indexName', 'must be lower case, must not start with -, _ or +, and must not contain \\ / * ? " < > | space , # :', indexName);
  }
}
