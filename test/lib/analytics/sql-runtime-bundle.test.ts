import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { AnalyticsApplication } from '../../../lib/analytics/analytics-application';
import { ENV } from '../helpers';
import { SCHEMA, SQL } from './fixtures';

/** Bundles the SQL runtime for real (esbuild, no Docker) once, with the shipped example application. */
function bundle() {
  const app = new App();
  const stack = new Stack(app, 'Bundle', { env: ENV });
  const source = new kinesis.Stream(stack, 'Source', { encryption: kinesis.StreamEncryption.MANAGED });
  new AnalyticsApplication(stack, 'A', { source, sql: SQL, inputSchema: SCHEMA, outputs: { TOP_PAGES: { kind: 'kinesis' } } });
  const assembly = app.synth();
  const assets = fs.readdirSync(assembly.directory).filter((name) => name.startsWith('asset.'));
  if (assets.length !== 1) throw new Error(`expected one asset, found ${assets.join(', ')}`);
  return path.join(assembly.directory, assets[0] as string);
}

describe('the bundled SQL runtime', () => {
  const assetDir = bundle();
  const code = fs.readFileSync(path.join(assetDir, 'index.js'), 'utf8');

  test('is one self-contained file', () => {
    expect(fs.readdirSync(assetDir)).toEqual(['index.js']);
  });

  test('carries the application (sql and InputSchema) baked in by esbuild define, not read from the environment', () => {
    // The handler must read the literal expression process.env.CLICKSTREAM_SQL_APPLICATION for esbuild's
    // define to replace it; the bundle then holds the application's text and never reads the variable.
    // (Booleans, so that a failure does not print the whole bundle.)
    expect({ hasApplication: code.includes('SESSION_MINUTES_PUMP') && code.includes('TOP_PAGES_PUMP') }).toEqual({ hasApplication: true });
    expect(code.match(/.{0,60}\.CLICKSTREAM_SQL_APPLICATION\b.{0,60}/g) ?? []).toEqual([]);
  });
});
