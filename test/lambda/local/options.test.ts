import { OptionError, parseOptions, single } from '../../../lambda/local/cli/options';

describe('parseOptions', () => {
  const spec = { values: ['--input', '--out'], flags: ['--json', '-h'] };

  it('splits values (both spellings, repeatable), flags and positional arguments, in order', () => {
    const parsed = parseOptions(['app.sql', '--input', 'a.jsonl', '--input=B=b.jsonl', '--json', '-', '-h'], spec);
    expect(Object.fromEntries(parsed.values)).toEqual({ '--input': ['a.jsonl', 'B=b.jsonl'] });
    expect([...parsed.flags]).toEqual(['--json', '-h']);
    expect(parsed.positional).toEqual(['app.sql', '-']);
    expect(single(parsed, '--out')).toBeUndefined();
    expect(() => single(parsed, '--input')).toThrow(new OptionError('option --input is given twice'));
  });

  it.each([
    [['--nope'], 'unknown option --nope'],
    [['--nope=1'], 'unknown option --nope'],
    [['--input'], 'option --input needs a value'],
    [['--input='], 'option --input needs a value'],
    [['--input', '--out', 'x'], 'option --input needs a value'],
    [['--json=yes'], 'option --json takes no value'],
  ])('%j is refused: %s', (args, message) => {
    expect(() => parseOptions(args, spec)).toThrow(new OptionError(message));
  });

  it('a value given with = may start with --', () => {
    expect(parseOptions(['--out=--weird'], spec).values.get('--out')).toEqual(['--weird']);
  });
});
