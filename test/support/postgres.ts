/**
 * The PostgreSQL the Redshift-path tests load into: CLICKSTREAM_TEST_PG (CI starts it with .ci/postgres.sh).
 * Jest registers tests synchronously, so reachability is probed synchronously in a child process.
 * Unreachable: with CI set the suites run and fail (the first test names the cause); otherwise they are
 * skipped with a warning.
 */
import { spawnSync } from 'node:child_process';

export const PG_URL = process.env.CLICKSTREAM_TEST_PG ?? 'postgres://clickstream:clickstream@127.0.0.1:5432/clickstream_test';
const CI_SET = process.env.CI !== undefined && process.env.CI !== '';

function probe(): string | undefined {
  const script =
    `const { Client } = require(${JSON.stringify(require.resolve('pg'))});` +
    'const c = new Client({ connectionString: process.argv[1], connectionTimeoutMillis: 3000 });' +
    'c.connect().then(() => c.end()).then(() => process.exit(0), (e) => { process.stderr.write(String(e && e.message)); process.exit(1); });';
  const r = spawnSync(process.execPath, ['-e', script, PG_URL], { encoding: 'utf8', timeout: 15_000 });
  return r.status === 0 ? undefined : r.stderr || r.error?.message || `probe exited with ${String(r.status)}`;
}

export const unreachable = probe();
if (unreachable !== undefined && !CI_SET) {
  console.warn(
    `SKIPPING PostgreSQL tests: ${PG_URL} is unreachable (${unreachable}). ` +
      'Start it with .ci/postgres.sh or set CLICKSTREAM_TEST_PG; with CI set these tests fail instead of skipping.',
  );
}

/** `describe` when PostgreSQL is reachable (or CI is set), `describe.skip` otherwise. */
export const describePg = unreachable !== undefined && !CI_SET ? describe.skip : describe;
