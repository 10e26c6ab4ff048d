import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, rrnn, sharedData, tempDir } from './helpers';

beforeAll(ensureBuilt);

describe.concurrent('where rrnn looks for data', () => {
  it('--data-dir may be the corpus folder itself (the one holding ptb.train.txt)', async () => {
    const r = await rrnn(['corpus', '--corpus', 'ptb', '--data-dir', join(sharedData, 'ptb'), '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ train: { tokens: 929589 }, vocabSize: 10000 });
  });

  it('without --data-dir or RRNN_DATA_DIR only the cache folder is used, never a sibling ../shared/data', async () => {
    // a tiny ptb/ in the cache folder; this workspace also has ../shared/data/ptb beside it
    const cache = tempDir();
    const ptb = join(cache, 'rrnn', 'data', 'ptb');
    mkdirSync(ptb, { recursive: true });
    for (const split of ['train', 'valid', 'test']) writeFileSync(join(ptb, `ptb.${split}.txt`), ' a b c \n b c a \n');
    const r = await rrnn(['corpus', '--corpus', 'ptb', '--json'], { env: { RRNN_DATA_DIR: '', XDG_CACHE_HOME: cache } });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ train: { tokens: 8 }, vocabSize: 5 });
  });
});
