#!/usr/bin/env node
// The clickstream CLI. `serve` runs the local Kinesis endpoint; sql, simulate and plan arrive with later
// issues, until then they are unknown commands (exit 2 with the usage).
const USAGE = `usage: clickstream <command>

commands:
  serve      local Kinesis/Firehose-compatible endpoint
             [--host 127.0.0.1] [--port 4567] [--data-dir DIR] [--throttle aws|off]

coming with the reference engine:
  sql        run, check or discover Kinesis Analytics SQL applications
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
