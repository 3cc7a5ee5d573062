#!/usr/bin/env node
// npm bin shim: runs the TypeScript CLI through ts-node (transpile only; `npm run typecheck` checks types).
require('ts-node').register({ transpileOnly: true, project: require('path').join(__dirname, '..', 'tsconfig.json') });
require('./clickstream.ts');
