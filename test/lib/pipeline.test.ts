import * as path from 'path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ClickstreamPipeline } from '../../lib/pipeline';
import { ClickstreamPipelineStack } from '../../lib/pipeline-stack';
import { testApp, ENV, template, testStack } from './helpers';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');

function deliveryDestinations(t: ReturnType<typeof template>): string[] {
  return Object.values(t.findResources('AWS::KinesisFirehose::DeliveryStream'))
    .map((r: any) => Object.keys(r.Properties).find((k) => k.endsWith('DestinationConfiguration'))!)
    .sort();
}

function appStack(context: Record<string, unknown>) {
  const app = testApp(context);
  return new ClickstreamPipelineStack(app, 'ClickstreamPipeline', { env: ENV });
}

describe('ClickstreamPipeline', () => {
  test('defaults: one encrypted stream, the transform, an S3 delivery stream, alarms and a dashboard', () => {
    const stack = testStack();
    const pipeline = new ClickstreamPipeline(stack, 'P');
    const t = template(stack);
    t.resourceCountIs('AWS::Kinesis::Stream', 1);
    t.hasResourceProperties('AWS::Kinesis::Stream', { StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' } });
    expect(deliveryDestinations(t)).toEqual(['ExtendedS3DestinationConfiguration']);
    t.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Handler: 'index.handler', Architectures: ['arm64'] });
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    // 4 stream + 2 Lambda + 4 S3 delivery alarms.
    t.resourceCountIs('AWS::CloudWatch::Alarm', 10);
    expect(pipeline.deliveries.map((d) => d.destination)).toEqual(['S3']);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('all three destinations, with a new OpenSearch domain that admits the delivery role', () => {
    const stack = testStack();
    const pipeline = new ClickstreamPipeline(stack, 'P', {
      redshift: {
        clusterEndpoint: 'c.abc123.eu-west-1.redshift.amazonaws.com', database: 'analytics',
        credentials: secretsmanager.Secret.fromSecretCompleteArn(stack, 'S', 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:rs-AbCdEf'),
      },
      opensearch: {},
    });
    const t = template(stack);
    expect(deliveryDestinations(t)).toEqual([
      'AmazonopensearchserviceDestinationConfiguration', 'ExtendedS3DestinationConfiguration', 'RedshiftDestinationConfiguration',
    ]);
    t.resourceCountIs('AWS::OpenSearchService::Domain', 1);
    expect(pipeline.searchDomain).toBeDefined();
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('3 delivery streams read every shard'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0].entry.data).toMatch(/Keep writes under 0\.67 MiB\/s per shard/);
    expect(pipeline.deliveries.map((d) => d.destination)).toEqual(['S3', 'Redshift', 'OpenSearch']);
  });

  test('an existing OpenSearch domain creates no domain', () => {
    const stack = testStack();
    const domain = opensearch.Domain.fromDomainAttributes(stack, 'D', {
      domainArn: 'arn:aws:es:eu-west-1:123456789012:domain/clicks', domainEndpoint: 'https://search-clicks.eu-west-1.es.amazonaws.com',
    });
    new ClickstreamPipeline(stack, 'P', { s3: false, opensearch: { domain } });
    const t = template(stack);
    t.resourceCountIs('AWS::OpenSearchService::Domain', 0);
    expect(deliveryDestinations(t)).toEqual(['AmazonopensearchserviceDestinationConfiguration']);
  });

  test('a pipeline without any destination is refused', () => {
    expect(() => new ClickstreamPipeline(testStack(), 'P', { s3: false }))
      .toThrow(/ClickstreamPipeline: s3 may be false only when redshift or opensearch is set/);
  });

  test('an existing domain and a new domain together are refused', () => {
    const stack = testStack();
    const domain = opensearch.Domain.fromDomainAttributes(stack, 'D', { domainArn: 'arn:aws:es:eu-west-1:123456789012:domain/x', domainEndpoint: 'https://x' });
    expect(() => new ClickstreamPipeline(stack, 'P', { opensearch: { domain, newDomain: {} } }))
      .toThrow(/opensearch.newDomain must not be set together with opensearch.domain/);
  });
});

describe('ClickstreamPipelineStack (configured from context)', () => {
  test('cdk.json\'s own configuration: provisioned stream and S3 only', () => {
    const cdkJson = require('../../cdk.json');
    const t = template(appStack({ clickstream: cdkJson.context.clickstream }));
    t.hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 1, RetentionPeriodHours: 24 });
    expect(deliveryDestinations(t)).toEqual(['ExtendedS3DestinationConfiguration']);
  });

  test('context values reach the constructs: on-demand stream, buffering, compression, alarm email', () => {
    const t = template(appStack({
      clickstream: {
        stream: { mode: 'ON_DEMAND', retentionHours: 72 },
        s3: { bufferSizeMiB: 32, bufferIntervalSeconds: 120, compression: 'Snappy' },
        monitoring: { alarmEmail: 'team@example.com' },
      },
    }));
    t.hasResourceProperties('AWS::Kinesis::Stream', { StreamModeDetails: { StreamMode: 'ON_DEMAND' }, RetentionPeriodHours: 72 });
    t.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      ExtendedS3DestinationConfiguration: { BufferingHints: { SizeInMBs: 32, IntervalInSeconds: 120 }, CompressionFormat: 'Snappy' },
    });
    t.hasResourceProperties('AWS::SNS::Subscription', { Endpoint: 'team@example.com' });
  });

  test('examples/all-destinations.json: three delivery streams to the existing cluster and domain', () => {
    const t = template(appStack({ clickstreamConfig: path.join(EXAMPLES, 'all-destinations.json') }));
    expect(deliveryDestinations(t)).toEqual([
      'AmazonopensearchserviceDestinationConfiguration', 'ExtendedS3DestinationConfiguration', 'RedshiftDestinationConfiguration',
    ]);
    t.resourceCountIs('AWS::OpenSearchService::Domain', 0);
    expect(Object.keys(t.findOutputs('*')).sort()).toEqual([
      'AlarmTopicArn', 'DashboardName', 'EventsBucketName',
      'OpenSearchDeliveryRoleArn', 'OpenSearchDeliveryStreamName', 'RedshiftDeliveryRoleArn', 'RedshiftDeliveryStreamName',
      'S3DeliveryRoleArn', 'S3DeliveryStreamName', 'StreamArn', 'StreamName',
    ]);
    t.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      RedshiftDestinationConfiguration: {
        ClusterJDBCURL: 'jdbc:redshift://clickstream.c0abc1xyz2de.eu-west-1.redshift.amazonaws.com:5439/analytics',
      },
    });
  });

  test('examples/new-opensearch-domain.json: creates the domain', () => {
    const t = template(appStack({ clickstreamConfig: path.join(EXAMPLES, 'new-opensearch-domain.json') }));
    t.resourceCountIs('AWS::OpenSearchService::Domain', 1);
    t.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      AmazonopensearchserviceDestinationConfiguration: { IndexRotationPeriod: 'OneHour' },
    });
  });

  test('a bad configuration fails synth naming the key and the rule', () => {
    expect(() => appStack({ clickstream: { stream: { shardCount: 0 } } }))
      .toThrow(/clickstream\.stream\.shardCount: must be an integer ≥ 1/);
    expect(() => appStack({ clickstream: { s3: { bufferSizeMib: 5 } } }))
      .toThrow(/clickstream\.s3: unknown key\(s\) "bufferSizeMib"/);
    expect(() => appStack({ clickstreamConfig: '/nonexistent/config.json' }))
      .toThrow(/clickstreamConfig: cannot read the file/);
  });
});
