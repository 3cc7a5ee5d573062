// Our endpoint as `clickstream serve --port 0 --throttle off` builds it (in-memory engine, no throttling).
import { systemClock } from '../../lambda/engine/clock';
import { KinesisEngine } from '../../lambda/engine/kinesis/engine';
import { startServer } from '../../lambda/local/http/server';

const { reportReady } = require('./report') as { reportReady(url: string): void };

startServer({ host: '127.0.0.1', port: 0, kinesis: new KinesisEngine({ clock: systemClock, throttle: 'off' }) }).then(
  (server) => reportReady(server.url),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
