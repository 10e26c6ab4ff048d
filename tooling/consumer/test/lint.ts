/**
 * Package checks on a packed tarball: publint (package.json fields against the files shipped) and
 * @arethetypeswrong/cli (every entry point's types resolve, in the right module format, under
 * node10, node16 ESM and CJS, and bundler resolution). Returns one line per problem.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { repoRoot } from './project';

/**
 * attw's resolution profile. node10 (`moduleResolution: node`, TypeScript's
 * pre-exports resolver) cannot see subpath exports at all: the subpaths are declared for node16,
 * nodenext and bundler, which the consumer test type-checks.
 */
const ATTW_PROFILE = 'node16';
/** attw rules switched off per package, each with its reason. The CLI is an ESM-only application (its bin and `main()`); it has no CommonJS build. */
const ATTW_IGNORED: Record<string, string[]> = { '@rrnn/cli': ['cjs-resolves-to-esm'] };

/**
 * publint messages accepted, each with its reason. @rrnn/backend keeps the object form of
 * `browser` beside the `browser` export condition for bundlers that predate `exports` (webpack 4).
 */
const PUBLINT_ACCEPTED: Record<string, string[]> = { '@rrnn/backend': ['USE_EXPORTS_OR_IMPORTS_BROWSER'] };

export async function lintTarball(name: string, tarball: string): Promise<string[]> {
  const problems: string[] = [];
  const bytes = readFileSync(tarball);
  const { messages, pkg } = await publint({ pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }, strict: true, level: 'suggestion' });
  for (const m of messages.filter((x) => !PUBLINT_ACCEPTED[name]?.includes(x.code))) problems.push(`${name}: publint ${m.type}: ${formatMessage(m, pkg, { color: false }) ?? m.code}`);

  const attw = join(repoRoot, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
  const r = spawnSync(process.execPath, [attw, tarball, '--profile', ATTW_PROFILE, '--format', 'ascii', '--no-color',
    ...(ATTW_IGNORED[name] ? ['--ignore-rules', ...ATTW_IGNORED[name]] : [])], { encoding: 'utf8' });
  if (r.status !== 0) problems.push(`${name}: attw (profile ${ATTW_PROFILE}) found problems:\n${r.stdout}${r.stderr}`);
  return problems;
}
