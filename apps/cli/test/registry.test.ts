import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliReference } from '../src/index';
import { cliDir, ensureBuilt, rrnn } from './helpers';

beforeAll(ensureBuilt);

const docs = join(cliDir, '..', 'docs');

describe('the docs\' CLI page comes from the command registry', () => {
  it('lists every command `rrnn --help` lists, with its --help text', async () => {
    const r = await rrnn(['--help']);
    const listed = [...r.stdout.split('Commands:\n')[1].matchAll(/^ {2}(\S+) /gm)].map((m) => m[1]);
    expect(listed.length).toBeGreaterThanOrEqual(10);
    const { table, help } = await cliReference();
    for (const name of listed) {
      expect(table, `docs table lacks rrnn ${name}`).toMatch(new RegExp(`^\\| \`rrnn ${name}[ \`]`, 'm'));
      expect(help, `docs help lacks rrnn ${name}`).toContain(`### rrnn ${name}\n\n\`\`\`text\nUsage: rrnn ${name}`);
    }
    const built = await rrnn(['train', '--help']);
    expect(help).toContain(built.stdout.trimEnd());
  });

  it('the docs build writes the generated files and the page includes them instead of a hand-written list', () => {
    expect(readFileSync(join(docs, 'scripts', 'prepare.mjs'), 'utf8')).toContain('cliReference()');
    const page = readFileSync(join(docs, 'src', 'guide', 'cli.md'), 'utf8');
    expect(page).toContain('<!--@include: ./cli-commands.md-->');
    expect(page).toContain('<!--@include: ./cli-help.md-->');
    expect(page).not.toMatch(/^\| `rrnn /m);
  });
});

describe('apps/cli/src/commands holds commands only', () => {
  const folder = join(cliDir, 'src', 'commands');
  const files = readdirSync(folder).filter((f) => f.endsWith('.ts') && f !== 'index.ts');

  it.each(files)('%s defines one command and imports no sibling file', (file) => {
    const source = readFileSync(join(folder, file), 'utf8');
    expect(source).toMatch(/export default defineCommand\(/);
    expect(source).not.toMatch(/from '\.\/[^']+'/);
  });

  it('the registry lists every command file', () => {
    const registry = readFileSync(join(folder, 'index.ts'), 'utf8');
    for (const f of files) expect(registry).toContain(`from './${f.replace(/\.ts$/, '.js')}'`);
  });
});
