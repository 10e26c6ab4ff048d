import { z } from 'zod';
import type { Command, Opt, Opts } from './command.js';
import { flagName } from './command.js';
import { NODE_FLAGS, NODE_FLAGS_ENV } from '../launch.js';

/** Options every command accepts, listed in each usage. */
export const COMMON_HELP: [string, string][] = [
  ['--config <file>', 'read options from a YAML or JSON file (same keys as the flags; flags win)'],
  ['-h, --help', 'show this help'],
];

/** The default a schema declares with zod's `.default()`, if any. */
export function schemaDefault(schema: z.ZodTypeAny): unknown {
  return schema instanceof z.ZodDefault ? (schema._def.defaultValue as () => unknown)() : undefined;
}

/** A default value as help shows it: `on` for switches, lists comma-separated; undefined shows nothing (and so does an off switch). */
export function defaultText(value: unknown, o: Opt): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (o.kind === 'boolean') return value === true ? 'on' : o.negatable ? 'off' : undefined;
  return Array.isArray(value) ? value.join(',') : String(value);
}

function optionRows(options: Opts, defaults: Record<string, unknown>): [string, string][] {
  return Object.entries(options).map(([key, o]) => {
    const flag = o.kind === 'boolean' ? `--${o.negatable ? '[no-]' : ''}${flagName(key)}` : `--${flagName(key)} ${o.arg ?? '<value>'}`;
    const shown = defaultText(key in defaults ? defaults[key] : schemaDefault(o.schema), o);
    return [o.short ? `-${o.short}, ${flag}` : flag, shown === undefined ? o.help : `${o.help} (default ${shown})`];
  });
}

function columns(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`).join('\n');
}

/**
 * The `--help` text of one command. Each option shows its default: the one
 * its schema declares, or the one `defaults` gives (a command's
 * {@link Command.defaults}, for options whose default lives elsewhere).
 */
export function commandUsage(c: Command, defaults: Record<string, unknown> = {}): string {
  const args = c.args.map((a) => (a.optional ? `[${a.name}]` : `<${a.name}>`)).join(' ');
  const parts = [`Usage: rrnn ${c.name}${args ? ` ${args}` : ''} [options]`, '', c.summary];
  if (c.args.length > 0) parts.push('', 'Arguments:', columns(c.args.map((a) => [a.name, a.help])));
  parts.push('', 'Options:', columns([...optionRows(c.options, defaults), ...COMMON_HELP]));
  if (c.notes?.length) parts.push('', ...c.notes);
  if (c.computes) parts.push('', `Runs under node ${NODE_FLAGS.join(' ')} (restarting itself); ${NODE_FLAGS_ENV} replaces the flags, empty runs it as started.`);
  if (c.examples?.length) parts.push('', 'Examples:', ...c.examples.map((e) => `  ${e}`));
  return `${parts.join('\n')}\n`;
}

/** The `rrnn --help` text. */
export function mainUsage(commands: Command[], version: string): string {
  return [
    `rrnn ${version}: restricted recurrent neural networks (Diao, Ding, Tarokh 2019) on TensorFlow.js`,
    '',
    'Usage: rrnn <command> [options]',
    '',
    'Commands:',
    columns(commands.map((c) => [c.name, c.summary])),
    '',
    'Run `rrnn <command> --help` for the options of a command.',
    'With no options, `rrnn train` trains the default model: a restricted LSTM (r = 0.5) on the Brown corpus.',
    '',
  ].join('\n');
}

/** The `--help` text of one command, with the defaults it loads itself (train's come from @rrnn/train). */
export async function helpText(c: Command): Promise<string> {
  return commandUsage(c, (await c.defaults?.()) ?? {});
}
