import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, rrnn } from './helpers';

beforeAll(ensureBuilt);

const SEE_HELP = "See 'rrnn train --help' for its options.\n";

describe.concurrent('command-line mistakes get one line naming the fix', () => {
  it('an unknown flag names the closest known one and how to see help', async () => {
    const r = await rrnn(['train', '--hiden', '16']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rrnn train: unknown option --hiden (did you mean --hidden?)\n${SEE_HELP}`);
    const far = await rrnn(['train', '--zzzzzz']);
    expect(far.stderr).toBe(`rrnn train: unknown option --zzzzzz\n${SEE_HELP}`);
  });

  it.each([
    [['--out', 'a', '--out', 'b'], '--out given twice (--out a, --out b): give it once'],
    [['--tied', '--no-tied'], '--tied and --no-tied contradict each other: give one'],
    [['--no-tied', '--tied'], '--no-tied and --tied contradict each other: give one'],
    [['--epochs', '2', '--epochs', '2'], '--epochs given twice (--epochs 2, --epochs 2): give it once'],
    [['--json', '--json'], '--json given twice (--json, --json): give it once'],
  ])('repeated or contradicting flags are rejected: %j', async (args, problem) => {
    const r = await rrnn(['train', ...args, '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rrnn train: ${problem}\n${SEE_HELP}`);
  });

  it.each([['--lr', '0x10'], ['--lr', '0b1'], ['--lr', 'Infinity'], ['--hidden', '0o10'], ['--rates', '0x1,0']])('numbers are decimal only: %s %s', async (flag, value) => {
    const r = await rrnn(['train', flag, value, '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`rrnn train: ${flag}: expected`);
    expect(r.stderr).toContain(`"${value}"`);
  });

  it('decimal and scientific notation still read as numbers', async () => {
    const r = await rrnn(['train', '--lr', '.5', '--weight-decay', '1e-6', '--rate', '0.25', '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).config).toMatchObject({ lr: 0.5, weightDecay: 1e-6, model: { sharingRates: [0.25, 0.25] } });
  });
});

describe.concurrent('help shows the defaults', () => {
  it('train --help shows each option\'s default, as --dry-run resolves it', async () => {
    const [help, plan] = await Promise.all([rrnn(['train', '--help']), rrnn(['train', '--dry-run'])]);
    expect(help.code).toBe(0);
    const c = JSON.parse(plan.stdout).config;
    const line = (flag: string) => help.stdout.split('\n').find((l) => l.trimStart().startsWith(flag)) ?? '';
    expect(line('--hidden <n>')).toMatch(new RegExp(`\\(default ${c.model.hiddenSize}\\)$`));
    expect(line('--lr <x>')).toMatch(new RegExp(`\\(default ${c.lr}\\)$`));
    expect(line('--epochs <n>')).toMatch(new RegExp(`\\(default ${c.epochs}\\)$`));
    expect(line('--batch <n>')).toMatch(new RegExp(`\\(default ${c.batchSize}\\)$`));
    expect(line('--cell ')).toMatch(new RegExp(`\\(default ${c.model.cell}\\)$`));
    expect(line('--[no-]tied')).toMatch(c.model.tied ? /\(default on\)$/ : /\(default off\)$/);
  });

  it('defaults declared by a command\'s own options show too (generate, params, sweep)', async () => {
    const [generate, params, sweep] = await Promise.all([rrnn(['generate', '--help']), rrnn(['params', '--help']), rrnn(['sweep', '--help'])]);
    expect(generate.stdout).toMatch(/--length <n> +words to generate \(default 50\)$/m);
    expect(params.stdout).toMatch(/--hidden <n> +hidden size of each recurrent layer \(default 200\)$/m);
    expect(params.stdout).toMatch(/--\[no-\]tied .*\(default on\)$/m);
    expect(sweep.stdout).toMatch(/--hidden <n> .*\(default \d+\)$/m);
    // no option states its default twice
    for (const text of [generate.stdout, params.stdout, sweep.stdout]) expect(text).not.toMatch(/\(default[^)]*\).*\(default/);
  });

  it('generate and predict take no --threads (it was "to train on" and did nothing); eval\'s evaluates on them', async () => {
    for (const c of ['generate', 'predict', 'eval']) {
      const r = await rrnn([c, '--help']);
      if (c === 'eval') expect(r.stdout).toMatch(/--threads <n> +CPU threads to evaluate on: the streams are split/);
      else expect(r.stdout).not.toContain('--threads');
      expect(r.stdout).not.toMatch(/to train on/);
    }
  });
});
