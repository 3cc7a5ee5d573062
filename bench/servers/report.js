// Shared by the bench's server children (bench/kinesis-endpoint.ts forks one per server, so each server's
// CPU and memory are its own): announce the URL, then answer the parent's 'stats' messages with this
// process's CPU time and memory. Exits when the parent goes away.
exports.reportReady = function reportReady(url) {
  process.on('message', (msg) => {
    if (msg !== 'stats') return;
    const cpu = process.cpuUsage();
    process.send({
      type: 'stats',
      cpuMicros: cpu.user + cpu.system,
      maxRssKb: process.resourceUsage().maxRSS,
      rssBytes: process.memoryUsage().rss,
    });
  });
  process.on('disconnect', () => process.exit(0));
  // A clean exit on kill, so --cpu-prof gets to write its profile.
  process.on('SIGTERM', () => process.exit(0));
  process.send({ type: 'ready', url });
};
