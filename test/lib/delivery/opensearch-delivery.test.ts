import { Duration, Size, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { OpenSearchDelivery, OpenSearchDeliveryProps } from '../../../lib/delivery/opensearch-delivery';
import { ClickstreamSearchDomain } from '../../../lib/delivery/search-domain';
import { actionsOf, deliveryWiring, onlyResource, policyStatements, template, testStack } from '../helpers';

const DOMAIN_ARN = 'arn:aws:es:eu-west-1:123456789012:domain/clickstream';

function existingDomain(stack: Stack) {
  return opensearch.Domain.fromDomainAttributes(stack, 'Domain', {
    domainArn: DOMAIN_ARN, domainEndpoint: 'https://search-clickstream-abc.eu-west-1.es.amazonaws.com',
  });
}

function build(props: Partial<OpenSearchDeliveryProps> = {}) {
  const stack = testStack();
  new OpenSearchDelivery(stack, 'Os', { ...deliveryWiring(stack), domain: existingDomain(stack), ...props });
  return template(stack);
}

function destination(props: Partial<OpenSearchDeliveryProps> = {}) {
  return onlyResource(build(props), 'AWS::KinesisFirehose::DeliveryStream').Properties.AmazonopensearchserviceDestinationConfiguration;
}

describe('OpenSearchDelivery', () => {
  test('defaults: daily index rotation, 300 s retry, failed documents backed up, 5 MiB / 300 s', () => {
    expect(destination()).toMatchObject({
      DomainARN: DOMAIN_ARN,
      IndexName: 'clickstream',
      IndexRotationPeriod: 'OneDay',
      RetryOptions: { DurationInSeconds: 300 },
      S3BackupMode: 'FailedDocumentsOnly',
      BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 },
      DocumentIdOptions: { DefaultDocumentIdFormat: 'FIREHOSE_DEFAULT' },
      S3Configuration: { Prefix: 'opensearch-backup/', CompressionFormat: 'GZIP' },
      ProcessingConfiguration: { Enabled: true },
    });
  });

  test.each(['NoRotation', 'OneHour', 'OneDay', 'OneWeek', 'OneMonth'] as const)('index rotation %s', (rotation) => {
    expect(destination({ indexRotation: rotation }).IndexRotationPeriod).toBe(rotation);
  });

  test('all documents backed up, custom index, type, retry and buffering', () => {
    expect(destination({
      s3BackupMode: 'AllDocuments', indexName: 'clicks', typeName: '_doc', retryDuration: Duration.seconds(7200),
      bufferingSize: Size.mebibytes(100), bufferingInterval: Duration.seconds(0),
    })).toMatchObject({
      S3BackupMode: 'AllDocuments', IndexName: 'clicks', TypeName: '_doc', RetryOptions: { DurationInSeconds: 7200 },
      BufferingHints: { SizeInMBs: 100, IntervalInSeconds: 0 },
    });
  });

  test('the role gets the Firehose guide\'s domain permissions', () => {
    const statements = policyStatements(build());
    const write = statements.find((s) => actionsOf(s).includes('es:ESHttpPost'))!;
    expect(actionsOf(write).sort()).toEqual(['es:DescribeDomain', 'es:DescribeDomainConfig', 'es:DescribeDomains', 'es:ESHttpPost', 'es:ESHttpPut']);
    expect(write.Resource).toEqual([DOMAIN_ARN, `${DOMAIN_ARN}/*`]);
    const read = statements.find((s) => actionsOf(s).includes('es:ESHttpGet'))!;
    expect(read.Resource).toEqual(expect.arrayContaining([`${DOMAIN_ARN}/_all/_settings`, `${DOMAIN_ARN}/clickstream*/_mapping`, `${DOMAIN_ARN}/_cluster/stats`]));
  });

  test('a new domain is encrypted, HTTPS-only with TLS 1.2, logged, and admits the delivery role', () => {
    const stack = testStack();
    const search = new ClickstreamSearchDomain(stack, 'Search');
    const delivery = new OpenSearchDelivery(stack, 'Os', { ...deliveryWiring(stack), domain: search.domain });
    search.grantIndexWrite(delivery.role);
    const t = template(stack);
    t.hasResourceProperties('AWS::OpenSearchService::Domain', {
      EngineVersion: 'OpenSearch_2.19',
      EncryptionAtRestOptions: { Enabled: true },
      NodeToNodeEncryptionOptions: { Enabled: true },
      DomainEndpointOptions: { EnforceHTTPS: true, TLSSecurityPolicy: 'Policy-Min-TLS-1-2-2019-07' },
      ClusterConfig: Match.objectLike({ InstanceCount: 2, DedicatedMasterEnabled: true, DedicatedMasterCount: 3, ZoneAwarenessEnabled: true }),
      AccessPolicies: { Statement: [Match.objectLike({
        Effect: 'Allow',
        Principal: { AWS: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OsRole'), 'Arn'] } },
      })] },
      LogPublishingOptions: Match.objectLike({ SEARCH_SLOW_LOGS: Match.objectLike({ Enabled: true }), INDEX_SLOW_LOGS: Match.objectLike({ Enabled: true }) }),
    });
    expect(t.findResources('Custom::OpenSearchAccessPolicy')).toEqual({});
  });

  test('a trial-sized domain: one data node, no dedicated masters', () => {
    const stack = testStack();
    new ClickstreamSearchDomain(stack, 'Search', { dataNodes: 1, masterNodes: 0, domainName: 'clicks-trial' });
    template(stack).hasResourceProperties('AWS::OpenSearchService::Domain', {
      DomainName: 'clicks-trial',
      ClusterConfig: Match.objectLike({ InstanceCount: 1, DedicatedMasterEnabled: false, ZoneAwarenessEnabled: false }),
    });
  });

  test.each([
    [{ masterNodes: 2 }, /ClickstreamSearchDomain: masterNodes must be 0, 3 or 5 .* \(got 2\)/],
    [{ dataNodes: 0 }, /ClickstreamSearchDomain: dataNodes must be an integer from 1 to 80 \(got 0\)/],
    [{ volumeSizeGiB: 5 }, /ClickstreamSearchDomain: volumeSizeGiB must be an integer from 10 to 16384 \(got 5\)/],
  ])('domain validation %p', (props, message) => {
    expect(() => new ClickstreamSearchDomain(testStack(), 'Search', props)).toThrow(message);
  });

  describe('validation names the prop and the allowed range', () => {
    const cases: Array<[string, Partial<OpenSearchDeliveryProps>, RegExp]> = [
      ['buffer above 100 MiB', { bufferingSize: Size.mebibytes(101) }, /OpenSearchDelivery: bufferingSize must be a whole number of MiB from 1 to 100 MiB \(got 101 MiB\)/],
      ['interval above 900 s', { bufferingInterval: Duration.seconds(901) }, /bufferingInterval must be a whole number of seconds from 0 to 900 seconds/],
      ['retry above 7200 s', { retryDuration: Duration.seconds(7201) }, /retryDuration must be a whole number of seconds from 0 to 7200 seconds/],
      ['unknown rotation', { indexRotation: 'OneYear' as never }, /indexRotation must be one of NoRotation, OneHour, OneDay, OneWeek, OneMonth \(got "OneYear"\)/],
      ['unknown backup mode', { s3BackupMode: 'None' as never }, /s3BackupMode must be one of FailedDocumentsOnly, AllDocuments/],
      ['upper-case index', { indexName: 'Clicks' }, /indexName must be lower case/],
      ['index starting with _', { indexName: '_clicks' }, /indexName must be lower case, must not start with -, _ or \+/],
      ['index of 81 characters', { indexName: 'a'.repeat(81) }, /indexName must be 1 to 80 characters long/],
      ['type name of 101 characters', { typeName: 't'.repeat(101) }, /typeName must be 0 to 100 characters long/],
    ];
    test.each(cases)('%s', (_name, props, message) => {
      expect(() => build(props)).toThrow(message);
    });
  });
});
