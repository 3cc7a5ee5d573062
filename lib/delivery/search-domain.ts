import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import { Construct } from 'constructs';
import { checkIntegerRange, PropValidationError } from '../core/validation';

export interface ClickstreamSearchDomainProps {
  /** Domain name: 3–28 characters, lower-case letters, digits and hyphens, starting with a letter. @default - 'clickstream-' + a hash of the construct path */
  readonly domainName?: string;
  /** Data nodes. @default 2 (one per Availability Zone) */
  readonly dataNodes?: number;
  /** Data node instance type. @default 'r7g.large.search' */
  readonly dataNodeInstanceType?: string;
  /** EBS volume per data node, GiB. @default 20 */
  readonly volumeSizeGiB?: number;
  /** Dedicated master nodes (0, or 3 for production). @default 3 */
  readonly masterNodes?: number;
  /** What happens to the domain when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

const OWNER = 'ClickstreamSearchDomain';

/**
 * A new OpenSearch Service domain for the clickstream: encrypted at rest and in transit, HTTPS with
 * TLS 1.2, zone-aware, slow and error logs on, and an access policy that admits only the principals
 * granted through `grantIndexWrite` (the Firehose role). Its endpoint is public so Firehose can reach
 * it without a VPC; IAM is the gate.
 */
export class ClickstreamSearchDomain extends Construct {
  readonly domain: opensearch.Domain;
  /** Written straight to the L1 resource: the L2's addAccessPolicies deploys a custom-resource Lambda to do the same. */
  private readonly accessPolicy = new iam.PolicyDocument();
  private readonly domainArnForPolicy: string;

  constructor(scope: Construct, id: string, props: ClickstreamSearchDomainProps = {}) {
    super(scope, id);
    const dataNodes = props.dataNodes ?? 2;
    const masterNodes = props.masterNodes ?? 3;
    checkIntegerRange(OWNER, 'dataNodes', dataNodes, { min: 1, max: 80 });
    checkIntegerRange(OWNER, 'volumeSizeGiB', props.volumeSizeGiB, { min: 10, max: 16384 });
    if (![0, 3, 5].includes(masterNodes)) {
      throw new PropValidationError(OWNER, 'masterNodes', 'must be 0, 3 or 5 (dedicated masters need an odd quorum; 0 turns them off)', masterNodes);
    }
    const zones = dataNodes >= 2 ? 2 : 1;
    // A name known at synth time lets the access policy name the domain's ARN without referring to
    // the domain resource itself (which CloudFormation rejects as a circular dependency).
    const domainName = props.domainName ?? `clickstream-${this.node.addr.slice(0, 10)}`;
    this.domainArnForPolicy = Stack.of(this).formatArn({ service: 'es', resource: 'domain', resourceName: domainName });
    const logGroups = ['AppLogs', 'SlowSearchLogs', 'SlowIndexLogs']
      .map((id) => new logs.LogGroup(this, id, { retention: logs.RetentionDays.ONE_MONTH }));
    const logsPolicy = new logs.CfnResourcePolicy(this, 'LogsResourcePolicy', {
      policyName: `${domainName}-logs`,
      policyDocument: Stack.of(this).toJsonString(new iam.PolicyDocument({
        statements: [new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('es.amazonaws.com')],
          actions: ['logs:PutLogEvents', 'logs:CreateLogStream'],
          resources: logGroups.map((g) => g.logGroupArn),
        })],
      })),
    });
    this.domain = new opensearch.Domain(this, 'Domain', {
      domainName,
      version: opensearch.EngineVersion.OPENSEARCH_2_19,
      capacity: {
        dataNodes,
        dataNodeInstanceType: props.dataNodeInstanceType ?? 'r7g.large.search',
        masterNodes: masterNodes > 0 ? masterNodes : undefined,
        masterNodeInstanceType: masterNodes > 0 ? 'm7g.large.search' : undefined,
        multiAzWithStandbyEnabled: false,
      },
      ebs: { volumeSize: props.volumeSizeGiB ?? 20, volumeType: ec2.EbsDeviceVolumeType.GP3 },
      zoneAwareness: zones > 1 ? { enabled: true, availabilityZoneCount: zones } : undefined,
      encryptionAtRest: { enabled: true },
      nodeToNodeEncryption: true,
      enforceHttps: true,
      tlsSecurityPolicy: opensearch.TLSSecurityPolicy.TLS_1_2,
      logging: {
        slowSearchLogEnabled: true,
        slowIndexLogEnabled: true,
        appLogEnabled: true,
        appLogGroup: logGroups[0],
        slowSearchLogGroup: logGroups[1],
        slowIndexLogGroup: logGroups[2],
      },
      // The L2 would grant OpenSearch its log groups through a custom-resource Lambda; a native
      // AWS::Logs::ResourcePolicy (below) does the same without one.
      suppressLogsResourcePolicy: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.domain.node.addDependency(logsPolicy);
    (this.domain.node.defaultChild as opensearch.CfnDomain).accessPolicies = this.accessPolicy;
    Validations.of(this.domain).acknowledge(
      { id: 'AwsSolutions-OS1', reason: 'Firehose reaches this domain on its public endpoint; access is limited by the domain access policy to the Firehose delivery role (IAM-signed requests only).' },
      { id: 'AwsSolutions-OS3', reason: 'Access is restricted by IAM principal (the Firehose delivery role) in the domain access policy instead of by source IP: Firehose has no fixed IPs for public domains.' },
      { id: 'AwsSolutions-OS5', reason: 'No anonymous access: the domain access policy allows only the Firehose delivery role; fine-grained access control would require a role mapping Firehose cannot create at deploy time.' },
    );
    // Smaller, cheaper shapes are the user's explicit choice (props), acknowledged as such.
    if (masterNodes === 0) {
      Validations.of(this.domain).acknowledge({ id: 'AwsSolutions-OS4', reason: 'masterNodes: 0 was set explicitly (a trial or low-traffic domain without dedicated masters).' });
    }
    if (zones === 1) {
      Validations.of(this.domain).acknowledge({ id: 'AwsSolutions-OS7', reason: 'dataNodes: 1 was set explicitly; one node cannot span Availability Zones.' });
    }
  }

  /** Admits a principal in the domain's access policy; the principal still needs its own identity policy. */
  grantIndexWrite(principal: iam.IPrincipal): void {
    this.accessPolicy.addStatements(new iam.PolicyStatement({
      principals: [principal],
      actions: ['es:ESHttpGet', 'es:ESHttpPost', 'es:ESHttpPut', 'es:DescribeDomain', 'es:DescribeDomains', 'es:DescribeDomainConfig'],
      resources: [this.domainArnForPolicy, `${this.domainArnForPolicy}/*`],
    }));
  }
}
