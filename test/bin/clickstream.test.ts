import { spawnSync } from 'child_process';
import * as path from 'path';

const CLI = path.join(__dirname, '..', '..', 'bin', 'clickstream.js');
const run = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('clickstream CLI entry', () => {
  test('--help prints usage and exits 0', () => {
    const r = run('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^usage: clickstream <command>/);
  });

  test('an unknown command is bad usage: exit 2 with the usage on stderr', () => {
    const r = run('deploy-everything');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/clickstream: unknown command "deploy-everything"/);
  });
});
