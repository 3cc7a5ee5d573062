import { Duration, Size } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { CLICK_EVENT_COLUMNS } from '../../../lambda/engine/clickstream/click-event';
import { RedshiftDelivery, RedshiftDeliveryProps } from '../../../lib/delivery/redshift-delivery';
import { actionsOf, deliveryWiring, onlyResource, policyStatements, template, testStack } from '../helpers';

const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:clickstream/redshift-AbCdEf';
const ENDPOINT = 'examplecluster.abc123xyz789.eu-west-1.redshift.amazonaws.com';

function build(props: Partial<RedshiftDeliveryProps> = {}) {
  const stack = testStack();
  new RedshiftDelivery(stack, 'Rs', {
    ...deliveryWiring(stack),
    clusterEndpoint: ENDPOINT,
    database: 'analytics',
    credentials: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', SECRET_ARN),
    ...props,
  });
  return template(stack);
}

function destination(props: Partial<RedshiftDeliveryProps> = {}) {
  return onlyResource(build(props), 'AWS::KinesisFirehose::DeliveryStream').Properties.RedshiftDestinationConfiguration;
}

describe('RedshiftDelivery', () => {
  test('COPY options valid in Redshift but outside the local engine deploy, with a warning naming the option', () => {
    const stack = testStack();
    new RedshiftDelivery(stack, 'Rs', {
      ...deliveryWiring(stack),
      clusterEndpoint: ENDPOINT,
      database: 'analytics',
      credentials: secretsmanager.Secret.fromSecretCompleteArn(stack, 'Secret', SECRET_ARN),
      copyOptions: "JSON 'auto' ESCAPE",
    });
    const d = onlyResource(template(stack), 'AWS::KinesisFirehose::DeliveryStream').Properties.RedshiftDestinationConfiguration;
    expect(d.CopyCommand.CopyOptions).toBe("JSON 'auto' ESCAPE GZIP");
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('copyOptions: ESCAPE is a Redshift COPY option the offline engine does not model'));
    expect(warnings).toHaveLength(1);
  });

  test('COPY into the table with every transform column, JSON auto and GZIP added for GZIP staging', () => {
    const d = destination();
    expect(d.ClusterJDBCURL).toBe(`jdbc:redshift://${ENDPOINT}:5439/analytics`);
    expect(d.CopyCommand).toEqual({
      DataTableName: 'clickstream_events',
      DataTableColumns: CLICK_EVENT_COLUMNS.map((c) => c.name).join(','),
      CopyOptions: "JSON 'auto' TIMEFORMAT 'auto' GZIP",
    });
    expect(d.S3Configuration).toMatchObject({ Prefix: 'redshift-staging/', CompressionFormat: 'GZIP', BufferingHints: { SizeInMBs: 5, IntervalInSeconds: 300 } });
    expect(d.S3Configuration.ErrorOutputPrefix).toBeUndefined();
    expect(d.RetryOptions).toEqual({ DurationInSeconds: 3600 });
    expect(d.SecretsManagerConfiguration).toMatchObject({ Enabled: true, SecretARN: SECRET_ARN });
    expect(d.Username).toBeUndefined();
    expect(d.Password).toBeUndefined();
    expect(d.S3BackupMode).toBe('Enabled');
    expect(d.ProcessingConfiguration.Processors[0].Type).toBe('Lambda');
  });

  test('uncompressed staging, custom table, columns, COPY options, port and retry', () => {
    const d = destination({
      compression: 'UNCOMPRESSED', table: 'web.clicks', columns: ['event_type', 'event_time'], port: 5440,
      copyOptions: "FORMAT AS JSON 'auto'", retryDuration: Duration.seconds(0), sourceBackup: false,
      bufferingSize: Size.mebibytes(64), bufferingInterval: Duration.seconds(60),
    });
    expect(d.ClusterJDBCURL).toBe(`jdbc:redshift://${ENDPOINT}:5440/analytics`);
    expect(d.CopyCommand).toEqual({ DataTableName: 'web.clicks', DataTableColumns: 'event_type,event_time', CopyOptions: "FORMAT AS JSON 'auto'" });
    expect(d.S3Configuration).toMatchObject({ CompressionFormat: 'UNCOMPRESSED', BufferingHints: { SizeInMBs: 64, IntervalInSeconds: 60 } });
    expect(d.RetryOptions).toEqual({ DurationInSeconds: 0 });
    expect(d.S3BackupMode).toBe('Disabled');
  });

  test('GZIP already in the COPY options is not added twice', () => {
    expect(destination({ copyOptions: "json 'auto' gzip" }).CopyCommand.CopyOptions).toBe("json 'auto' gzip");
  });

  test('Redshift Serverless workgroup endpoints are accepted', () => {
    const url = destination({ clusterEndpoint: 'wg.123456789012.eu-west-1.redshift-serverless.amazonaws.com' }).ClusterJDBCURL;
    expect(url).toBe('jdbc:redshift://wg.123456789012.eu-west-1.redshift-serverless.amazonaws.com:5439/analytics');
  });

  test('the role may read the credentials secret and write the staging bucket', () => {
    const t = build();
    const statements = policyStatements(t);
    const secret = statements.find((s) => actionsOf(s).includes('secretsmanager:GetSecretValue'))!;
    expect(secret.Resource).toBe(SECRET_ARN);
    expect(statements.flatMap(actionsOf)).toEqual(expect.arrayContaining(['s3:PutObject', 'kinesis:GetRecords', 'lambda:InvokeFunction']));
  });

  describe('validation names the prop and the allowed range', () => {
    const cases: Array<[string, Partial<RedshiftDeliveryProps>, RegExp]> = [
      ['ZIP staging', { compression: 'ZIP' as never }, /RedshiftDelivery: compression must be one of UNCOMPRESSED, GZIP \(got "ZIP"\)/],
      ['Snappy staging', { compression: 'Snappy' as never }, /compression must be one of UNCOMPRESSED, GZIP/],
      ['GZIP in COPY with uncompressed staging', { compression: 'UNCOMPRESSED', copyOptions: "JSON 'auto' GZIP" }, /copyOptions must not contain GZIP when compression is UNCOMPRESSED/],
      ['other COPY compression', { copyOptions: "JSON 'auto' BZIP2" }, /copyOptions BZIP2 cannot be used: Firehose stages only GZIP or uncompressed objects/],
      ['COPY options Redshift rejects', { copyOptions: "JSON 'auto' MAXERROR lots" }, /copyOptions MAXERROR/],
      ['credentials in the COPY options', { copyOptions: "JSON 'auto' IAM_ROLE 'arn:aws:iam::1:role/r'" }, /copyOptions IAM_ROLE must not be in CopyOptions: Firehose's COPY supplies the manifest and credentials itself/],
      ['retry above 7200 s', { retryDuration: Duration.seconds(7201) }, /retryDuration must be a whole number of seconds from 0 to 7200 seconds/],
      ['buffer above 128 MiB', { bufferingSize: Size.mebibytes(129) }, /bufferingSize must be a whole number of MiB from 1 to 128 MiB/],
      ['endpoint that is not Redshift', { clusterEndpoint: 'db.example.com' }, /RedshiftDelivery: clusterEndpoint with port and database must form a Redshift JDBC URL/],
      ['database with spaces', { database: 'my db' }, /clusterEndpoint with port and database must form a Redshift JDBC URL/],
      ['port 0', { port: 0 }, /port must be an integer from 1 to 65535 \(got 0\)/],
      ['table name too long', { table: 't'.repeat(513) }, /table must be 1 to 512 characters long/],
      ['no columns', { columns: [] }, /columns must name at least one column/],
      ['expressions in the staging prefix', { intermediatePrefix: 'staging/!{timestamp:yyyy}/' }, /RedshiftDelivery: intermediatePrefix/],
      ['zero buffering with source backup', { bufferingInterval: Duration.seconds(0) }, /bufferingInterval must be more than 0 seconds when sourceBackup is on/],
    ];
    test.each(cases)('%s', (_name, props, message) => {
      expect(() => build(props)).toThrow(message);
    });

    test('boundaries are accepted: retry 0 and 7200 s', () => {
      expect(() => build({ retryDuration: Duration.seconds(7200) })).not.toThrow();
      expect(() => build({ retryDuration: Duration.seconds(0) })).not.toThrow();
    });
  });
});
