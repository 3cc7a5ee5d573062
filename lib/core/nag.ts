import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag's IAM5 finding for one wildcard resource, exactly (cdk-nag v3 has no prefix
 * matching: each finding is `AwsSolutions-IAM5[Resource::<rendered ARN>]`). The ARN is rendered the
 * way cdk-nag renders it, so a change of resource shows up as a new, unacknowledged finding.
 */
export function acknowledgeWildcardResource(scope: IConstruct, arn: string, reason: string): void {
  const rendered = renderForNag(Stack.of(scope).resolve(arn));
  Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[Resource::${rendered}]`, reason });
}

/** cdk-nag's flattening of CloudFormation intrinsics: Ref → <Id>, GetAtt → <Id.Attr>, Join → concatenation. */
export function renderForNag(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.Ref === 'string') return `<${v.Ref}>`;
    if (Array.isArray(v['Fn::GetAtt'])) return `<${(v['Fn::GetAtt'] as string[]).join('.')}>`;
    if (Array.isArray(v['Fn::Join'])) {
      const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(renderForNag).join(separator);
    }
  }
  throw new Error(`cannot render ${JSON.stringify(value)} for a cdk-nag acknowledgement`);
}
