// The project's Lambda handlers log one INFO line per invocation; tests run them thousands of times.
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
