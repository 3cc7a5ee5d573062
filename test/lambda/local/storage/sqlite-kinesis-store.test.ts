import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SqliteKinesisStore } from '../../../../lambda/local/storage/sqlite-kinesis-store';
import { describeKinesisStore } from '../../engine/kinesis/store-contract';

const dirs: string[] = [];
const opened: SqliteKinesisStore[] = [];
let dir = '';

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kinesis-store-'));
  dirs.push(dir);
});

afterAll(() => {
  opened.forEach((s) => s.close());
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

// Each open() is a new connection to the same file: what a restart of `serve --data-dir` does.
describeKinesisStore('SqliteKinesisStore', () => {
  const store = new SqliteKinesisStore(dir);
  opened.push(store);
  return store;
});
