import type { Command, Opts } from './command.js';
import { flagName } from './command.js';

/** Options every command accepts, listed in each usage. */
export const COMMON_HELP: [string, string][] = [
  ['--config <file>', 'read options from a YAML or JSON file (same keys as the flags; flags win)'],
  ['-h, --help', 'show this help'],
];

function optionRows(options: Opts): [string, string][] {
  return Object.entries(options).map(([key, o]) => {
    const flag = o.kind === 'boolean' ? `--${o.negatable ? '[no-]' : ''}${flagName(key)}` : `--${flagName(key)} ${o.arg ?? '<value>'}`;
    return [o.short ? `-${o.short}, ${flag}` : flag, o.help];
  });
}

function columns(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([a]) => a.length));
  return rows.map(([a, b]) => `  ${a.padEnd(width)}  ${b}`).join('\n');
}

/** The `--help` text of one command. */
export function commandUsage(c: Command): string {
  const args = c.args.map((a) => (a.optional ? `[${a.name}]` : `<${a.name}>`)).join(' ');
  const parts = [`Usage: rrnn ${c.name}${args ? ` ${args}` : ''} [options]`, '', c.summary];
  if (c.args.length > 0) parts.push('', 'Arguments:', columns(c.args.map((a) => [a.name, a.help])));
  parts.push('', 'Options:', columns([...optionRows(c.options), ...COMMON_HELP]));
  if (c.notes?.length) parts.push('', ...c.notes);
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
