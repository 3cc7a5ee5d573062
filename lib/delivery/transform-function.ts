import * as path from 'path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** The newest Node.js runtime Lambda offers; one place to bump it. */
export const NEWEST_NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;

export interface ClickstreamTransformFunctionProps {
  /** How long the function's logs are kept. @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Memory for the transform. @default 256 */
  readonly memorySize?: number;
}

/**
 * The Firehose data-transformation Lambda (`lambda/handlers/firehose-transform.ts`), bundled locally
 * with esbuild (no Docker). Firehose invokes it synchronously for up to 5 minutes; one minute is
 * plenty for a 1 MiB batch and keeps a stuck invocation from holding a shard.
 */
export class ClickstreamTransformFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: ClickstreamTransformFunctionProps = {}) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Its own role, allowed only to write its own log group (the managed basic-execution policy
    // would allow writing any log group in the account).
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Clickstream Firehose transform: writes its own logs, nothing else',
    });
    logGroup.grantWrite(role);
    this.function = new NodejsFunction(this, 'Function', {
      role,
      entry: path.join(__dirname, '..', '..', 'lambda', 'handlers', 'firehose-transform.ts'),
      handler: 'handler',
      runtime: NEWEST_NODE_RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: Duration.minutes(1),
      logGroup,
      description: 'Clickstream Firehose transform: validates and normalises click events to JSON Lines',
      environment: { POWERTOOLS_SERVICE_NAME: 'clickstream-transform', POWERTOOLS_LOG_LEVEL: 'INFO' },
      bundling: { minify: true, sourceMap: false, target: 'node24' },
    });
  }
}
