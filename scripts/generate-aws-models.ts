/**
 * Generates lambda/engine/aws-model/generated/{kinesis,firehose,kinesisanalytics}.ts from AWS's botocore
 * service models, keeping only the request-validation facts (names, types, constraints, error names).
 *
 *   npx ts-node --transpile-only scripts/generate-aws-models.ts [MODELS_DIR]     (npm run gen:aws-models)
 *
 * MODELS_DIR defaults to ../shared/reference/aws-models (relative to the repository root). CI has no
 * MODELS_DIR, so the output is committed; rerun this by hand when the models change.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { compilePattern } from '../lambda/engine/aws-model/model';

const REPO_ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(REPO_ROOT, 'lambda', 'engine', 'aws-model', 'generated');

const SERVICES = [
  { source: 'kinesis-2013-12-02.json', out: 'kinesis.ts', exportName: 'kinesisModel' },
  { source: 'firehose-2015-08-04.json', out: 'firehose.ts', exportName: 'firehoseModel' },
  { source: 'kinesisanalytics-2015-08-14.json', out: 'kinesisanalytics.ts', exportName: 'kinesisAnalyticsModel' },
] as const;

const SUPPORTED_TYPES = new Set(['string', 'integer', 'long', 'float', 'double', 'blob', 'boolean', 'timestamp', 'list', 'map', 'structure']);

// Raw botocore JSON, typed loosely: the generator checks what it relies on.
interface RawRef {
  shape: string;
  location?: string;
  locationName?: string;
}
interface RawShape {
  type: string;
  required?: string[];
  members?: Record<string, RawRef>;
  member?: RawRef;
  key?: RawRef;
  value?: RawRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  exception?: boolean;
  fault?: boolean;
  error?: { code?: string; httpStatusCode?: number; senderFault?: boolean };
}
interface RawModel {
  version?: string;
  metadata: Record<string, unknown>;
  operations: Record<string, { name: string; input?: RawRef; output?: RawRef; errors?: RawRef[] }>;
  shapes: Record<string, RawShape>;
}

/** Code-unit order, not localeCompare: the output must not depend on the machine's locale. */
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function fail(source: string, msg: string): never {
  throw new Error(`${source}: ${msg}`);
}

/** TS object key: bare identifier when possible, else a JSON string. */
function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

function lit(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(lit).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${key(k)}: ${lit(v)}`).join(', ')} }`;
  }
  return JSON.stringify(value);
}

function ref(r: RawRef): Record<string, unknown> {
  return { shape: r.shape, location: r.location, locationName: r.locationName };
}

/** One shape's facts, fields in a fixed order (documentation, sensitive, deprecated... dropped). */
function shapeFacts(raw: RawShape): Array<[string, unknown]> {
  const facts: Array<[string, unknown]> = [['type', raw.type]];
  if (raw.exception) facts.push(['exception', true]);
  if (raw.fault) facts.push(['fault', true]);
  if (raw.error) {
    const { code, httpStatusCode, senderFault } = raw.error;
    facts.push(['error', { code, httpStatusCode, senderFault }]);
  }
  if (raw.required && raw.required.length > 0) facts.push(['required', raw.required]);
  if (raw.min !== undefined) facts.push(['min', raw.min]);
  if (raw.max !== undefined) facts.push(['max', raw.max]);
  if (raw.pattern !== undefined) facts.push(['pattern', raw.pattern]);
  if (raw.enum !== undefined) facts.push(['enum', raw.enum]);
  if (raw.member) facts.push(['member', ref(raw.member)]);
  if (raw.key) facts.push(['key', ref(raw.key)]);
  if (raw.value) facts.push(['value', ref(raw.value)]);
  return facts;
}

function renderShape(name: string, raw: RawShape): string {
  const facts = shapeFacts(raw).map(([k, v]) => `${key(k)}: ${lit(v)}`);
  if (raw.type !== 'structure') return `    ${key(name)}: { ${facts.join(', ')} },`;
  // Structures span lines, one member per line, so a changed member is a one-line diff.
  const members = Object.entries(raw.members ?? {}).map(([m, r]) => `        ${key(m)}: ${lit(ref(r))},`);
  return [
    `    ${key(name)}: {`,
    ...facts.map((f) => `      ${f},`),
    members.length === 0 ? '      members: {},' : ['      members: {', ...members, '      },'].join('\n'),
    '    },',
  ].join('\n');
}

/** Every reference resolves and every pattern compiles, or generation fails here rather than at runtime. */
function check(source: string, model: RawModel): void {
  const has = (name: string): boolean => Object.prototype.hasOwnProperty.call(model.shapes, name);
  const need = (name: string, where: string): void => {
    if (!has(name)) fail(source, `${where} refers to unknown shape ${name}`);
  };
  for (const [name, op] of Object.entries(model.operations)) {
    if (op.input) need(op.input.shape, `operation ${name} input`);
    if (op.output) need(op.output.shape, `operation ${name} output`);
    for (const e of op.errors ?? []) need(e.shape, `operation ${name} errors`);
  }
  for (const [name, s] of Object.entries(model.shapes)) {
    if (!SUPPORTED_TYPES.has(s.type)) fail(source, `shape ${name} has unsupported type ${s.type}`);
    for (const [m, r] of Object.entries(s.members ?? {})) need(r.shape, `${name}.${m}`);
    for (const r of [s.member, s.key, s.value]) if (r) need(r.shape, name);
    for (const req of s.required ?? []) if (!s.members?.[req]) fail(source, `shape ${name} requires missing member ${req}`);
    if (s.type === 'list' && !s.member) fail(source, `list ${name} has no member`);
    if (s.type === 'map' && (!s.key || !s.value)) fail(source, `map ${name} has no key/value`);
    if (s.pattern !== undefined) {
      try {
        compilePattern(s.pattern);
      } catch (e) {
        fail(source, `shape ${name}: pattern ${JSON.stringify(s.pattern)} does not translate to JavaScript (${String(e)})`);
      }
    }
  }
}

/** botocore's version, from the model metadata if it carries one, else from the models' README. */
function botocoreVersion(modelsDir: string, model: RawModel): string | undefined {
  const fromMeta = model.metadata['botocoreVersion'];
  if (typeof fromMeta === 'string') return fromMeta;
  const readme = path.join(modelsDir, 'README.md');
  if (!fs.existsSync(readme)) return undefined;
  return /botocore (\d+\.\d+\.\d+)/.exec(fs.readFileSync(readme, 'utf8'))?.[1];
}

function generate(modelsDir: string, service: (typeof SERVICES)[number]): string {
  const file = path.join(modelsDir, service.source);
  const text = fs.readFileSync(file, 'utf8');
  const model = JSON.parse(text) as RawModel;
  check(service.source, model);

  const meta = model.metadata;
  const metadata: Record<string, unknown> = {};
  for (const k of ['apiVersion', 'targetPrefix', 'jsonVersion', 'protocol', 'serviceId']) {
    if (typeof meta[k] !== 'string') fail(service.source, `metadata.${k} is missing`);
    metadata[k] = meta[k];
  }

  const operations = Object.keys(model.operations)
    .sort(byName)
    .map((name) => {
      const op = model.operations[name];
      const errors = [...new Set((op.errors ?? []).map((e) => e.shape))];
      return `    ${key(name)}: ${lit({ name: op.name, input: op.input?.shape, output: op.output?.shape, errors })},`;
    });
  const shapes = Object.keys(model.shapes)
    .sort(byName)
    .map((name) => renderShape(name, model.shapes[name]));

  const version = botocoreVersion(modelsDir, model);
  const provenance = [
    version ? `botocore ${version}` : undefined,
    model.version ? `model format ${model.version}` : undefined,
    `sha256 ${createHash('sha256').update(text).digest('hex').slice(0, 16)}`,
  ].filter(Boolean);

  return [
    `// GENERATED FILE, DO NOT EDIT. Regenerate with \`npm run gen:aws-models\` (scripts/generate-aws-models.ts).`,
    `// Source: AWS API model ${service.source} (${provenance.join(', ')}).`,
    `// Only request-validation facts are kept: names, types, constraints, members and error names.`,
    `import type { ServiceModel } from '../model';`,
    '',
    `export const ${service.exportName}: ServiceModel = {`,
    `  metadata: ${lit(metadata)},`,
    '  operations: {',
    ...operations,
    '  },',
    '  shapes: {',
    ...shapes,
    '  },',
    '};',
    '',
  ].join('\n');
}

function main(): void {
  const arg = process.argv[2];
  const modelsDir = arg ? path.resolve(arg) : path.resolve(REPO_ROOT, '../shared/reference/aws-models');
  if (!fs.existsSync(modelsDir)) fail(modelsDir, 'models directory not found (pass MODELS_DIR)');
  fs.mkdirSync(OUT_DIR, { recursive: true });
  for (const service of SERVICES) {
    const code = generate(modelsDir, service);
    const out = path.join(OUT_DIR, service.out);
    fs.writeFileSync(out, code);
    console.log(`${path.relative(REPO_ROOT, out)}: ${code.length} bytes`);
  }
}

main();
