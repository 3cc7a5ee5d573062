// kinesalite in memory (no `path` option: it uses memdown instead of leveldown), streams ACTIVE at once.
const kinesalite = require('kinesalite');
const { reportReady } = require('./report');

const server = kinesalite({ createStreamMs: 0, deleteStreamMs: 0, updateStreamMs: 0 });
server.listen(0, '127.0.0.1', () => reportReady(`http://127.0.0.1:${server.address().port}`));
