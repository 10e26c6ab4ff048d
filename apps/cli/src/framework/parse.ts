import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { UsageError } from './errors.js';
import { didYouMean } from './suggest.js';
import { flagName, keyName, type Command, type Opts, type Values } from './command.js';

/** The outcome of reading a command line: either a request for help or validated values. */
export type Parsed<O extends Opts> = { help: true } | { help: false; opts: Values<O>; args: string[] };

/** The node:util parseArgs option table for a command: its options, `--no-<flag>` for flags, `--config`, `--help`. */
function argsConfig(options: Opts): NonNullable<ParseArgsConfig['options']> {
  const table: NonNullable<ParseArgsConfig['options']> = {
    config: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  };
  for (const [key, o] of Object.entries(options)) {
    table[flagName(key)] = o.short ? { type: o.kind, short: o.short } : { type: o.kind };
    if (o.kind === 'boolean') table[`no-${flagName(key)}`] = { type: 'boolean' };
  }
  return table;
}

/** Every flag spelling a command accepts, for "did you mean". */
function knownFlags(options: Opts): string[] {
  return Object.keys(argsConfig(options));
}

/** Rewrite node's parseArgs messages into short ones; an unknown option names the closest known one. */
function argvProblem(err: unknown, options: Opts): UsageError {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const hint = option?.startsWith('--') ? didYouMean(option.slice(2), knownFlags(options), (f) => `--${f}`) : '';
    return new UsageError(`unknown option ${option ?? message}${hint}`);
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/argument missing/.test(message)) return new UsageError(`option ${option} needs a value`);
    if (/does not take an argument/.test(message)) return new UsageError(`option ${option} is a switch and takes no value (use --no-${option?.replace(/^--/, '')} to turn it off)`);
    return new UsageError(message.split('.')[0]);
  }
  return new UsageError(message.split('\n')[0]);
}

/**
 * `--rate -0.1` as `--rate=-0.1`: node's parseArgs takes a value that starts
 * with "-" for an option and calls it ambiguous; a negative number after an
 * option that takes a value is that option's value, so the schema can name the range.
 */
export function joinNegativeValues(argv: string[], options: Opts): string[] {
  const takesValue = (a: string) => {
    const long = /^--([^=]+)$/.exec(a)?.[1];
    const short = /^-([^-])$/.exec(a)?.[1];
    const entry = long ? options[keyName(long)] : Object.values(options).find((o) => short && o.short === short);
    return entry?.kind === 'string';
  };
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const next = argv[i + 1];
    if (next !== undefined && /^-(\d|\.\d)/.test(next) && takesValue(argv[i])) {
      out.push(`${argv[i]}=${next}`);
      i++;
    } else out.push(argv[i]);
  }
  return out;
}

/** How an option was written, for messages: `--out a`, `--no-tied`. */
const spelled = (t: { rawName: string; value?: string }) => (t.value === undefined ? t.rawName : `${t.rawName} ${t.value}`);

/**
 * Read the flags of argv into camelCase keys (`--no-x` sets x to false). An
 * option given twice (`--out a --out b`, `--tied --no-tied`) is a usage error:
 * which one was meant is the user's to say.
 */
function readFlags(command: Command, argv: string[]): { flags: Record<string, unknown>; positionals: string[]; help: boolean; config?: string } {
  let parsed;
  try {
    parsed = parseArgs({ args: joinNegativeValues(argv, command.options), options: argsConfig(command.options), strict: true, allowPositionals: true, tokens: true });
  } catch (err) {
    throw argvProblem(err, command.options);
  }
  const flags: Record<string, unknown> = {};
  const given = new Map<string, { as: string; negated: boolean }>();
  let config: string | undefined;
  let help = false;
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option') continue;
    if (t.name === 'help') {
      help = true;
      continue;
    }
    const negated = t.name.startsWith('no-') && command.options[keyName(t.name.slice(3))]?.kind === 'boolean';
    const key = negated ? keyName(t.name.slice(3)) : keyName(t.name);
    const before = given.get(key);
    if (before !== undefined) {
      const now = spelled(t);
      throw new UsageError(before.negated === negated ? `--${flagName(key)} given twice (${before.as}, ${now}): give it once` : `${before.as} and ${now} contradict each other: give one`);
    }
    given.set(key, { as: spelled(t), negated });
    if (t.name === 'config') config = t.value;
    else flags[key] = negated ? false : (t.value ?? true);
  }
  return { flags, positionals: parsed.positionals, help, config };
}

/** Read a `--config` file (YAML or JSON) into camelCase keys; unknown keys are usage errors. */
export function readConfigFile(path: string, options: Opts, cwd: string): Record<string, unknown> {
  const full = resolve(cwd, path);
  let textContent: string;
  try {
    textContent = readFileSync(full, 'utf8');
  } catch {
    throw new UsageError(`--config ${path}: cannot read ${full} (is the path right?)`);
  }
  let data: unknown;
  try {
    data = parseYaml(textContent);
  } catch (err) {
    throw new UsageError(`--config ${path}: not valid YAML or JSON (${(err as Error).message.split('\n')[0]})`);
  }
  if (data == null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new UsageError(`--config ${path}: expected a mapping of option names to values`);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data as Record<string, unknown>)) {
    const key = keyName(k);
    if (!(key in options)) {
      const hint = didYouMean(flagName(key), Object.keys(options).map(flagName));
      throw new UsageError(`--config ${path}: unknown key '${k}'${hint || ` (known keys: ${Object.keys(options).map(flagName).join(', ')})`}`);
    }
    out[key] = v;
  }
  return out;
}

function issueText(issue: z.ZodIssue, input: Record<string, unknown>): string {
  const key = String(issue.path[0] ?? '');
  const given = key in input ? ` (got ${JSON.stringify(input[key])})` : '';
  return `--${flagName(key)}: ${issue.message}${given}`;
}

/**
 * Parse and validate a command line for `command`: flags with node:util
 * parseArgs (strict), then `--config` values underneath the flags, then the
 * command's zod schemas. Every problem becomes a UsageError (exit 2).
 */
export function parseCommandLine<O extends Opts>(command: Command<O>, argv: string[], cwd: string): Parsed<O> {
  const { flags, positionals, help, config } = readFlags(command as unknown as Command, argv);
  if (help) return { help: true };
  const fromFile = config ? readConfigFile(config, command.options, cwd) : {};
  const input = { ...fromFile, ...flags };
  const shape = Object.fromEntries(Object.entries(command.options).map(([k, o]) => [k, o.schema]));
  const result = z.object(shape).strict().safeParse(input);
  if (!result.success) throw new UsageError(result.error.issues.map((i) => issueText(i, input)).join('\n'));

  const required = command.args.filter((a) => !a.optional).length;
  if (positionals.length < required) {
    const missing = command.args.slice(positionals.length).filter((a) => !a.optional).map((a) => `<${a.name}>`);
    throw new UsageError(`missing argument ${missing.join(' ')}`);
  }
  if (positionals.length > command.args.length) {
    throw new UsageError(`unexpected argument '${positionals[command.args.length]}'`);
  }
  return { help: false, opts: result.data as Values<O>, args: positionals };
}
