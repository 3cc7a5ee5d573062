#!/usr/bin/env node
// The clickstream CLI. `serve` runs the local Kinesis and Firehose endpoint; `sql check|discover|run`
// checks, runs and discovers input schemas for SQL applications; `plan` sizes shards and prices a
// workload; `simulate` runs the configured pipeline offline and writes report.html.
const USAGE = `usage: clickstream <command>

commands:
  serve      local Kinesis/Firehose-compatible endpoint
             [--host 127.0.0.1] [--port 4567] [--data-dir DIR] [--throttle aws|off]
  sql        check and run Kinesis Analytics SQL applications, discover input schemas
             check APP.sql | discover FILE | run APP.sql --input [STREAM=]FILE ...
  plan       shard count, hot shards and monthly cost for a workload
             --peak-rps N --record-bytes B | --input FILE.jsonl [--config FILE] [--prices FILE] [--json]
  simulate   run the configured pipeline offline on a simulated clock, write out/ and report.html
             [--config FILE] [--records N | --duration T] [--input FILE.jsonl] [--seed N]`;

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
  if (command === 'plan') {
    const { readFileSync } = await import('node:fs');
    const { runPlan } = await import('../lambda/local/cli/plan');
    const status = await runPlan(rest, {
      readFile: (file) => readFileSync(file, 'utf8'),
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
    });
    await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((resolve) => s.write('', () => resolve()))));
    return status;
  }
  if (command === 'simulate') {
    // The transform Lambda logs an INFO line per invocation on stdout: keep the summary readable.
    process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
    const fs = await import('node:fs');
    const path = await import('node:path');
    const { runSimulate } = await import('../lambda/local/cli/simulate');
    const { LocalLambdas } = await import('../lambda/local/firehose/local-lambdas');
    const status = await runSimulate(rest, {
      readFile: (file) => fs.readFileSync(file, 'utf8'),
      exists: (file) => fs.existsSync(file),
      writeFile: (file, data) => {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, data);
      },
      appendFile: (file, data) => fs.appendFileSync(file, data),
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      now: () => Date.now(),
      transform: new LocalLambdas().invoke,
    });
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
