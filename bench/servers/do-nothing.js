// The client ceiling: an HTTP/1.1 server that parses each JSON body and answers a canned, valid response.
// GetRecords returns `Limit` identical 200-byte records (pages cached by size); nothing is stored.
const http = require('http');
const { reportReady } = require('./report');

const SEQ = '49590338271490256608559692538361571095921575989136588898';
const SHARDS = [0, 1, 2, 3].map((i) => ({
  ShardId: `shardId-${String(i).padStart(12, '0')}`,
  HashKeyRange: { StartingHashKey: '0', EndingHashKey: '340282366920938463463374607431768211455' },
  SequenceNumberRange: { StartingSequenceNumber: SEQ },
}));
const DESCRIBE = JSON.stringify({
  StreamDescription: {
    StreamName: 'bench',
    StreamARN: 'arn:aws:kinesis:us-east-1:000000000000:stream/bench',
    StreamStatus: 'ACTIVE',
    StreamModeDetails: { StreamMode: 'PROVISIONED' },
    Shards: SHARDS,
    HasMoreShards: false,
    RetentionPeriodHours: 24,
    StreamCreationTimestamp: 1700000000,
    EnhancedMonitoring: [{ ShardLevelMetrics: [] }],
    EncryptionType: 'NONE',
  },
});
const ITERATOR_VALUE = Buffer.alloc(200, 7).toString('base64');
const ITERATOR = JSON.stringify({ ShardIterator: ITERATOR_VALUE });
const RECORD = {
  SequenceNumber: SEQ,
  ApproximateArrivalTimestamp: 1700000000.123,
  Data: Buffer.alloc(200, 42).toString('base64'),
  PartitionKey: 'dGhpcyBpcyBhIGtleQ',
};

const putAnswers = new Map();
function putRecords(body) {
  const n = body.Records.length;
  if (!putAnswers.has(n)) {
    const entry = { SequenceNumber: SEQ, ShardId: SHARDS[0].ShardId };
    putAnswers.set(n, JSON.stringify({ FailedRecordCount: 0, Records: new Array(n).fill(entry) }));
  }
  return putAnswers.get(n);
}
const pages = new Map();
function getRecords(body) {
  const n = body.Limit ?? 10000;
  if (!pages.has(n)) {
    pages.set(n, JSON.stringify({ Records: new Array(n).fill(RECORD), NextShardIterator: ITERATOR_VALUE, MillisBehindLatest: 0 }));
  }
  return pages.get(n);
}

const ANSWERS = {
  CreateStream: () => '{}',
  DescribeStream: () => DESCRIBE,
  GetShardIterator: () => ITERATOR,
  PutRecords: putRecords,
  GetRecords: getRecords,
};

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const op = String(req.headers['x-amz-target'] || '').split('.')[1];
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
    const answer = ANSWERS[op];
    const text = answer ? answer(body) : JSON.stringify({ __type: 'UnknownOperationException' });
    res.writeHead(answer ? 200 : 400, {
      'Content-Type': 'application/x-amz-json-1.1',
      'Content-Length': Buffer.byteLength(text),
      'x-amzn-RequestId': '00000000-0000-0000-0000-000000000000',
    });
    res.end(text);
  });
});
server.listen(0, '127.0.0.1', () => reportReady(`http://127.0.0.1:${server.address().port}`));
