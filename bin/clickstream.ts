#!/usr/bin/env node
// The clickstream CLI. `serve` runs the local Kinesis endpoint; `sql check|discover` parses SQL applications
// and discovers input schemas (`sql run` answers "not available yet" until the runtime exists); simulate
// and plan arrive with later issues, until then they are unknown commands (exit 2 with the usage).
const USAGE = `usage: clickstream <command>

commands:
  serve      local Kinesis/Firehose-compatible endpoint
             [--host 127.0.0.1] [--port 4567] [--data-dir DIR] [--throttle aws|off]
  sql        check Kinesis Analytics SQL applications, discover input schemas
             check APP.sql | discover FILE

coming with the reference engine:
  sql run    run a Kinesis Analytics SQL application over recorded input
  simulate   run the configured pipeline offline
  plan       shard count and cost planning`;

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command === 'serve') {
    // Loaded only for `serve`, so `--help` stays fast.
    const { runServe } = await import('../lambda/local/cli/serve');
    const { createKinesis } = await import('../lambda/local/kinesis-factory');
    return runServe(rest, {
      createKinesis,
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      signals: process,
    });
  }
  if (command === 'sql') {
    const { readFileSync, writeFileSync } = await import('node:fs');
    const { runSql } = await import('../lambda/local/cli/sql');
    const status = await runSql(rest, {
      readFile: (file) => readFileSync(file, 'utf8'),
      writeFile: (file, text) => writeFileSync(file, text),
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
    });
    // process.exit does not wait for pipes where their writes are asynchronous (macOS): flush first.
    await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((resolve) => s.write('', () => resolve()))));
    return status;
  }
  process.stderr.write(`clickstream: unknown command "${command}"\n\n${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (err: unknown) => {
    process.stderr.write(`clickstream: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
