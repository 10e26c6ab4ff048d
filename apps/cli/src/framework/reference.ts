import type { Command } from './command.js';
import { helpText } from './usage.js';

/** `rrnn eval <run-dir>`, `rrnn generate [prompt]`: a command with its arguments. */
export function commandSynopsis(c: Command): string {
  return ['rrnn', c.name, ...c.args.map((a) => (a.optional ? `[${a.name}]` : `<${a.name}>`))].join(' ');
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** The markdown table of every command and what it does, in registry order. */
export function commandTable(commands: readonly Command[]): string {
  return ['| command | what it does |', '| --- | --- |', ...commands.map((c) => `| \`${cell(commandSynopsis(c))}\` | ${cell(c.summary)} |`)].join('\n') + '\n';
}

/** Every command's `--help` text under a `### rrnn <name>` heading, as fenced markdown. */
export async function commandHelpPages(commands: readonly Command[]): Promise<string> {
  const fence = (text: string) => `\`\`\`text\n${text.trimEnd()}\n\`\`\`\n`;
  const pages = await Promise.all(commands.map(async (c) => `### rrnn ${c.name}\n\n${fence(await helpText(c))}`));
  return pages.join('\n');
}
