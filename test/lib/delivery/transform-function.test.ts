import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { ClickstreamTransformFunction } from '../../../lib/delivery/transform-function';
import { ENV } from '../helpers';

/** Bundles for real (esbuild, no Docker) once, for every test in this file. */
function bundle() {
  const app = new App();
  const stack = new Stack(app, 'Bundle', { env: ENV });
  new ClickstreamTransformFunction(stack, 'T');
  const assembly = app.synth();
  const t = Template.fromStack(stack);
  const [fn] = Object.values(t.findResources('AWS::Lambda::Function')) as any[];
  const assets = fs.readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
  if (assets.length !== 1) throw new Error(`expected one asset, found ${assets.join(', ')}`);
  return { fn, assetDir: path.join(assembly.directory, assets[0]) };
}

const firehoseEvent = (data: object) => ({
  invocationId: 'inv-1',
  deliveryStreamArn: 'arn:aws:firehose:eu-west-1:123456789012:deliverystream/clicks',
  region: 'eu-west-1',
  records: [{
    recordId: '49546986683135544286507457936321625675700192471156785154',
    approximateArrivalTimestamp: 1764064800000,
    data: Buffer.from(JSON.stringify(data)).toString('base64'),
  }],
});

describe('ClickstreamTransformFunction', () => {
  const { fn, assetDir } = bundle();

  test('newest Node runtime on arm64, one-minute timeout, its own log group', () => {
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 60, Handler: 'index.handler', MemorySize: 256 });
    expect(fn.Properties.LoggingConfig.LogGroup).toEqual({ Ref: expect.stringMatching(/^TLogs/) });
  });

  test('the esbuild bundle is one small self-contained file', () => {
    const files = fs.readdirSync(assetDir);
    expect(files).toEqual(['index.js']);
    const bytes = fs.statSync(path.join(assetDir, 'index.js')).size;
    // Powertools Logger plus our code; a regression that bundles the AWS SDK or aws-cdk-lib would be megabytes.
    expect(bytes).toBeLessThan(150 * 1024);
  });

  test('the bundled handler answers a Firehose event per the contract', async () => {
    const { handler } = require(path.join(assetDir, 'index.js'));
    const response = await handler(firehoseEvent({
      eventType: 'Page_View', timestamp: '2026-11-25T10:00:00Z', url: 'https://shop.example.com/cart?x=1', anonymousId: 'a-1',
    }), {});
    expect(response.records).toHaveLength(1);
    expect(response.records[0]).toMatchObject({ recordId: '49546986683135544286507457936321625675700192471156785154', result: 'Ok' });
    const line = Buffer.from(response.records[0].data, 'base64').toString('utf8');
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toMatchObject({ event_type: 'page_view', url_host: 'shop.example.com', url_path: '/cart' });
  });
});
