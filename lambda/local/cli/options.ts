/**
 * The CLI commands' option syntax, in one place: `--name value` or `--name=value` for options that take
 * a value (never empty, and a separate value never starts with `--`), bare `--flag`s, and positional
 * arguments. Each command checks what the options mean; this only splits them.
 */
export class OptionError extends Error {
  override readonly name = 'OptionError';
}

export interface ParsedOptions {
  /** Each option's values, in the order given (an option may be repeated). */
  readonly values: ReadonlyMap<string, readonly string[]>;
  readonly flags: ReadonlySet<string>;
  readonly positional: readonly string[];
}

export interface OptionSpec {
  /** Options that take a value, e.g. `--input`. */
  readonly values: readonly string[];
  /** Options without a value, e.g. `--json`, `--help`, `-h`. */
  readonly flags?: readonly string[];
}

/** Splits `args`; throws OptionError for an unknown option or a missing value. */
export function parseOptions(args: readonly string[], spec: OptionSpec): ParsedOptions {
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (spec.flags?.includes(name) === true) {
      if (eq !== -1) throw new OptionError(`option ${name} takes no value`);
      flags.add(name);
      continue;
    }
    if (!spec.values.includes(name)) throw new OptionError(`unknown option ${name}`);
    const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
    if (value === undefined || value === '' || (eq === -1 && value.startsWith('--'))) throw new OptionError(`option ${name} needs a value`);
    values.set(name, [...(values.get(name) ?? []), value]);
  }
  return { values, flags, positional };
}

/** The one value of an option that may be given once; undefined when absent. */
export function single(options: ParsedOptions, name: string): string | undefined {
  const given = options.values.get(name) ?? [];
  if (given.length > 1) throw new OptionError(`option ${name} is given twice`);
  return given[0];
}
