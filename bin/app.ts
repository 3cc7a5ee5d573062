#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ClickstreamPipelineStack } from '../lib/pipeline-stack';

// The CDK app: `npx cdk synth` / `npx cdk deploy`. Configuration comes from cdk.json's "clickstream"
// context object or from `-c clickstreamConfig=FILE`; see README "Configuration".
const app = new App();
new ClickstreamPipelineStack(app, 'ClickstreamPipeline', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
