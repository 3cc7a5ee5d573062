import { Template } from 'aws-cdk-lib/assertions';
import { ClickstreamPipelineStack } from '../../lib/pipeline-stack';
import { testApp, ENV } from './helpers';

const cdkJson = require('../../cdk.json');

/** Asset hashes change with every Lambda code edit; the guard is about the infrastructure. */
export function withoutAssetHashes(template: unknown): unknown {
  return JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '<asset-hash>'));
}

describe('default app template', () => {
  test('matches the reviewed snapshot (guard against unintended change)', () => {
    const app = testApp({ clickstream: cdkJson.context.clickstream });
    const stack = new ClickstreamPipelineStack(app, 'ClickstreamPipeline', { env: ENV });
    expect(withoutAssetHashes(Template.fromStack(stack).toJSON())).toMatchSnapshot();
  });

  test('asset hashes are masked, nothing else', () => {
    const hash = 'a'.repeat(64);
    expect(withoutAssetHashes({ S3Key: `${hash}.zip`, Name: 'abc' })).toEqual({ S3Key: '<asset-hash>.zip', Name: 'abc' });
  });
});
