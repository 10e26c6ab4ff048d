// The compute commands restart themselves under the compute flags (launch.ts), and what that changes
// for the user does not: exit codes, output, and Ctrl-C (a checkpoint, then exit 130).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { NODE_FLAGS, NODE_FLAGS_ENV, RELAUNCHED_ENV, missingFlags, nodeFlags } from '../src/launch';
import { runsUnderNodeFlags } from '../src/index';
import { commands } from '../src/commands/index';
import { commandUsage } from '../src/framework/usage';
import { bin, ensureBuilt, rrnn, tempDir, writeTinyCorpus } from './helpers';

beforeAll(() => ensureBuilt());

describe('the compute flags', () => {
  it('default to NODE_FLAGS; RRNN_NODE_FLAGS replaces them, empty means none, and a word that is no flag is named', () => {
    expect(NODE_FLAGS).toEqual(['--single-threaded-gc']);
    expect(nodeFlags({})).toEqual(['--single-threaded-gc']);
    expect(nodeFlags({ [NODE_FLAGS_ENV]: '' })).toEqual([]);
    expect(nodeFlags({ [NODE_FLAGS_ENV]: ' --max-old-space-size=8192  --single-threaded-gc ' })).toEqual(['--max-old-space-size=8192', '--single-threaded-gc']);
    expect(() => nodeFlags({ [NODE_FLAGS_ENV]: '--single-threaded-gc gc' })).toThrow(/^RRNN_NODE_FLAGS: 'gc' is not a Node flag .*or to nothing to run without$/);
  });

  it('are added only where missing, and never in the relaunched process', () => {
    expect(missingFlags(['--a', '--b'], ['--b'], {})).toEqual(['--a']);
    expect(missingFlags(['--a'], ['--a', '--c'], {})).toEqual([]);
    expect(missingFlags(['--a'], [], { [RELAUNCHED_ENV]: '1' })).toEqual([]);
  });

  it('apply to the commands that train or evaluate, not to the others', () => {
    for (const c of ['train', 'eval', 'bench']) expect(runsUnderNodeFlags([c, '--json']), c).toBe(true);
    for (const c of ['params', 'corpus', 'sweep', 'worker', 'generate', 'predict', 'export', '--help', 'trian']) expect(runsUnderNodeFlags([c]), c).toBe(false);
    // and their --help says so, with the way out
    for (const c of commands) {
      const said = commandUsage(c).includes('Runs under node --single-threaded-gc (restarting itself); RRNN_NODE_FLAGS replaces the flags, empty runs it as started.');
      expect(said, c.name).toBe(runsUnderNodeFlags([c.name]));
    }
  });

  it('are the flags `rrnn bench` reports it ran under, started plainly or with RRNN_NODE_FLAGS empty', async () => {
    const args = ['bench', '--quick', '--backend', 'cpu', '--scope', 'layer', '--cells', 'rnn', '--rates', '0', '--steps', '1', '--warmup', '0', '--json'];
    const flagged = await rrnn(args);
    expect(flagged.code).toBe(0);
    expect(JSON.parse(flagged.stdout).nodeFlags).toEqual(NODE_FLAGS);
    const plain = await rrnn(args, { env: { [NODE_FLAGS_ENV]: '' } });
    expect(plain.code).toBe(0);
    expect(JSON.parse(plain.stdout).nodeFlags).toEqual([]);
    const bad = await rrnn(args, { env: { [NODE_FLAGS_ENV]: 'fast' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^rrnn: RRNN_NODE_FLAGS: 'fast' is not a Node flag/);
  });
});

describe('a terminal Ctrl-C through the relaunch', () => {
  it('reaches both processes of the group and counts once: a checkpoint, then exit 130', async () => {
    const work = tempDir();
    const corpus = writeTinyCorpus(work);
    const dir = join(work, 'run');
    const args = ['train', '--corpus', corpus, '--embedding', '16', '--hidden', '16', '--layers', '1', '--batch', '4', '--bptt', '8', '--epochs', '50', '--log-every', '1', '--out', dir, '--json'];
    // its own process group, as a terminal's foreground job: the signal goes to the group
    const child = spawn(process.execPath, [bin, ...args], { cwd: work, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    let sent = false;
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      if (!sent && /"type":"step","epoch":0,"step":3,/.test(c)) {
        sent = true;
        process.kill(-(child.pid as number), 'SIGINT');
      }
    });
    const code = await new Promise((done) => child.on('close', done));
    expect(sent).toBe(true);
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted at step \d+: checkpoint saved/);
    expect(existsSync(join(dir, 'last', 'weights.bin'))).toBe(true);
  });
});
