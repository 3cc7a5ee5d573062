#!/usr/bin/env node
// The clickstream CLI. Its commands (serve, sql, simulate, plan) arrive with later issues; until then
// it says so instead of failing obscurely.
const USAGE = `usage: clickstream <command>

commands (coming with the reference engine):
  serve      local Kinesis/Firehose-compatible endpoint
  sql        run, check or discover Kinesis Analytics SQL applications
  simulate   run the configured pipeline offline
  plan       shard count and cost planning`;

const [command] = process.argv.slice(2);
if (!command || command === '--help' || command === '-h') {
  console.log(USAGE);
  process.exit(0);
}
console.error(`clickstream: unknown command "${command}"\n\n${USAGE}`);
process.exit(2);
