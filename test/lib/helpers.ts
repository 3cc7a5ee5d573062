import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';

export const ENV = { account: '123456789012', region: 'eu-west-1' };

/** cdk.json's feature flags, so tests build with the app's own settings (not its `clickstream` config). */
const { clickstream: _unused, ...FEATURE_FLAGS } = require('../../cdk.json').context;

/** An App like bin/app.ts's, without bundling: the bundle has its own test. */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { ...FEATURE_FLAGS, 'aws:cdk:bundling-stacks': [], ...context } });
}

/**
 * A stack whose NodejsFunctions are not bundled: construct tests assert the template, and skipping
 * esbuild keeps them fast. The bundle itself is tested in transform-function.test.ts.
 */
export function testStack(context: Record<string, unknown> = {}): Stack {
  return new Stack(testApp(context), 'Test', { env: ENV });
}

/** The wiring every delivery construct needs: a stream and a transform function. */
export function deliveryWiring(stack: Stack) {
  const source = new kinesis.Stream(stack, 'Source', { encryption: kinesis.StreamEncryption.MANAGED });
  const transform = new lambda.Function(stack, 'Transform', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ records: [] })'),
  });
  return { source, transform };
}

export function template(stack: Stack): Template {
  return Template.fromStack(stack);
}

/** The only resource of a type, failing loudly when there are several. */
export function onlyResource(t: Template, type: string): { Properties: Record<string, any> } {
  const all = Object.values(t.findResources(type));
  if (all.length !== 1) throw new Error(`expected exactly one ${type}, found ${all.length}`);
  return all[0] as { Properties: Record<string, any> };
}

/** All statements of all IAM policies in the template, flattened. */
export function policyStatements(t: Template): Array<{ Action: string | string[]; Resource: unknown; Effect: string }> {
  return Object.values(t.findResources('AWS::IAM::Policy'))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

export function actionsOf(statement: { Action: string | string[] }): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}
