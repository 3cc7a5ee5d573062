import * as fs from 'fs';
import * as path from 'path';

const EXAMPLES = path.join(__dirname, '..', '..', '..', 'examples', 'analytics');
/** The shipped example application and its InputSchema (examples/analytics/). */
export const SQL = fs.readFileSync(path.join(EXAMPLES, 'clickstream.sql'), 'utf8');
export const SCHEMA = JSON.parse(fs.readFileSync(path.join(EXAMPLES, 'clickstream.schema.json'), 'utf8'));
